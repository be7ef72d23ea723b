import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The fast reading of `sent.log` (`SentLog.ledger(bytes:)`, for logs of millions of lines) says
/// exactly what reading every record says.
@Suite struct SentLogScanTests {
    private func compare(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = Array(text.utf8)
        let slow = SentLog.ledger(SentLog.records(in: SourceFile(path: "sent.log", bytes: bytes)))
        let fast = SentLog.ledger(bytes: bytes)
        #expect(fast.delivered == slow.delivered, sourceLocation: sourceLocation)
        #expect(fast.uncertain == slow.uncertain, sourceLocation: sourceLocation)
        #expect(fast.undelivered == slow.undelivered, sourceLocation: sourceLocation)
        #expect(fast.failed == slow.failed, sourceLocation: sourceLocation)
        #expect(fast.marketing == slow.marketing, sourceLocation: sourceLocation)
    }

    @Test func awkwardLinesReadTheSameBothWays() {
        compare(
            """
            # touchpoint sent.log: a comment
            2026-12-01T09:00:01-06:00\tsending\t<a1@x.example>\t2026-12-01T09:00:00-06:00\tp@m.example\tmarketing\tnews\td\tp1\tf.eml\t
            2026-12-01T09:00:02-06:00\tsent\t<a1@x.example>\t2026-12-01T09:00:00-06:00\tp@m.example\tmarketing\tnews\td\tp1\tf.eml\t
            2026-11-01T09:00:00-06:00\t<old@x.example>\t2026-11-01/0900-a.eml
            2026-12-01T09:00:03-06:00\tsending\t<b2@x.example>\t2026-12-01T09:00:00-06:00\tq@m.example\tcare\tr\td\tp%092\tf.eml\t
            2026-12-01T09:00:04-06:00\tretry\t<c3@x.example>\t\t\t\t\t\t\t\ttemporary failure%0Asecond line
            2026-12-01T09:00:05-06:00\tfailed\t<c3@x.example>\t\t\t\t\t\t\t\texit status 1
            2026-12-01T09:00:06-06:00\texpired\t<d4@x.example>\t\t\t\t\t\t\t\tlate
            2026-12-01T09:00:07-06:00\tsent\t<d4@x.example>\t2026-12-01T10:00:00-06:00\tr@m.example\tmarketing\tn\td\tp4\tf.eml\t
            2026-12-01T09:00:08-06:00\tsent\t< e5@x.example >\t2026-12-01T10:00:00-06:00\ts@m.example\tmarketing\tn\td\tp5\tf.eml\t
            2026-12-01T09:00:09-06:00\tsent\t<no-at-sign>\t\t\t\t\t\t\t\t
            2026-12-01T09:00:10-06:00\tbounced\t<f6@x.example>\t\t\t\t\t\t\t\t
            2026-12-01T09:00:11-06:00\tsent\t<g7@x.example>\ttoo\tfew
            2026-12-01T09:00:12-06:00\tsent\t<h8%40x.example>\t2026-12-01T10:00:00-06:00\tt@m.example\tmarketing\tn\td\tp8\tf.eml\t\r
            2026-12-01T09:00:13-06:00\tsending\t<i9@x.example>\t\t\t\t\t\t\t\t
            2026-12-01T09:00:14-06:00\tsent\t<j10@x.example>\t2026-12-01T10:00:00-06:00\tmarketing@m.example\tcare\tmarketing\td\tp10\tf.eml\t
            """)
    }

    @Test(arguments: 0..<20)
    func randomLogsReadTheSameBothWays(seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        let events = SentLog.Event.allCases
        var text = SentLog.header
        for _ in 0..<200 {
            let id = "m\(Int.random(in: 0..<30, using: &generator))@x.example"
            let kind = Bool.random(using: &generator) ? "marketing" : "care"
            let record = SentLog.Record(
                loggedAt: "2026-12-01T09:00:00-06:00", event: events.randomElement(using: &generator) ?? .sent, messageID: id,
                message: SentLog.Message(
                    sendAt: "2026-12-0\(Int.random(in: 1...9, using: &generator))T10:00:00-06:00", to: "p\(id.prefix(3))@m.example",
                    kind: kind, campaign: "c", step: "s", contact: "k\t\(id.prefix(3))", file: "f.eml"),
                reason: Bool.random(using: &generator) ? "" : "temporary failure: 100%")
            text += record.line
        }
        compare(text)
    }
}
