import TouchpointKit

/// The YAML composer, for any bytes: it returns a tree or reports an error; the tree's nodes and
/// every diagnostic lie inside the input; nesting stays within the depth limit and what aliases
/// expand to within the alias budget (so time and memory stay bounded; libFuzzer's `-timeout` and
/// `-rss_limit_mb` hold the rest). There is no YAML emitter to take a round trip through.
enum YAMLProperties {
    static func problems(_ input: [UInt8]) -> [String] {
        let file = SourceFile(path: "fuzz.yaml", bytes: input)
        let composer = YAMLComposer()
        var diagnostics = DiagnosticBag()
        let root = composer.compose(file, diagnostics: &diagnostics)
        var problems = SpanAudit.problems(in: diagnostics.diagnostics, files: [file])
        guard let root else {
            if !diagnostics.hasErrors { problems.append("no tree and no error") }
            return problems
        }
        // Nodes the input can hold without aliases (an implicit null costs one or two bytes), plus
        // what aliases may add.
        let nodeLimit = composer.aliasBudget + 2 * file.bytes.count + 2
        var count = 0
        var stack = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > nodeLimit {
                problems.append("the tree has more than \(nodeLimit) nodes")
                break
            }
            if depth > composer.maxDepth + 1 {
                problems.append("a node is nested \(depth) deep, past the limit of \(composer.maxDepth)")
                break
            }
            if node.span.file !== file { problems.append("a node points into '\(node.span.file.path)'") }
            if node.span.range.upperBound > file.bytes.count {
                problems.append("a node's span \(node.span.range) lies outside the input of \(file.bytes.count) bytes")
            }
            switch node.content {
            case .scalar: break
            case .sequence(let items): stack += items.map { ($0, depth + 1) }
            case .mapping(let pairs):
                for pair in pairs { stack += [(pair.key, depth + 1), (pair.value, depth + 1)] }
            }
        }
        return problems
    }
}
