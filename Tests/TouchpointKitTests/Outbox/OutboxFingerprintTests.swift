import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Entries that know their fingerprint, as a build plan does: the writer may then skip planning
/// message by message when nothing changed.
private struct Fingerprinted: OutboxContent {
    let entries: [OutboxEntry]
    let fingerprint: OutboxHash?

    var count: Int { entries.count }
    func location(of index: Int) -> (directory: String, fileName: String) { entries.location(of: index) }
    func inputDigest(of index: Int) -> OutboxHash { entries.inputDigest(of: index) }
    func render(_ index: Int) -> [UInt8] { entries.render(index) }
}

/// Counts how often the schedule's bytes are made.
private final class ScheduleCounter: Sendable {
    private let calls = Locked(0)
    var total: Int { calls.withLock { $0 } }

    func schedule(_ text: String, inputs: String) -> OutboxSchedule {
        OutboxSchedule(inputDigest: .sha256(Array(inputs.utf8))) { emit in
            self.calls.withLock { $0 += 1 }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                emit(Array(line.utf8))
                if line.endIndex != text.endIndex { emit([0x0A]) }
            }
        }
    }
}

@Suite struct OutboxFingerprintTests {
    private func entries(_ outbox: OutboxFixture) -> [OutboxEntry] {
        [outbox.entry("2026-12-01", "0900-a.eml"), outbox.entry("2026-12-01", "0900-b.eml"), outbox.entry("2026-12-02", "1000-c.eml")]
    }

    @Test func anUnchangedFingerprintRendersNothingAndMakesNoSchedule() throws {
        let outbox = try OutboxFixture()
        let counter = ScheduleCounter()
        let content = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(content, schedule: counter.schedule("rows\n", inputs: "v1"))
        #expect(counter.total == 1)
        let manifest = try outbox.data(".touchpoint/manifest")
        outbox.renders.reset()

        let report = try outbox.writer.write(content, schedule: counter.schedule("rows\n", inputs: "v1"))
        #expect(report.written == 0 && report.removed == 0)
        #expect(report.unchangedPaths == ["2026-12-01/0900-a.eml", "2026-12-01/0900-b.eml", "2026-12-02/1000-c.eml"])
        #expect(outbox.renders.total == 0)
        #expect(counter.total == 1)
        #expect(try outbox.data(".touchpoint/manifest") == manifest)
    }

    @Test func aFileChangedOrDeletedBehindTheToolIsRestoredDespiteTheFingerprint() throws {
        let outbox = try OutboxFixture()
        let content = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(content, schedule: OutboxSchedule(bytes: []))
        try outbox.scratch.write("out/2026-12-01/0900-a.eml", "edited by hand")
        try FileManager.default.removeItem(at: outbox.url("2026-12-02/1000-c.eml"))
        outbox.renders.reset()

        let report = try outbox.writer.write(content, schedule: OutboxSchedule(bytes: []))
        #expect(report.writtenPaths == ["2026-12-01/0900-a.eml", "2026-12-02/1000-c.eml"])
        #expect(outbox.renders.total == 2)
    }

