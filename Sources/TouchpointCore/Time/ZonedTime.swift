import Foundation

/// Turns a wall-clock date and time in a time zone into an instant, with the rules of SPEC §4.1:
/// a time inside a spring-forward gap moves forward by the gap; a time inside a fall-back overlap
/// takes its first occurrence.
public struct ZonedTime: Sendable {
    public let timeZone: TimeZone

    public init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// Seconds since 1970-01-01T00:00:00Z of `time` on `date` in this zone.
    public func instant(_ date: LocalDate, _ time: TimeOfDay) -> Int {
        let wall = date.dayNumber * 86_400 + time.minutes * 60
        // No zone changes its offset twice within two days, so the offsets a day either side are
        // the ones in force before and after any transition near this wall time.
        let before = offset(at: wall - 86_400)
        let after = offset(at: wall + 86_400)
        let early = wall - before
        let late = wall - after
        let earlyValid = offset(at: early) == before
        let lateValid = offset(at: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)  // an overlap: the first occurrence
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early  // a gap: the pre-transition offset moves it forward by the gap
        }
    }

    /// The offset from UTC, in seconds, in force at an instant.
    public func offset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The wall-clock date, time and offset of an instant in this zone.
    public func local(_ instant: Int) -> (date: LocalDate, minutes: Int, seconds: Int, offset: Int) {
        let offset = offset(at: instant)
        let wall = instant + offset
        let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let secondOfDay = wall - day * 86_400
        return (LocalDate(dayNumber: day) ?? .epoch, secondOfDay / 60, secondOfDay % 60, offset)
    }
}
