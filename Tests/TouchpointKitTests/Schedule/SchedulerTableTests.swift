import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The send rules of SPEC §4.1, case by case, through practices written to disk and checked as a
/// build checks them.
@Suite("Scheduler: send rules")
struct SchedulerTableTests {
    typealias Patient = SchedulePractice.Patient
    typealias Step = SchedulePractice.Step
    typealias CampaignFile = SchedulePractice.CampaignFile

    /// A practice that sends any hour of any day, so only the clock and calendar are at work.
    private func openPractice(zone: String = "America/Chicago", hours: String = "00:00-24:00") -> SchedulePractice {
        var practice = SchedulePractice()
        practice.timezone = zone
        practice.days = SchedulePractice.allDays
        practice.hours = hours
        return practice
    }

    private func onlyMessage(_ loaded: Loaded, _ schedule: Schedule) throws -> ScheduledMessage {
        #expect(schedule.messages.count == 1, "\(loaded.lines(schedule))")
        return try #require(schedule.messages.first)
    }

    // MARK: Time zones and daylight saving

    @Test(arguments: [
        // practice zone, contact zone ("" for the practice's), date, at, expected send time
        ("America/Chicago", "", "2027-03-14", "02:30", "2027-03-14T03:30:00-05:00"),  // gap: forward by the hour
        ("America/Chicago", "", "2027-03-14", "09:00", "2027-03-14T09:00:00-05:00"),
        ("America/Chicago", "", "2026-11-01", "01:30", "2026-11-01T01:30:00-05:00"),  // overlap: first occurrence
        ("America/Chicago", "", "2026-11-01", "09:00", "2026-11-01T09:00:00-06:00"),
        ("America/Chicago", "", "2027-11-07", "01:59", "2027-11-07T01:59:00-05:00"),
        ("America/Chicago", "Europe/London", "2027-03-28", "01:30", "2027-03-28T02:30:00+01:00"),
        ("America/Chicago", "Europe/London", "2026-10-25", "01:30", "2026-10-25T01:30:00+01:00"),
        ("Europe/London", "", "2027-10-31", "01:00", "2027-10-31T01:00:00+01:00"),
        ("Europe/London", "", "2027-10-31", "02:00", "2027-10-31T02:00:00+00:00"),
        ("America/Chicago", "Australia/Lord_Howe", "2026-10-04", "02:10", "2026-10-04T02:40:00+11:00"),  // 30-minute gap
        ("America/Chicago", "Australia/Lord_Howe", "2027-04-04", "01:45", "2027-04-04T01:45:00+11:00"),  // 30-minute overlap
        ("Australia/Lord_Howe", "", "2027-10-03", "02:15", "2027-10-03T02:45:00+11:00"),
        ("Australia/Lord_Howe", "", "2027-04-04", "02:00", "2027-04-04T02:00:00+10:30"),
        ("America/Chicago", "Asia/Kolkata", "2027-03-14", "02:30", "2027-03-14T02:30:00+05:30"),
        ("Asia/Kolkata", "", "2026-11-01", "01:30", "2026-11-01T01:30:00+05:30"),
    ])
    func sendsOnTransitionDays(practiceZone: String, contactZone: String, date: String, at: String, expected: String) throws {
        var practice = openPractice(zone: practiceZone)
        practice.patients = [Patient("p1", firstVisit: date, timezone: contactZone)]
        practice.campaigns = [CampaignFile("visit", steps: [Step("day-of", "on first_visit at \(at)")])]
        let loaded = try practice.load()
        let asOf = try #require(LocalDate(iso: date)?.adding(days: -3))
        let schedule = loaded.schedule(asOf: asOf.description)
        let message = try onlyMessage(loaded, schedule)
        #expect(AsOf.format(message.instant, offset: message.utcOffset) == expected)
        // The message's local date and time are the ones it goes out at.
        #expect("\(message.date)T\(message.time):00" == String(expected.prefix(19)))
        #expect(message.movedFrom == nil)
    }

