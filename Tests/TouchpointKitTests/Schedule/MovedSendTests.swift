import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointSchedule

private typealias Patient = SchedulePractice.Patient
private typealias Step = SchedulePractice.Step
private typealias CampaignFile = SchedulePractice.CampaignFile

/// What a step does when its send window would move a send (`if_moved`), windows of a campaign's
/// and a step's own, `every … until` repetitions moved past their date, times the clocks skip,
/// and two steps moved onto one minute.
@Suite("Scheduler: moved sends")
struct MovedSendTests {
    /// A Monday-to-Friday practice with a patient whose first visit is on Friday 2026-12-04: the
    /// day after is a Saturday.
    private func fridayVisit() -> SchedulePractice {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1", firstVisit: "2026-12-04")]
        return practice
    }

    @Test(
        arguments: [
            // if_moved, the send, the day the rule gave when the window moved it
            (nil, "2026-12-07T09:00:00-06:00", "2026-12-05"),  // an after rule moves later by default
            ("later", "2026-12-07T09:00:00-06:00", "2026-12-05"),
            ("earlier", "2026-12-04T09:00:00-06:00", "2026-12-05"),
            ("send", "2026-12-05T09:00:00-06:00", ""),
        ] as [(String?, String, String)])
    func ifMovedSaysWhereTheSendGoes(policy: String?, expected: String, movedFrom: String) throws {
        var practice = fridayVisit()
        practice.campaigns = [
            CampaignFile(
                "visit", steps: [Step("after", "1 day after first_visit at 09:00", lines: policy.map { ["if_moved: \($0)"] } ?? [])])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(loaded.lines(schedule) == ["visit.after p1 \(expected)"])
        #expect(schedule.messages.first?.movedFrom == LocalDate(iso: movedFrom))
        #expect(schedule.dropped.isEmpty)
    }

    @Test func ifMovedSkipDropsTheSendAndExplainSaysWhy() throws {
        var practice = fridayVisit()
        practice.patients.append(Patient("p2", firstVisit: "2026-12-07"))
        practice.campaigns = [CampaignFile("visit", steps: [Step("after", "1 day after first_visit at 09:00", lines: ["if_moved: skip"])])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        // p2's day after is a Tuesday: nothing to move.
        #expect(loaded.lines(schedule) == ["visit.after p2 2026-12-08T09:00:00-06:00"])
        #expect(loaded.droppedLines(schedule) == ["if-moved-skip visit.after p1 2026-12-05T09:00:00-06:00"])
        let explanation = try loaded.pipeline.scheduled(asOf: "2026-11-30").explain("p1")
        #expect(
            explanation.contains(
                "after  not sent 2026-12-05T09:00:00-06:00: the send window would move it to another day, and the step says 'if_moved: skip'"
            ), "\(explanation)")
    }

    @Test func aStepsOwnWindowIsUsedAndInheritsTheKeysItLeavesOut() throws {
        var practice = fridayVisit()
        practice.holidays = ["2026-12-07"]
        practice.campaigns = [
            CampaignFile(
                "visit", lines: ["send_window:", "  days: [mon, tue, wed, thu, fri, sat]", "  hours: \"07:00-09:00\""],
                steps: [
                    // The campaign's days and hours: Saturday is open, the window starts at 07:00.
                    Step("campaign-window", "1 day after first_visit"),
                    // The step's own days over the campaign's; its hours and the practice's
                    // holidays are inherited: Saturday is closed, Monday the 7th a holiday.
                    Step("step-window", "1 day after first_visit at 07:30", lines: ["send_window: { days: [mon, tue] }"]),
                ])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "visit.campaign-window p1 2026-12-05T07:00:00-06:00",
                "visit.step-window p1 2026-12-08T07:30:00-06:00",
            ])
    }

