@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The schema of the example practice's `patients` list, as the language checkers see it.
enum LanguageFixture {
    static let patients = FieldEnvironment(
        listName: "patients",
        fields: [
            .init(name: "id", type: .string, required: true),
            .init(name: "first_name", type: .string, required: true),
            .init(name: "last_name", type: .string),
            .init(name: "phone", type: .string),
            .init(name: "email", type: .email, required: true),
            .init(name: "status", type: .enumeration, values: ["prospect", "active", "discharged", "lapsed"]),
            .init(name: "first_visit", type: .date),
            .init(name: "discharge_date", type: .date),
            .init(name: "last_login", type: .datetime),
            .init(name: "tags", type: .list),
            .init(name: "nps", type: .integer),
            .init(name: "balance", type: .number),
            .init(name: "subscribed", type: .boolean),
            .init(name: "timezone", type: .timeZone),
        ])

    /// Parses and checks a condition that is a whole file of its own (columns are offsets + 1).
    static func checkCondition(_ text: String) -> (expression: Expression?, diagnostics: [Diagnostic]) {
        let map = ScalarTextMap(file: SourceFile(path: "where.txt", text: text))
        var bag = DiagnosticBag()
        let expression = ExpressionParser().parse(map, diagnostics: &bag)
        if let expression {
            ExpressionChecker(environment: patients).check(expression, in: map, diagnostics: &bag)
        }
        return (expression, bag.diagnostics)
    }

    /// The scalar under `key` (at any depth) of a YAML file, and its map.
    static func scalar(_ key: String, in file: SourceFile) -> ScalarTextMap? {
        var bag = DiagnosticBag()
        guard let root = YAMLComposer().compose(file, diagnostics: &bag) else { return nil }
        return find(key, in: root).flatMap { ScalarTextMap($0) }
    }

    private static func find(_ key: String, in node: YAMLNode) -> YAMLNode? {
        switch node.content {
        case .scalar: return nil
        case .sequence(let items): return items.lazy.compactMap { find(key, in: $0) }.first
        case .mapping(let pairs):
            if let value = pairs.first(where: { $0.name == key })?.value { return value }
            return pairs.lazy.compactMap { find(key, in: $0.value) }.first
        }
    }

    /// Parses and checks the `where:` of a YAML file.
    static func checkWhere(in file: SourceFile, key: String = "where") -> [Diagnostic] {
        guard let map = scalar(key, in: file) else { return [] }
        var bag = DiagnosticBag()
        if let expression = ExpressionParser().parse(map, diagnostics: &bag) {
            ExpressionChecker(environment: patients).check(expression, in: map, diagnostics: &bag)
        }
        return bag.diagnostics
    }

    /// Parses and checks a template held in `map`.
    static func checkTemplate(_ map: ScalarTextMap, hasSecret: Bool = true) -> (template: Template, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let template = TemplateParser().parse(map, diagnostics: &bag)
        TemplateChecker(environment: patients, hasSecret: hasSecret).check(template, in: map, diagnostics: &bag)
        return (template, bag.diagnostics)
    }

    /// Parses and checks a template that is a whole file of its own.
    static func checkTemplate(_ text: String, hasSecret: Bool = true) -> (template: Template, diagnostics: [Diagnostic]) {
        checkTemplate(ScalarTextMap(file: SourceFile(path: "body.md", text: text)), hasSecret: hasSecret)
    }

    static let context = TemplateContext(
        practiceName: "Lincoln Physical Therapy", practiceAddress: "1200 O Street, Lincoln, NE 68508",
        campaignTitle: "New patient welcome", unsubscribeURL: "https://lincolnpt.example/u?c=tok",
        sendDate: date("2026-03-05"), today: date("2026-03-01"),
        contactToken: "tok")

    static func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(iso: text) else { preconditionFailure("fixture date '\(text)' is invalid") }
        return date
    }

    static func time(_ hour: Int, _ minute: Int) -> TimeOfDay {
        guard let time = TimeOfDay(hour: hour, minute: minute) else { preconditionFailure("fixture time is invalid") }
        return time
    }

    /// Renders a template that must parse and check cleanly.
    static func render(_ text: String, contact: [String: Value]) -> TemplateOutput? {
        let (template, diagnostics) = checkTemplate(text)
        guard diagnostics.allSatisfy({ $0.severity != .error }) else { return nil }
        return TemplateRenderer().render(template, context: context) { contact[$0] }
    }
}

extension Diagnostic {
    /// `line:column id`, as the tests compare them.
    var placeAndID: String {
        let place = location.map { "\($0.line):\($0.column)" } ?? "-"
        return "\(place) \(id)"
    }

    /// The text under the primary span.
    var primaryText: String { primary?.span.text ?? "" }
}