    @Test(arguments: [
        ("America/Chicago", "02:30-24:00", "2027-03-14", "2027-03-14T03:30:00-05:00"),
        ("Australia/Lord_Howe", "02:00-24:00", "2026-10-04", "2026-10-04T02:30:00+11:00"),
        ("Europe/London", "01:00-24:00", "2026-10-25", "2026-10-25T01:00:00+01:00"),
    ])
    func aWindowStartInsideATransitionFollowsTheSameRules(zone: String, hours: String, date: String, expected: String) throws {
        var practice = openPractice(zone: zone, hours: hours)
        practice.patients = [Patient("p1", firstVisit: date)]
        practice.campaigns = [CampaignFile("visit", steps: [Step("day-of", "on first_visit")])]
        let loaded = try practice.load()
        let asOf = try #require(LocalDate(iso: date)?.adding(days: -3))
        let message = try onlyMessage(loaded, loaded.schedule(asOf: asOf.description))
        #expect(AsOf.format(message.instant, offset: message.utcOffset) == expected)
    }

    @Test func withoutAtTheSendGoesAtTheWindowStart() throws {
        var practice = SchedulePractice()
        practice.hours = "08:15-17:00"
        practice.patients = [Patient("p1", firstVisit: "2026-12-01"), Patient("p2", firstVisit: "2026-12-01", timezone: "Asia/Kolkata")]
        practice.campaigns = [CampaignFile("follow-up", steps: [Step("next-day", "1 day after first_visit")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day p2 2026-12-02T08:15:00+05:30",
                "follow-up.next-day p1 2026-12-02T08:15:00-06:00",
            ])
        #expect(schedule.messages.allSatisfy { $0.time == TimeOfDay(hour: 8, minute: 15) })
    }

    // MARK: Calendar arithmetic

    @Test(arguments: [
        ("1 month after first_visit at 09:00", "2027-01-31", "2027-02-01", "2027-02-28T09:00:00-06:00"),
        ("1 month after first_visit at 09:00", "2028-01-31", "2028-02-01", "2028-02-29T09:00:00-06:00"),
        ("1 month before first_visit at 09:00", "2027-03-31", "2027-02-01", "2027-02-28T09:00:00-06:00"),
        ("2 months after first_visit at 09:00", "2026-12-31", "2027-02-01", "2027-02-28T09:00:00-06:00"),
        ("1 week before first_visit at 09:00", "2027-03-03", "2027-02-01", "2027-02-24T09:00:00-06:00"),
    ])
    func monthsClampToTheMonthsEnd(rule: String, firstVisit: String, asOf: String, expected: String) throws {
        var practice = openPractice(hours: "08:00-18:00")
        practice.patients = [Patient("p1", firstVisit: firstVisit)]
        practice.campaigns = [CampaignFile("visit", steps: [Step("step", rule)])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: asOf)
        #expect(loaded.lines(schedule) == ["visit.step p1 \(expected)"])
    }

    @Test(arguments: [
        ("2027-02-01", "2027-02-28T10:00:00-06:00"),
        ("2028-02-01", "2028-02-29T10:00:00-06:00"),
    ])
    func aLeapDayBirthdayIsOnFebruary28InCommonYears(asOf: String, expected: String) throws {
        var practice = openPractice(hours: "08:00-18:00")
        practice.patients = [Patient("p1", birthday: "2000-02-29")]
        practice.campaigns = [CampaignFile("birthday", kind: "marketing", steps: [Step("greeting", "on birthday every year at 10:00")])]
        let loaded = try practice.load()
        #expect(loaded.lines(loaded.schedule(asOf: asOf)) == ["birthday.greeting p1 \(expected)"])
    }

    @Test func aBirthdayOnAnOffDayMovesLater() throws {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1", birthday: "2000-02-29")]
        practice.campaigns = [CampaignFile("birthday", kind: "marketing", steps: [Step("greeting", "on birthday every year at 10:00")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2027-02-01")
        // February 28, 2027 is a Sunday.
        #expect(loaded.lines(schedule) == ["birthday.greeting p1 2027-03-01T10:00:00-06:00"])
        #expect(schedule.messages.first?.movedFrom == LocalDate(iso: "2027-02-28"))
    }

    @Test func aBirthdayBeforeTheAnchorYearIsNotSent() throws {
        var practice = openPractice(hours: "08:00-18:00")
        practice.patients = [Patient("p1", birthday: "2027-06-01")]
        practice.campaigns = [CampaignFile("birthday", kind: "marketing", steps: [Step("greeting", "on birthday every year at 10:00")])]
        let loaded = try practice.load()
        #expect(loaded.schedule(asOf: "2026-05-15").messages.isEmpty)
        #expect(loaded.lines(loaded.schedule(asOf: "2027-05-15")) == ["birthday.greeting p1 2027-06-01T10:00:00-05:00"])
    }

    // MARK: The send window

    /// Monday to Friday, 08:00-18:00, Wednesday 2026-12-09 a holiday.
    private func weekdayPractice() -> SchedulePractice {
        var practice = SchedulePractice()
        practice.holidays = ["2026-12-09"]
        return practice
    }

    @Test(arguments: [
        // rule, first visit, expected send, the day the rule gave when the window moved it
        ("1 day before first_visit at 09:00", "2026-12-07", "2026-12-04T09:00:00-06:00", "2026-12-06"),  // Sunday → Friday
        ("1 day after first_visit at 09:00", "2026-12-04", "2026-12-07T09:00:00-06:00", "2026-12-05"),  // Saturday → Monday
        ("1 day after first_visit at 09:00", "2026-12-08", "2026-12-10T09:00:00-06:00", "2026-12-09"),  // holiday → later
        ("1 day before first_visit at 09:00", "2026-12-10", "2026-12-08T09:00:00-06:00", "2026-12-09"),  // holiday → earlier
        ("on first_visit at 09:00", "2026-12-09", "2026-12-10T09:00:00-06:00", "2026-12-09"),
        ("2 days before first_visit at 09:00", "2026-12-11", "2026-12-08T09:00:00-06:00", "2026-12-09"),
        ("1 week after first_visit at 09:00", "2026-12-02", "2026-12-10T09:00:00-06:00", "2026-12-09"),
        ("1 day before first_visit at 09:00", "2026-12-08", "2026-12-07T09:00:00-06:00", ""),
        ("1 day after first_visit at 17:59", "2026-12-07", "2026-12-08T17:59:00-06:00", ""),
    ])
    func theWindowMovesSendsAwayFromTheAnchorsWrongSide(rule: String, firstVisit: String, expected: String, movedFrom: String) throws {
        var practice = weekdayPractice()
        practice.patients = [Patient("p1", firstVisit: firstVisit)]
        practice.campaigns = [CampaignFile("visit", steps: [Step("step", rule)])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        let message = try onlyMessage(loaded, schedule)
        #expect(loaded.line(message) == "visit.step p1 \(expected)")
        #expect(message.movedFrom == LocalDate(iso: movedFrom))
        #expect(schedule.dropped.isEmpty)
    }

    @Test func aBroadcastOnASaturdayMovesToMonday() throws {
        var practice = weekdayPractice()
        practice.patients = [Patient("p1"), Patient("p2", timezone: "Europe/London")]
        practice.campaigns = [CampaignFile("news", kind: "marketing", steps: [Step("december", "on 2026-12-12 at 08:30")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "news.december p2 2026-12-14T08:30:00+00:00",
                "news.december p1 2026-12-14T08:30:00-06:00",
            ])
        #expect(schedule.messages.allSatisfy { $0.movedFrom == LocalDate(iso: "2026-12-12") })
    }

    @Test func aBroadcastGoesOutAtTheSameLocalTimeInEachZone() throws {
        var practice = weekdayPractice()
        practice.patients = [
            Patient("chicago"), Patient("kolkata", timezone: "Asia/Kolkata"), Patient("london", timezone: "Europe/London"),
            Patient("lord-howe", timezone: "Australia/Lord_Howe"),
        ]
        practice.campaigns = [CampaignFile("news", kind: "marketing", steps: [Step("december", "on 2026-12-08 at 08:30")])]
        let loaded = try practice.load()
        #expect(
            loaded.lines(loaded.schedule(asOf: "2026-11-30")) == [
                "news.december lord-howe 2026-12-08T08:30:00+11:00",
                "news.december kolkata 2026-12-08T08:30:00+05:30",
                "news.december london 2026-12-08T08:30:00+00:00",
                "news.december chicago 2026-12-08T08:30:00-06:00",
            ])
    }

    @Test func aBeforeSendMovedOntoItsAnchorDayIsDroppedNotSent() throws {
        var practice = weekdayPractice()
        // The day before is a Sunday, and a holiday: moved later, each lands on its anchor.
        practice.patients = [Patient("p1", firstVisit: "2026-12-14"), Patient("p2", firstVisit: "2026-12-10")]
        practice.campaigns = [
            CampaignFile("visit", steps: [Step("same-day", "1 day before first_visit at 09:00", lines: ["if_moved: later"])])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(schedule.messages.isEmpty)
        #expect(
            loaded.droppedLines(schedule) == [
                "window visit.same-day p2 2026-12-10T09:00:00-06:00",
                "window visit.same-day p1 2026-12-14T09:00:00-06:00",
            ])
        #expect(schedule.dropTotals == [.window: 2])
    }

    @Test func aBeforeSendOnAnAnchorDayThatIsPastCountsAsPast() throws {
        var practice = weekdayPractice()
        practice.patients = [Patient("p1", firstVisit: "2026-12-07")]
        practice.campaigns = [
            CampaignFile("visit", steps: [Step("same-day", "1 day before first_visit at 09:00", lines: ["if_moved: later"])])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-12-10")
        #expect(schedule.dropped.isEmpty)
        #expect(schedule.outOfRange == [.past: 1])
    }

    /// Mondays only, two of them holidays: a send can move three weeks.
    @Test func aSendTheWindowMovesFarIntoRangeIsStillFound() throws {
        var practice = SchedulePractice()
        practice.days = "[mon]"
        practice.holidays = ["2027-01-04", "2027-01-11"]
        practice.horizon = "30 days"
        practice.patients = [
            Patient("before", firstVisit: "2027-01-18"),  // the day before, a Sunday, moves back to December 28
            Patient("after", firstVisit: "2026-12-31"),  // the day after, a Friday, moves on to January 18
        ]
        practice.campaigns = [
            CampaignFile(
                "visit",
                steps: [
                    Step("reminder", "1 day before first_visit at 09:00", where: "first_visit > 2027-01-10"),
                    Step("follow-up", "1 day after first_visit at 09:00", where: "first_visit < 2027-01-10"),
                ])
        ]
        let loaded = try practice.load()
        #expect(loaded.lines(loaded.schedule(asOf: "2026-12-01")) == ["visit.reminder before 2026-12-28T09:00:00-06:00"])
        #expect(loaded.lines(loaded.schedule(asOf: "2027-01-17")) == ["visit.follow-up after 2027-01-18T09:00:00-06:00"])
    }

    // MARK: Repeating rules

    @Test func everyTwoWeeksUntilDischargeIsInclusive() throws {
        var practice = SchedulePractice()
        practice.patients = [
            Patient("on-until", firstVisit: "2026-12-01", dischargeDate: "2027-01-12"),
            Patient("day-before", firstVisit: "2026-12-01", dischargeDate: "2027-01-11"),
            Patient("no-discharge", firstVisit: "2026-12-01"),
            Patient("started-before", firstVisit: "2026-10-06", dischargeDate: "2026-12-20"),
            Patient("no-visit", dischargeDate: "2026-12-20"),
        ]
        practice.campaigns = [
            CampaignFile(
                "plan-of-care",
                steps: [
                    Step("check-in", "every 2 weeks after first_visit until discharge_date at 09:00")
                ])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "plan-of-care.check-in started-before 2026-12-01T09:00:00-06:00",
                "plan-of-care.check-in day-before 2026-12-15T09:00:00-06:00",
                "plan-of-care.check-in no-discharge 2026-12-15T09:00:00-06:00",
                "plan-of-care.check-in on-until 2026-12-15T09:00:00-06:00",
                "plan-of-care.check-in started-before 2026-12-15T09:00:00-06:00",
                "plan-of-care.check-in day-before 2026-12-29T09:00:00-06:00",
                "plan-of-care.check-in no-discharge 2026-12-29T09:00:00-06:00",
                "plan-of-care.check-in on-until 2026-12-29T09:00:00-06:00",
                "plan-of-care.check-in no-discharge 2027-01-12T09:00:00-06:00",
                "plan-of-care.check-in on-until 2027-01-12T09:00:00-06:00",
                "plan-of-care.check-in no-discharge 2027-01-26T09:00:00-06:00",
            ])
        // November 17 is past; February 9 (no discharge date) beyond the horizon.
        #expect(schedule.outOfRange == [.past: 1, .beyondHorizon: 1])
        #expect(Set(schedule.messages.map(schedule.messageID(of:))).count == schedule.messages.count)
    }

    @Test func aRepeatingSendIsNeverOnItsAnchorDay() throws {
        var practice = openPractice(hours: "08:00-18:00")
        practice.patients = [Patient("p1", firstVisit: "2026-12-01")]
        practice.campaigns = [CampaignFile("daily", steps: [Step("tip", "every 1 day after first_visit at 09:00")])]
        let loaded = try practice.load()
        let lines = loaded.lines(loaded.schedule(asOf: "2026-11-30"))
        #expect(lines.first == "daily.tip p1 2026-12-02T09:00:00-06:00")
        #expect(lines.count == 58)  // December 2 to January 28; the horizon ends January 29 at midnight
    }

    /// Saturday's and Sunday's repetitions land on Monday, which has its own: one message a day.
    @Test func repetitionsTheWindowMovesOntoTheSameDayAreSentOnce() throws {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1", firstVisit: "2026-12-03", dischargeDate: "2026-12-08")]
        practice.campaigns = [CampaignFile("daily", steps: [Step("tip", "every 1 day after first_visit until discharge_date at 09:00")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "daily.tip p1 2026-12-04T09:00:00-06:00",
                "daily.tip p1 2026-12-07T09:00:00-06:00",
                "daily.tip p1 2026-12-08T09:00:00-06:00",
            ])
        #expect(schedule.messages.map(\.movedFrom) == [nil, nil, nil])
        #expect(Set(schedule.messages.map(schedule.messageID(of:))).count == 3)
    }

    @Test func monthlyRepetitionsClampEachFromTheAnchor() throws {
        var practice = openPractice(hours: "08:00-18:00")
        practice.horizon = "4 months"
        practice.patients = [Patient("p1", firstVisit: "2026-10-31")]
        practice.campaigns = [CampaignFile("monthly", steps: [Step("check-in", "every 1 month after first_visit at 09:00")])]
        let loaded = try practice.load()
        #expect(
            loaded.lines(loaded.schedule(asOf: "2026-11-30")) == [
                "monthly.check-in p1 2026-11-30T09:00:00-06:00",
                "monthly.check-in p1 2026-12-31T09:00:00-06:00",
                "monthly.check-in p1 2027-01-31T09:00:00-06:00",
                "monthly.check-in p1 2027-02-28T09:00:00-06:00",
            ])  // March 31 is a day past the horizon's end
    }

    // MARK: Range

    @Test func pastAndBeyondTheHorizonAreCountedNotListed() throws {
        var practice = SchedulePractice()
        practice.horizon = "30 days"
        practice.patients = [
            Patient("past", firstVisit: "2026-12-08"),
            Patient("today-early", firstVisit: "2026-12-09"),
            Patient("in-range", firstVisit: "2026-12-14"),
            Patient("beyond", firstVisit: "2027-01-11"),
        ]
        practice.campaigns = [CampaignFile("follow-up", steps: [Step("next-day", "1 day after first_visit at 09:00")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-12-10T10:00")
        #expect(loaded.lines(schedule) == ["follow-up.next-day in-range 2026-12-15T09:00:00-06:00"])
        #expect(schedule.dropped.isEmpty)
        #expect(schedule.outOfRange == [.past: 2, .beyondHorizon: 1])
        #expect(schedule.dropTotals == [.past: 2, .beyondHorizon: 1])
    }

    @Test func theRangeIncludesBothEnds() throws {
        var practice = SchedulePractice()
        practice.horizon = "7 days"
        practice.patients = [Patient("start", firstVisit: "2026-12-01"), Patient("end", firstVisit: "2026-12-08")]
        practice.campaigns = [CampaignFile("visit", steps: [Step("day-of", "on first_visit at 09:00")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-12-01T09:00")
        #expect(
            loaded.lines(schedule) == [
                "visit.day-of start 2026-12-01T09:00:00-06:00",
                "visit.day-of end 2026-12-08T09:00:00-06:00",
            ])
        let later = loaded.schedule(asOf: loaded.instant("2026-12-01T09:00") + 1)
        #expect(loaded.lines(later) == ["visit.day-of end 2026-12-08T09:00:00-06:00"])
        #expect(later.outOfRange == [.past: 1])
    }
}
