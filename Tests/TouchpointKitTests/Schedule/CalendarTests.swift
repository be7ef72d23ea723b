import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Calendar arithmetic")
struct CalendarTests {
    private func date(_ text: String) -> LocalDate {
        guard let date = LocalDate(iso: text) else {
            Issue.record("bad test date \(text)")
            return .epoch
        }
        return date
    }

    @Test func dayNumbersRoundTripAcrossCenturies() {
        #expect(LocalDate.epoch.dayNumber == 0)
        #expect(date("2000-03-01").dayNumber == 11_017)
        for number in stride(from: -700_000, through: 2_900_000, by: 997) {
            guard let day = LocalDate(dayNumber: number) else { continue }
            #expect(day.dayNumber == number)
        }
    }

    @Test(arguments: [
        ("2026-11-29", Weekday.sunday), ("2026-11-30", .monday), ("2028-02-29", .tuesday), ("1970-01-01", .thursday),
    ])
    func weekdays(text: String, weekday: Weekday) {
        #expect(date(text).weekday == weekday)
    }

    @Test(arguments: [
        ("2027-01-31", 1, "2027-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2026-10-31", 1, "2026-11-30"),
        ("2026-12-15", 1, "2027-01-15"), ("2027-03-31", -1, "2027-02-28"), ("2026-05-31", 12, "2027-05-31"),
        ("2026-01-10", -13, "2024-12-10"),
    ])
    func monthArithmeticClamps(start: String, months: Int, expected: String) {
        #expect(date(start).adding(months: months) == date(expected))
    }

    @Test func leapDayAnniversaries() {
        let birthday = date("2000-02-29")
        #expect(birthday.anniversary(in: 2027) == date("2027-02-28"))
        #expect(birthday.anniversary(in: 2028) == date("2028-02-29"))
    }

    @Test func invalidDatesAreRejected() {
        #expect(LocalDate(iso: "2026-02-30") == nil)
        #expect(LocalDate(iso: "2027-02-29") == nil)
        #expect(LocalDate(iso: "2026-13-01") == nil)
        #expect(LocalDate(iso: "26-01-01") == nil)
    }
}

@Suite("Wall time in real zones")
struct ZonedTimeTests {
    private func zone(_ name: String) -> ZonedTime {
        ZonedTime(TimeZone(identifier: name) ?? .gmt)
    }

    private func wall(_ zone: ZonedTime, _ day: String, _ time: String) -> String {
        guard let date = LocalDate(iso: day), let time = TimeOfDay(time) else { return "bad input" }
        let instant = zone.instant(date, time)
        let local = zone.local(instant)
        let hours = local.minutes / 60
        let minutes = local.minutes % 60
        return "\(local.date) \(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes) \(local.offset / 60)"
    }

    @Test(arguments: [
        // zone, date, time, expected wall time and offset in minutes
        ("America/Chicago", "2027-03-14", "02:30", "2027-03-14 03:30 -300"),  // spring-forward gap: moves by the hour
        ("America/Chicago", "2027-03-14", "09:00", "2027-03-14 09:00 -300"),
        ("America/Chicago", "2026-11-01", "01:30", "2026-11-01 01:30 -300"),  // overlap: first occurrence (CDT)
        ("America/Chicago", "2026-11-01", "09:00", "2026-11-01 09:00 -360"),
        ("Europe/London", "2027-03-28", "01:15", "2027-03-28 02:15 60"),
        ("Europe/London", "2026-10-25", "01:30", "2026-10-25 01:30 60"),
        ("Australia/Lord_Howe", "2026-10-04", "02:10", "2026-10-04 02:40 660"),  // a 30-minute gap
        ("Australia/Lord_Howe", "2027-04-04", "01:45", "2027-04-04 01:45 660"),  // 30-minute overlap, first
        ("Asia/Kolkata", "2027-01-31", "09:00", "2027-01-31 09:00 330"),
    ])
    func transitions(zone name: String, day: String, time: String, expected: String) {
        #expect(wall(zone(name), day, time) == expected)
    }
}

@Suite("Send window days")
struct SendWindowDayTests {
    private let window = SendWindow(
        days: [.monday, .tuesday, .wednesday, .thursday, .friday],
        start: TimeOfDay(hour: 8, minute: 0) ?? .endOfDay, end: TimeOfDay(hour: 18, minute: 0) ?? .endOfDay,
        holidays: Set([LocalDate(iso: "2026-12-25")].compactMap { $0 }))

    @Test func sundayReminderBeforeAMondayVisitMovesToFriday() {
        let sunday = LocalDate(iso: "2026-12-06")
        #expect(sunday.flatMap { window.nearestAllowedDay(from: $0, earlier: true) } == LocalDate(iso: "2026-12-04"))
    }

    @Test func saturdayFollowUpMovesToMonday() {
        let saturday = LocalDate(iso: "2026-12-05")
        #expect(saturday.flatMap { window.nearestAllowedDay(from: $0, earlier: false) } == LocalDate(iso: "2026-12-07"))
    }

    @Test func holidayMovesPastTheWeekend() {
        let christmas = LocalDate(iso: "2026-12-25")
        #expect(christmas.flatMap { window.nearestAllowedDay(from: $0, earlier: false) } == LocalDate(iso: "2026-12-28"))
        #expect(christmas.flatMap { window.nearestAllowedDay(from: $0, earlier: true) } == LocalDate(iso: "2026-12-24"))
    }

    @Test func hoursAreHalfOpen() {
        #expect(window.contains(TimeOfDay(hour: 8, minute: 0) ?? .endOfDay))
        #expect(!window.contains(TimeOfDay(hour: 18, minute: 0) ?? .endOfDay))
        #expect(!window.contains(TimeOfDay(hour: 7, minute: 59) ?? .endOfDay))
    }

    @Test func aWindowWithoutDaysHasNoNearestDay() {
        let closed = SendWindow(days: [], start: window.start, end: window.end, holidays: [])
        #expect(LocalDate(iso: "2026-12-07").flatMap { closed.nearestAllowedDay(from: $0, earlier: false) } == nil)
    }
}
