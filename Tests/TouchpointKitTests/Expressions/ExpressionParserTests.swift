import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Expression parser")
struct ExpressionParserTests {
    private func parse(_ text: String) -> (Expression?, [Diagnostic]) {
        let map = ScalarTextMap(file: SourceFile(path: "where.txt", text: text))
        var bag = DiagnosticBag()
        let expression = ExpressionParser().parse(map, diagnostics: &bag)
        return (expression, bag.diagnostics)
    }

    @Test(
        "grouping: not binds tightest, and with or takes parentheses",
        arguments: [
            ("a or (b and c)", "(or a (and b c))"),
            ("(a and b) or c", "(or (and a b) c)"),
            ("not a and b", "(and (not a) b)"),
            ("not (a or b)", "(not (or a b))"),
            ("not not a", "(not (not a))"),
            ("(a and b and c) or d", "(or (and a b c) d)"),
            ("a and b and (c or d)", "(and a b (or c d))"),
            ("(a or b) and c", "(and (or a b) c)"),
            (
                "nps >= 9 or (status == \"active\" and first_visit is not empty)",
                "(or (>= nps 9) (and (== status \"active\") (is-not-empty first_visit)))"
            ),
        ])
    func precedence(text: String, expected: String) throws {
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(try #require(expression).description == expected)
    }

    @Test(
        "every kind of term and comparison",
        arguments: [
            ("\"runner\" in tags", "(in \"runner\" tags)"),
            ("tags contains 'it\\'s'", "(contains tags \"it's\")"),
            ("status in [\"active\", \"lapsed\"]", "(in status [\"active\", \"lapsed\"])"),
            ("first_visit < today", "(< first_visit today)"),
            ("discharge_date >= 2026-03-01", "(>= discharge_date 2026-03-01)"),
            ("balance != -2.5", "(!= balance -2.5)"),
            ("subscribed == true", "(== subscribed true)"),
            ("contact.first_name is empty", "(is-empty contact.first_name)"),
            ("contact.today == today", "(== contact.today today)"),
            ("nps <= 10", "(<= nps 10)"),
            ("subscribed", "subscribed"),
        ])
    func terms(text: String, expected: String) throws {
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(try #require(expression).description == expected)
    }

    @Test func rangesAreByteOffsetsOfTheText() throws {
        let expression = try #require(parse("status == \"actïve\" and nps > 3").0)
        guard case .and(let items) = expression.kind, case .comparison(_, let left, let right) = items[0].kind else {
            Issue.record("unexpected shape \(expression)")
            return
        }
        #expect(expression.range == 0..<31)
        #expect(expression.operatorRange == 20..<23)
        #expect(items[0].operatorRange == 7..<9)
        #expect(left.range == 0..<6)
        #expect(right.range == 10..<19)
        #expect(items[1].range == 24..<31)
    }

    @Test(
        "syntax errors name the offending token's column",
        arguments: [
            ("status = \"active\"", "1:8 unexpected-character", "to compare two values, write '=='"),
            ("status == \"active", "1:11 unterminated-string", "end the text with a matching \""),
            ("nps > ", "1:7 expression-syntax", nil),
            ("(nps > 3 or subscribed", "1:23 expression-syntax", nil),
            ("1 < nps < 9", "1:9 expression-syntax", "join two comparisons with 'and': 'a < b and b < c'"),
            ("nps is null", "1:8 expression-syntax", "write 'field is empty' or 'field is not empty'"),
            ("status is \"active\"", "1:11 expression-syntax", "to compare with text, write '==' instead of 'is'"),
            ("status not in [\"active\"]", "1:8 expression-syntax", "put 'not' before the whole test: 'not (a in b)'"),
            ("first_name is empty adn nps > 3", "1:21 expression-syntax", "did you mean 'and'?"),
            ("nps > 3 AND subscribed", "1:9 expression-syntax", "did you mean 'and'?"),
            ("first_visit > 2026-02-30", "1:15 invalid-date-literal", nil),
            ("nps > 3days", "1:7 invalid-literal", nil),
            (
                "status == \u{201C}active\u{201D}", "1:11 unexpected-character",
                "use straight quotes (\" or ') around text; word processors turn them into curly ones"
            ),
            ("contact. == 3", "1:8 expression-syntax", "write a field as 'name' or 'contact.name'"),
            ("nps > 3 && subscribed", "1:9 unexpected-character", "write 'and' to join two conditions"),
            ("", "1:1 empty-expression", nil),
            ("and == 3", "1:1 expression-syntax", "a field named 'and' is written 'contact.and'"),
            ("status in [\"a\" \"b\"]", "1:16 expression-syntax", nil),
            ("nps > 3)", "1:8 expression-syntax", "this ')' has no matching '('"),
        ] as [(String, String, String?)])
    func syntaxErrors(text: String, expected: String, help: String?) throws {
        let (expression, diagnostics) = parse(text)
        #expect(expression == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.placeAndID == expected)
        if let help { #expect(diagnostic.help == [help]) }
    }

    @Test func unclosedParenthesisNotesWhereItOpened() throws {
        let (_, diagnostics) = parse("nps > 3 and (subscribed or nps < 2")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.text == "expected ')', found the end of the condition")
        #expect(diagnostic.notes.first?.span?.start.column == 13)
    }

    @Test func nestingUpToTheLimitParses() throws {
        let depth = 64
        let text = String(repeating: "(", count: depth) + "subscribed" + String(repeating: ")", count: depth)
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        #expect(expression?.description == "subscribed")
    }

    @Test(
        "nesting beyond the limit is a diagnostic, not a stack overflow",
        arguments: [
            String(repeating: "(", count: 65) + "a" + String(repeating: ")", count: 65),
            String(repeating: "(", count: 100_000),
            String(repeating: "[", count: 100_000),
            String(repeating: "not ", count: 50_000) + "subscribed",
        ])
    func tooDeep(text: String) throws {
        let (expression, diagnostics) = parse(text)
        #expect(expression == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.id == "expression-too-deep")
        #expect(diagnostics.count == 1)
    }

    @Test func longChainsDoNotNest() throws {
        let text = Array(repeating: "nps == 3", count: 20_000).joined(separator: " or ")
        let (expression, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        guard case .or(let items)? = expression?.kind else {
            Issue.record("expected an 'or' node")
            return
        }
        #expect(items.count == 20_000)
        let contact: [String: Value] = ["nps": .integer(3)]
        #expect(ExpressionEvaluator(today: LanguageFixture.date("2026-01-01")).evaluate(try #require(expression)) { contact[$0] })
    }
}
