import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct OutboxWriterTests {
    private let day1 = "2026-12-01"
    private let day2 = "2026-12-02"

    private func entries(_ outbox: OutboxFixture, bDigest: String = "d1", bBody: String? = nil) -> [OutboxEntry] {
        [
            outbox.entry(day1, "0900-a.eml"),
            outbox.entry(day1, "0900-b.eml", digest: bDigest, body: bBody),
            outbox.entry(day2, "1000-c.eml"),
        ]
    }

    private let allPaths = ["2026-12-01/0900-a.eml", "2026-12-01/0900-b.eml", "2026-12-02/1000-c.eml"]

    /// Ages every message, the schedule and the manifest, so that any rewrite shows.
    private func ageEverything(_ outbox: OutboxFixture) throws {
        for path in allPaths + ["schedule.csv", ".touchpoint/manifest"] where outbox.exists(path) {
            try outbox.age(path)
        }
    }

    @Test func firstBuildWritesEveryMessageTheScheduleAndTheManifest() throws {
        let outbox = try OutboxFixture()
        let report = try outbox.write(entries(outbox), schedule: "send_at,file\n")
        #expect(report.writtenPaths == allPaths)
        #expect(report.unchanged == 0 && report.removed == 0)
        #expect(outbox.renders.total == 3)
        #expect(try outbox.text("2026-12-01/0900-a.eml") == "Subject: 2026-12-01/0900-a.eml\r\n\r\nHello\r\n")
        #expect(try outbox.text("schedule.csv") == "send_at,file\n")
        #expect(
            try outbox.listing() == [
                ".touchpoint", ".touchpoint/lock", ".touchpoint/manifest",
                "2026-12-01", "2026-12-01/0900-a.eml", "2026-12-01/0900-b.eml",
                "2026-12-02", "2026-12-02/1000-c.eml",
                "schedule.csv",
            ])

        let manifest = try outbox.manifest()
        let body = Array("Subject: 2026-12-02/1000-c.eml\r\n\r\nHello\r\n".utf8)
        let record = try #require(manifest.records[OutboxPath(sanitizing: day2, "1000-c.eml")])
        #expect(record.inputDigest == .sha256(Array("d1".utf8)))
        #expect(record.size == body.count)
        #expect(record.contentDigest == .sha256(body))
        #expect(manifest.records.count == 3)
    }

    @Test func secondBuildWithTheSameEntriesRendersAndWritesNothing() throws {
        let outbox = try OutboxFixture()
        try outbox.write(entries(outbox))
        try ageEverything(outbox)
        let inode = try outbox.inode("2026-12-01/0900-a.eml")
        outbox.renders.reset()

        let report = try outbox.write(entries(outbox))
        #expect(outbox.renders.total == 0)
        #expect(report.unchangedPaths == allPaths)
        #expect(report.written == 0 && report.removed == 0)
        for path in allPaths + ["schedule.csv", ".touchpoint/manifest"] {
            #expect(try outbox.modificationDate(path) == OutboxFixture.longAgo, "\(path)")
        }
        #expect(try outbox.inode("2026-12-01/0900-a.eml") == inode)
    }

    @Test func aChangedDigestWithTheSameBytesRendersOnlyThatMessageAndKeepsItsFile() throws {
        let outbox = try OutboxFixture()
        try outbox.write(entries(outbox))
        try ageEverything(outbox)
        outbox.renders.reset()

        let report = try outbox.write(entries(outbox, bDigest: "d2"))
        #expect(outbox.renders.total == 1)
        #expect(outbox.renders["2026-12-01/0900-b.eml"] == 1)
        #expect(report.written == 0)
        #expect(report.unchangedPaths == allPaths)
        #expect(try outbox.modificationDate("2026-12-01/0900-b.eml") == OutboxFixture.longAgo)
        #expect(try outbox.manifest().records[OutboxPath(sanitizing: day1, "0900-b.eml")]?.inputDigest == .sha256(Array("d2".utf8)))

        outbox.renders.reset()
        try outbox.write(entries(outbox, bDigest: "d2"))
        #expect(outbox.renders.total == 0)
    }

    @Test(arguments: OutboxReplacement.allCases)
    func aChangedMessageIsRewrittenAndTheOthersAreNot(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        try outbox.write(entries(outbox))
        try ageEverything(outbox)
        outbox.renders.reset()

        let report = try outbox.write(entries(outbox, bDigest: "d2", bBody: "Subject: changed\r\n\r\nBye\r\n"))
        #expect(outbox.renders.total == 1)
        #expect(report.writtenPaths == ["2026-12-01/0900-b.eml"])
        #expect(report.unchangedPaths == ["2026-12-01/0900-a.eml", "2026-12-02/1000-c.eml"])
        #expect(try outbox.text("2026-12-01/0900-b.eml") == "Subject: changed\r\n\r\nBye\r\n")
        #expect(try outbox.modificationDate("2026-12-01/0900-b.eml") != OutboxFixture.longAgo)
        #expect(try outbox.modificationDate("2026-12-01/0900-a.eml") == OutboxFixture.longAgo)
        #expect(try outbox.modificationDate("schedule.csv") == OutboxFixture.longAgo)
        #expect(try outbox.listing().filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test(arguments: OutboxReplacement.allCases)
    func aMessageChangedOrDeletedBehindTheToolIsRestored(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        try outbox.write(entries(outbox))
        try outbox.scratch.write("out/2026-12-01/0900-a.eml", "edited by hand")
        try FileManager.default.removeItem(at: outbox.url("2026-12-02/1000-c.eml"))
        outbox.renders.reset()

        let report = try outbox.write(entries(outbox))
        #expect(report.writtenPaths == ["2026-12-01/0900-a.eml", "2026-12-02/1000-c.eml"])
        #expect(outbox.renders.total == 2)
        #expect(try outbox.text("2026-12-01/0900-a.eml") == "Subject: 2026-12-01/0900-a.eml\r\n\r\nHello\r\n")
        #expect(outbox.exists("2026-12-02/1000-c.eml"))
    }

    @Test func entriesNoLongerProducedLoseExactlyTheirFilesAndEmptiedDayFolders() throws {
        let outbox = try OutboxFixture()
        try outbox.write(entries(outbox))
        outbox.renders.reset()

        let report = try outbox.write([outbox.entry(day1, "0900-a.eml")])
        #expect(report.removedPaths == ["2026-12-01/0900-b.eml", "2026-12-02/1000-c.eml"])
        #expect(report.unchangedPaths == ["2026-12-01/0900-a.eml"])
        #expect(outbox.renders.total == 0)
        #expect(try outbox.messages() == ["2026-12-01/0900-a.eml"])
        #expect(!outbox.exists(day2))
        #expect(try outbox.manifest().records.keys.map(\.relative) == ["2026-12-01/0900-a.eml"])

        let last = try outbox.write([])
        #expect(last.removedPaths == ["2026-12-01/0900-a.eml"])
        #expect(try outbox.listing() == [".touchpoint", ".touchpoint/lock", ".touchpoint/manifest", "schedule.csv"])
    }

    @Test func aChangedScheduleIsRewrittenAndAnUnchangedOneKeepsItsTime() throws {
        let outbox = try OutboxFixture()
        try outbox.write(entries(outbox), schedule: "one\n")
        try outbox.age("schedule.csv")
        try outbox.write(entries(outbox), schedule: "one\n")
        #expect(try outbox.modificationDate("schedule.csv") == OutboxFixture.longAgo)

        try outbox.write(entries(outbox), schedule: "two\n")
        #expect(try outbox.text("schedule.csv") == "two\n")
        #expect(try outbox.modificationDate("schedule.csv") != OutboxFixture.longAgo)
    }

    @Test func manyMessagesAreEachRenderedOnceAcrossThreads() throws {
        let outbox = try OutboxFixture()
        let many = (0..<600).map { outbox.entry("2026-12-0\($0 % 3 + 1)", "m\($0).eml") }
        var calls: [(Int, Int)] = []
        let report = try outbox.writer.write(many, schedule: []) { done, total in calls.append((done, total)) }
        #expect(report.written == 600)
        #expect(outbox.renders.total == 600)
        #expect(try outbox.messages().count == 600)
        #expect(try outbox.text("2026-12-03/m599.eml") == "Subject: 2026-12-03/m599.eml\r\n\r\nHello\r\n")
        #expect(calls.last.map { [$0.0, $0.1] } == [600, 600])
        #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.0 < $1.0 })
        #expect(calls.allSatisfy { $0.1 == 600 })
    }

    /// Entries of one day folder whose bodies differ in length from message to message and from
    /// one `round` to the next, so that each is rewritten and a file written over is both
    /// lengthened and shortened.
    private func varied(_ outbox: OutboxFixture, round: Int, count: Int = 40) -> [OutboxEntry] {
        (0..<count).map { index in
            let length = (index * 7 + round * 13) % 50 + (index % 3 == round % 3 ? 5_000 : 1)
            let body = "Subject: m\(index) round \(round)\r\n\r\n" + String(repeating: "x", count: length) + "\r\n"
            return outbox.entry(day1, "m\(index).eml", digest: "r\(round)", body: body)
        }
    }

    @Test(arguments: OutboxReplacement.allCases)
    func replacingARunOfMessagesLeavesEachExactlyItsOwnBytes(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        try outbox.write(varied(outbox, round: 0))
        for round in 1...3 {
            let entries = varied(outbox, round: round)
            let report = try outbox.write(entries)
            #expect(report.written == entries.count)
            for (index, entry) in entries.enumerated() {
                #expect(try outbox.data("\(day1)/m\(index).eml") == Data(entry.render()), "round \(round), m\(index)")
            }
            #expect(try outbox.listing().filter { $0.contains(".tmp-") }.isEmpty)
            #expect(try outbox.messages().count == entries.count)
        }
    }

    @Test(arguments: OutboxReplacement.allCases)
    func aReaderOfAReplacedMessageKeepsReadingTheOldOne(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        try outbox.write(varied(outbox, round: 0))
        let old = try outbox.data("\(day1)/m0.eml")
        let reader = try FileHandle(forReadingFrom: outbox.url("\(day1)/m0.eml"))
        defer { try? reader.close() }

        try outbox.write(varied(outbox, round: 1))
        #expect(try reader.readToEnd() == old)
        #expect(try outbox.data("\(day1)/m0.eml") == Data(varied(outbox, round: 1)[0].render()))
        #expect(try outbox.listing().filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test(arguments: OutboxReplacement.allCases)
    func aReplacedMessageWithAnotherNameKeepsItsBytesThere(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        try outbox.write(varied(outbox, round: 0))
        let old = try outbox.data("\(day1)/m0.eml")
        let kept = outbox.scratch.url.appendingPathComponent("kept.eml")
        try FileManager.default.linkItem(at: outbox.url("\(day1)/m0.eml"), to: kept)

        try outbox.write(varied(outbox, round: 1))
        #expect(try Data(contentsOf: kept) == old)
        #expect(try outbox.data("\(day1)/m1.eml") == Data(varied(outbox, round: 1)[1].render()))
    }
}
