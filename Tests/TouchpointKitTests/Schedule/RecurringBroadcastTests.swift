import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointSchedule

private typealias Patient = SchedulePractice.Patient
private typealias Step = SchedulePractice.Step
private typealias CampaignFile = SchedulePractice.CampaignFile

/// Broadcasts that recur on dates of the calendar: a day of every month, a weekday of every
/// month, every N weeks on a weekday. As of 2026-11-30 (a Monday), 60 days ahead, Monday to Friday.
@Suite("Scheduler: recurring broadcasts")
struct RecurringBroadcastTests {
    @Test(arguments: [
        ("on the 1st of every month at 08:30", ["2026-12-01T08:30:00-06:00", "2027-01-01T08:30:00-06:00"]),
        // January 31 is a Sunday: moved to Monday February 1, beyond the horizon.
        ("on the last day of every month", ["2026-11-30T08:00:00-06:00", "2026-12-31T08:00:00-06:00"]),
        ("on the first tuesday of every month at 10:00", ["2026-12-01T10:00:00-06:00", "2027-01-05T10:00:00-06:00"]),
        ("on the last friday of every month at 10:00", ["2026-12-25T10:00:00-06:00"]),
        ("on the second wed of every month at 10:00", ["2026-12-09T10:00:00-06:00", "2027-01-13T10:00:00-06:00"]),
        // Weeks counted from Monday 2001-01-01: the Mondays an even number of weeks after it.
        (
            "every 2 weeks on monday",
            [
                "2026-11-30T08:00:00-06:00", "2026-12-14T08:00:00-06:00", "2026-12-28T08:00:00-06:00",
                "2027-01-11T08:00:00-06:00", "2027-01-25T08:00:00-06:00",
            ]
        ),
        (
            "every 2 week on mondays at 09:00",
            [
                "2026-11-30T09:00:00-06:00", "2026-12-14T09:00:00-06:00", "2026-12-28T09:00:00-06:00",
                "2027-01-11T09:00:00-06:00", "2027-01-25T09:00:00-06:00",
            ]
        ),
        // The first Monday on or after Wednesday 2026-12-02 is week 0, and nothing goes before it.
        (
            "every 2 weeks on monday starting 2026-12-02 at 09:00",
            ["2026-12-07T09:00:00-06:00", "2026-12-21T09:00:00-06:00", "2027-01-04T09:00:00-06:00", "2027-01-18T09:00:00-06:00"]
        ),
        // A Saturday moves later, like every broadcast.
        (
            "every 3 weeks on saturday starting 2026-12-01",
            ["2026-12-07T08:00:00-06:00", "2026-12-28T08:00:00-06:00", "2027-01-18T08:00:00-06:00"]
        ),
    ])
    func sendsOnTheRulesDates(rule: String, expected: [String]) throws {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1")]
        practice.campaigns = [CampaignFile("news", steps: [Step("issue", rule)])]
        let loaded = try practice.load()
        #expect(loaded.lines(loaded.schedule(asOf: "2026-11-30")) == expected.map { "news.issue p1 \($0)" })
    }

    @Test func aMonthlyBroadcastCanSkipAClosedDay() throws {
        var practice = SchedulePractice()
        practice.holidays = ["2027-01-01"]
        practice.patients = [Patient("p1")]
        practice.campaigns = [
            CampaignFile("news", steps: [Step("issue", "on the 1st of every month at 08:30", lines: ["if_moved: skip"])])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(loaded.lines(schedule) == ["news.issue p1 2026-12-01T08:30:00-06:00"])
        #expect(loaded.droppedLines(schedule) == ["if-moved-skip news.issue p1 2027-01-01T08:30:00-06:00"])
    }

    @Test(arguments: [
        (SendRule.MonthDay.day(31), 2027, 2, "2027-02-28"),
        (.day(31), 2028, 2, "2028-02-29"),
        (.day(31), 2027, 4, "2027-04-30"),
        (.day(30), 2027, 2, "2027-02-28"),
        (.day(15), 2027, 2, "2027-02-15"),
        (.lastDay, 2027, 4, "2027-04-30"),
        (.weekday(ordinal: 1, .monday), 2027, 2, "2027-02-01"),
        (.weekday(ordinal: 4, .sunday), 2027, 2, "2027-02-28"),
        (.weekday(ordinal: -1, .sunday), 2027, 2, "2027-02-28"),
        (.weekday(ordinal: -1, .monday), 2027, 2, "2027-02-22"),
        (.weekday(ordinal: 1, .sunday), 2026, 11, "2026-11-01"),
    ])
    func aMonthDayFallsOnItsDateAndShortMonthsClampToTheirLastDay(day: SendRule.MonthDay, year: Int, month: Int, expected: String) {
        #expect(day.date(year: year, month: month) == LocalDate(iso: expected))
    }

    @Test(arguments: [
        ("on the 1st of every month at 08:30", SendRule.Timing.monthly(.day(1), range: 7..<10)),
        ("on the 22nd of every month", .monthly(.day(22), range: 7..<11)),
        ("ON THE LAST DAY OF EVERY MONTH", .monthly(.lastDay, range: 7..<15)),
        ("on the third Thu of every month", .monthly(.weekday(ordinal: 3, .thursday), range: 7..<16)),
        ("every 1 week on friday", .weekly(amount: 1, weekday: .friday, starting: nil)),
        ("every 2 weeks on sun starting 2027-01-03", .weekly(amount: 2, weekday: .sunday, starting: LocalDate(iso: "2027-01-03"))),
    ])
    func parses(text: String, timing: SendRule.Timing) throws {
        let rule = try SendRuleParser().parse(text).get()
        #expect(rule.timing == timing)
        #expect(rule.isBroadcast)
        #expect(rule.fields.isEmpty)
    }
}
