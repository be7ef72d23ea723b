import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Template checker")
struct TemplateCheckerTests {
    @Test func unknownMergeFieldInALiteralBodyIsReportedLikeTheStyleGuideShows() throws {
        let yaml = """
            campaign: after-care
            title: After care
            audience: patients
            kind: care
            steps:
              - id: thanks
                subject: Thank you
                a: 1
                b: 2
                c: 3
                d: 4
                e: 5
                body: |
                  Hi {{ frist_name }}, thank you for choosing us.
                send: 3 days after discharge_date at 10:00
            """
        let file = SourceFile(path: "campaigns/after-care.yaml", text: yaml)
        let map = try #require(LanguageFixture.scalar("body", in: file))
        let diagnostic = try #require(LanguageFixture.checkTemplate(map).diagnostics.first)
        #expect(diagnostic.path == "campaigns/after-care.yaml")
        #expect(diagnostic.placeAndID == "14:13 unknown-merge-field")
        #expect(diagnostic.message.text == "unknown merge field 'frist_name'")
        #expect(diagnostic.primary?.label == "not a field of list 'patients'")
        #expect(diagnostic.primaryText == "frist_name")
        #expect(diagnostic.help == ["did you mean 'first_name'?"])
    }

    @Test func conditionsInASubjectAreCheckedAtTheirPlace() throws {
        let file = SourceFile(path: "campaigns/x.yaml", text: "subject: \"{% if statu == 'active' %}Welcome{% endif %}\"\n")
        let map = try #require(LanguageFixture.scalar("subject", in: file))
        let diagnostics = LanguageFixture.checkTemplate(map).diagnostics
        #expect(diagnostics.map(\.placeAndID) == ["1:17 unknown-field"])
        #expect(diagnostics.first?.help == ["did you mean 'status'?"])
    }

    @Test(
        "problems",
        arguments: [
            ("{{ first_name | upcse }}", "1:17 unknown-filter", "did you mean 'upcase'?"),
            ("{{ first_name | titlecase }}", "1:17 unknown-filter", nil),
            ("{{ nps | date: \"%B\" }}", "1:10 filter-type-mismatch", nil),
            ("{{ first_name | join: \", \" }}", "1:17 filter-type-mismatch", nil),
            ("{{ first_visit | date: \"%B\" | join }}", "1:31 filter-type-mismatch", nil),
            ("{{ first_name | upcase: \"x\" }}", "1:17 filter-argument-count", "write 'upcase'"),
            ("{{ first_visit | date }}", "1:18 filter-argument-count", "write 'date: \"%B %-d\"'"),
            ("{{ last_name | default: \"a\", \"b\" }}", "1:16 filter-argument-count", "write 'default: \"there\"'"),
            ("{{ tags | join: \", \", \" and \" }}", "1:11 filter-argument-count", nil),
            ("{{ first_visit | date: first_name }}", "1:24 filter-argument-type", nil),
            ("{{ tags | join: 3 }}", "1:17 filter-argument-type", nil),
            ("{{ first_visit | date: \"%A, %Q %-d\" }}", "1:29 invalid-date-format", nil),
            ("{{ first_visit | date: \"%-B\" }}", "1:25 invalid-date-format", nil),
            ("{{ last_name | default: nick_name }}", "1:25 unknown-merge-field", nil),
            ("{{ contact.emial }}", "1:4 unknown-merge-field", "did you mean 'contact.email'?"),
            ("{{ practice.nmae }}", "1:4 unknown-merge-field", "did you mean 'practice.name'?"),
            ("{% if nps contains 3 %}x{% endif %}", "1:7 invalid-contains", nil),
            ("{% if first_name %}x{% endif %}", "1:7 not-a-condition", nil),
        ] as [(String, String, String?)])
    func problems(text: String, expected: String, help: String?) throws {
        let diagnostics = LanguageFixture.checkTemplate(text).diagnostics
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.map(\.placeAndID) == [expected])
        if let help { #expect(diagnostic.help == [help]) }
    }

    @Test func filterOnTheWrongTypeSaysWhatTheValueIs() throws {
        let diagnostic = try #require(LanguageFixture.checkTemplate("{{ nps | date: \"%B\" }}").diagnostics.first)
        #expect(diagnostic.message.text == "'date' applies to a date, but 'nps' is a whole number")
        #expect(diagnostic.secondary.first?.span.text == "nps")
        let chained = try #require(LanguageFixture.checkTemplate("{{ first_name | upcase | join }}").diagnostics.first)
        #expect(chained.message.text == "'join' applies to a list, but the result of 'upcase' is text")
    }

    @Test func dateFormatProblemsPointInsideTheFormat() throws {
        let diagnostic = try #require(LanguageFixture.checkTemplate("{{ send_date | date: \"%A, %Q\" }}").diagnostics.first)
        #expect(diagnostic.primaryText == "%Q")
        #expect(diagnostic.message.text == "'%Q' is not a date format directive")
    }

    @Test func contactTokenNeedsASecret() throws {
        let text = "Unsubscribe: https://lincolnpt.example/u?c={{ contact.token }}"
        let diagnostic = try #require(LanguageFixture.checkTemplate(text, hasSecret: false).diagnostics.first)
        #expect(diagnostic.placeAndID == "1:47 missing-secret")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.help.first?.contains("TOUCHPOINT_SECRET") == true)
        #expect(diagnostic.help.first?.contains(".touchpoint-secret") == true)
        #expect(LanguageFixture.checkTemplate(text, hasSecret: true).diagnostics.isEmpty)
    }

    @Test func builtinsAreKnown() {
        let text = """
            {{ practice.name }}, {{ practice.address }}: {{ campaign.title | upcase }} on {{ send_date | date: "%B %-d" }}.
            {{ unsubscribe_url }} {% if send_date > today and campaign.title contains "welcome" %}x{% endif %}
            """
        #expect(LanguageFixture.checkTemplate(text).diagnostics.isEmpty)
    }

    @Test func aBuiltinThatHidesAFieldIsAWarning() {
        let environment = FieldEnvironment(listName: "patients", fields: [.init(name: "send_date", type: .date)])
        let map = ScalarTextMap(file: SourceFile(path: "b.md", text: "{{ send_date }} {{ contact.send_date }}"))
        var bag = DiagnosticBag()
        let template = TemplateParser().parse(map, diagnostics: &bag)
        TemplateChecker(environment: environment, hasSecret: true).check(template, in: map, diagnostics: &bag)
        #expect(bag.diagnostics.map(\.placeAndID) == ["1:4 shadowed-field"])
        #expect(bag.diagnostics.first?.severity == .warning)
    }

    @Test func validTemplatesHaveNoDiagnostics() {
        let text = """
            Hi {{ first_name | default: "there" | capitalize }},
            {% comment %}{{ not checked }}{% endcomment %}
            We look forward to seeing you on **{{ first_visit | date: "%A, %B %-d" }}**.
            {% if "runner" in tags %}Bring your running shoes!{% elsif status == "lapsed" %}We miss you.{% endif %}
            {{ tags | join }} {{ tags | join: " / " }} {{ last_login | date: "%-I:%M %p" }} {{ nps | default: 0 }}
            """
        #expect(LanguageFixture.checkTemplate(text).diagnostics.isEmpty)
    }
}