    @Test func anAtOutsideTheStepsOwnWindowIsAnError() throws {
        var practice = fridayVisit()
        practice.campaigns = [
            CampaignFile(
                "visit",
                steps: [Step("early", "1 day after first_visit at 07:30", lines: ["send_window: { hours: \"09:00-12:00\" }"])])
        ]
        let folder = try ScratchFolder()
        try practice.write(to: folder)
        let checked = try TestPipeline.check(practice: folder.url)
        #expect(
            checked.diagnostics.map { "\($0.id) \($0.message.text)" } == [
                "time-outside-window 'at 07:30' is outside the send window's hours 09:00-12:00"
            ])
    }

    /// The example the rules were found wrong with: first visit Saturday 03-06, discharge
    /// Saturday 03-13, a Monday-to-Friday window. The second weekly repetition, on the discharge
    /// day, would move to Monday 03-15, after it.
    @Test func aRepetitionMovedPastItsUntilDateIsDroppedAndExplained() throws {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1", firstVisit: "2027-03-06", dischargeDate: "2027-03-13")]
        practice.campaigns = [
            CampaignFile("care", steps: [Step("weekly", "every 1 week after first_visit until discharge_date at 10:00")])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2027-03-01")
        #expect(loaded.lines(schedule).isEmpty)
        #expect(loaded.droppedLines(schedule) == ["after-until care.weekly p1 2027-03-15T10:00:00-05:00"])
        let explanation = try loaded.pipeline.scheduled(asOf: "2027-03-01").explain("p1")
        #expect(
            explanation.contains(
                "weekly  not sent 2027-03-15T10:00:00-05:00: the send window would move it past its 'until' date (moved from 2027-03-13 by the send window)"
            ), "\(explanation)")
    }

    /// 02:30 does not exist in Chicago on 2027-03-14. Moved forward by the gap it would be 03:30,
    /// outside a "00:00-03:00" window: it goes at 01:59 instead. Inside a wider window, the gap
    /// moves it as before.
    @Test(arguments: [("00:00-03:00", "2027-03-14T01:59:00-06:00"), ("00:00-04:00", "2027-03-14T03:30:00-05:00")])
    func aTimeTheClocksSkipNeverLeavesTheWindow(hours: String, expected: String) throws {
        var practice = SchedulePractice()
        practice.days = SchedulePractice.allDays
        practice.hours = hours
        practice.patients = [Patient("p1", firstVisit: "2027-03-13"), Patient("p2", firstVisit: "2027-03-14")]
        practice.campaigns = [CampaignFile("night", steps: [Step("late", "1 day after first_visit at 02:30")])]
        let folder = try ScratchFolder()
        try practice.write(to: folder)
        let pipeline = try TestPipeline.load(practice: folder.url)
        #expect(pipeline.diagnostics.map(\.id) == ["time-in-clock-gap"])
        let loaded = Loaded(pipeline: pipeline)
        let schedule = loaded.schedule(asOf: "2027-03-01")
        #expect(loaded.lines(schedule) == ["night.late p1 \(expected)", "night.late p2 2027-03-15T02:30:00-05:00"])
    }

    @Test func aWindowWhoseHoursTheClocksSkipSendsNothingThatNight() throws {
        var practice = SchedulePractice()
        practice.days = SchedulePractice.allDays
        practice.hours = "02:15-02:45"
        practice.patients = [Patient("p1", firstVisit: "2027-03-13")]
        practice.campaigns = [CampaignFile("night", steps: [Step("late", "1 day after first_visit at 02:30")])]
        let folder = try ScratchFolder()
        try practice.write(to: folder)
        let loaded = Loaded(pipeline: try TestPipeline.load(practice: folder.url))
        let schedule = loaded.schedule(asOf: "2027-03-01")
        #expect(schedule.messages.isEmpty)
        #expect(schedule.dropped.map(\.reason) == [.clockChange])
    }

    /// Two steps a day apart: a weekend moves the first onto the second's minute.
    @Test func twoStepsMovedOntoOneMinuteAreAWarningOfPlanAndExplain() throws {
        var practice = fridayVisit()
        practice.campaigns = [
            CampaignFile(
                "visit",
                steps: [Step("day-two", "2 days after first_visit at 09:00"), Step("day-three", "3 days after first_visit at 09:00")])
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == ["visit.day-two p1 2026-12-07T09:00:00-06:00", "visit.day-three p1 2026-12-07T09:00:00-06:00"])
        #expect(schedule.sameMinute.count == 1)
        let plan = PlanFormatter(scheduler: loaded.scheduler, schedule: schedule).text(messages: schedule.messages)
        #expect(
            plan.contains(
                "warning: visit sends steps 'day-two' and 'day-three' to p1 at the same minute, 2026-12-07 09:00: "
                    + "the send window moved 'day-two' there"), "\(plan)")
        let json = PlanFormatter(scheduler: loaded.scheduler, schedule: schedule).json(messages: schedule.messages)
        #expect(
            json.contains(
                "\"same_minute\":[{\"send_at\":\"2026-12-07T09:00:00-06:00\",\"campaign\":\"visit\",\"contact\":\"p1\","
                    + "\"steps\":[\"day-two\",\"day-three\"]}]"), "\(json)")
        let explanation = try loaded.pipeline.scheduled(asOf: "2026-11-30").explain("p1")
        #expect(explanation.contains("(moved from 2026-12-06 by the send window) (same minute as step 'day-three')"), "\(explanation)")
        // Without a move, two steps at one minute are what the campaign says: no warning.
        var unmoved = practice
        unmoved.campaigns[0].steps[0].send = "3 days after first_visit at 09:00"
        let again = try unmoved.load()
        #expect(again.schedule(asOf: "2026-11-30").sameMinute.isEmpty)
    }
}
