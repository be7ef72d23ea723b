import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Reminders anchored on an appointment's date and time, as a scheduling system exports it
/// (`12/01/2026 9:00 AM`): `N hours before` counts hours as they pass, `N days before … at HH:MM`
/// counts days on the appointment's date, both with the daylight-saving rules of every send.
@Suite struct AppointmentAnchorTests {
    /// An appointment list in America/Chicago, whose clocks spring forward on 2027-03-14 at 02:00
    /// and fall back on 2026-11-01 at 02:00.
    struct Practice {
        var days = "[mon, tue, wed, thu, fri, sat, sun]"
        var hours = "00:00-24:00"
        /// `id,appointment` rows, the appointment as `%m/%d/%Y %I:%M %p`.
        var appointments: [(String, String)]
        /// Send rules, one step each.
        var rules: [String]
        var body = "See you soon."

        func load() throws -> (pipeline: TestPipeline, folder: ScratchFolder) {
            let folder = try ScratchFolder()
            try folder.write(
                "touchpoint.yaml",
                """
                practice:
                  name: Lincoln Physical Therapy
                  from: "Lincoln Physical Therapy <care@lincolnpt.example>"
                  address: "1200 O Street, Lincoln, NE 68508"
                  timezone: America/Chicago
                send_window:
                  days: \(days)
                  hours: "\(hours)"
                horizon: 400 days
                unsubscribe:
                  mailto: unsubscribe@lincolnpt.example

                """)
            try folder.write(
                "contacts/visits.schema.yaml",
                """
                key: id
                email: email
                fields:
                  id: { type: string, required: true, column: "Patient ID" }
                  email: { type: email, required: true, column: "Email" }
                  appointment: { type: datetime, format: "%m/%d/%Y %I:%M %p", column: "Appt Date/Time" }

                """)
            try folder.write(
                "contacts/visits.csv",
                "Patient ID,Email,Appt Date/Time\r\n"
                    + appointments.map { "\($0.0),\($0.0)@mail.example,\($0.1)\r\n" }.joined())
            var campaign = "campaign: reminders\ntitle: Reminders\naudience: visits\nkind: care\nsteps:\n"
            for (index, rule) in rules.enumerated() {
                campaign += "  - id: r\(index + 1)\n    send: \(rule)\n    subject: Your visit\n    body: '\(body)'\n"
            }
            try folder.write("campaigns/reminders.yaml", campaign)
            let pipeline = try TestPipeline.load(practice: folder.url)
            // Some rules send at 02:30 on purpose: a time the clocks skip, which `check` warns about.
            let problems = pipeline.diagnostics.filter { $0.id != "ambiguous-date-order" && $0.id != "time-in-clock-gap" }
            #expect(problems.isEmpty, "\(problems.map { "\($0.lineColumnID) \($0.message.text)" })")
            return (pipeline, folder)
        }
    }

    /// `step contact send-at [moved from DAY]` for every message as of `asOf`.
    private func sends(_ practice: Practice, asOf: String = "2026-10-01") throws -> [String] {
        let (pipeline, _) = try practice.load()
        let schedule = try pipeline.schedule(asOf: asOf)
        return schedule.messages.map { message in
            let campaign = pipeline.scheduler.campaigns[message.campaign]
            let key = pipeline.scheduler.lists[message.list].contacts[message.contact].key
            let moved = message.movedFrom.map { " moved from \($0)" } ?? ""
            return "\(campaign.steps[message.step].id) \(key) \(AsOf.format(message.instant, offset: message.utcOffset))\(moved)"
        }
    }

