/// A length of calendar time: `60 days`, `8 weeks`, `3 months`.
public struct CalendarDuration: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case day, week, month
    }

    public var value: Int
    public var unit: Unit

    public init(value: Int, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    public var description: String { "\(value) \(unit.rawValue)\(value == 1 ? "" : "s")" }
}
