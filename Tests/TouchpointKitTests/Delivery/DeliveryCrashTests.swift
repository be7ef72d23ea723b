import Foundation
import Glibc
import Testing
@testable import TouchpointKit

/// `touchpoint deliver` killed with SIGKILL at random moments while it hands 600 messages to
/// Postfix, again and again, then run to the end. Counted from the Maildir: no
/// message arrives twice, and each is delivered, uncertain (killed mid hand-off: it arrived at
/// most once) or still due — never lost without a word.
@Suite(.serialized) struct DeliveryCrashTests {
    static let patients = 450
    static let kills = 15

    @Test func killedAtRandomItNeverSendsAMessageTwice() throws {
        let server = try MailServer.require()
        defer { server.clean() }
        let binary = try #require(TouchpointBinary.locate(), "no built 'touchpoint' beside the test bundle")
        let fixture = try DeliveryFixture(
            command: "", patients: Self.patients, address: { server.address("p\($0)") }, bounce: server.bounce)
        try fixture.build()
        // Tuesday 10:05: the 450 notes and 150 reminders are due.
        let arguments = ["deliver", "--root", fixture.scratch.path, "--now", "2026-12-01T10:05"]
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        // Kill runs until `kills` were killed, or one finished on its own (nothing was left).
        for _ in 0..<(Self.kills * 3) where killed < Self.kills {
            let process = Process()
            process.executableURL = binary.url
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.5, using: &generator))
            guard process.isRunning else {
                process.waitUntilExit()
                break
            }
            kill(process.processIdentifier, SIGKILL)
            killed += 1
            process.waitUntilExit()
        }
        #expect(killed >= 10, "deliver finished before most kills: the test did not test")
        // Then to the end, as the next cron run would.
        let last = try binary.run(arguments)
        #expect(last.status == 0 || last.status == 1, "\(last.stderr)")

        let rows = try fixture.rows(
            through: try #require(AsOf.parse("2026-12-01T10:05", zone: ZonedTime(TimeZone(identifier: "America/Chicago")!))))
        let ledger = SentLog.ledger(outbox: fixture.folder.outbox)
        let expected = rows.filter { !ledger.undelivered.contains($0.messageID) }
        let arrived = try server.settled(expecting: expected.count - ledger.uncertain.count)
        var counts: [String: Int] = [:]
        for message in arrived { counts[message.messageID ?? "", default: 0] += 1 }

        #expect(counts.values.allSatisfy { $0 == 1 }, "arrived twice: \(counts.filter { $0.value > 1 }.keys.sorted())")
        #expect(Set(counts.keys).isSubset(of: Set(rows.map(\.messageID))), "something arrived that was not due")
        var uncertainArrived = 0
        for row in expected {
            let count = counts[row.messageID] ?? 0
            if ledger.delivered.contains(row.messageID) {
                #expect(count == 1, "\(row.file) is recorded sent but arrived \(count) times")
            } else if ledger.uncertain.contains(row.messageID) {
                uncertainArrived += count
            } else {
                Issue.record("\(row.file) is neither sent nor uncertain after the last run: \(count) arrived")
            }
        }
        // The messages Monday left behind expired, and none of them arrived.
        for row in rows where ledger.undelivered.contains(row.messageID) {
            #expect(counts[row.messageID] == nil)
        }
        print(
            "crash test: \(killed) kills, \(expected.count) due, \(ledger.delivered.count) sent, \(ledger.uncertain.count) uncertain (\(uncertainArrived) arrived), \(arrived.count) in the Maildir"
        )
        // A kill leaves at most the hand-offs under way uncertain.
        #expect(ledger.uncertain.count <= killed * Deliverer.handOffsAtOnce)
        #expect(expected.count > Self.patients)
        // What the last run said agrees with the Maildir.
        #expect(
            arrived.count == ledger.delivered.count + uncertainArrived,
            "\(arrived.count) arrived, \(ledger.delivered.count) sent and \(uncertainArrived) of \(ledger.uncertain.count) uncertain")
    }
}
