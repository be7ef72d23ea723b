import TouchpointCore

/// Parses a template (SPEC §4.3) into a ``Template``.
///
/// Reports every syntax problem of the template in one run: an unclosed `{{` or `{%`, an unknown
/// tag, a tag without its `{% if %}`, an `{% if %}` or `{% comment %}` that is never closed
/// (at the opening tag, with a note where the parser gave up), and malformed merge tags. What did
/// parse is kept, so the checker can still report unknown fields; nothing renders while errors
/// exist. Nesting of `{% if %}` is limited to ``maxDepth`` levels.
public struct TemplateParser: Sendable {
    /// Deepest nesting of `{% if %}` blocks accepted.
    public var maxDepth: Int = 64

    public init() {}

    public func parse(_ source: ScalarTextMap, diagnostics: inout DiagnosticBag) -> Template {
        var run = TemplateParseRun(bytes: Array(source.text.utf8), source: source, maxDepth: maxDepth)
        let template = run.parse()
        diagnostics.append(contentsOf: run.diagnostics)
        return template
    }

    /// The tags a template may use, for suggestions and notes.
    package static let tagNames = ["if", "elsif", "else", "endif", "comment", "endcomment"]
}

/// The state of one parse.
private struct TemplateParseRun {
    let bytes: [UInt8]
    let source: ScalarTextMap
    let maxDepth: Int
    var diagnostics = DiagnosticBag()
    private var root: [Template.Node] = []
    private var frames: [OpenConditional] = []

    init(bytes: [UInt8], source: ScalarTextMap, maxDepth: Int) {
        self.bytes = bytes
        self.source = source
        self.maxDepth = maxDepth
    }

    /// An `{% if %}` whose `{% endif %}` has not been seen yet.
    private struct OpenConditional {
        let openRange: Range<Int>
        var branches: [Template.Conditional.Branch] = []
        var condition: Expression?
        var tagRange: Range<Int>
        var nodes: [Template.Node] = []
        var elseTagRange: Range<Int>?

        mutating func closeBranch() {
            branches.append(Template.Conditional.Branch(condition: condition, body: nodes, tagRange: tagRange))
            nodes = []
        }

        /// The block. As in Liquid, a block that holds nothing but white space, comments and such
        /// blocks leaves its white space out: `{% if x %}  {% endif %}` writes nothing either way.
        func close(end: Int) -> Template.Conditional {
            var branches = branches
            var elseBody: [Template.Node]?
            if elseTagRange != nil {
                elseBody = nodes
            } else {
                branches.append(Template.Conditional.Branch(condition: condition, body: nodes, tagRange: tagRange))
            }
            let blank = branches.allSatisfy { Self.isBlank($0.body) } && Self.isBlank(elseBody ?? [])
            if blank {
                branches = branches.map {
                    Template.Conditional.Branch(condition: $0.condition, body: Self.withoutText($0.body), tagRange: $0.tagRange)
                }
                elseBody = elseBody.map(Self.withoutText)
            }
            return Template.Conditional(
                branches: branches, elseBody: elseBody, elseTagRange: elseTagRange,
                range: openRange.lowerBound..<max(openRange.upperBound, end))
        }

        /// Whether the nodes write nothing but white space: text of spaces, tabs and line breaks,
        /// comments, and blocks that are blank themselves (whose white space is already gone).
        private static func isBlank(_ nodes: [Template.Node]) -> Bool {
            nodes.allSatisfy { node in
                switch node {
                case .text(let text, _): text.utf8.allSatisfy(TemplateParseRun.isLiquidSpace)
                case .comment: true
                case .mergeTag: false
                case .conditional(let block): block.branches.allSatisfy { isBlank($0.body) } && isBlank(block.elseBody ?? [])
                }
            }
        }

        private static func withoutText(_ nodes: [Template.Node]) -> [Template.Node] {
            nodes.filter { node in
                if case .text = node { return false }
                return true
            }
        }
    }

    private enum Closing {
        case closed(at: Int)
        case unclosed(gaveUpAt: Int)
    }

