import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Template renderer")
struct TemplateRendererTests {
    private let contact: [String: Value] = [
        "first_name": .string("<b>*Bo*</b>"),
        "last_name": .string(""),
        "status": .string("active"),
        "first_visit": .date(LanguageFixture.date("2026-03-05")),
        "last_login": .datetime(LanguageFixture.date("2026-02-01"), LanguageFixture.time(13, 7)),
        "tags": .list(["runner", "knee"]),
        "nps": .integer(9),
        "balance": .number(WrittenNumber(12.5, text: "12.50")),
    ]

    private func render(_ text: String) throws -> TemplateOutput {
        try #require(LanguageFixture.render(text, contact: contact))
    }

    @Test func mergedValuesArePiecesOfTheirOwn() throws {
        let output = try render("Hi {{ first_name }}, see you **soon**.")
        #expect(output.pieces == [.source("Hi "), .value("<b>*Bo*</b>"), .source(", see you **soon**.")])
        #expect(output.text == "Hi <b>*Bo*</b>, see you **soon**.")
    }

    @Test(
        "filters",
        arguments: [
            ("{{ last_name | default: \"there\" }}", "there"),
            ("{{ phone | default: \"none\" }}", "none"),
            ("{{ status | default: \"none\" }}", "active"),
            ("{{ phone | default: status }}", "active"),
            ("{{ phone | upcase | default: \"x\" }}", "x"),
            ("{{ status | upcase }}", "ACTIVE"),
            ("{{ \"HeLLo\" | downcase }}", "hello"),
            ("{{ \"hELLO wORLD\" | capitalize }}", "Hello world"),
            ("{{ first_visit | date: \"%A, %B %-d\" }}", "Thursday, March 5"),
            ("{{ first_visit | date: \"%b %e, %Y\" | upcase }}", "MAR  5, 2026"),
            ("{{ last_login | date: \"%-I:%M %p on %a\" }}", "1:07 PM on Sun"),
            ("{{ first_visit }}", "2026-03-05"),
            ("{{ tags | join }}", "runner knee"),
            ("{{ tags | join: \" / \" }}", "runner / knee"),
            ("{{ tags }}", "runner, knee"),
            ("{{ nps }} {{ balance }}", "9 12.50"),
            ("{{ phone }}", ""),
            ("{{ practice.name }} | {{ campaign.title }}", "Lincoln Physical Therapy | New patient welcome"),
            ("{{ send_date | date: \"%B %-d\" }} {{ unsubscribe_url }}", "March 5 https://lincolnpt.example/u?c=tok"),
            ("{{ contact.token }}", "tok"),
        ])
    func filters(template: String, expected: String) throws {
        #expect(try render(template).text == expected)
    }

    @Test(
        "conditionals take the first branch that holds",
        arguments: [
            ("{% if \"runner\" in tags %}shoes{% endif %}", "shoes"),
            ("{% if \"swimmer\" in tags %}goggles{% endif %}", ""),
            ("{% if nps > 9 %}a{% elsif nps > 8 %}b{% elsif nps > 7 %}c{% else %}d{% endif %}", "b"),
            ("{% if nps > 9 %}a{% else %}d{% endif %}", "d"),
            ("{% if phone is empty %}no phone{% endif %}", "no phone"),
            ("{% if send_date > today %}later{% endif %}", "later"),
            ("a{% if status == \"active\" %}{% if nps >= 9 %}{{ first_name | upcase }}{% endif %}{% endif %}b", "a<B>*BO*</B>b"),
            ("a{% comment %}hidden {{ first_name }}{% endcomment %}b", "ab"),
        ])
    func conditionals(template: String, expected: String) throws {
        #expect(try render(template).text == expected)
    }

    @Test func adjacentSourcePiecesAreJoined() throws {
        let output = try render("a{% if nps > 1 %}b{% endif %}c{{ status }}")
        #expect(output.pieces == [.source("abc"), .value("active")])
    }

    @Test func renderingNeverFailsOnTemplatesWithErrors() {
        var bag = DiagnosticBag()
        let map = ScalarTextMap(
            file: SourceFile(path: "b", text: "{{ nps | date: 3 | bogus }}{% if %}x{% else %}y{% endif %}{{ nps | join }}"))
        let template = TemplateParser().parse(map, diagnostics: &bag)
        let output = TemplateRenderer().render(template, context: LanguageFixture.context) { contact[$0] }
        #expect(output.text == "9y9")
    }

    /// A reference names a built-in exactly when its dotted name is the built-in's name.
    @Test func builtinsAreFoundPartByPart() {
        let parts = [
            "practice", "name", "address", "campaign", "title", "contact", "token", "unsubscribe_url",
            "send_date", "practice.name", "contact.token", "", "Practice", "first_name", "e\u{301}",
        ]
        var paths: [[String]] = [[]] + parts.map { [$0] }
        for first in parts {
            for second in parts { paths.append([first, second]) }
        }
        paths += [["practice", "name", "x"], ["contact", "token", ""], ["", "practice", "name"]]
        for path in paths {
            let reference = FieldReference(path: path)
            #expect(TemplateBuiltin(reference) == TemplateBuiltin(rawValue: path.joined(separator: ".")), "\(path)")
        }
    }

    /// Pieces of the same kind next to each other become one, empty pieces are left out, and
    /// appending to the last piece never changes an earlier output it was copied from.
    @Test func outputJoinsNeighboursOfTheSameKind() {
        var random = SeededGenerator(seed: 13)
        for _ in 0..<2_000 {
            let pieces: [TemplateOutput.Piece] = (0..<Int.random(in: 0...8, using: &random)).map { _ in
                let text = ["", "a", "é", "{{", " ", "\n", "😀"].randomElement(using: &random) ?? ""
                return Bool.random(using: &random) ? .source(text) : .value(text)
            }
            var expected: [TemplateOutput.Piece] = []
            for piece in pieces {
                switch (expected.last, piece) {
                case (_, .source("")), (_, .value("")): continue
                case (.source(let last)?, .source(let text)): expected[expected.count - 1] = .source(last + text)
                case (.value(let last)?, .value(let text)): expected[expected.count - 1] = .value(last + text)
                default: expected.append(piece)
                }
            }
            let output = TemplateOutput(pieces: pieces)
            let copy = output
            var extended = output
            extended.append(.source("x"))
            extended.append(.value("y"))
            #expect(output.pieces == expected)
            #expect(copy.pieces == expected)
        }
    }
}
