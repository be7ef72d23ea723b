/// A length of elapsed time in whole minutes, hours, days or weeks: `2 hours`, `3 days`. Unlike
/// ``CalendarDuration`` it is a number of seconds, whatever the calendar: how late a message may
/// still go out (`expires:`).
public struct TimeSpan: Sendable, Equatable, Comparable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case minute, hour, day, week

        public var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            case .week: 604_800
            }
        }
    }

    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var seconds: Int { value * unit.seconds }

    public var description: String { "\(value) \(unit.rawValue)\(value == 1 ? "" : "s")" }

    /// The largest N a span takes: more than any allowance needs, small enough never to overflow.
    public static let maxValue = 100_000

    /// `N minute(s)|hour(s)|day(s)|week(s)`, 1 ≤ N ≤ ``maxValue``; also `min`/`mins` for minutes.
    public static func parse(_ text: String) -> TimeSpan? {
        let words = text.split(separator: " ")
        guard words.count == 2, let value = Int(words[0]), (1...maxValue).contains(value) else { return nil }
        let word = words[1].lowercased()
        if word == "min" || word == "mins" { return TimeSpan(value: value, unit: .minute) }
        guard let unit = Unit.allCases.first(where: { word == $0.rawValue || word == $0.rawValue + "s" }) else { return nil }
        return TimeSpan(value: value, unit: unit)
    }

    /// The same length said in words a person reads at a glance: `14 hours`, `2 days 3 hours`,
    /// `25 minutes`.
    public static func describe(seconds: Int) -> String {
        func count(_ value: Int, _ unit: String) -> String { "\(value) \(unit)\(value == 1 ? "" : "s")" }
        let minutes = max(0, seconds) / 60
        if minutes < 60 { return count(minutes, "minute") }
        let hours = minutes / 60
        if hours < 48 { return count(hours, "hour") }
        let days = hours / 24
        return hours % 24 == 0 ? count(days, "day") : count(days, "day") + " " + count(hours % 24, "hour")
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}
