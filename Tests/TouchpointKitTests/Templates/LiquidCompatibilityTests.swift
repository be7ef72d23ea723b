import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Where a template keeps Liquid's syntax it keeps Liquid's meaning: each case states the output
/// Liquid gives for the same template, or the diagnostic that refuses it.
@Suite("Liquid compatibility")
struct LiquidCompatibilityTests {
    private let contact: [String: Value] = [
        "first_name": .string("Bo"),
        "status": .string("active"),
        "tags": .list(["runner", "knee"]),
        "nps": .integer(9),
        "balance": .number(WrittenNumber(5, text: "5.0")),
        "subscribed": .boolean(false),
    ]

    private func render(_ text: String, contact: [String: Value]? = nil) throws -> String {
        try #require(LanguageFixture.render(text, contact: contact ?? self.contact)).text
    }

    @Test(
        "filters as Liquid applies them",
        arguments: [
            // `join` without a separator joins with one space.
            ("{{ tags | join }}", "runner knee"),
            ("{{ tags | join: \", \" }}", "runner, knee"),
            // `default` takes over from nil, false and empty.
            ("{{ subscribed | default: \"bar\" }}", "bar"),
            ("{{ phone | default: \"bar\" }}", "bar"),
            ("{{ last_name | default: \"bar\" }}", "bar"),
            ("{{ status | default: \"bar\" }}", "active"),
            // Whole decimal numbers keep their '.0'.
            ("{{ balance }}", "5.0"),
            ("{{ phone | default: 5.0 }}", "5.0"),
            ("{{ phone | default: 2.50 }}", "2.5"),
            ("{{ phone | default: 7 }}", "7"),
        ])
    func filters(template: String, expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test func trueIsNotReplacedByDefault() throws {
        var contact = self.contact
        contact["subscribed"] = .boolean(true)
        #expect(try render("{{ subscribed | default: \"bar\" }}", contact: contact) == "true")
    }

    @Test(
        "whitespace control",
        arguments: [
            ("a  {{- first_name -}}  b", "aBob"),
            ("a  {{ first_name -}}  b", "a  Bob"),
            ("a  {{- first_name }}  b", "aBo  b"),
            ("a \n\t{{- first_name }}", "aBo"),
            ("{% if nps > 5 -%}\n  yes\n{%- endif %}!", "yes!"),
            ("a\n{%- if nps > 5 %} b {% endif -%}\n c", "a b c"),
            ("a\n{% if nps > 5 %} b {% endif %}\n c", "a\n b \n c"),
            ("{% if nps > 9 %}x{% else -%}\n  y\n{%- endif %}", "y"),
            ("a {%- comment %} x {% endcomment -%} b", "ab"),
            ("a {%- comment -%} x {%- endcomment %} b", "a b"),
            // Only the text right next to the tag: not across another tag.
            ("a {% if nps > 5 %}{% endif %}{%- if nps > 5 %}b{% endif %}", "a b"),
        ])
    func whitespaceControl(template: String, expected: String) throws {
        #expect(try render(template) == expected)
    }

    /// The example in the language reference.
    @Test func aConditionalListItemWithoutEmptyLines() throws {
        let template = """
            * Arrive ten minutes early.
            {% if "runner" in tags -%}
            * Bring the running shoes you train in.
            {% endif -%}
            * Bring comfortable clothes.
            """
        #expect(
            try render(template)
                == "* Arrive ten minutes early.\n* Bring the running shoes you train in.\n* Bring comfortable clothes.")
        var contact = self.contact
        contact["tags"] = .list(["knee"])
        #expect(try render(template, contact: contact) == "* Arrive ten minutes early.\n* Bring comfortable clothes.")
    }

