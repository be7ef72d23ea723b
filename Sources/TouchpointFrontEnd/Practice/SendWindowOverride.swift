import TouchpointCore

/// A campaign's or step's own `send_window:`: the keys it gives replace the window around it
/// (the campaign's, or the practice's), and the keys it leaves out are taken from there.
public struct SendWindowOverride: Sendable {
    public var days: Set<Weekday>?
    public var hours: (start: TimeOfDay, end: TimeOfDay)?
    public var holidays: Set<LocalDate>?

    public init(days: Set<Weekday>? = nil, hours: (start: TimeOfDay, end: TimeOfDay)? = nil, holidays: Set<LocalDate>? = nil) {
        self.days = days
        self.hours = hours
        self.holidays = holidays
    }

    /// `window` with this override's keys in place of its own.
    public func applied(to window: SendWindow) -> SendWindow {
        var result = window
        if let days { result.days = days }
        if let hours {
            result.start = hours.start
            result.end = hours.end
        }
        if let holidays { result.holidays = holidays }
        return result
    }
}
