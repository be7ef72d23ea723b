import TouchpointCore

/// When a step is sent (SPEC §4.1), as written in `send:`. Ranges are byte offsets into the rule's
/// text, for diagnostics.
public struct SendRule: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable {
        case before, after
    }

    public enum Unit: String, Sendable, Equatable, CaseIterable {
        case day, week, month
    }

    /// A contact field the rule is anchored on, as written.
    public struct FieldReference: Sendable, Equatable {
        public let name: String
        public let range: Range<Int>
    }

    public enum Timing: Sendable, Equatable {
        /// `2 days before first_visit`
        case relative(amount: Int, unit: Unit, direction: Direction, field: FieldReference)
        /// `2 hours before appointment`: from a date-time field's instant, in hours as they pass.
        case hours(amount: Int, direction: Direction, field: FieldReference)
        /// `on birthday every year`, or `on first_visit`
        case onField(FieldReference, everyYear: Bool)
        /// `on 2026-12-01`
        case onDate(LocalDate)
        /// `every 2 weeks after first_visit until discharge_date`
        case recurring(amount: Int, unit: Unit, after: FieldReference, until: FieldReference?)
    }

    public let timing: Timing
    /// Whether the rule counts back from its anchor (`before`): the send window moves it earlier.
    public var isBefore: Bool {
        switch timing {
        case .relative(_, _, .before, _), .hours(_, .before, _): true
        default: false
        }
    }

    /// `at HH:MM`; when absent, the start of the send window.
    public let time: TimeOfDay?
    public let timeRange: Range<Int>?

    /// The fields the rule reads.
    public var fields: [FieldReference] {
        switch timing {
        case .relative(_, _, _, let field), .hours(_, _, let field), .onField(let field, _): [field]
        case .onDate: []
        case .recurring(_, _, let after, let until): [after] + (until.map { [$0] } ?? [])
        }
    }
}

extension SendRule: CustomStringConvertible {
    /// The rule in the plainest words `send:` takes (`2 days before first_visit at 09:00`): it
    /// parses back to the same rule.
    public var description: String {
        func count(_ amount: Int, _ unit: String) -> [String] { [String(amount), amount == 1 ? unit : unit + "s"] }
        var words: [String]
        switch timing {
        case .relative(let amount, let unit, let direction, let field):
            words = count(amount, unit.rawValue) + [direction.rawValue, field.name]
        case .hours(let amount, let direction, let field):
            words = count(amount, "hour") + [direction.rawValue, field.name]
        case .onField(let field, let everyYear):
            words = ["on", field.name] + (everyYear ? ["every", "year"] : [])
        case .onDate(let date):
            words = ["on", date.description]
        case .recurring(let amount, let unit, let after, let until):
            words = ["every"] + count(amount, unit.rawValue) + ["after", after.name] + (until.map { ["until", $0.name] } ?? [])
        }
        if let time { words += ["at", time.description] }
        return words.joined(separator: " ")
    }
}
