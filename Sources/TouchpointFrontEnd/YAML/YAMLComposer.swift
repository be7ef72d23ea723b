internal import CYAML
import TouchpointCore

/// Builds a ``YAMLNode`` tree from libyaml's event stream, keeping every node's source range.
///
/// libyaml keeps pointers to the parser and to the input for the whole parse, so both live in
/// manually allocated memory at a fixed address until the parse ends, and every event is deleted
/// exactly once, on every path. The composer is iterative (an explicit stack), limits nesting, and
/// counts what aliases expand to, so hostile input ends in a diagnostic rather than a crash.
public struct YAMLComposer: Sendable {
    /// Deepest nesting of sequences and mappings accepted.
    public var maxDepth: Int = 100
    /// Most nodes that aliases may expand to in one file.
    public var aliasBudget: Int = 100_000

    public init() {}

    /// Composes the single document of `file`. Returns `nil` when the file has errors; an empty
    /// file composes to an empty plain scalar.
    public func compose(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> YAMLNode? {
        let index = UTF8Index(file.bytes)
        if let bad = index.firstInvalidByte {
            diagnostics.emit(
                Diagnostic(
                    YAMLMessages.invalidUTF8(), at: SourceSpan(file: file, offset: bad, length: 1),
                    label: "this byte does not start a valid UTF-8 sequence"
                )
                .with(help: "save the file as UTF-8 (spreadsheets and editors offer it under 'Save As' or 'Encoding')"))
            return nil
        }
        var run = ComposeRun(file: file, index: index, maxDepth: maxDepth, aliasBudget: aliasBudget)
        let root = run.parse()
        diagnostics.append(contentsOf: run.diagnostics)
        return root
    }
}

/// The state of one parse.
private struct ComposeRun {
    let file: SourceFile
    let index: UTF8Index
    let maxDepth: Int
    let aliasBudget: Int
    var diagnostics = DiagnosticBag()

    /// A collection being built. Frames live in `stack` and are changed where they stand, so a
    /// child is appended in place rather than to a copy of the children gathered so far.
    private struct Frame {
        let start: Int
        let tag: String?
        let anchor: String?
        let isFlow: Bool
        let isMapping: Bool
        var size = 1
        /// Where the source of the last child ends (an alias's own text, not its anchor's).
        var end: Int
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        /// Where the names of this mapping's keys start in `keyNames`.
        let firstKeyName: Int
        /// The mapping's last key waits in `pendingKeys` for its value.
        var hasPendingKey = false
        var pendingKeyIsInvalid = false
        /// The position in `pairs` of each key, once there are too many pairs to search them.
        var keyPositions: [String: Int]?
        /// What merge keys bring in, in order; where names repeat, the first wins.
        var merged: [YAMLPair] = []

        init(
            start: Int, tag: String?, anchor: String?, isFlow: Bool, isMapping: Bool, firstKeyName: Int,
            expectedCount: Int
        ) {
            self.start = start
            self.tag = tag
            self.anchor = anchor
            self.isFlow = isFlow
            self.isMapping = isMapping
            self.end = start
            self.firstKeyName = firstKeyName
            if isMapping {
                pairs.reserveCapacity(expectedCount)
            } else {
                items.reserveCapacity(expectedCount)
            }
        }

        var childCount: Int { isMapping ? pairs.count : items.count }
    }

    private var stack: [Frame] = []
    /// The keys waiting for their values, the innermost mapping's last.
    private var pendingKeys: [YAMLNode] = []
    /// The key names of every mapping being built, the innermost's last, in the order of their
    /// pairs. Most mappings are small, and looking through their names beats hashing them.
    private var keyNames: [String] = []
    /// Up to this many pairs a mapping's names are searched; past it, they are hashed.
    private static let searchLimit = 16
    /// How many children the collection last finished at each depth had. The records of a list
    /// tend to have one shape, so a new collection reserves room for as many (up to a limit)
    /// rather than growing one child at a time.
    private var lastChildCounts: [Int] = []
    private static let reserveLimit = 64
    private var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    private var expanded = 0
    private var root: YAMLNode?
    private var documents = 0
    /// Where the last mark converted to a byte offset stands.
    private var position = UTF8Index.Position()

    init(file: SourceFile, index: UTF8Index, maxDepth: Int, aliasBudget: Int) {
        self.file = file
        self.index = index
        self.maxDepth = maxDepth
        self.aliasBudget = aliasBudget
    }

    private mutating func offset(_ mark: yaml_mark_t) -> Int {
        index.byteOffset(ofCodePoint: Int(mark.index), from: &position)
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(file: file, range: start..<max(start, end))
    }

