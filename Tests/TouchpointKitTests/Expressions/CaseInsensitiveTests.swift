import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd

/// `case: insensitive` (docs/language.md): comparisons with such a field fold both sides to lower
/// case; every other comparison stays exact.
@Suite struct CaseInsensitiveTests {
    private let contact: [String: Value] = [
        "tags": .list(["Runner", "Post-Op"]),
        "first_name": .string("Maria"),
        "city": .string("Lincoln"),
        "email": .string("Maria@Mail.example"),
    ]
    /// The fields marked `case: insensitive`.
    private let folded: Set<String> = ["tags", "first_name", "email"]

    private func evaluate(_ text: String) throws -> Bool {
        let map = ScalarTextMap(file: SourceFile(path: "t", text: text))
        var bag = DiagnosticBag()
        let expression = try #require(ExpressionParser().parse(map, diagnostics: &bag))
        return ExpressionEvaluator(today: LanguageFixture.date("2026-03-01")).evaluate(
            expression, contact: { contact[$0] }, foldsCase: { $0.contactField.map(folded.contains) ?? false })
    }

    @Test(arguments: [
        "\"runner\" in tags", "\"RUNNER\" in tags", "tags contains \"post-op\"", "first_name == \"MARIA\"",
        "\"maria\" == first_name", "first_name != \"Ana\"", "first_name in [\"maria\", \"ana\"]",
        "email contains \"@mail.EXAMPLE\"", "contact.first_name == \"maria\"",
    ])
    func holdsInAnyCase(_ condition: String) throws {
        #expect(try evaluate(condition))
    }

    @Test(arguments: [
        "city == \"lincoln\"", "first_name != \"maria\"", "\"swimmer\" in tags", "first_name in [\"ana\"]",
        "tags contains \"post\"",
    ])
    func failsOtherwise(_ condition: String) throws {
        #expect(try !evaluate(condition))
    }

    @Test func withoutTheOptionCaseMatters() throws {
        let map = ScalarTextMap(file: SourceFile(path: "t", text: "\"runner\" in tags"))
        var bag = DiagnosticBag()
        let expression = try #require(ExpressionParser().parse(map, diagnostics: &bag))
        #expect(!ExpressionEvaluator(today: LanguageFixture.date("2026-03-01")).evaluate(expression) { contact[$0] })
    }

    @Test func orderingIsNotFolded() throws {
        // 'a' sorts after 'M' by character; folding applies to equality, 'in' and 'contains' only.
        #expect(try evaluate("first_name < \"a\""))
    }
}
