import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Expression evaluator")
struct ExpressionEvaluatorTests {
    private let contact: [String: Value] = [
        "first_name": .string("Bo"),
        "status": .string("active"),
        "first_visit": .date(LanguageFixture.date("2026-03-10")),
        "last_login": .datetime(LanguageFixture.date("2026-02-01"), LanguageFixture.time(9, 30)),
        "tags": .list(["runner", "knee"]),
        "nps": .integer(9),
        "balance": .number(WrittenNumber(12.5, text: "12.50")),
        "subscribed": .boolean(true),
        "last_name": .string(""),
        "notes": .list([]),
    ]

    private func evaluate(_ text: String) throws -> Bool {
        let map = ScalarTextMap(file: SourceFile(path: "t", text: text))
        var bag = DiagnosticBag()
        let expression = try #require(ExpressionParser().parse(map, diagnostics: &bag))
        return ExpressionEvaluator(today: LanguageFixture.date("2026-03-01")).evaluate(expression) { contact[$0] }
    }

    private static let holding = [
        "status == \"active\"", "contact.status == \"active\"", "nps >= 9 and nps < 10", "nps > 8.5", "balance == 12.5",
        "balance > 12", "first_visit > today", "first_visit == 2026-03-10", "last_login < today",
        "last_login == 2026-02-01", "\"runner\" in tags", "status in [\"active\", \"lapsed\"]", "nps in [1, 9]",
        "tags contains \"knee\"", "first_name contains \"B\"", "subscribed", "not (nps < 5)", "status is not empty",
        "phone is empty", "last_name is empty", "notes is empty", "nps < 5 or subscribed", "first_name != \"Al\"",
        "first_name < \"Cy\"", "tags == [\"runner\", \"knee\"]", "not (phone == \"1\")",
        "phone is empty and not (phone != \"1\")",
    ]

    private static let failing = [
        "status == \"lapsed\"", "nps > 9", "first_visit < today", "\"swimmer\" in tags", "tags contains \"kne\"",
        "first_name contains \"b\"", "not subscribed", "status is empty", "nps in [1, 2]", "first_name == \"bo\"",
        "phone == \"1\"", "first_visit == 3",
    ]

    @Test("conditions that hold", arguments: holding)
    func holds(condition: String) throws {
        #expect(try evaluate(condition))
    }

    @Test("conditions that do not hold", arguments: failing)
    func doesNotHold(condition: String) throws {
        #expect(try !evaluate(condition))
    }

    @Test(
        "a comparison with an absent field is false, whatever the operator",
        arguments: [
            "phone == \"1\"", "phone != \"1\"", "discharge_date < today", "discharge_date >= today", "phone in [\"1\"]",
            "phone contains \"1\"", "\"a\" in phone", "unset_flag",
        ])
    func absentIsFalse(condition: String) throws {
        #expect(try !evaluate(condition))
    }

    @Test func negationOfAnAbsentComparisonIsTrue() throws {
        #expect(try evaluate("not (phone == \"1\")"))
        #expect(try evaluate("phone is empty and not (phone != \"1\")"))
    }

    @Test func mismatchedTypesAreFalseRatherThanACrash() throws {
        #expect(try !evaluate("first_visit == 3"))
        #expect(try !evaluate("first_visit != 3"))
        #expect(try !evaluate("nps contains 3"))
        #expect(try !evaluate("first_name"))
    }

    @Test func builtinsResolveThroughTheGeneralEntryPoint() throws {
        let map = ScalarTextMap(file: SourceFile(path: "t", text: "send_date > today and campaign.title contains \"welcome\""))
        var bag = DiagnosticBag()
        let expression = try #require(ExpressionParser().parse(map, diagnostics: &bag))
        let result = ExpressionEvaluator(today: LanguageFixture.date("2026-03-01")).evaluate(
            expression,
            resolving: { reference in
                switch reference.description {
                case "send_date": .date(LanguageFixture.date("2026-03-02"))
                case "campaign.title": .string("New patient welcome")
                default: nil
                }
            })
        #expect(result)
    }

    /// Many conditions compiled into one program against a list's fields by index, as the
    /// scheduler and the reach analysis hold them, decide each condition as it is on its own.
    @Test func aProgramOfManyConditionsDecidesEachOnItsOwn() throws {
        let fields = contact.keys.sorted()
        let values = fields.map { contact[$0] }
        let evaluator = ExpressionEvaluator(today: LanguageFixture.date("2026-03-01"))
        var program = ExpressionEvaluator.Program()
        var roots: [(condition: String, root: Int)] = []
        for condition in Self.holding + Self.failing {
            let map = ScalarTextMap(file: SourceFile(path: "t", text: condition))
            var bag = DiagnosticBag()
            let expression = try #require(ExpressionParser().parse(map, diagnostics: &bag))
            roots.append((condition, program.add(expression) { reference in reference.contactField.flatMap { fields.firstIndex(of: $0) } }))
        }
        program.withContents { contents in
            for (condition, root) in roots {
                #expect(evaluator.decide(root, in: contents) { values[$0] } == Self.holding.contains(condition), "\(condition)")
            }
        }
    }
}
