/// Calendar arithmetic on plain dates, in the proleptic Gregorian calendar, with no time zone
/// involved: "2 days before", "1 month after" (clamped to the month's end), anniversaries.
extension LocalDate {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Count from March so that the leap day ends a year; eras of 400 years repeat exactly.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `dayNumber` days after 1970-01-01. `nil` outside years 1...9999.
    public init?(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 4) % 7  // 0 = Sunday
        return Weekday(rawValue: index + 1) ?? .sunday
    }

    public func adding(days: Int) -> LocalDate? {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// Month arithmetic that clamps to the month's end: Jan 31 + 1 month = Feb 28 (or 29).
    public func adding(months: Int) -> LocalDate? {
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        let newMonth = total - newYear * 12 + 1
        guard (1...9999).contains(newYear) else { return nil }
        return LocalDate(year: newYear, month: newMonth, day: min(day, LocalDate.daysIn(month: newMonth, year: newYear)))
    }

    /// This date's anniversary in `year`; a February 29th falls on February 28th in common years.
    public func anniversary(in year: Int) -> LocalDate? {
        LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year)))
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }
}
