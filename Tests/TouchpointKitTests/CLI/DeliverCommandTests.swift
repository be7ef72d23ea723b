import Foundation
import Testing
@testable import TouchpointKit

/// `touchpoint deliver` as cron runs it: what it prints and how it exits.
@Suite struct DeliverCommandTests {
    private let binary: TouchpointBinary

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(), "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private func deliver(_ fixture: DeliveryFixture, _ arguments: [String]) throws -> TouchpointBinary.Run {
        try binary.run(["deliver", "--root", fixture.scratch.path] + arguments)
    }

    @Test func aRunThatSendsEverythingDueExitsZeroWithItsSummary() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let run = try deliver(fixture, ["--now", "2026-11-30T09:05"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "touchpoint: 1 sent, 0 expired, 0 failed, 0 waiting for the send window\n")
        #expect(
            try deliver(fixture, ["--now", "2026-11-30T09:06"]).stderr
                == "touchpoint: 0 sent, 0 expired, 0 failed, 0 waiting for the send window\n")
    }

    @Test func expiredAndRefusedMessagesExitOneAndSayWhyWithoutTheAddress() throws {
        let fixture = try DeliveryFixture(delivery: "  attempts: 1\n")
        try fixture.build()
        try fixture.refuse(with: 1)
        let run = try deliver(fixture, ["--now", "2026-12-01T09:30"])
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                2026-11-30/0900-reminder-day-before-p1.eml: expired: 24 hours late; 'reminder.day-before' may go at most 12 hours late
                2026-12-01/0900-reminder-day-before-p2.eml: failed: exit status 1, attempt 1 of 1: fake-sendmail: refused <<recipient>> for now
                touchpoint: 0 sent, 1 expired, 1 failed, 0 waiting for the send window

                """)
    }

    @Test func aDryRunListsWhatWouldHappenAndExitsZero() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let run = try deliver(fixture, ["--now", "2026-12-01T19:00", "--dry-run"])
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                2026-11-30/0900-reminder-day-before-p1.eml: expired: 34 hours late; 'reminder.day-before' may go at most 12 hours late
                2026-12-01/0900-reminder-day-before-p2.eml: waiting: due outside the send window; it goes when the window opens
                2026-12-01/1000-news-december-p1.eml: waiting: due outside the send window; it goes when the window opens
                2026-12-01/1000-news-december-p2.eml: waiting: due outside the send window; it goes when the window opens
                2026-12-01/1000-news-december-p3.eml: waiting: due outside the send window; it goes when the window opens

                """)
        #expect(run.stderr == "touchpoint: 0 to send, 1 to expire, 0 failed, 4 waiting for the send window (dry run: nothing changed)\n")
        #expect(fixture.file("sent.log") == nil)
    }

    @Test func theJSONReportHasEveryMessageAndNoAddressOffATerminal() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let run = try deliver(fixture, ["--now", "2026-11-30T09:05", "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["sent"] as? Int == 1)
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(messages.map { $0["outcome"] as? String } == ["sent"])
        #expect(messages.first?["file"] as? String == "2026-11-30/0900-reminder-day-before-p1.eml")
        #expect(messages.first?["to"] == nil)
    }

    @Test func aSecondRunWhileOneIsGoingExitsZeroQuietly() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let lockPath = fixture.folder.outbox.appendingPathComponent(".touchpoint/lock").path
        let holder = open(lockPath, O_RDWR)
        defer { close(holder) }
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        _ = ftruncate(holder, 0)
        _ = "77\ndeliver\n".withCString { pwrite(holder, $0, 10, 0) }
        let run = try deliver(fixture, ["--now", "2026-11-30T09:05"])
        #expect(run.status == 0)
        #expect(run.stderr == "touchpoint: another delivery is running (pid 77); nothing delivered this time\n")
        // A build waits for it only as long as '--wait' says.
        let build = try binary.run(["build", "--root", fixture.scratch.path, "--as-of", "2026-11-30", "--wait", "0"])
        #expect(build.status == 2)
        #expect(build.stderr.contains("touchpoint deliver is sending from out/ (pid 77)"))
    }

    @Test(arguments: [["--now", "yesterday"], ["--limit", "-1"]])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let run = try deliver(fixture, arguments)
        #expect(run.status == 2)
        #expect(try fixture.handed.isEmpty)
    }

    @Test func withoutAnOutboxItSaysToBuildFirst() throws {
        let fixture = try DeliveryFixture()
        let run = try deliver(fixture, ["--now", "2026-11-30T09:05"])
        #expect(run.status == 2)
        #expect(run.stderr.hasSuffix("/out'; run 'touchpoint build' first\n"))
    }
}
