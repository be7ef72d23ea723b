import TouchpointCore

/// Parses the expression language of SPEC §4.2 into an ``Expression``.
///
/// ```
/// or-expr   := and-expr ("or" and-expr)*
/// and-expr  := not-expr ("and" not-expr)*
/// not-expr  := "not" not-expr | comparison
/// comparison:= term (("=="|"!="|"<"|"<="|">"|">=") term)?
///            | term "in" term | term "contains" term | term "is" ["not"] "empty"
/// term      := field | "string" | number | YYYY-MM-DD | today | true | false
///            | "[" term ("," term)* "]" | "(" or-expr ")"
/// ```
///
/// Recursive descent with a depth limit: nesting of parentheses, lists and `not` beyond
/// ``maxDepth`` is a diagnostic, never a stack overflow. The first syntax error ends the parse.
public struct ExpressionParser: Sendable {
    /// Deepest nesting of `(`, `[` and `not` accepted.
    public var maxDepth: Int = 64

    public init() {}

    /// Parses the whole text of `source` (a `where:` value). Returns `nil` after a diagnostic.
    public func parse(_ source: ScalarTextMap, diagnostics: inout DiagnosticBag) -> Expression? {
        let bytes = Array(source.text.utf8)
        return parse(bytes: bytes, range: 0..<bytes.count, source: source, diagnostics: &diagnostics)
    }

    /// Parses a condition that is part of a larger text (an `{% if %}` tag). Ranges in the result
    /// are offsets into `bytes`.
    package func parse(
        bytes: [UInt8], range: Range<Int>, source: ScalarTextMap,
        endDescription: String = "the end of the condition", diagnostics: inout DiagnosticBag
    ) -> Expression? {
        guard let tokens = ExpressionLexer(bytes: bytes, range: range, source: source).tokenize(diagnostics: &diagnostics) else {
            return nil
        }
        var run = ExpressionParseRun(tokens: tokens, source: source, maxDepth: maxDepth, endDescription: endDescription)
        let expression = run.parseCondition()
        diagnostics.append(contentsOf: run.diagnostics)
        return expression
    }
}

