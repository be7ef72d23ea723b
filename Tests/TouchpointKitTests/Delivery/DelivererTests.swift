import Foundation
import Testing
@testable import TouchpointKit

/// `touchpoint deliver` through the front door, with a stand-in for the mail command: each due
/// message handed on once, in order, never late, and what the log says of it.
@Suite struct DelivererTests {
    private func outcomes(_ report: DeliveryReport) -> [String] {
        report.items.map { "\($0.row.file) \(DeliveryReport.describe($0.outcome).name)" }
    }

    @Test func dueMessagesGoOnceInSendOrder() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let first = try fixture.deliver("2026-11-30T09:05")
        #expect(outcomes(first) == ["2026-11-30/0900-reminder-day-before-p1.eml sent"])
        #expect(first.summary == "1 sent, 0 expired, 0 failed, 0 waiting for the send window")
        #expect(try fixture.deliver("2026-11-30T09:10").items.isEmpty)

        let second = try fixture.deliver("2026-12-01T10:05")
        #expect(
            outcomes(second) == [
                "2026-12-01/0900-reminder-day-before-p2.eml sent", "2026-12-01/1000-news-december-p1.eml sent",
                "2026-12-01/1000-news-december-p2.eml sent", "2026-12-01/1000-news-december-p3.eml sent",
            ])
        #expect(!second.needsAttention)
        let handed = try fixture.handed
        #expect(
            handed.map(\.arguments).sorted { $0.last ?? "" < $1.last ?? "" }
                == ["p1", "p1", "p2", "p2", "p3"].map { ["bounces@lincolnpt.example", "\($0)@mail.example"] })
        // The bytes handed on are the file's, which now lies in out/sent/.
        let sent = try #require(fixture.file("sent/2026-12-01/1000-news-december-p3.eml"))
        #expect(handed.contains { $0.message == sent })
        #expect(fixture.file("2026-12-01/1000-news-december-p3.eml") == nil)
        // Two go at once: their `sending` records first, in send order, flushed together; then
        // `sent`, each with its row.
        let records = fixture.records
        #expect(records.map(\.event) == [.sending, .sent, .sending, .sending, .sent, .sent, .sending, .sending, .sent, .sent])
        #expect(
            records.filter { $0.event == .sending }.dropFirst().map { $0.message?.file }
                == outcomes(second).map { String($0.split(separator: " ")[0]) })
        let row = try #require(try fixture.rows().first { $0.file == "2026-12-01/1000-news-december-p3.eml" })
        #expect(records.last?.messageID == row.messageID)
        #expect(records.last?.message == row.logged)
        #expect(records.last?.loggedAt == "2026-12-01T10:05:00-06:00")
        #expect(try fixture.deliver("2026-12-01T10:10").items.isEmpty)
        #expect(try fixture.handed.count == 5)
    }

    @Test func aMessagePastItsAllowanceExpiresAndIsNeverSent() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        // Monday 09:00's care reminder, Tuesday 09:30: 24½ hours late, twice what care allows.
        let report = try fixture.deliver("2026-12-01T09:30")
        #expect(
            outcomes(report) == [
                "2026-11-30/0900-reminder-day-before-p1.eml expired", "2026-12-01/0900-reminder-day-before-p2.eml sent",
            ])
        #expect(report.items.first?.outcome == .expired("24 hours late; 'reminder.day-before' may go at most 12 hours late"))
        #expect(report.needsAttention)
        #expect(fixture.records.filter { $0.event == .expired }.map(\.message?.contact) == ["p1"])
        #expect(try fixture.handed.map(\.arguments.last) == ["p2@mail.example"])
        // Expired is the last word: the next run leaves it alone.
        #expect(try fixture.deliver("2026-12-01T09:35").items.isEmpty)
    }

    @Test(arguments: [("campaign", "2 hours"), ("step", "2 hours")])
    func expiresOnACampaignOrAStepOverridesTheDefault(place: String, allowance: String) throws {
        let fixture: DeliveryFixture
        if place == "campaign" {
            fixture = try DeliveryFixture(reminderExpires: allowance)
        } else {
            fixture = try DeliveryFixture()
            let path = fixture.scratch.url.appendingPathComponent("campaigns/reminder.yaml")
            let text = try String(contentsOf: path, encoding: .utf8)
            try fixture.scratch.write(
                "campaigns/reminder.yaml", text.replacingOccurrences(of: "    body:", with: "    expires: \(allowance)\n    body:"))
        }
        try fixture.build()
        #expect(outcomes(try fixture.deliver("2026-11-30T11:30")) == ["2026-11-30/0900-reminder-day-before-p1.eml expired"])
        #expect(fixture.records.last?.reason == "2 hours late; 'reminder.day-before' may go at most 2 hours late")
    }

    @Test func lateMessagesWaitForTheSendWindowAndMarketingKeepsThreeDays() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        // Tuesday 19:00: the window has closed; Tuesday's messages are late and wait.
        let evening = try fixture.deliver("2026-12-01T19:00")
        #expect(evening.waiting == 4)
        #expect(evening.expired == 1)  // Monday's reminder
        #expect(fixture.records.map(\.event) == [.expired])
        // Wednesday 08:05: the care reminder is 23 hours late and expires; marketing goes.
        let morning = try fixture.deliver("2026-12-02T08:05")
        #expect(
            outcomes(morning) == [
                "2026-12-01/0900-reminder-day-before-p2.eml expired", "2026-12-01/1000-news-december-p1.eml sent",
                "2026-12-01/1000-news-december-p2.eml sent", "2026-12-01/1000-news-december-p3.eml sent",
            ])
    }

    /// Delivery holds a late message to its step's window, not the practice's.
    @Test func lateMessagesWaitForTheirStepsOwnWindow() throws {
        let fixture = try DeliveryFixture()
        let path = fixture.scratch.url.appendingPathComponent("campaigns/news.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
        try fixture.scratch.write(
            "campaigns/news.yaml",
            text.replacingOccurrences(of: "    body:", with: "    send_window: { hours: \"08:00-20:00\" }\n    body:"))
        try fixture.build()
        // Tuesday 19:00: the practice's window has closed, the news step's is open until 20:00.
        let evening = try fixture.deliver("2026-12-01T19:00", dryRun: true)
        #expect(
            outcomes(evening) == [
                "2026-11-30/0900-reminder-day-before-p1.eml expired", "2026-12-01/0900-reminder-day-before-p2.eml waiting",
                "2026-12-01/1000-news-december-p1.eml would-send", "2026-12-01/1000-news-december-p2.eml would-send",
                "2026-12-01/1000-news-december-p3.eml would-send",
            ])
    }

    @Test func aMessageJustPastTheWindowsEndIsOnTime() throws {
        let fixture = try DeliveryFixture(hours: "08:00-10:15")
        try fixture.build()
        // 10:25: the 10:00 notes are 25 minutes late, on time; the 09:00 reminder waits for tomorrow.
        let report = try fixture.deliver("2026-12-01T10:25")
        #expect(
            outcomes(report) == [
                "2026-11-30/0900-reminder-day-before-p1.eml expired", "2026-12-01/0900-reminder-day-before-p2.eml waiting",
                "2026-12-01/1000-news-december-p1.eml sent", "2026-12-01/1000-news-december-p2.eml sent",
                "2026-12-01/1000-news-december-p3.eml sent",
            ])
    }

    @Test func aTemporaryFailureStaysDueAndIsRetried() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        try fixture.refuse(with: 75)
        let refused = try fixture.deliver("2026-11-30T09:05")
        #expect(
            refused.items.first?.outcome == .retry("temporary failure (exit status 75): fake-sendmail: refused <p1@mail.example> for now"))
        #expect(refused.needsAttention)
        #expect(fixture.file("2026-11-30/0900-reminder-day-before-p1.eml") != nil)
        #expect(fixture.records.map(\.event) == [.sending, .retry])
        try fixture.refuse(with: 0)
        #expect(outcomes(try fixture.deliver("2026-11-30T09:10")) == ["2026-11-30/0900-reminder-day-before-p1.eml sent"])
    }

    @Test func aRefusedMessageFailsOnceItsAttemptsAreUsed() throws {
        let fixture = try DeliveryFixture(delivery: "  attempts: 2\n")
        try fixture.build()
        try fixture.refuse(with: 67)
        #expect(
            try fixture.deliver("2026-11-30T09:05").items.first?.outcome
                == .retry("exit status 67, attempt 1 of 2: fake-sendmail: refused <p1@mail.example> for now"))
        let last = try fixture.deliver("2026-11-30T09:10")
        #expect(last.items.first?.outcome == .failed("exit status 67, attempt 2 of 2: fake-sendmail: refused <p1@mail.example> for now"))
        #expect(last.failed == 1)
        #expect(try fixture.deliver("2026-11-30T09:15").items.isEmpty)
        #expect(fixture.records.map(\.event) == [.sending, .retry, .sending, .failed])
    }

    @Test func anInterruptedHandOffIsUncertainAndNotRepeatedUnlessAsked() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let row = try #require(try fixture.rows().first)
        try fixture.appendToLog(
            SentLog.Record(loggedAt: "2026-11-30T09:00:01-06:00", event: .sending, messageID: row.messageID, message: row.logged))
        let report = try fixture.deliver("2026-11-30T09:05")
        #expect(outcomes(report) == ["2026-11-30/0900-reminder-day-before-p1.eml uncertain"])
        #expect(report.needsAttention)
        #expect(try fixture.handed.isEmpty)
        let again = try fixture.deliver("2026-11-30T09:10", resendUncertain: true)
        #expect(outcomes(again) == ["2026-11-30/0900-reminder-day-before-p1.eml sent"])
        #expect(try fixture.handed.count == 1)
    }

    @Test func aCommandThatHangsIsKilledAndItsMessageLeftUncertain() throws {
        // With a rate, one message at a time: only the one handed on is uncertain.
        let fixture = try DeliveryFixture(delivery: "  rate: 600/min\n")
        try fixture.build()
        try fixture.hang()
        // Each look at the clock takes ten seconds: the five minutes are up in a few real seconds.
        fixture.clock.tick(10)
        let report = try fixture.deliver("2026-12-01T10:05")
        #expect(
            report.stopped
                == "'\(fixture.scratch.path)/fake-sendmail' did not finish within 5 minutes and was stopped "
                + "(it said: fake-sendmail: waiting for the network); 2026-12-01/0900-reminder-day-before-p2.eml is uncertain")
        #expect(report.uncertain == 1)
        #expect(report.left == 3)
        #expect(fixture.records.map(\.event) == [.expired, .sending])
        try fixture.refuse(with: 0)
        fixture.clock.tick(0)
        let next = try fixture.deliver("2026-12-01T10:10")
        #expect(next.uncertain == 1)
        #expect(next.sent == 3)
    }

    @Test func aLogThatCannotBeReadStopsDeliveryRatherThanSendingAgain() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        try FileManager.default.createDirectory(
            at: fixture.folder.outbox.appendingPathComponent("sent.log"), withIntermediateDirectories: true)
        let error = #expect(throws: EnvironmentError.self) { try fixture.deliver("2026-11-30T09:05") }
        #expect(error?.description.hasPrefix("cannot read '") == true)
        #expect(try fixture.handed.isEmpty)
    }

    @Test func aDryRunChangesNothing() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let report = try fixture.deliver("2026-12-01T10:05", dryRun: true)
        #expect(report.summary == "4 to send, 1 to expire, 0 failed, 0 waiting for the send window")
        #expect(report.items.first?.outcome == .expired("25 hours late; 'reminder.day-before' may go at most 12 hours late"))
        #expect(try fixture.handed.isEmpty)
        #expect(fixture.file("sent.log") == nil)
        #expect(fixture.file("2026-11-30/0900-reminder-day-before-p1.eml") != nil)
    }

    @Test func theLimitAndTheRateHoldHandOffsBack() throws {
        let fixture = try DeliveryFixture(delivery: "  rate: 30/min\n")
        try fixture.build()
        let report = try fixture.deliver("2026-12-01T10:05", limit: 3)
        #expect(report.sent == 3)
        #expect(report.left == 1)
        #expect(report.summary == "3 sent, 1 expired, 0 failed, 0 waiting for the send window, 1 left for the next run")
        // 30 a minute: two seconds between the starts of two hand-offs.
        #expect(fixture.clock.sleeps.count == 2)
        #expect(fixture.clock.sleeps.allSatisfy { abs($0 - 2) < 0.001 })
        #expect(try fixture.deliver("2026-12-01T10:06").sent == 1)
    }

    @Test func anotherRunHoldingTheOutboxLeavesItAlone() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let lockPath = fixture.folder.outbox.appendingPathComponent(".touchpoint/lock").path
        let holder = open(lockPath, O_RDWR)
        #expect(holder >= 0)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        _ = ftruncate(holder, 0)
        _ = "77\ndeliver\n".withCString { pwrite(holder, $0, 10, 0) }
        let options = DeliveryOptions(now: "2026-11-30T09:05", searchPath: [], processID: 1)
        guard case .busy(let processID, let delivering) = try fixture.folder.deliver(options, clock: fixture.clock.clock) else {
            Issue.record("a held outbox was not reported busy")
            return
        }
        #expect(processID == "77")
        #expect(delivering)
        #expect(try fixture.handed.isEmpty)
    }

    @Test func placeholdersStayOneArgumentEachAndNoShellSeesThem() throws {
        let fixture = try DeliveryFixture(arguments: "\"--to={to}; touch pwned\", \"$(id)\", \"{from}{from}\"")
        try fixture.build()
        #expect(try fixture.deliver("2026-11-30T09:05").sent == 1)
        #expect(
            try fixture.handed.first?.arguments == [
                "--to=p1@mail.example; touch pwned", "$(id)", "bounces@lincolnpt.examplebounces@lincolnpt.example",
            ])
        #expect(!FileManager.default.fileExists(atPath: fixture.scratch.url.appendingPathComponent("pwned").path))
    }

    @Test func aProgramThatCannotBeRunStopsTheRunAndLeavesEverythingDue() throws {
        let fixture = try DeliveryFixture()
        try fixture.scratch.write(
            "touchpoint.yaml",
            try String(contentsOf: fixture.scratch.url.appendingPathComponent("touchpoint.yaml"), encoding: .utf8)
                .replacingOccurrences(of: fixture.scratch.path + "/fake-sendmail", with: "no-such-mailer"))
        try fixture.build()
        let report = try fixture.deliver("2026-12-01T10:05")
        #expect(report.stopped == "cannot run 'no-such-mailer': no such program in /usr/bin:/bin")
        // The two handed on at once are both to be retried; nothing is left open.
        #expect(report.retried == 2)
        #expect(report.left == 2)
        #expect(fixture.records.map(\.event) == [.expired, .sending, .sending, .retry, .retry])
        #expect(SentLog.ledger(fixture.records).uncertain.isEmpty)
    }
}