    mutating func parse() -> YAMLNode? {
        let bytes = file.bytes
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
        defer { input.deallocate() }
        _ = input.initialize(from: bytes)
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            diagnostics.emit(Diagnostic(YAMLMessages.syntax("out of memory while reading YAML"), file: file.path))
            return nil
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer { event.deallocate() }

        while true {
            guard yaml_parser_parse(parser, event) == 1 else {
                reportParserError(parser.pointee)
                return nil
            }
            defer { yaml_event_delete(event) }
            switch handle(event.pointee) {
            case .continue: continue
            case .finished: return root ?? YAMLNode(.scalar(YAMLScalar(value: "", style: .plain)), span: span(0, 0))
            case .failed: return nil
            }
        }
    }

    private enum Step { case `continue`, finished, failed }

    private mutating func handle(_ event: yaml_event_t) -> Step {
        let start = offset(event.start_mark)
        let end = offset(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
            return .continue
        case YAML_STREAM_END_EVENT:
            return .finished
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.emit(
                    Diagnostic(
                        YAMLMessages.multipleDocuments(), at: span(start, max(end, start + 3)),
                        label: "a second document starts here"
                    )
                    .with(help: "remove the '---' line, or move the second document into a file of its own"))
                return .failed
            }
            return .continue
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let node = YAMLNode(
                .scalar(YAMLScalar(value: value, style: style(of: data.style))),
                span: span(start, end), tag: string(data.tag))
            return complete(node, size: 1, anchor: string(data.anchor), end: end)
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                diagnostics.emit(
                    Diagnostic(YAMLMessages.unknownAlias(name), at: span(start, end))
                        .with(help: "define '&\(name)' on a value above this line"))
                return .failed
            }
            expanded += anchored.size
            if expanded > aliasBudget {
                diagnostics.emit(
                    Diagnostic(
                        YAMLMessages.aliasExpansion(limit: aliasBudget), at: span(start, end),
                        label: "expansion passes the limit here"
                    )
                    .with(note: "aliases that refer to aliases grow exponentially (a 'billion laughs' file)")
                    .with(help: "write the repeated values out, or use fewer levels of aliases"))
                return .failed
            }
            return complete(anchored.node, size: anchored.size, anchor: nil, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            guard stack.count < maxDepth else { return tooDeep(start, end) }
            stack.append(
                Frame(
                    start: start, tag: string(data.tag), anchor: string(data.anchor),
                    isFlow: data.style == YAML_FLOW_SEQUENCE_STYLE, isMapping: false,
                    firstKeyName: keyNames.count, expectedCount: expectedChildCount))
            return .continue
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            guard stack.count < maxDepth else { return tooDeep(start, end) }
            stack.append(
                Frame(
                    start: start, tag: string(data.tag), anchor: string(data.anchor),
                    isFlow: data.style == YAML_FLOW_MAPPING_STYLE, isMapping: true,
                    firstKeyName: keyNames.count, expectedCount: expectedChildCount))
            return .continue
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let top = stack.indices.last else { return .continue }
            if stack[top].isMapping, !stack[top].merged.isEmpty {
                for pair in stack[top].merged where keySpan(named: pair.name, in: top) == nil {
                    append(pair, name: pair.name, to: top)
                }
            }
            let frame = stack.removeLast()
            keyNames.removeSubrange(frame.firstKeyName...)
            if frame.hasPendingKey { pendingKeys.removeLast() }
            while lastChildCounts.count <= stack.count { lastChildCounts.append(0) }
            lastChildCounts[stack.count] = frame.childCount
            let last = frame.isFlow ? end : frame.end
            let node = YAMLNode(
                frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items),
                span: span(frame.start, last), tag: frame.tag)
            return complete(node, size: frame.size, anchor: frame.anchor, end: last)
        default:
            return .continue
        }
    }

    /// Room to reserve for the children of a collection that starts now.
    private var expectedChildCount: Int {
        stack.count < lastChildCounts.count ? min(lastChildCounts[stack.count], Self.reserveLimit) : 0
    }

    private mutating func tooDeep(_ start: Int, _ end: Int) -> Step {
        diagnostics.emit(
            Diagnostic(
                YAMLMessages.tooDeep(limit: maxDepth), at: span(start, max(end, start + 1)),
                label: "level \(maxDepth + 1) starts here"
            )
            .with(help: "a practice's files need only a few levels; check the indentation"))
        return .failed
    }

    /// Hands a finished node to the collection it belongs to, or makes it the document.
    /// `end` is where the node's own text ends: for an alias, the alias, not the anchored node.
    private mutating func complete(_ node: consuming YAMLNode, size: Int, anchor: String?, end: Int) -> Step {
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            root = node
            return .continue
        }
        let top = stack.count - 1
        stack[top].size += size
        stack[top].end = end
        if stack[top].isMapping {
            addToMapping(consume node)
        } else {
            stack[top].items.append(consume node)
        }
        return .continue
    }

    /// Adds a key, or the value of the key before it, to the mapping on top of the stack.
    private mutating func addToMapping(_ node: consuming YAMLNode) {
        let top = stack.count - 1
        guard stack[top].hasPendingKey else {
            if case .scalar = node.content {
            } else {
                diagnostics.emit(Diagnostic(YAMLMessages.complexKey(), at: node.span))
                stack[top].pendingKeyIsInvalid = true
            }
            pendingKeys.append(consume node)
            stack[top].hasPendingKey = true
            return
        }
        let key = pendingKeys.removeLast()
        stack[top].hasPendingKey = false
        if stack[top].pendingKeyIsInvalid {
            stack[top].pendingKeyIsInvalid = false
            return
        }
        guard case .scalar(let scalar) = key.content else { return }
        let name = scalar.value
        if name == "<<", scalar.style == .plain {
            merge(node, at: key.span, into: top)
            return
        }
        if let first = keySpan(named: name, in: top) {
            diagnostics.emit(
                Diagnostic(YAMLMessages.duplicateKey(name), at: key.span, label: "defined again here")
                    .with(note: "first defined here", at: first)
                    .with(help: "remove one of them; YAML keeps only one value per key"))
            return
        }
        append(YAMLPair(key: consume key, value: consume node), name: name, to: top)
    }

    /// The span of the key called `name` among the pairs of the mapping at `frame` so far.
    private func keySpan(named name: String, in frame: Int) -> SourceSpan? {
        if let positions = stack[frame].keyPositions {
            return positions[name].map { stack[frame].pairs[$0].key.span }
        }
        let first = stack[frame].firstKeyName
        for position in first..<keyNames.count where keyNames[position] == name {
            return stack[frame].pairs[position - first].key.span
        }
        return nil
    }

    /// Adds a pair whose key is not among the pairs so far to the mapping at `frame`.
    private mutating func append(_ pair: consuming YAMLPair, name: String, to frame: Int) {
        stack[frame].pairs.append(consume pair)
        keyNames.append(name)
        let count = stack[frame].pairs.count
        if stack[frame].keyPositions != nil {
            stack[frame].keyPositions?[name] = count - 1
        } else if count > Self.searchLimit {
            var positions: [String: Int] = [:]
            positions.reserveCapacity(count * 2)
            for (position, name) in keyNames[stack[frame].firstKeyName...].enumerated() { positions[name] = position }
            stack[frame].keyPositions = positions
        }
    }

    /// A YAML merge key (`<<: *defaults`): its pairs fill in keys the mapping does not set itself.
    private mutating func merge(_ node: YAMLNode, at keySpan: SourceSpan, into frame: Int) {
        switch node.content {
        case .mapping(let pairs):
            stack[frame].merged.append(contentsOf: pairs)
        case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }):
            for item in items {
                if case .mapping(let pairs) = item.content { stack[frame].merged.append(contentsOf: pairs) }
            }
        default:
            diagnostics.emit(Diagnostic(YAMLMessages.badMerge(), at: node.span, label: "this is \(node.kindDescription)"))
        }
    }

    private func style(of style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "the file is not valid YAML"
        if parser.error == YAML_READER_ERROR {
            // A byte offset into the input, which is valid UTF-8 by now: underline the whole character.
            let at = min(Int(parser.problem_offset), file.bytes.count)
            var length = at < file.bytes.count ? 1 : 0
            while at + length < file.bytes.count, file.bytes[at + length] & 0xC0 == 0x80 { length += 1 }
            diagnostics.emit(Diagnostic(YAMLMessages.syntax(problem), at: span(at, at + length)))
            return
        }
        let at = offset(parser.problem_mark)
        let lineRange = file.byteRange(ofLine: file.line(containing: at))
        let length = at < lineRange.upperBound ? 1 : 0
        var diagnostic = Diagnostic(YAMLMessages.syntax(problem), at: span(at, at + length))
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextAt = offset(parser.context_mark)
            diagnostic = diagnostic.with(note: context, at: span(contextAt, contextAt))
        }
        if file.bytes[lineRange].contains(0x09) {
            diagnostic = diagnostic.with(help: "YAML indents with spaces; replace the tabs on this line with spaces")
            if let fix = YAMLSyntaxHelp.tabFix(file: file, line: file.line(containing: at)) { diagnostic = diagnostic.with(help: fix) }
        } else if let help = YAMLSyntaxHelp.help(file: file, line: file.line(containing: at)) {
            for line in help { diagnostic = diagnostic.with(help: line) }
        }
        diagnostics.emit(diagnostic)
    }
}
