import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// `out/sent.log`: delivery's append-only record, read back into what the scheduler needs.
@Suite("Outbox: sent.log")
struct SentLogTests {
    private func message(_ contact: String = "p0003", kind: String = "marketing") -> SentLog.Message {
        SentLog.Message(
            sendAt: "2026-12-01T09:00:00-06:00", to: "ana.lopez@mail.example", kind: kind, campaign: "news", step: "december",
            contact: contact, file: "2026-12-01/0900-news-december-\(contact).eml")
    }

    private func ledger(_ text: String) -> DeliveryLedger {
        SentLog.ledger(SentLog.records(in: SourceFile(path: "sent.log", bytes: Array(text.utf8))))
    }

    @Test func aRecordReadsBackAsWritten() throws {
        let record = SentLog.Record(
            loggedAt: "2026-12-01T09:00:02-06:00", event: .sent, messageID: "96f6d12c@lincolnpt.example", message: message())
        #expect(
            record.line
                == "2026-12-01T09:00:02-06:00\tsent\t<96f6d12c@lincolnpt.example>\t2026-12-01T09:00:00-06:00\t"
                + "ana.lopez@mail.example\tmarketing\tnews\tdecember\tp0003\t2026-12-01/0900-news-december-p0003.eml\t\n")
        #expect(SentLog.Record(line: record.line.dropLast()) == record)
    }

    /// A key or a reason may hold anything a spreadsheet cell can: tabs, line breaks, `%`.
    @Test func tabsLineBreaksAndPercentSignsInAFieldAreEncoded() throws {
        let record = SentLog.Record(
            loggedAt: "2026-12-01T09:00:02-06:00", event: .retry, messageID: "a@b.example", message: message("p\t1\n%20"),
            reason: "sendmail: exit 75\r\ntry later")
        let line = record.line
        #expect(line.filter { $0 == "\t" }.count == 10)
        #expect(line.filter(\.isNewline).count == 1)
        #expect(line.contains("p%091%0A%2520"))
        #expect(SentLog.Record(line: line.dropLast()) == record)
    }

    @Test func theOlderThreeFieldLineIsADelivery() {
        let ledger = ledger(
            "# written by a script\n2026-11-30T09:00:04-06:00\t<96f6d12c@lincolnpt.example>\t2026-11-30/0900-a-b-p1.eml\n")
        #expect(ledger.delivered == ["96f6d12c@lincolnpt.example"])
        #expect(ledger.marketing.isEmpty)
    }

    @Test func theLastWordOnEachMessageCounts() throws {
        func line(_ event: SentLog.Event, _ id: String, kind: String = "marketing") -> String {
            SentLog.Record(loggedAt: "2026-12-01T09:00:02-06:00", event: event, messageID: id, message: message(kind: kind)).line
        }
        let ledger = ledger(
            SentLog.header + line(.sending, "sent@x.example") + line(.sent, "sent@x.example")
                + line(.sending, "cut@x.example")
                + line(.sending, "later@x.example") + line(.retry, "later@x.example")
                + line(.sending, "care@x.example", kind: "care") + line(.sent, "care@x.example", kind: "care")
                + line(.sending, "gone@x.example") + line(.failed, "gone@x.example")
                + line(.expired, "late@x.example")
                // A line cut short when the machine stopped mid-write is not a record.
                + "2026-12-01T09:00:02-06:00\tsent\t<torn@x.exa")
        #expect(ledger.delivered == ["sent@x.example", "care@x.example"])
        #expect(ledger.uncertain == ["cut@x.example"])
        #expect(ledger.undelivered == ["gone@x.example", "late@x.example"])
        #expect(ledger.marketing.map(\.messageID) == ["sent@x.example"])
        let delivered = try #require(ledger.marketing.first)
        #expect(delivered.address == "ana.lopez@mail.example")
        #expect(delivered.date.description == "2026-12-01")
        #expect(delivered.utcOffset == -6 * 3600)
    }

    /// A message moved into `sent/` was delivered whatever the log says.
    @Test func aMessageInTheSentFolderIsDelivered() throws {
        let scratch = try ScratchFolder()
        try scratch.write(
            "out/sent/2026-12-01/0900-a-b-p1.eml",
            "From: a@b.example\r\nMessage-ID: <moved@x.example>\r\n\r\nMessage-ID: <body@x.example>\r\n")
        try scratch.write(
            "out/sent.log",
            SentLog.Record(loggedAt: "2026-12-01T09:00:02-06:00", event: .sending, messageID: "moved@x.example", message: message())
                .line)
        let ledger = SentLog.ledger(outbox: scratch.url.appendingPathComponent("out"))
        #expect(ledger.delivered == ["moved@x.example"])
        #expect(ledger.uncertain.isEmpty)
    }
}
