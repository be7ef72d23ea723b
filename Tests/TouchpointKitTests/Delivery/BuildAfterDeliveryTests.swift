import Foundation
import Testing
@testable import TouchpointKit

/// What a build makes of an outbox delivery has worked on: it keeps a message delivery may still
/// send, leaves out what was sent, and reports what passed without delivery instead of dropping
/// it silently; `explain` says the same of one contact.
@Suite struct BuildAfterDeliveryTests {
    private let reminder = "2026-11-30/0900-reminder-day-before-p1.eml"

    private func explain(_ fixture: DeliveryFixture, asOf: String, key: String = "p1") throws -> String {
        let checked = try fixture.folder.check()
        let scheduled = try #require(try fixture.folder.schedule(checked, ScheduleRequest(asOf: asOf, now: 0)))
        return try scheduled.explain(key, campaign: "reminder")
    }

    @Test func aBuildKeepsALateMessageWhileDeliveryMayStillSendIt() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        // Three hours after Monday's 09:00 reminder, undelivered: it stays, file and row.
        let noon = try fixture.build(asOf: "2026-11-30T12:00")
        #expect(noon.isEmpty)
        #expect(try fixture.rows().first?.file == reminder)
        #expect(fixture.file(reminder) != nil)
        #expect(
            try explain(fixture, asOf: "2026-11-30T12:00").contains(
                "day-before  due 2026-11-30T09:00:00-06:00, not delivered yet: delivery may still send it until 2026-11-30T21:00:00-06:00"))
        #expect(try fixture.deliver("2026-11-30T12:05").sent == 1)
    }

    @Test func aBuildReportsWhatExpiredNeverDelivered() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        // Thirteen hours late: past what care allows. The build drops it, and says so.
        let night = try fixture.build(asOf: "2026-11-30T22:00")
        #expect(night.items.map(\.row.file) == [reminder])
        #expect(night.items.map(\.state) == [.expired])
        #expect(night.summaryLines == ["1 message expired, never delivered: reminder 1"])
        #expect(night.listing == "  2026-11-30T09:00:00-06:00  reminder.day-before  p1  expired\n")
        #expect(try fixture.rows().first?.file != reminder)
        #expect(fixture.file(reminder) == nil)
        #expect(
            try explain(fixture, asOf: "2026-11-30T22:00").contains(
                "day-before  not sent 2026-11-30T09:00:00-06:00: already past"))
    }

    @Test func aBuildLeavesOutWhatWasDeliveredWithoutReportingIt() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        #expect(try fixture.deliver("2026-11-30T09:05").sent == 1)
        let later = try fixture.build(asOf: "2026-11-30T12:00")
        #expect(later.isEmpty)
        #expect(try fixture.rows().allSatisfy { $0.file != reminder })
        #expect(fixture.file("sent/" + reminder) != nil)
        #expect(try explain(fixture, asOf: "2026-11-30T12:00").contains("day-before  sent 2026-11-30T09:00:00-06:00: delivered"))
    }

    @Test func whatDeliveryGaveUpOnOrLeftUncertainIsReportedAsSuch() throws {
        let fixture = try DeliveryFixture(delivery: "  attempts: 1\n")
        try fixture.build()
        try fixture.refuse(with: 1)
        #expect(try fixture.deliver("2026-11-30T09:05").failed == 1)
        // Tuesday's reminder: its hand-off begun, never confirmed.
        let tuesday = try #require(try fixture.rows().first { $0.contact == "p2" && $0.campaign == "reminder" })
        try fixture.appendToLog(
            SentLog.Record(loggedAt: "2026-12-01T09:00:01-06:00", event: .sending, messageID: tuesday.messageID, message: tuesday.logged))
        // Monday's expired before delivery ran again.
        let report = try fixture.build(asOf: "2026-12-02T08:00")
        #expect(report.items.map(\.state) == [.failed, .uncertain])
        #expect(
            report.summaryLines == [
                "1 message failed, never delivered: reminder 1",
                "1 message left uncertain by an interrupted delivery: reminder 1",
            ])
        let explained = try explain(fixture, asOf: "2026-12-02T08:00")
        #expect(explained.contains("not sent 2026-11-30T09:00:00-06:00: failed: the mail command refused it, never delivered"))
        let second = try explain(fixture, asOf: "2026-12-02T08:00", key: "p2")
        #expect(second.contains("uncertain 2026-12-01T09:00:00-06:00: delivery was interrupted while handing it on"))
    }

    @Test func aMessageDeliveryMarkedExpiredIsExplainedSo() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        #expect(try fixture.deliver("2026-12-01T09:30").expired == 1)
        let report = try fixture.build(asOf: "2026-12-01T12:00")
        #expect(report.summaryLines == ["1 message expired, never delivered: reminder 1"])
        #expect(
            try explain(fixture, asOf: "2026-12-01T12:00").contains(
                "not sent 2026-11-30T09:00:00-06:00: expired, never delivered: not sent within 12 hours of its time"))
    }
}