    private enum TagOutcome {
        /// Go on at the offset; `trimsRight`, when set, says whether white space after it goes
        /// (a comment's `-%}` is that of its `{% endcomment %}`).
        case resume(at: Int, trimsRight: Bool? = nil)
        case abandon
    }

    private static let openBrace = UInt8(ascii: "{")
    private static let closeBrace = UInt8(ascii: "}")
    private static let percent = UInt8(ascii: "%")
    private static let dash = UInt8(ascii: "-")

    /// White space as Liquid's whitespace control and blank blocks see it: space, tab, line feed,
    /// carriage return, vertical tab and form feed.
    static func isLiquidSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    mutating func parse() -> Template {
        var index = 0
        var textStart = 0
        while let opener = nextOpener(from: index) {
            let isMergeTag = bytes[opener + 1] == Self.openBrace
            let closing = findClose(from: opener + 2, closer: isMergeTag ? Self.closeBrace : Self.percent)
            var textEnd = opener
            var trimsRight = false
            var content = opener..<opener
            if case .closed(let close) = closing {
                // Whitespace control, as in Liquid: `{%-` and `{{-` take the white space before the
                // tag away, `-%}` and `-}}` the white space after it.
                content = (opener + 2)..<close
                if content.first.map({ bytes[$0] == Self.dash }) == true {
                    content = content.dropFirst()
                    while textEnd > textStart, Self.isLiquidSpace(bytes[textEnd - 1]) { textEnd -= 1 }
                }
                if content.last.map({ bytes[$0] == Self.dash }) == true {
                    content = content.dropLast()
                    trimsRight = true
                }
            }
            appendText(textStart..<textEnd)
            switch closing {
            case .closed(let close):
                let tagRange = opener..<(close + 2)
                if isMergeTag {
                    mergeTag(content, tagRange: tagRange)
                    index = tagRange.upperBound
                } else {
                    switch tag(content, tagRange: tagRange) {
                    case .resume(let next, let trims):
                        index = next
                        trimsRight = trims ?? trimsRight
                    case .abandon: return finish(reportUnclosed: false)
                    }
                }
                if trimsRight {
                    while index < bytes.count, Self.isLiquidSpace(bytes[index]) { index += 1 }
                }
            case .unclosed(let gaveUp):
                let opening = isMergeTag ? "{{" : "{%"
                let closing = isMergeTag ? "}}" : "%}"
                let note =
                    gaveUp < bytes.count
                    ? "a new tag starts here before '\(closing)'" : "the text ends here without '\(closing)'"
                diagnostics.emit(
                    Diagnostic(
                        TemplateMessages.unclosedDelimiter(opening), at: source.span(opener..<(opener + 2)),
                        label: "opened here"
                    )
                    .with(note: note, at: source.span(gaveUp..<gaveUp))
                    .with(help: "close it with '\(closing)'"))
                index = gaveUp
            }
            textStart = index
        }
        appendText(textStart..<bytes.count)
        return finish(reportUnclosed: true)
    }

