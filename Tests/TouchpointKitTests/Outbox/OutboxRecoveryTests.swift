import Foundation
import Glibc
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct OutboxRecoveryTests {
    private let day = "2026-12-01"

    private func write(_ text: String, to outbox: OutboxFixture, at relative: String) throws {
        try outbox.scratch.write("out/" + relative, text)
    }

    /// The journal a build with process ID 4242 would have left had it been killed while writing
    /// `names`.
    private func leaveJournal(in outbox: OutboxFixture, names: [String]) throws {
        let journal = OutboxJournal(
            build: "deadbeefdeadbeef", processID: 4242,
            paths: names.map { OutboxPath(sanitizing: day, $0) })
        try outbox.scratch.write("out/.touchpoint/pending", bytes: journal.serialized())
    }

    @Test(arguments: OutboxReplacement.allCases)
    func aBuildKilledMidwayIsRepairedByTheNextOne(replacement: OutboxReplacement) throws {
        let outbox = try OutboxFixture(replacement: replacement)
        let original = [outbox.entry(day, "a.eml"), outbox.entry(day, "b.eml"), outbox.entry(day, "c.eml")]
        try outbox.write(original)

        // What the killed build left: a journal of what it was about to write; 'b.eml' replaced by
        // bytes of the recorded size but not the recorded content; 'd.eml' written in full but in
        // no manifest; 'e.eml' only as a half-written temporary file; temporary forms of the
        // schedule and the manifest. 'c.eml' went missing as well.
        try leaveJournal(in: outbox, names: ["b.eml", "d.eml", "e.eml"])
        try write("Subject: \(day)/b.eml\r\n\r\nHellO\r\n", to: outbox, at: "\(day)/b.eml")
        try write("Subject: \(day)/d.eml\r\n\r\nHello\r\n", to: outbox, at: "\(day)/d.eml")
        try write("Subject: half", to: outbox, at: "\(day)/.e.eml.tmp-4242")
        try write("send_at", to: outbox, at: ".schedule.csv.tmp-4242")
        try write("touchpoint-outbox-man", to: outbox, at: ".touchpoint/.manifest.tmp-4242")
        try write("not ours", to: outbox, at: "\(day)/.notes.tmp-1")
        try FileManager.default.removeItem(at: outbox.url("\(day)/c.eml"))
        outbox.renders.reset()

        let report = try outbox.write(original + [outbox.entry(day, "e.eml")])
        #expect(outbox.renders["\(day)/a.eml"] == 0)
        #expect(outbox.renders.total == 3)
        #expect(report.writtenPaths == ["\(day)/b.eml", "\(day)/c.eml", "\(day)/e.eml"])
        #expect(report.unchangedPaths == ["\(day)/a.eml"])
        #expect(report.removedPaths == ["\(day)/d.eml"])
        #expect(try outbox.text("\(day)/b.eml") == "Subject: \(day)/b.eml\r\n\r\nHello\r\n")
        #expect(
            try outbox.listing() == [
                ".touchpoint", ".touchpoint/lock", ".touchpoint/manifest",
                day, "\(day)/.notes.tmp-1", "\(day)/a.eml", "\(day)/b.eml", "\(day)/c.eml", "\(day)/e.eml",
                "schedule.csv",
            ])
        #expect(
            try outbox.manifest().records.keys.map(\.relative).sorted()
                == ["\(day)/a.eml", "\(day)/b.eml", "\(day)/c.eml", "\(day)/e.eml"])

        outbox.renders.reset()
        let again = try outbox.write(original + [outbox.entry(day, "e.eml")])
        #expect(outbox.renders.total == 0)
        #expect(again.unchanged == 4)
    }

    @Test func aFileAKilledBuildWroteIsAdoptedNotTakenForForeign() throws {
        let outbox = try OutboxFixture()
        try outbox.write([outbox.entry(day, "a.eml")])
        try leaveJournal(in: outbox, names: ["x.eml"])
        try write("Subject: \(day)/x.eml\r\n\r\nHello\r\n", to: outbox, at: "\(day)/x.eml")
        try outbox.age("\(day)/x.eml")

        let report = try outbox.write([outbox.entry(day, "a.eml"), outbox.entry(day, "x.eml")])
        #expect(report.unchangedPaths == ["\(day)/a.eml", "\(day)/x.eml"])
        #expect(try outbox.modificationDate("\(day)/x.eml") == OutboxFixture.longAgo)
        #expect(!outbox.exists(".touchpoint/pending"))
        #expect(try outbox.manifest().records[OutboxPath(sanitizing: day, "x.eml")] != nil)
    }

    @Test func aJournalWhoseManifestWasWrittenIsFinished() throws {
        let outbox = try OutboxFixture()
        try outbox.write([outbox.entry(day, "a.eml")])
        let build = try outbox.manifest().build
        let journal = OutboxJournal(build: build, processID: 4242, paths: [OutboxPath(sanitizing: day, "a.eml")])
        try outbox.scratch.write("out/.touchpoint/pending", bytes: journal.serialized())
        outbox.renders.reset()

        let report = try outbox.write([outbox.entry(day, "a.eml")])
        #expect(outbox.renders.total == 0)
        #expect(report.unchangedPaths == ["\(day)/a.eml"])
        #expect(!outbox.exists(".touchpoint/pending"))
    }

    @Test func aDamagedManifestStopsTheBuild() throws {
        let outbox = try OutboxFixture()
        try outbox.write([outbox.entry(day, "a.eml")])
        try write("touchpoint-outbox-manifest 1 ab\n\(day)/a.eml\tonly-two\n", to: outbox, at: ".touchpoint/manifest")
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry(day, "a.eml")])
        }
        #expect(error?.description.hasPrefix("'out/.touchpoint/manifest' is damaged at line 2") == true)
    }

    @Test func aSecondBuildFailsFastWhileTheLockIsHeld() throws {
        let outbox = try OutboxFixture()
        try outbox.write([])
        let holder = open(outbox.url(".touchpoint/lock").path, O_RDWR)
        try #require(holder >= 0)
        defer { close(holder) }
        try #require(flock(holder, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("4242\n".utf8)
        _ = ftruncate(holder, 0)
        _ = pid.withUnsafeBytes { pwrite(holder, $0.baseAddress, $0.count, 0) }

        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry(day, "a.eml")])
        }
        #expect(error?.description == "another touchpoint build is writing out/ (pid 4242)")
        #expect(outbox.renders.total == 0)
        #expect(try outbox.messages().isEmpty)

        flock(holder, LOCK_UN)
        #expect(try outbox.write([outbox.entry(day, "a.eml")]).written == 1)
    }

    @Test func theLockIsReleasedWhenTheBuildReturns() throws {
        let outbox = try OutboxFixture()
        try outbox.write([outbox.entry(day, "a.eml")])
        let probe = open(outbox.url(".touchpoint/lock").path, O_RDWR)
        try #require(probe >= 0)
        defer { close(probe) }
        #expect(flock(probe, LOCK_EX | LOCK_NB) == 0)
        #expect(try outbox.text(".touchpoint/lock") == "\(getpid())\nbuild\n")
    }
}
