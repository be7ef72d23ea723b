import TouchpointKit

/// The expression language and the send-rule parser, for any text: parsing, checking against a
/// list's fields and evaluating for a few contacts (a full one and an empty one) never crash, and
/// every diagnostic lies inside the text. A send rule that parses prints (its `description`) to
/// text that parses to the same rule; one that does not parse is reported inside the text.
enum ExpressionProperties {
    static let environment = FieldEnvironment(
        listName: "patients",
        fields: [
            .init(name: "id", type: .string, required: true),
            .init(name: "first_name", type: .string, required: true),
            .init(name: "last_name", type: .string),
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

    static let today = LocalDate(iso: "2026-11-30") ?? .epoch

    /// A contact with every field but `balance`, and one with none.
    static let contacts: [[String: Value]] = [
        [
            "id": .string("p1"), "first_name": .string("Ann"), "last_name": .string("O'Brien"),
            "email": .string("ann@clinic.example"), "status": .string("active"),
            "first_visit": .date(today.adding(days: -3) ?? today), "discharge_date": .date(today.adding(days: 40) ?? today),
            "last_login": .datetime(today, TimeOfDay(hour: 9, minute: 30) ?? .endOfDay),
            "tags": .list(["runner", "knee"]), "nps": .integer(9), "subscribed": .boolean(true),
            "timezone": .string("Europe/London"),
        ],
        [:],
    ]

    static func problems(_ input: [UInt8]) -> [String] {
        let file = SourceFile(path: "where.txt", bytes: input)
        let map = ScalarTextMap(file: file)
        var diagnostics = DiagnosticBag()
        if let expression = ExpressionParser().parse(map, diagnostics: &diagnostics) {
            ExpressionChecker(environment: environment).check(expression, in: map, diagnostics: &diagnostics)
            if !diagnostics.hasErrors {
                let evaluator = ExpressionEvaluator(today: today)
                for contact in contacts { _ = evaluator.evaluate(expression) { contact[$0] } }
            }
        } else if !diagnostics.hasErrors {
            return ["the expression did not parse and no error says why"]
        }
        return SpanAudit.problems(in: diagnostics.diagnostics, files: [file]) + sendRuleProblems(map.text)
    }

    static func sendRuleProblems(_ text: String) -> [String] {
        switch SendRuleParser().parse(text) {
        case .failure(let failure):
            let count = text.utf8.count
            guard failure.range.lowerBound >= 0, failure.range.upperBound <= count else {
                return ["the send rule's error at \(failure.range) lies outside its \(count) bytes"]
            }
            return []
        case .success(let rule):
            let printed = rule.description
            switch SendRuleParser().parse(printed) {
            case .failure(let failure):
                return ["the rule '\(text)' prints as '\(printed)', which does not parse: \(failure.message)"]
            case .success(let again):
                guard Shape(again) == Shape(rule) else {
                    return ["the rule '\(text)' prints as '\(printed)', which parses to another rule"]
                }
                return []
            }
        }
    }

    /// A rule without the places of its words.
    struct Shape: Equatable {
        let words: [String]

        init(_ rule: SendRule) {
            var words: [String]
            switch rule.timing {
            case .relative(let amount, let unit, let direction, let field):
                words = ["relative", String(amount), unit.rawValue, direction.rawValue, field.name]
            case .hours(let amount, let direction, let field):
                words = ["hours", String(amount), direction.rawValue, field.name]
            case .onField(let field, let everyYear):
                words = ["on-field", field.name, String(everyYear)]
            case .onDate(let date):
                words = ["on-date", String(date.year), String(date.month), String(date.day)]
            case .recurring(let amount, let unit, let after, let until):
                words = ["recurring", String(amount), unit.rawValue, after.name, until?.name ?? "-"]
            case .monthly(let day, _):
                words = ["monthly"] + day.words
            case .weekly(let amount, let weekday, let starting):
                words = ["weekly", String(amount), weekday.fullName, starting?.description ?? "-"]
            }
            words.append(rule.time.map { "\($0.hour):\($0.minute)" } ?? "-")
            self.words = words
        }
    }
}
