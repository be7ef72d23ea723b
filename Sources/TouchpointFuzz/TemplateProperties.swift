import Foundation
import TouchpointKit

/// Templates, for any text and any contact values: parsing, checking and rendering never crash,
/// and every diagnostic lies inside the template. A template that checks is then sent as a step's
/// body (`body_file:`) to one contact whose values are the input's, each ending in
/// ``canary``, an HTML element: the HTML part of the message never holds the canary unescaped,
/// whatever text, Markdown or (with `allow_html`) raw HTML sits around the merged values.
///
/// The input's parts, between NUL bytes: the template, then the values of `first_name`,
/// `last_name`, `note`, `tags` (`;` between items) and `city`. `allow_html` is on when the input
/// has an even number of parts.
public enum TemplateProperties {
    static let canary = "<fuzz-canary>"
    static let fields = ["first_name", "last_name", "note", "tags", "city"]

    static let environment = FieldEnvironment(
        listName: "patients",
        fields: [
            .init(name: "id", type: .string, required: true), .init(name: "email", type: .email, required: true),
            .init(name: "first_name", type: .string), .init(name: "last_name", type: .string),
            .init(name: "note", type: .string), .init(name: "tags", type: .list), .init(name: "city", type: .string),
        ])

    static let context = TemplateContext(
        practiceName: "Prairie Motion", practiceAddress: "1 Main Street", campaignTitle: "Fuzz",
        unsubscribeURL: "https://clinic.example/u?c=tok", sendDate: ExpressionProperties.today,
        today: ExpressionProperties.today, contactToken: "tok")

    static func problems(_ input: [UInt8]) -> [String] {
        let parts = FuzzInput(input)
        let template = parts[0, or: ""].replacingOccurrences(of: "fuzz-canary", with: "")
        let values = fields.indices.map { parts[$0 + 1, or: ""] + canary }
        let allowHTML = parts.parts.count % 2 == 0

        let file = SourceFile(path: "campaigns/templates/body.md", text: template)
        let map = ScalarTextMap(file: file)
        var diagnostics = DiagnosticBag()
        let parsed = TemplateParser().parse(map, diagnostics: &diagnostics)
        TemplateChecker(environment: environment, hasSecret: true).check(parsed, in: map, diagnostics: &diagnostics)
        let problems = SpanAudit.problems(in: diagnostics.diagnostics, files: [file])
        guard !diagnostics.hasErrors else { return problems }
        let contact = Dictionary(
            uniqueKeysWithValues: zip(fields, values).map { name, value in
                (name, name == "tags" ? Value.list(value.components(separatedBy: ";")) : Value.string(value))
            })
        _ = TemplateRenderer().render(parsed, context: context) { contact[$0] }

        let archive = practice(template: template, values: values, allowHTML: allowHTML)
        let run = PracticeProperties.run(archive)
        return problems + run.problems + unescaped(run.html)
    }

    /// The problem with each HTML part that holds ``canary`` as it is, unescaped.
    static func unescaped(_ html: [String]) -> [String] {
        html.filter { $0.contains(canary) }.map { _ in "a merged value's '\(canary)' is unescaped in the HTML part" }
    }

    /// The practice that sends `template` to one contact with `values`.
    static func practice(template: String, values: [String], allowHTML: Bool) -> PracticeArchive {
        let header = ["id", "email"] + fields
        let row = ["p1", "pat@mail.example"] + values
        let csv = CSVProperties.write([header, row].map { $0.map { Array($0.utf8) } }, delimiter: UInt8(ascii: ","))
        let files: [String: String] = [
            "touchpoint.yaml": """
            practice:
              name: Prairie Motion
              from: "Prairie Motion <care@clinic.example>"
              address: "1 Main Street, Lincoln, NE 68508"
              timezone: America/Chicago
            allow_html: \(allowHTML)
            unsubscribe:
              url: "https://clinic.example/u?c={{ contact.token }}"
              mailto: unsubscribe@clinic.example

            """,
            ".touchpoint-secret": "fuzz-secret\n",
            "contacts/patients.schema.yaml": """
            key: id
            email: email
            name: "{{ first_name }} {{ last_name }}"
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }
              first_name: string
              last_name: string
              note: string
              tags: { type: list, separator: ";" }
              city: string

            """,
            "campaigns/fuzz.yaml": """
            campaign: fuzz
            title: Fuzz
            audience: patients
            kind: care
            steps:
              - id: only
                send: on 2026-12-01 at 09:00
                subject: "Hello {{ first_name }}"
                body_file: templates/body.md

            """,
            "campaigns/templates/body.md": template,
        ]
        var bytes = files.mapValues { Array($0.utf8) }
        bytes["contacts/patients.csv"] = csv
        return PracticeArchive(files: bytes, asOf: "2026-11-30")
    }
}