    @Test func hoursBeforeCountHoursAsTheyPassAcrossTheSpringChange() throws {
        let practice = Practice(
            appointments: [("a1", "03/14/2027 10:00 AM"), ("a2", "03/14/2027 03:30 AM"), ("a3", "03/14/2027 02:30 AM")],
            rules: ["12 hours before appointment", "2 hours before appointment"])
        let sent = try sends(practice)
        #expect(
            sent == [
                // 10:00 CDT less twelve hours is 21:00 CST the day before: thirteen hours on the clock.
                "r1 a2 2027-03-13T14:30:00-06:00",
                // 02:30 does not exist that day: the appointment is at 03:30 CDT.
                "r1 a3 2027-03-13T14:30:00-06:00",
                "r1 a1 2027-03-13T21:00:00-06:00",
                "r2 a2 2027-03-14T00:30:00-06:00",
                "r2 a3 2027-03-14T00:30:00-06:00",
                "r2 a1 2027-03-14T08:00:00-05:00",
            ])
    }

    @Test func hoursBeforeCountHoursAsTheyPassAcrossTheFallChange() throws {
        let practice = Practice(
            appointments: [("b1", "11/01/2026 09:00 AM"), ("b2", "11/01/2026 03:00 AM")],
            rules: ["12 hours before appointment", "2 hours before appointment"])
        let sent = try sends(practice)
        #expect(
            sent == [
                "r1 b2 2026-10-31T16:00:00-05:00",
                "r1 b1 2026-10-31T22:00:00-05:00",
                // 03:00 CST less two hours as they pass is the second of the day's two 01:00s.
                "r2 b2 2026-11-01T01:00:00-06:00",
                "r2 b1 2026-11-01T07:00:00-06:00",
            ])
    }

    @Test func daysBeforeAtATimeCountOnTheAppointmentsDate() throws {
        let practice = Practice(
            appointments: [("c1", "03/15/2027 02:15 PM"), ("c2", "11/02/2026 11:45 AM")],
            rules: ["1 day before appointment at 09:00", "1 day before appointment at 02:30", "1 day before appointment at 01:30"])
        let sent = try sends(practice)
        #expect(
            sent == [
                // The day before 2026-11-02 is the fall-back day: 01:30 happens twice, the first goes.
                "r3 c2 2026-11-01T01:30:00-05:00",
                "r2 c2 2026-11-01T02:30:00-06:00",
                "r1 c2 2026-11-01T09:00:00-06:00",
                "r3 c1 2027-03-14T01:30:00-06:00",
                // The day before 2027-03-15 is the spring-forward day: 02:30 moves by the gap.
                "r2 c1 2027-03-14T03:30:00-05:00",
                "r1 c1 2027-03-14T09:00:00-05:00",
            ])
    }

    @Test func theSendWindowMovesAnHoursRuleAwayFromItsAppointment() throws {
        let practice = Practice(
            days: "[mon, tue, wed, thu, fri]", hours: "08:00-18:00",
            appointments: [("d1", "12/07/2026 08:30 AM"), ("d2", "12/04/2026 05:00 PM"), ("d3", "12/08/2026 01:00 PM")],
            rules: ["2 hours before appointment", "2 hours after appointment"])
        let sent = try sends(practice, asOf: "2026-11-30")
        #expect(
            sent == [
                "r1 d2 2026-12-04T15:00:00-06:00",
                // Monday 06:30 is before the window opens: the reminder goes on Friday, in its last minute.
                "r1 d1 2026-12-04T17:59:00-06:00 moved from 2026-12-07",
                // Friday 19:00 is after it closes: the follow-up goes on Monday when it opens.
                "r2 d2 2026-12-07T08:00:00-06:00 moved from 2026-12-04",
                "r2 d1 2026-12-07T10:30:00-06:00",
                "r1 d3 2026-12-08T11:00:00-06:00",
                "r2 d3 2026-12-08T15:00:00-06:00",
            ])
    }

    @Test func aSameDayReminderGoesOnlyBeforeTheAppointmentsTime() throws {
        let practice = Practice(
            appointments: [("e1", "12/08/2026 02:00 PM"), ("e2", "12/09/2026 07:00 AM")],
            rules: ["0 days before appointment at 08:00"])
        let (pipeline, _) = try practice.load()
        let schedule = try pipeline.schedule(asOf: "2026-11-30")
        #expect(schedule.messages.map { pipeline.scheduler.lists[0].contacts[$0.contact].key } == ["e1"])
        #expect(schedule.dropped.map(\.reason) == [.window])
    }

    @Test func theReminderMergesTheAppointmentsTime() throws {
        let practice = Practice(
            appointments: [("f1", "12/07/2026 08:30 AM"), ("f2", "12/07/2026 02:45 PM")],
            rules: ["1 day before appointment at 09:00"],
            body: "See you {{ appointment | date: \"%A, %B %-d at %-I:%M %p\" }}.")
        let (pipeline, _) = try practice.load()
        let messages = try pipeline.messages(asOf: "2026-11-30")
        let bodies = messages.keys.sorted().map { path in String(decoding: messages[path] ?? [], as: UTF8.self) }
        #expect(bodies.count == 2)
        #expect(bodies[0].contains("See you Monday, December 7 at 8:30 AM."))
        #expect(bodies[1].contains("See you Monday, December 7 at 2:45 PM."))
    }

    @Test func hoursCountOnlyFromADateAndTime() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "touchpoint.yaml",
            "practice:\n  name: P\n  from: p@clinic.example\n  address: A\n  timezone: America/Chicago\nunsubscribe:\n  mailto: u@clinic.example\n"
        )
        try folder.write("contacts/visits.schema.yaml", "key: id\nemail: email\nfields:\n  id: string\n  email: email\n  seen: date\n")
        try folder.write("contacts/visits.csv", "id,email,seen\nv1,v1@mail.example,2026-12-01\n")
        try folder.write(
            "campaigns/c.yaml",
            "campaign: c\ntitle: C\naudience: visits\nkind: care\nsteps:\n  - id: s\n    send: 2 hours before seen\n    subject: S\n    body: B\n"
        )
        let checked = try TestPipeline.check(practice: folder.url)
        #expect(checked.diagnostics.map(\.id) == ["invalid-send-field"])
        #expect(checked.diagnostics.first?.message.text == "'seen' is a date without a time of day, and hours count from a datetime")
    }

    @Test(arguments: [
        ("2 hours before appointment at 09:00", "'at' does not go with hours: the message goes 2 hours before the field's time"),
        ("every 2 hours after appointment", "a repeating rule counts days, weeks or months, not hours"),
        ("2 hours whenever appointment", "expected 'before' or 'after', found 'whenever'"),
    ])
    func hoursRulesThatDoNotParse(rule: String, message: String) {
        guard case .failure(let failure) = SendRuleParser().parse(rule) else {
            Issue.record("'\(rule)' parsed")
            return
        }
        #expect(failure.message == message)
    }

    @Test func anHoursRuleParses() throws {
        let rule = try SendRuleParser().parse("1 hour after appointment").get()
        #expect(rule.timing == .hours(amount: 1, direction: .after, field: SendRule.FieldReference(name: "appointment", range: 13..<24)))
        #expect(!rule.isBefore)
    }
}
