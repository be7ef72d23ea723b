import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Template parser")
struct TemplateParserTests {
    private func parse(_ text: String) -> (Template, [Diagnostic]) {
        var bag = DiagnosticBag()
        let template = TemplateParser().parse(ScalarTextMap(file: SourceFile(path: "body.md", text: text)), diagnostics: &bag)
        return (template, bag.diagnostics)
    }

    /// A compact rendering of the tree: text in quotes, tags in braces.
    private func outline(_ nodes: [Template.Node]) -> String {
        nodes.map { node in
            switch node {
            case .text(let text, _): return "'\(text)'"
            case .comment: return "#"
            case .mergeTag(let tag):
                let filters = tag.filters.map {
                    " | \($0.name)" + ($0.arguments.isEmpty ? "" : ": " + $0.arguments.map(\.description).joined(separator: ", "))
                }
                return "{\(tag.value)\(filters.joined())}"
            case .conditional(let block):
                let branches = block.branches.map { "if \($0.condition?.description ?? "?"): \(outline($0.body))" }
                let elsePart = block.elseBody.map { " else: \(outline($0))" } ?? ""
                return "[" + branches.joined(separator: " ") + elsePart + "]"
            }
        }.joined(separator: " ")
    }

    @Test func textMergeTagsConditionalsAndComments() {
        let (template, diagnostics) = parse(
            """
            Hi {{ first_name | default: "there" }},{% comment %} {{ ignored }} {% endcomment %}
            {% if "runner" in tags %}Shoes!{% elsif nps > 8 %}Thanks{% else %}Bye{% endif %}
            """)
        #expect(diagnostics.isEmpty)
        #expect(
            outline(template.nodes) == """
                'Hi ' {first_name | default: "there"} ',' # '
                ' [if (in "runner" tags): 'Shoes!' if (> nps 8): 'Thanks' else: 'Bye']
                """)
    }

    @Test func rangesAreByteOffsetsOfTheTemplate() throws {
        let (template, _) = parse("Olá {{ contact.first_name | date: \"%B\", x }}")
        guard case .mergeTag(let tag) = template.nodes[1] else {
            Issue.record("expected a merge tag")
            return
        }
        #expect(tag.range == 5..<45)
        #expect(tag.value.range == 8..<26)
        let filter = try #require(tag.filters.first)
        #expect(filter.nameRange == 29..<33)
        #expect(filter.range == 29..<42)
        #expect(filter.arguments.map(\.range) == [35..<39, 41..<42])
    }

    @Test func closersInsideQuotedArgumentsDoNotEndTheTag() {
        let (template, diagnostics) = parse("{{ x | default: \"}} and %}\" }}{% if first_name == \"%}\" %}a{% endif %}")
        #expect(diagnostics.isEmpty)
        #expect(outline(template.nodes) == "{x | default: \"}} and %}\"} [if (== first_name \"%}\"): 'a']")
    }

    @Test(
        "syntax problems",
        arguments: [
            ("Hi {{ first_name,\nsee you", "1:4 unclosed-delimiter", "the text ends here without '}}'", "2:8"),
            ("Hi {{ first_name\n{{ last_name }}", "1:4 unclosed-delimiter", "a new tag starts here before '}}'", "2:1"),
            ("{% if nps > 3 \nyes", "1:1 unclosed-delimiter", "the text ends here without '%}'", "2:4"),
            ("a\n  {% if nps > 3 %}yes\nno", "2:3 unclosed-block", "the text ends here without '{% endif %}'", "3:3"),
            ("{% comment %}never closed", "1:1 unclosed-block", "the text ends here without '{% endcomment %}'", "1:26"),
            (
                "x {% if subscribed %}a\n{% endcomment %}", "1:3 mismatched-tag",
                "'{% endcomment %}' stands here, where '{% endif %}' was expected", "2:1"
            ),
            ("{% if subscribed %}a{% else %}b{% elsif nps > 1 %}c{% endif %}", "1:32 misplaced-else", "the '{% else %}' is here", "1:21"),
            ("{% if subscribed %}a{% else %}b{% else %}c{% endif %}", "1:32 misplaced-else", "the first '{% else %}' is here", "1:21"),
        ])
    func problemsWithNotes(text: String, expected: String, note: String, noteAt: String) throws {
        let (_, diagnostics) = parse(text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == [expected])
        let first = try #require(diagnostic.notes.first)
        #expect(first.message == note)
        let place = try #require(first.span?.start)
        #expect("\(place.line):\(place.column)" == noteAt)
    }

    @Test(
        "problems",
        arguments: [
            ("a {% endif %}", "1:3 stray-tag", "remove it, or add the '{% if … %}' it should close"),
            ("a {% else %}", "1:3 stray-tag", nil),
            ("{% elsif nps > 3 %}", "1:1 stray-tag", "start the conditional text with '{% if … %}'"),
            ("{% endcomment %}", "1:1 stray-tag", nil),
            ("{% if subscribed %}a{% endfi %}{% endif %}", "1:24 unknown-tag", "did you mean 'endif'?"),
            ("{% if subscribed %}a{% elseif nps %}{% endif %}", "1:24 unknown-tag", "did you mean 'elsif'?"),
            ("{% for tag in tags %}", "1:4 unknown-tag", nil),
            (
                "{% if subscribed %}a{% else if nps > 1 %}b{% endif %}", "1:29 template-syntax",
                "write '{% elsif … %}' for a branch with a condition of its own"
            ),
            ("{% if subscribed %}{% endif x %}", "1:29 template-syntax", "remove the extra text"),
            ("{% if %}a{% endif %}", "1:1 template-syntax", "write a condition after 'if', like '{% if first_visit is not empty %}'"),
            ("{% %}", "1:1 template-syntax", nil),
            ("Hi {{ }}", "1:4 template-syntax", "put a field between the braces, like '{{ first_name }}'"),
            ("Hi {{ first_name | }}", "1:20 template-syntax", nil),
            ("{{ first_visit | date \"%B\" }}", "1:23 template-syntax", "put ':' between a filter and its argument: 'date: …'"),
            ("{{ nps > 3 }}", "1:8 template-syntax", "a condition belongs in '{% if … %}'"),
            ("{{ 42 }}", "1:4 template-syntax", "a condition belongs in '{% if … %}'"),
            ("{{ x | default: [1] }}", "1:17 template-syntax", nil),
            ("{{ first_name | default: \u{201C}there\u{201D} }}", "1:26 unexpected-character", nil),
            ("{% if status = \"active\" %}a{% endif %}", "1:14 unexpected-character", "to compare two values, write '=='"),
            ("{% if nps > %}a{% endif %}", "1:13 expression-syntax", nil),
        ] as [(String, String, String?)])
    func problems(text: String, expected: String, help: String?) throws {
        let (_, diagnostics) = parse(text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == [expected])
        if let help { #expect(diagnostic.help.contains(help), "\(diagnostic.help)") }
    }

    @Test func conditionSyntaxErrorsSayTheTagEnds() throws {
        let (_, diagnostics) = parse("{% if nps > %}a{% endif %}")
        #expect(diagnostics.first?.message.text == "expected a field or a value, found '%}'")
    }

    @Test func nestingBeyondTheLimitIsADiagnostic() throws {
        let (_, diagnostics) = parse(String(repeating: "{% if subscribed %}", count: 10_000))
        #expect(diagnostics.map(\.id) == ["template-too-deep"])
        #expect(diagnostics.first?.location?.column == 64 * 19 + 1)
    }

    @Test func nestingAtTheLimitParses() {
        let text = String(repeating: "{% if subscribed %}", count: 64) + "x" + String(repeating: "{% endif %}", count: 64)
        let (_, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
    }

    @Test func everySyntaxProblemIsReportedAndTheRestStillParses() {
        let (template, diagnostics) = parse("{% endif %} {{ frist_name }} {% bogus %} {{ }} {% if nps > 1 %}x")
        #expect(diagnostics.map(\.id) == ["stray-tag", "unknown-tag", "template-syntax", "unclosed-block"])
        #expect(template.fieldUses.map(\.reference.description) == ["frist_name", "nps"])
    }

    @Test func fieldUsesListEveryFieldWithItsPlace() {
        let (template, _) = parse("{{ first_name | default: nickname }} {% if nps > 8 %}{{ last_name | upcase }}{% endif %}")
        #expect(
            template.fieldUses.map { "\($0.reference):\($0.place):\($0.hasDefault)" } == [
                "first_name:merged:true", "nickname:filterArgument:false", "nps:condition:false", "last_name:merged:false",
            ])
    }
}
