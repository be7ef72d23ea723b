import TouchpointCore

/// Which days a send window lets messages go out on, and where a send on another day moves.
extension SendWindow {
    /// Whether messages may go out on `date`: an allowed weekday that is not a holiday.
    public func allows(_ date: LocalDate) -> Bool {
        days.contains(date.weekday) && !holidays.contains(date)
    }

    /// The nearest allowed day on or before (`earlier`) or on or after `date`; `nil` when none
    /// falls within a year (a window with no days).
    public func nearestAllowedDay(from date: LocalDate, earlier: Bool) -> LocalDate? {
        var day = date
        for _ in 0...366 {
            if allows(day) { return day }
            guard let next = day.adding(days: earlier ? -1 : 1) else { return nil }
            day = next
        }
        return nil
    }

    /// How many days in a row next to `date`, before it (`earlier`) or after it, the window does
    /// not allow: a send the rule puts on one of them moves onto `date` or past it. At most 367,
    /// past which `nearestAllowedDay` gives up.
    public func closedDays(nextTo date: LocalDate, earlier: Bool) -> Int {
        var count = 0
        var day = date.adding(days: earlier ? -1 : 1)
        while count <= 366, let current = day, !allows(current) {
            count += 1
            day = current.adding(days: earlier ? -1 : 1)
        }
        return count
    }

    /// Whether a time of day lies inside the window's hours (the end is exclusive).
    public func contains(_ time: TimeOfDay) -> Bool {
        time >= start && time < end
    }
}