    @Test(
        "blocks that hold only white space write nothing",
        arguments: [
            ("a{% if nps > 5 %}  \n  {% endif %}b", "ab"),
            ("a{% if nps > 9 %}x{% else %}  {% endif %}b", "a  b"),
            ("a{% if nps > 9 %} {% else %}  {% endif %}b", "ab"),
            ("a{% if nps > 5 %} {% if nps > 6 %} \n {% endif %} {% endif %}b", "ab"),
            ("a{% if nps > 5 %} {% comment %}note{% endcomment %} {% endif %}b", "ab"),
            ("a{% if nps > 5 %} {{ first_name }} {% endif %}b", "a Bo b"),
            ("a{% if nps > 5 %} {% if nps > 6 %}x{% endif %} {% endif %}b", "a x b"),
            // The template itself is not a block: its white space stays.
            ("  ", "  "),
        ])
    func blankBlocks(template: String, expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test(
        "comments nest",
        arguments: [
            ("a{% comment %}x{% comment %}y{% endcomment %}z{% endcomment %}b", "ab"),
            ("a{% comment %}{% if %}{% comment %}{% endcomment %}{% endif %}{% endcomment %}b", "ab"),
            ("a{%- comment %}{%- comment -%}{% endcomment %}{% endcomment -%} b", "ab"),
        ])
    func nestedComments(template: String, expected: String) throws {
        #expect(try render(template) == expected)
    }

    @Test func aNestedCommentLeftOpenLeavesTheOuterOneOpen() {
        let (_, diagnostics) = LanguageFixture.checkTemplate("a{% comment %}{% comment %}{% endcomment %}b")
        #expect(diagnostics.map(\.placeAndID) == ["1:2 unclosed-block"])
        #expect(diagnostics.first?.help == ["add '{% endcomment %}' where the comment ends"])
    }

    @Test func aNumberFromACSVCellShowsAsWritten() throws {
        let field = ContactField(
            name: "balance", type: .number, span: SourceSpan(file: SourceFile(path: "schema.yaml", text: "balance"), range: 0..<7))
        for written in ["5.0", "12.50", "3", "-0.5", "1e3"] {
            let value = try FieldValueParser.parse(ArraySlice(written.utf8), as: field).get()
            #expect(value.text == written)
            #expect(value.expressionValue.text == written)
        }
        let five = try FieldValueParser.parse(ArraySlice("5.0".utf8), as: field).get()
        let plainFive = try FieldValueParser.parse(ArraySlice("5".utf8), as: field).get()
        #expect(five == plainFive, "numbers compare by value")
    }

    @Test(
        "a number written in a template shows as Liquid shows it",
        arguments: [(5.0, "5.0"), (2.5, "2.5"), (0.1, "0.1"), (1e16, "1.0e+16"), (0.00001, "1.0e-05"), (-3.0, "-3.0")])
    func literalNumbers(value: Double, expected: String) {
        #expect(WrittenNumber(literal: value).text == expected)
    }

    // MARK: and / or

    @Test func mixingAndAndOrIsRefusedWithBothReadings() throws {
        let (expression, diagnostics) = LanguageFixture.checkCondition("true and false and false or true")
        #expect(expression == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == ["1:26 mixed-and-or"])
        #expect(diagnostic.primaryText == "or")
        #expect(diagnostic.message.text == "'and' and 'or' mixed without parentheses")
        #expect(
            diagnostic.notes.map(\.message) == [
                "Liquid reads it from the right: 'true and false and (false or true)'",
                "most languages read 'and' first: '(true and false and false) or true'",
            ])
        #expect(
            diagnostic.help == [
                "write '(true and false and false) or true' or 'true and false and (false or true)', whichever you mean"
            ])
    }

    @Test func readingsThatAgreeAreStillWrittenOut() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("nps > 8 or nps < 3 and first_visit is not empty")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == ["1:20 mixed-and-or"])
        #expect(
            diagnostic.notes.map(\.message) == [
                "Liquid and most languages both read it as 'nps > 8 or (nps < 3 and first_visit is not empty)'"
            ])
        #expect(diagnostic.help == ["write 'nps > 8 or (nps < 3 and first_visit is not empty)'"])
    }

    @Test func parenthesesKeepTheirPlaceInTheReadings() throws {
        let (_, diagnostics) = LanguageFixture.checkCondition("(nps > 8 or nps < 3) and status == \"active\" or not subscribed")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == ["1:45 mixed-and-or"])
        #expect(
            diagnostic.help == [
                "write '((nps > 8 or nps < 3) and status == \"active\") or not subscribed' or "
                    + "'(nps > 8 or nps < 3) and (status == \"active\" or not subscribed)', whichever you mean"
            ])
    }

    @Test(
        "parenthesized or unmixed conditions are accepted",
        arguments: [
            "(nps > 8 or nps < 3) and status == \"active\"",
            "nps > 8 or (nps < 3 and status == \"active\")",
            "nps > 8 and nps < 10 and status == \"active\"",
            "nps > 8 or nps < 3 or status == \"active\"",
            "not (nps > 8 and nps < 10) or subscribed",
        ])
    func unmixed(condition: String) {
        let (expression, diagnostics) = LanguageFixture.checkCondition(condition)
        #expect(expression != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.placeAndID))")
    }

    @Test func anIfTagRefusesTheMixToo() {
        let (_, diagnostics) = LanguageFixture.checkTemplate("Hi{% if nps > 8 and nps < 10 or subscribed %} there{% endif %}")
        #expect(diagnostics.map(\.placeAndID) == ["1:30 mixed-and-or"])
    }
}