    private mutating func finish(reportUnclosed: Bool) -> Template {
        let end = bytes.count
        if reportUnclosed {
            for frame in frames.reversed() {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.unclosedBlock("if"), at: source.span(frame.openRange), label: "opened here")
                        .with(note: "the text ends here without '{% endif %}'", at: source.span(end..<end))
                        .with(help: "add '{% endif %}' where the conditional text ends"))
            }
        }
        while let frame = frames.popLast() {
            append(.conditional(frame.close(end: end)))
        }
        return Template(nodes: root)
    }

    private mutating func append(_ node: Template.Node) {
        if frames.isEmpty {
            root.append(node)
        } else {
            frames[frames.count - 1].nodes.append(node)
        }
    }

    private mutating func appendText(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        append(.text(String(decoding: bytes[range], as: UTF8.self), range: range))
    }

    private func isOpener(at index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == Self.openBrace
            && (bytes[index + 1] == Self.openBrace || bytes[index + 1] == Self.percent)
    }

    private func nextOpener(from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if isOpener(at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Where the tag whose content starts at `start` ends: the first `}}` (or `%}`) outside
    /// quotes, before any new `{{` or `{%`. When quotes never balance, the first closer outside
    /// them is taken all the same, and the lexer reports the quote.
    private func findClose(from start: Int, closer: UInt8) -> Closing {
        var index = start
        var quote: UInt8?
        scan: while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == closer, index + 1 < bytes.count, bytes[index + 1] == Self.closeBrace {
                return .closed(at: index)
            } else if isOpener(at: index) {
                break scan
            }
            index += 1
        }
        let limit = nextOpener(from: start) ?? bytes.count
        index = start
        while index < limit, index + 1 < bytes.count {
            if bytes[index] == closer, bytes[index + 1] == Self.closeBrace { return .closed(at: index) }
            index += 1
        }
        return .unclosed(gaveUpAt: limit)
    }

    // MARK: Merge tags

    private mutating func mergeTag(_ content: Range<Int>, tagRange: Range<Int>) {
        guard let tokens = ExpressionLexer(bytes: bytes, range: content, source: source).tokenize(diagnostics: &diagnostics) else {
            return
        }
        var run = ExpressionParseRun(tokens: tokens, source: source, maxDepth: maxDepth, endDescription: "'}}'")
        let tag = parseMergeTag(&run, tagRange: tagRange)
        diagnostics.append(contentsOf: run.diagnostics)
        if let tag { append(.mergeTag(tag)) }
    }

    private mutating func parseMergeTag(_ run: inout ExpressionParseRun, tagRange: Range<Int>) -> Template.MergeTag? {
        if run.atEnd {
            diagnostics.emit(
                Diagnostic(TemplateMessages.syntax("'{{ }}' holds nothing"), at: source.span(tagRange))
                    .with(help: "put a field between the braces, like '{{ first_name }}'"))
            return nil
        }
        guard let value = run.parseTerm() else { return nil }
        switch value.kind {
        case .field, .string:
            break
        default:
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.syntax("expected a field or quoted text in '{{ }}', found \(value)"),
                    at: source.span(value.range)
                )
                .with(help: "a condition belongs in '{% if … %}'"))
            return nil
        }
        var filters: [Template.Filter] = []
        while run.current.kind == .symbol(.pipe) {
            run.advance()
            guard case .word(let name) = run.current.kind else {
                let found = run.current.kind == .end ? "'}}'" : run.current.description
                diagnostics.emit(
                    Diagnostic(
                        TemplateMessages.syntax("expected a filter name after '|', found \(found)"),
                        at: source.span(run.current.range)
                    )
                    .with(help: "filters are \(TemplateFilter.names.joined(separator: ", "))"))
                return nil
            }
            let nameToken = run.advance()
            var arguments: [Expression] = []
            if run.current.kind == .symbol(.colon) {
                run.advance()
                while true {
                    guard let argument = run.parseTerm() else { return nil }
                    switch argument.kind {
                    case .field, .string, .integer, .number:
                        arguments.append(argument)
                    default:
                        diagnostics.emit(
                            Diagnostic(
                                TemplateMessages.syntax("a filter's argument must be a field, quoted text or a number"),
                                at: source.span(argument.range)))
                        return nil
                    }
                    guard run.current.kind == .symbol(.comma) else { break }
                    run.advance()
                }
            }
            let end = arguments.last?.range.upperBound ?? nameToken.range.upperBound
            filters.append(
                Template.Filter(
                    name: name, nameRange: nameToken.range, arguments: arguments,
                    range: nameToken.range.lowerBound..<end))
        }
        guard run.atEnd else {
            let found = run.current.kind == .end ? "'}}'" : run.current.description
            var diagnostic = Diagnostic(
                TemplateMessages.syntax("expected '|' or '}}', found \(found)"),
                at: source.span(run.current.range))
            let isComparison: Bool
            if case .symbol(let symbol) = run.current.kind { isComparison = symbol.comparison != nil } else { isComparison = false }
            let isValue: Bool
            switch run.current.kind {
            case .string, .integer, .number, .word: isValue = true
            default: isValue = false
            }
            if isComparison || isOperatorWord(run.current) {
                diagnostic = diagnostic.with(help: "a condition belongs in '{% if … %}'")
            } else if isValue, let last = filters.last, last.arguments.isEmpty {
                diagnostic = diagnostic.with(help: "put ':' between a filter and its argument: '\(last.name): …'")
            }
            diagnostics.emit(diagnostic)
            return nil
        }
        return Template.MergeTag(value: value, filters: filters, range: tagRange)
    }

    private func isOperatorWord(_ token: ExpressionToken) -> Bool {
        ["and", "or", "not", "in", "contains", "is"].contains { token.isKeyword($0) }
    }

    // MARK: Tags

    private mutating func tag(_ content: Range<Int>, tagRange: Range<Int>) -> TagOutcome {
        var index = content.lowerBound
        while index < content.upperBound, ExpressionLexer.isSpace(bytes[index]) { index += 1 }
        let nameStart = index
        while index < content.upperBound, ExpressionLexer.isWordPart(bytes[index]) { index += 1 }
        guard index > nameStart else {
            diagnostics.emit(
                Diagnostic(TemplateMessages.syntax("expected a tag name after '{%'"), at: source.span(tagRange))
                    .with(note: "the tags are \(TemplateParser.tagNames.joined(separator: ", "))"))
            return .resume(at: tagRange.upperBound)
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        let nameRange = nameStart..<index
        let rest = index..<content.upperBound
        switch name {
        case "if":
            guard frames.count < maxDepth else {
                diagnostics.emit(
                    Diagnostic(
                        TemplateMessages.tooDeep(limit: maxDepth), at: source.span(tagRange),
                        label: "level \(maxDepth + 1) starts here"
                    )
                    .with(help: "combine conditions with 'and' instead of nesting '{% if %}' blocks"))
                return .abandon
            }
            let condition = self.condition(rest, tag: name, tagRange: tagRange)
            frames.append(OpenConditional(openRange: tagRange, condition: condition, tagRange: tagRange))
        case "elsif":
            guard let frame = frames.last else {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.strayTag(name), at: source.span(tagRange))
                        .with(help: "start the conditional text with '{% if … %}'"))
                return .resume(at: tagRange.upperBound)
            }
            if let elseRange = frame.elseTagRange {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.misplacedElse(name), at: source.span(tagRange))
                        .with(note: "the '{% else %}' is here", at: source.span(elseRange))
                        .with(help: "move this branch before '{% else %}'"))
                return .resume(at: tagRange.upperBound)
            }
            let condition = self.condition(rest, tag: name, tagRange: tagRange)
            frames[frames.count - 1].closeBranch()
            frames[frames.count - 1].condition = condition
            frames[frames.count - 1].tagRange = tagRange
        case "else":
            if let extra = nonBlank(rest) {
                var diagnostic = Diagnostic(TemplateMessages.syntax("'else' takes no condition"), at: source.span(extra))
                if bytes[extra].starts(with: Array("if".utf8)) {
                    diagnostic = diagnostic.with(help: "write '{% elsif … %}' for a branch with a condition of its own")
                }
                diagnostics.emit(diagnostic)
            }
            guard let frame = frames.last else {
                diagnostics.emit(Diagnostic(TemplateMessages.strayTag(name), at: source.span(tagRange)))
                return .resume(at: tagRange.upperBound)
            }
            if let elseRange = frame.elseTagRange {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.misplacedElse(name), at: source.span(tagRange))
                        .with(note: "the first '{% else %}' is here", at: source.span(elseRange)))
                return .resume(at: tagRange.upperBound)
            }
            frames[frames.count - 1].closeBranch()
            frames[frames.count - 1].elseTagRange = tagRange
        case "endif":
            requireNothing(after: name, in: rest)
            guard let frame = frames.popLast() else {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.strayTag(name), at: source.span(tagRange))
                        .with(help: "remove it, or add the '{% if … %}' it should close"))
                return .resume(at: tagRange.upperBound)
            }
            append(.conditional(frame.close(end: tagRange.upperBound)))
        case "comment":
            requireNothing(after: name, in: rest)
            guard let (end, trimsRight) = endComment(from: tagRange.upperBound) else {
                diagnostics.emit(
                    Diagnostic(TemplateMessages.unclosedBlock(name), at: source.span(tagRange), label: "opened here")
                        .with(note: "the text ends here without '{% endcomment %}'", at: source.span(bytes.count..<bytes.count))
                        .with(help: "add '{% endcomment %}' where the comment ends"))
                return .resume(at: bytes.count)
            }
            append(.comment(range: tagRange.lowerBound..<end))
            return .resume(at: end, trimsRight: trimsRight)
        case "endcomment":
            requireNothing(after: name, in: rest)
            guard let frame = frames.popLast() else {
                diagnostics.emit(Diagnostic(TemplateMessages.strayEndComment(), at: source.span(tagRange)))
                return .resume(at: tagRange.upperBound)
            }
            diagnostics.emit(
                Diagnostic(TemplateMessages.mismatchedTag("if", closedBy: name), at: source.span(frame.openRange), label: "opened here")
                    .with(note: "'{% endcomment %}' stands here, where '{% endif %}' was expected", at: source.span(tagRange))
                    .with(help: "close the 'if' with '{% endif %}'"))
            append(.conditional(frame.close(end: tagRange.upperBound)))
        default:
            diagnostics.emit(
                Diagnostic(TemplateMessages.unknownTag(name), at: source.span(nameRange))
                    .suggesting(name, from: TemplateParser.tagNames)
                    .with(note: "the tags are \(TemplateParser.tagNames.joined(separator: ", "))"))
        }
        return .resume(at: tagRange.upperBound)
    }

    /// The condition of an `if` or `elsif`, or `nil` after a diagnostic.
    private mutating func condition(_ range: Range<Int>, tag: String, tagRange: Range<Int>) -> Expression? {
        guard nonBlank(range) != nil else {
            diagnostics.emit(
                Diagnostic(TemplateMessages.syntax("'\(tag)' needs a condition"), at: source.span(tagRange))
                    .with(help: "write a condition after '\(tag)', like '{% \(tag) first_visit is not empty %}'"))
            return nil
        }
        return ExpressionParser().parse(
            bytes: bytes, range: range, source: source, endDescription: "'%}'",
            diagnostics: &diagnostics)
    }

    private mutating func requireNothing(after tag: String, in range: Range<Int>) {
        guard let extra = nonBlank(range) else { return }
        diagnostics.emit(
            Diagnostic(TemplateMessages.syntax("'\(tag)' takes nothing after it"), at: source.span(extra))
                .with(help: "remove the extra text"))
    }

    /// The range without leading and trailing white space, or `nil` when nothing is left.
    private func nonBlank(_ range: Range<Int>) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ExpressionLexer.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, ExpressionLexer.isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower < upper ? lower..<upper : nil
    }

    /// The end of the `{% endcomment %}` that closes a comment whose content starts at `start`,
    /// and whether it ends with `-%}`. Comments nest, as in Liquid: each `{% comment %}` inside
    /// needs its own `{% endcomment %}`.
    private func endComment(from start: Int) -> (end: Int, trimsRight: Bool)? {
        var depth = 1
        var index = start
        while index + 1 < bytes.count {
            guard bytes[index] == Self.openBrace, bytes[index + 1] == Self.percent else {
                index += 1
                continue
            }
            var cursor = index + 2
            if cursor < bytes.count, bytes[cursor] == Self.dash { cursor += 1 }
            while cursor < bytes.count, ExpressionLexer.isSpace(bytes[cursor]) { cursor += 1 }
            let nameStart = cursor
            while cursor < bytes.count, ExpressionLexer.isWordPart(bytes[cursor]) { cursor += 1 }
            let name = bytes[nameStart..<cursor]
            let isOpen = name.elementsEqual("comment".utf8)
            guard isOpen || name.elementsEqual("endcomment".utf8) else {
                index += 2
                continue
            }
            // The tag's `%}`.
            while cursor + 1 < bytes.count, !(bytes[cursor] == Self.percent && bytes[cursor + 1] == Self.closeBrace) { cursor += 1 }
            guard cursor + 1 < bytes.count else { return nil }
            depth += isOpen ? 1 : -1
            if depth == 0 { return (cursor + 2, bytes[cursor - 1] == Self.dash) }
            index = cursor + 2
        }
        return nil
    }
}