    @Test func aChangedFingerprintPlansMessageByMessage() throws {
        let outbox = try OutboxFixture()
        _ = try outbox.writer.write(Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1])), schedule: OutboxSchedule(bytes: []))
        outbox.renders.reset()

        var changed = entries(outbox)
        changed[1] = outbox.entry("2026-12-01", "0900-b.eml", digest: "d2")
        let report = try outbox.writer.write(
            Fingerprinted(entries: changed, fingerprint: .sha256([2])), schedule: OutboxSchedule(bytes: []))
        #expect(outbox.renders["2026-12-01/0900-b.eml"] == 1)
        #expect(outbox.renders.total == 1)
        #expect(report.unchanged == 3)
        #expect(try outbox.manifest().fingerprint == .sha256([2]))
    }

    @Test func aScheduleEditedByHandIsMadeAgainAlthoughItsInputsDidNotChange() throws {
        let outbox = try OutboxFixture()
        let counter = ScheduleCounter()
        let content = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(content, schedule: counter.schedule("rows\n", inputs: "v1"))
        try outbox.scratch.write("out/schedule.csv", "edited\n")

        _ = try outbox.writer.write(content, schedule: counter.schedule("rows\n", inputs: "v1"))
        #expect(counter.total == 2)
        #expect(try outbox.text("schedule.csv") == "rows\n")

        _ = try outbox.writer.write(content, schedule: counter.schedule("new rows\n", inputs: "v2"))
        #expect(counter.total == 3)
        #expect(try outbox.text("schedule.csv") == "new rows\n")
        #expect(try outbox.manifest().schedule?.inputDigest == .sha256(Array("v2".utf8)))
    }

    @Test func whatWasReadBeforeTheLockIsDroppedWhenABuildRanInBetween() throws {
        let outbox = try OutboxFixture()
        let first = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(first, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        let opened = outbox.openedWriter
        _ = opened.prefetched?.wait()

        // Another build changes a message and the schedule after the reading.
        let other = Fingerprinted(
            entries: [
                outbox.entry("2026-12-01", "0900-a.eml"),
                outbox.entry("2026-12-01", "0900-b.eml", digest: "d2", body: "Subject: other\r\n\r\nBye\r\n"),
                outbox.entry("2026-12-02", "1000-c.eml"),
            ],
            fingerprint: .sha256([2]))
        _ = try outbox.writer.write(other, schedule: OutboxSchedule(bytes: Array("two\n".utf8)))

        let report = try opened.write(first, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        #expect(report.writtenPaths == ["2026-12-01/0900-b.eml"])
        #expect(try outbox.text("2026-12-01/0900-b.eml") == "Subject: 2026-12-01/0900-b.eml\r\n\r\nHello\r\n")
        #expect(try outbox.text("schedule.csv") == "one\n")
    }

    @Test func withWhatWasReadBeforeTheLockANoOpWritesNothingAndAHandEditedScheduleIsNoticed() throws {
        let outbox = try OutboxFixture()
        let content = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        let manifest = try outbox.data(".touchpoint/manifest")
        outbox.renders.reset()

        let report = try outbox.openedWriter.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        #expect(report.written == 0)
        #expect(outbox.renders.total == 0)
        #expect(report.unchangedPaths == ["2026-12-01/0900-a.eml", "2026-12-01/0900-b.eml", "2026-12-02/1000-c.eml"])
        #expect(try outbox.data(".touchpoint/manifest") == manifest)

        // schedule.csv edited by hand after the reading, and a message deleted before it.
        try FileManager.default.removeItem(at: outbox.url("2026-12-02/1000-c.eml"))
        let again = outbox.openedWriter
        _ = again.prefetched?.wait()
        try outbox.scratch.write("out/schedule.csv", "edited\n")
        let repaired = try again.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        #expect(try outbox.text("schedule.csv") == "one\n")
        #expect(repaired.writtenPaths == ["2026-12-02/1000-c.eml"])
    }

    @Test func aWriterTakesWhatItReadBeforehandOnceOnly() throws {
        let outbox = try OutboxFixture()
        let content = Fingerprinted(entries: entries(outbox), fingerprint: .sha256([1]))
        _ = try outbox.writer.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        let writer = outbox.openedWriter
        _ = writer.prefetched?.wait()
        #expect(try writer.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8))).written == 0)
        #expect(writer.prefetched == nil)

        // Deleted after the first write: what was read before it no longer stands for the outbox.
        try FileManager.default.removeItem(at: outbox.url("2026-12-02/1000-c.eml"))
        let second = try writer.write(content, schedule: OutboxSchedule(bytes: Array("one\n".utf8)))
        #expect(second.writtenPaths == ["2026-12-02/1000-c.eml"])
    }
}
