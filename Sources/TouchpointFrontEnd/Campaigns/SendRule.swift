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
        /// `on the 1st of every month`, `on the first tuesday of every month`: a broadcast each
        /// month. `range` is where the day is written.
        case monthly(MonthDay, range: Range<Int>)
        /// `every 2 weeks on monday [starting 2026-12-07]`: a broadcast every `amount` weeks.
        case weekly(amount: Int, weekday: Weekday, starting: LocalDate?)
    }

    /// Which day of each month a monthly rule sends on.
    public enum MonthDay: Sendable, Equatable {
        /// The 1st to the 31st; in a month shorter than that, its last day.
        case day(Int)
        /// `last day`
        case lastDay
        /// `first tuesday` (1) to `fourth tuesday` (4), or `last tuesday` (-1).
        case weekday(ordinal: Int, Weekday)

        /// The day as `send:` writes it: `1st`, `last day`, `first tuesday`.
        public var words: [String] {
            switch self {
            case .day(let day):
                let suffix =
                    (11...13).contains(day % 100) ? "th" : day % 10 == 1 ? "st" : day % 10 == 2 ? "nd" : day % 10 == 3 ? "rd" : "th"
                return ["\(day)\(suffix)"]
            case .lastDay: return ["last", "day"]
            case .weekday(let ordinal, let weekday):
                let ordinals = [1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"]
                return [ordinals[ordinal] ?? String(ordinal), weekday.fullName]
            }
        }

        /// The day in `month` of `year`.
        public func date(year: Int, month: Int) -> LocalDate? {
            let length = LocalDate.daysIn(month: month, year: year)
            switch self {
            case .day(let day): return LocalDate(year: year, month: month, day: min(day, length))
            case .lastDay: return LocalDate(year: year, month: month, day: length)
            case .weekday(let ordinal, let weekday):
                if ordinal < 0 {
                    guard let last = LocalDate(year: year, month: month, day: length) else { return nil }
                    let back = (last.weekday.rawValue - weekday.rawValue + 7) % 7
                    return last.adding(days: -back)
                }
                guard let first = LocalDate(year: year, month: month, day: 1) else { return nil }
                let ahead = (weekday.rawValue - first.weekday.rawValue + 7) % 7
                return first.adding(days: ahead + (ordinal - 1) * 7)
            }
        }
    }

    /// Weeks of `every N weeks on DAY` without `starting` are counted from this Monday, so every
    /// build picks the same weeks.
    public static let weekCountStart = LocalDate(year: 2001, month: 1, day: 1) ?? .epoch

    public let timing: Timing
    /// Whether the rule counts back from its anchor (`before`): the send window moves it earlier.
    public var isBefore: Bool {
        switch timing {
        case .relative(_, _, .before, _), .hours(_, .before, _): true
        default: false
        }
    }

    /// A rule that sends on dates of the calendar, to everyone at once, rather than on dates
    /// counted from a contact's field.
    public var isBroadcast: Bool {
        switch timing {
        case .onDate, .monthly, .weekly: true
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
        case .onDate, .monthly, .weekly: []
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
        case .monthly(let day, _):
            words = ["on", "the"] + day.words + ["of", "every", "month"]
        case .weekly(let amount, let weekday, let starting):
            words = ["every"] + count(amount, "week") + ["on", weekday.fullName] + (starting.map { ["starting", $0.description] } ?? [])
        }
        if let time { words += ["at", time.description] }
        return words.joined(separator: " ")
    }
}