/// The state of one parse over a token list that ends with `.end`.
package struct ExpressionParseRun {
    private let tokens: [ExpressionToken]
    private let source: ScalarTextMap
    private let maxDepth: Int
    private let endDescription: String
    private var position = 0
    private var depth = 0
    /// The end of the last token consumed: where a node being built ends.
    private var lastEnd: Int
    private(set) var diagnostics = DiagnosticBag()

    package init(tokens: [ExpressionToken], source: ScalarTextMap, maxDepth: Int, endDescription: String) {
        self.tokens = tokens.isEmpty ? [ExpressionToken(kind: .end, range: 0..<0)] : tokens
        self.source = source
        self.maxDepth = maxDepth
        self.endDescription = endDescription
        self.lastEnd = self.tokens[0].range.lowerBound
    }

    package var current: ExpressionToken { tokens[position] }

    package var atEnd: Bool { current.kind == .end }

    @discardableResult
    package mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if token.kind != .end {
            position += 1
            lastEnd = token.range.upperBound
        }
        return token
    }

    /// A whole condition, which must use up every token.
    package mutating func parseCondition() -> Expression? {
        if atEnd {
            diagnostics.emit(
                Diagnostic(ExpressionMessages.empty(), at: source.span(current.range))
                    .with(help: "write a condition such as 'status == \"active\"'"))
            return nil
        }
        guard let expression = parseOr() else { return nil }
        guard atEnd else {
            unexpectedAfterCondition()
            return nil
        }
        return expression
    }

    /// `a or b or …`, each operand an `and` chain. `and` and `or` mixed at one level without
    /// parentheses are refused: Liquid reads them from the right without precedence, other
    /// languages read `and` first, and a condition must not mean one thing to some readers and
    /// another to the rest.
    package mutating func parseOr() -> Expression? {
        guard let first = parseAnd() else { return nil }
        var chains = [first]
        var orTokens: [Range<Int>] = []
        while current.isKeyword("or") {
            orTokens.append(advance().range)
            guard let next = parseAnd() else { return nil }
            chains.append(next)
        }
        guard let firstOr = orTokens.first else { return first.expression }
        if chains.contains(where: { $0.operands.count > 1 }) {
            mixedAndOr(chains, orTokens: orTokens)
            return nil
        }
        return Expression(
            .or(chains.map(\.expression)), range: first.expression.range.lowerBound..<lastEnd, operatorRange: firstOr)
    }

    /// An `and` chain: its expression, and the source of each operand (parentheses included)
    /// and of each `and`, for the diagnostic about mixing it with `or`.
    private struct AndChain {
        let expression: Expression
        let operands: [Range<Int>]
        let andTokens: [Range<Int>]
    }

    private mutating func parseAnd() -> AndChain? {
        var start = current.range.lowerBound
        guard let first = parseNot() else { return nil }
        var items = [first]
        var operands = [start..<lastEnd]
        var andTokens: [Range<Int>] = []
        while current.isKeyword("and") {
            andTokens.append(advance().range)
            start = current.range.lowerBound
            guard let next = parseNot() else { return nil }
            items.append(next)
            operands.append(start..<lastEnd)
        }
        guard let firstAnd = andTokens.first else { return AndChain(expression: first, operands: operands, andTokens: []) }
        return AndChain(
            expression: Expression(.and(items), range: first.range.lowerBound..<lastEnd, operatorRange: firstAnd),
            operands: operands, andTokens: andTokens)
    }

    /// `and` and `or` at one level: an error at the first operator that differs from the one
    /// before it, with both readings and the parenthesized forms.
    private mutating func mixedAndOr(_ chains: [AndChain], orTokens: [Range<Int>]) {
        let text = Array(source.text.utf8)
        func written(_ range: Range<Int>) -> String {
            String(decoding: text[range.clamped(to: 0..<text.count)], as: UTF8.self)
        }
        var operands: [String] = []
        var operators: [(word: String, range: Range<Int>)] = []
        for (index, chain) in chains.enumerated() {
            if index > 0 { operators.append(("or", orTokens[index - 1])) }
            for (position, operand) in chain.operands.enumerated() {
                if position > 0 { operators.append(("and", chain.andTokens[position - 1])) }
                operands.append(written(operand))
            }
        }
        // Liquid: from the right, each operator taking everything after it.
        var liquid = operands[operands.count - 1]
        var index = operators.count - 1
        while index >= 0 {
            let word = operators[index].word
            let next = index + 1 < operators.count ? operators[index + 1].word : word
            liquid = "\(operands[index]) \(word) " + (next == word ? liquid : "(\(liquid))")
            index -= 1
        }
        // Precedence: each run of 'and' grouped, the groups joined by 'or'.
        let conventional = chains.map { chain in
            let group = chain.operands.map(written).joined(separator: " and ")
            return chain.operands.count > 1 ? "(\(group))" : group
        }.joined(separator: " or ")
        let at = operators.indices.dropFirst().first { operators[$0].word != operators[$0 - 1].word } ?? 0
        var diagnostic = Diagnostic(
            ExpressionMessages.mixedAndOr(), at: source.span(operators[at].range),
            label: "'\(operators[at].word)' after '\(operators[max(at - 1, 0)].word)' without parentheses")
        if liquid == conventional {
            diagnostic = diagnostic.with(note: "Liquid and most languages both read it as '\(liquid)'")
                .with(help: "write '\(liquid)'")
        } else {
            diagnostic = diagnostic.with(note: "Liquid reads it from the right: '\(liquid)'")
                .with(note: "most languages read 'and' first: '\(conventional)'")
                .with(help: "write '\(conventional)' or '\(liquid)', whichever you mean")
        }
        diagnostics.emit(diagnostic)
    }

    private mutating func parseNot() -> Expression? {
        guard current.isKeyword("not") else { return parseComparison() }
        let token = advance()
        guard enter(at: token) else { return nil }
        defer { depth -= 1 }
        guard let operand = parseNot() else { return nil }
        return Expression(.not(operand), range: token.range.lowerBound..<lastEnd, operatorRange: token.range)
    }

    private mutating func parseComparison() -> Expression? {
        guard let left = parseTerm() else { return nil }
        let start = left.range.lowerBound
        let result: Expression
        if case .symbol(let symbol) = current.kind, let op = symbol.comparison {
            let token = advance()
            guard let right = parseTerm() else { return nil }
            result = Expression(.comparison(op, left, right), range: start..<lastEnd, operatorRange: token.range)
        } else if current.isKeyword("in") || current.isKeyword("contains") {
            let token = advance()
            guard let right = parseTerm() else { return nil }
            let kind: Expression.Kind = token.isKeyword("in") ? .membership(left, right) : .contains(left, right)
            result = Expression(kind, range: start..<lastEnd, operatorRange: token.range)
        } else if current.isKeyword("is") {
            let token = advance()
            let negated = current.isKeyword("not")
            if negated { advance() }
            guard current.isKeyword("empty") else {
                let words = negated ? "'is not'" : "'is'"
                var diagnostic = Diagnostic(
                    ExpressionMessages.syntax("expected 'empty' after \(words), found \(describe(current))"),
                    at: source.span(current.range))
                if case .symbol(let symbol) = current.kind, symbol.comparison != nil {
                    diagnostic = diagnostic.with(help: "write the comparison without 'is': 'field \(symbol.rawValue) value'")
                } else if case .string = current.kind {
                    diagnostic = diagnostic.with(help: "to compare with text, write '\(negated ? "!=" : "==")' instead of \(words)")
                } else {
                    diagnostic = diagnostic.with(help: "write 'field is empty' or 'field is not empty'")
                }
                diagnostics.emit(diagnostic)
                return nil
            }
            advance()
            result = Expression(
                .isEmpty(left, negated: negated), range: start..<lastEnd,
                operatorRange: token.range.lowerBound..<lastEnd)
        } else if current.isKeyword("not"), position + 1 < tokens.count,
            tokens[position + 1].isKeyword("in") || tokens[position + 1].isKeyword("contains")
        {
            let operatorToken = tokens[position + 1]
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.syntax("'not' cannot stand between two values"),
                    at: source.span(current.range.lowerBound..<operatorToken.range.upperBound)
                )
                .with(help: "put 'not' before the whole test: 'not (a \(operatorToken.isKeyword("in") ? "in" : "contains") b)'"))
            return nil
        } else {
            return left
        }
        if case .symbol(let symbol) = current.kind, symbol.comparison != nil {
            chained()
            return nil
        }
        if current.isKeyword("in") || current.isKeyword("contains") || current.isKeyword("is") {
            chained()
            return nil
        }
        return result
    }

    private mutating func chained() {
        diagnostics.emit(
            Diagnostic(ExpressionMessages.syntax("comparisons cannot be chained"), at: source.span(current.range))
                .with(help: "join two comparisons with 'and': 'a < b and b < c'"))
    }

    /// A field, a literal, a list or a parenthesized condition.
    package mutating func parseTerm() -> Expression? {
        let token = current
        switch token.kind {
        case .word(let word):
            if word == "today" {
                advance()
                return Expression(.today, range: token.range)
            }
            if word == "true" || word == "false" {
                advance()
                return Expression(.boolean(word == "true"), range: token.range)
            }
            if ExpressionKeyword.all.contains(word) {
                diagnostics.emit(
                    Diagnostic(
                        ExpressionMessages.syntax("expected a field or a value, found '\(word)'"),
                        at: source.span(token.range)
                    )
                    .with(help: "a field named '\(word)' is written 'contact.\(word)'"))
                return nil
            }
            advance()
            let path = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            return Expression(.field(FieldReference(path: path)), range: token.range)
        case .string(let text):
            advance()
            return Expression(.string(text), range: token.range)
        case .integer(let value):
            advance()
            return Expression(.integer(value), range: token.range)
        case .number(let value):
            advance()
            return Expression(.number(value), range: token.range)
        case .date(let date):
            advance()
            return Expression(.date(date), range: token.range)
        case .symbol(.leftBracket):
            return parseList()
        case .symbol(.leftParen):
            advance()
            guard enter(at: token) else { return nil }
            defer { depth -= 1 }
            guard let inner = parseOr() else { return nil }
            guard current.kind == .symbol(.rightParen) else {
                diagnostics.emit(
                    Diagnostic(ExpressionMessages.syntax("expected ')', found \(describe(current))"), at: source.span(current.range))
                        .with(note: "to close this '('", at: source.span(token.range)))
                return nil
            }
            advance()
            return inner
        default:
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.syntax("expected a field or a value, found \(describe(token))"),
                    at: source.span(token.range)))
            return nil
        }
    }

    private mutating func parseList() -> Expression? {
        let open = advance()
        guard enter(at: open) else { return nil }
        defer { depth -= 1 }
        var items: [Expression] = []
        while true {
            guard let item = parseTerm() else { return nil }
            items.append(item)
            if current.kind == .symbol(.comma) {
                advance()
                continue
            }
            if current.kind == .symbol(.rightBracket) {
                advance()
                return Expression(.list(items), range: open.range.lowerBound..<lastEnd)
            }
            diagnostics.emit(
                Diagnostic(ExpressionMessages.syntax("expected ',' or ']', found \(describe(current))"), at: source.span(current.range))
                    .with(note: "in the list that starts here", at: source.span(open.range)))
            return nil
        }
    }

    private mutating func enter(at token: ExpressionToken) -> Bool {
        depth += 1
        guard depth <= maxDepth else {
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.tooDeep(limit: maxDepth), at: source.span(token.range),
                    label: "level \(maxDepth + 1) starts here"
                )
                .with(help: "split the condition, or remove some parentheses"))
            return false
        }
        return true
    }

    private func describe(_ token: ExpressionToken) -> String {
        token.kind == .end ? endDescription : token.description
    }

    /// A complete condition followed by something that cannot follow it.
    private mutating func unexpectedAfterCondition() {
        var diagnostic = Diagnostic(
            ExpressionMessages.syntax("expected 'and', 'or' or \(endDescription), found \(describe(current))"),
            at: source.span(current.range))
        if case .word(let word) = current.kind {
            if let match = Suggestion.closest(to: word, in: ["and", "or", "in", "contains", "is"]) {
                diagnostic = diagnostic.with(help: "did you mean '\(match)'?")
            }
        } else if current.kind == .symbol(.rightParen) {
            diagnostic = diagnostic.with(help: "this ')' has no matching '('")
        }
        diagnostics.emit(diagnostic)
    }
}
