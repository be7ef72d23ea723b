import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Expression checker")
struct ExpressionCheckerTests {
    /// A campaign whose `where:` sits on line 4, starting at column 8.
    private func campaign(where condition: String) -> SourceFile {
        SourceFile(
            path: "campaigns/x.yaml",
            text: """
                campaign: x
                title: X
                audience: patients
                where: \(condition)
                steps: []
                """)
    }

    @Test func unknownFieldIsReportedAtItsPlaceInTheYAMLFile() throws {
        let diagnostics = LanguageFixture.checkWhere(in: campaign(where: "status == \"active\" and frist_name is not empty"))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.placeAndID == "4:31 unknown-field")
        #expect(diagnostic.path == "campaigns/x.yaml")
        #expect(diagnostic.primaryText == "frist_name")
        #expect(diagnostic.message.text == "unknown field 'frist_name'")
        #expect(diagnostic.primary?.label == "not a field of list 'patients'")
        #expect(diagnostic.help == ["did you mean 'first_name'?"])
    }

    @Test func unknownFieldInADoubleQuotedScalarSuggestsWithThePrefix() throws {
        let diagnostics = LanguageFixture.checkWhere(in: campaign(where: "\"contact.frist_name == \\\"Bo\\\"\""))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.placeAndID == "4:9 unknown-field")
        #expect(diagnostic.primaryText == "contact.frist_name")
        #expect(diagnostic.help == ["did you mean 'contact.first_name'?"])
    }

    @Test func enumerationLiteralOutsideTheValues() throws {
        let diagnostics = LanguageFixture.checkWhere(in: campaign(where: "status == \"activ\""))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.placeAndID == "4:18 unknown-enum-value")
        #expect(diagnostic.primaryText == "\"activ\"")
        #expect(diagnostic.message.text == "\"activ\" is not one of the values of 'status'")
        #expect(diagnostic.help == ["did you mean \"active\"?"])
        #expect(diagnostic.notes.first?.message == "'status' is one of: \"prospect\", \"active\", \"discharged\", \"lapsed\"")
    }

    @Test func enumerationValuesInAListLiteralAreCheckedOneByOne() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("status in [\"active\", \"dischargd\"]")
        #expect(diagnostics.map(\.placeAndID) == ["1:22 unknown-enum-value"])
        #expect(diagnostics.first?.help == ["did you mean \"discharged\"?"])
    }

    /// The values of an enumeration come with its field wherever the field stands, also as an
    /// element of a list literal.
    @Test func enumerationFieldInAListLiteralChecksTheItem() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("\"activ\" in [status, \"x\"]")
        #expect(diagnostics.map(\.placeAndID) == ["1:1 unknown-enum-value"])
        #expect(diagnostics.first?.help == ["did you mean \"active\"?"])
    }

    @Test func comparingADateWithANumberPointsAtTheLiteral() throws {
        let diagnostics = LanguageFixture.checkWhere(in: campaign(where: "first_visit == 3"))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.placeAndID == "4:23 type-mismatch")
        #expect(diagnostic.message.text == "cannot compare 'first_visit' (a date) with 3 (a number)")
        #expect(diagnostic.secondary.first?.span.text == "first_visit")
    }

    @Test(
        "types that compare",
        arguments: [
            "nps > 2.5", "balance == 3", "email == \"bo@example.com\"", "status == \"active\"", "first_visit < today",
            "last_login >= 2026-01-01", "first_name == last_name", "timezone == \"America/Chicago\"", "subscribed != false",
            "tags == [\"a\", \"b\"]", "status == first_name", "\"runner\" in tags", "status in [\"active\", \"lapsed\"]",
            "first_name contains \"o\"", "tags contains \"runner\"", "email contains \"@gmail\"", "nps in [1, 2.5]",
            "not (nps > 3 or subscribed)", "last_name is empty", "contact.subscribed",
        ])
    func compatible(condition: String) {
        let (expression, diagnostics) = LanguageFixture.checkCondition(condition)
        #expect(expression != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
    }

    @Test(
        "type errors",
        arguments: [
            ("first_visit == \"2026-03-01\"", "1:16 type-mismatch", "write the date without quotes: 2026-03-01"),
            ("nps == \"3\"", "1:8 type-mismatch", "write the number without quotes: 3"),
            ("subscribed == \"true\"", "1:15 type-mismatch", "write true without quotes"),
            ("tags == \"runner\"", "1:9 type-mismatch", "to test whether the list holds an item, write 'tags contains \"runner\"'"),
            ("first_name > 3", "1:14 type-mismatch", nil),
            ("nps contains 3", "1:1 invalid-contains", nil),
            ("first_visit contains \"2026\"", "1:1 invalid-contains", nil),
            ("tags contains 3", "1:15 type-mismatch", "put the text to look for in quotes"),
            ("\"run\" in first_name", "1:10 invalid-in", "to test for a part of the text, write 'first_name contains \"run\"'"),
            ("nps in 3", "1:8 invalid-in", "write a list in brackets: [\"a\", \"b\"]"),
            ("nps in tags", "1:1 type-mismatch", nil),
            ("subscribed < true", "1:12 invalid-ordering", "compare true or false values with '==' or '!='"),
            ("tags >= [\"a\"]", "1:6 invalid-ordering", "to test whether a list holds an item, write 'list contains \"item\"'"),
            ("\"x\" is empty", "1:1 invalid-empty-check", nil),
            ("first_name", "1:1 not-a-condition", "to test whether 'first_name' has a value, write 'first_name is not empty'"),
            ("not nps", "1:5 not-a-condition", "to test whether 'nps' has a value, write 'nps is not empty'"),
            ("subscribed and 3", "1:16 not-a-condition", nil),
        ] as [(String, String, String?)])
    func typeErrors(condition: String, expected: String, help: String?) throws {
        let (_, diagnostics) = LanguageFixture.checkCondition(condition)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == [expected])
        if let help { #expect(diagnostic.help == [help]) }
    }

    @Test func containsOnANumberSaysWhatItNeeds() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("nps contains 3")
        #expect(diagnostics.first?.message.text == "'contains' needs a list or text on its left, found 'nps' (a whole number)")
    }

    @Test func emptyTestOnARequiredFieldIsAWarning() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("first_name is empty or email is not empty")
        #expect(diagnostics.map(\.placeAndID) == ["1:12 redundant-empty-check", "1:30 redundant-empty-check"])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(
            diagnostics.map(\.message.text) == [
                "'first_name' is required, so 'is empty' is always false",
                "'email' is required, so 'is not empty' is always true",
            ])
        #expect(diagnostics.first?.primaryText == "is empty")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let (_, diagnostics) = LanguageFixture.checkCondition("frist_name == \"a\" and (nps contains 3 or status == \"activ\")")
        #expect(diagnostics.map(\.id) == ["unknown-field", "invalid-contains", "unknown-enum-value"])
    }

    @Test func builtinsAreKnownOnlyWhereTheyAreGiven() {
        let map = ScalarTextMap(file: SourceFile(path: "t", text: "send_date > today"))
        var bag = DiagnosticBag()
        let expression = ExpressionParser().parse(map, diagnostics: &bag)
        if let expression {
            ExpressionChecker(environment: LanguageFixture.patients).check(expression, in: map, diagnostics: &bag)
            ExpressionChecker(environment: LanguageFixture.patients, builtins: ["send_date": .date])
                .check(expression, in: map, diagnostics: &bag)
        }
        #expect(bag.diagnostics.map(\.id) == ["unknown-field"])
    }
}
