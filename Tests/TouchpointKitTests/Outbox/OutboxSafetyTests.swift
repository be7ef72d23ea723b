import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct OutboxSafetyTests {
    @Test func hostileKeysStayInsideTheOutbox() throws {
        let outbox = try OutboxFixture()
        let hostile = ["../../etc/passwd", "a/b", "nul\u{0}key", "..", ".", "", "/abs/path", ".touchpoint"]
        let entries = hostile.enumerated().map { index, key in
            outbox.entry(index.isMultiple(of: 2) ? "../\(key)" : "2026-12-01", key)
        }
        let report = try outbox.write(entries)
        #expect(report.written == hostile.count)
        #expect(try outbox.listing(of: outbox.scratch.url).allSatisfy { $0 == "out" || $0.hasPrefix("out/") })
        for path in report.writtenPaths {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(parts.count == 2)
            #expect(parts.allSatisfy { !$0.hasPrefix(".") && !$0.isEmpty })
        }
        #expect(report.writtenPaths.contains("2026-12-01/a_b"))
        #expect(report.writtenPaths.contains("_._.._.._etc_passwd/_._.._etc_passwd"))
        #expect(report.writtenPaths.contains("2026-12-01/_touchpoint"))
    }

    @Test func twoEntriesThatSanitizeToOnePathAreAnError() throws {
        let outbox = try OutboxFixture()
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([
                outbox.entry("2026-12-01", "p-a/b.eml"),
                outbox.entry("2026-12-01", "p-a_b.eml"),
                outbox.entry("2026-12-01", "other.eml"),
            ])
        }
        #expect(
            error?.description == "messages '2026-12-01/p-a/b.eml' and '2026-12-01/p-a_b.eml' would both be "
                + "written to 'out/2026-12-01/p-a_b.eml'")
        #expect(outbox.renders.total == 0)
        #expect(try outbox.messages().isEmpty)
    }

    @Test func theFirstCollisionInEntryOrderIsReportedWhateverTheFolder() throws {
        let outbox = try OutboxFixture()
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([
                outbox.entry("2026-12-02", "x.eml"),
                outbox.entry("2026/12/01", "a.eml"),
                outbox.entry("2026-12-02", "y.eml"),
                outbox.entry("2026_12_01", "b.eml"),
                outbox.entry("2026_12_01", "a.eml"),
                outbox.entry("2026-12-02", "x.eml"),
                outbox.entry("2026-12-02", "x.eml"),
            ])
        }
        #expect(
            error?.description == "messages '2026/12/01/a.eml' and '2026_12_01/a.eml' would both be "
                + "written to 'out/2026_12_01/a.eml'")
        #expect(outbox.renders.total == 0)
        #expect(try outbox.messages().isEmpty)
    }

    @Test func filesTheToolDidNotWriteAreNeverTouched() throws {
        let outbox = try OutboxFixture()
        let foreign = ["notes.txt", "2026-12-01/mine.eml", "2026-12-01/.mine.eml.tmp-7", "sent/2026-11-30/old.eml", "sent.log"]
        for path in foreign {
            try outbox.scratch.write("out/" + path, "keep \(path)")
            try outbox.age(path)
        }
        try outbox.write([outbox.entry("2026-12-01", "a.eml"), outbox.entry("2026-12-02", "b.eml")])
        try outbox.write([outbox.entry("2026-12-03", "c.eml")])
        let report = try outbox.write([])
        #expect(report.removedPaths == ["2026-12-03/c.eml"])

        for path in foreign {
            #expect(try outbox.text(path) == "keep \(path)")
            #expect(try outbox.modificationDate(path) == OutboxFixture.longAgo)
        }
        #expect(outbox.exists("2026-12-01"))
        #expect(!outbox.exists("2026-12-02"))
        #expect(!outbox.exists("2026-12-03"))
    }

    @Test func aMessageThatWouldReplaceAForeignFileIsAnError() throws {
        let outbox = try OutboxFixture()
        try outbox.scratch.write("out/2026-12-01/0900-x.eml", "mine")
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry("2026-12-01", "0800-first.eml"), outbox.entry("2026-12-01", "0900-x.eml")])
        }
        #expect(
            error?.description == "'out/2026-12-01/0900-x.eml' was not written by touchpoint and a message would "
                + "replace it; move it out of the outbox, then build again")
        #expect(try outbox.text("2026-12-01/0900-x.eml") == "mine")
        #expect(try outbox.messages() == ["2026-12-01/0900-x.eml"])
        #expect(outbox.renders.total == 0)
        #expect(!outbox.exists("schedule.csv"))
    }

    @Test func aFolderWhereAMessageGoesIsAnError() throws {
        let outbox = try OutboxFixture()
        try outbox.scratch.write("out/2026-12-01/a.eml/inside", "x")
        #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry("2026-12-01", "a.eml")])
        }
    }

    @Test(arguments: ["sent", "Sent", "sent.log", "schedule.csv"])
    func deliveryAndScheduleNamesCannotBeDayFolders(directory: String) throws {
        let outbox = try OutboxFixture()
        try outbox.scratch.write("out/sent/2026-11-30/old.eml", "delivered")
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry(directory, "a.eml")])
        }
        #expect(error?.description.contains("cannot be a day folder") == true)
        #expect(try outbox.listing(of: outbox.url("sent")) == ["2026-11-30", "2026-11-30/old.eml"])
    }

    @Test func anOutboxThatIsASymbolicLinkIsRefused() throws {
        let outbox = try OutboxFixture()
        let elsewhere = outbox.scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: outbox.out, withDestinationURL: elsewhere)
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry("2026-12-01", "a.eml")])
        }
        #expect(error?.description.hasPrefix("'out' is a symbolic link") == true)
        #expect(try outbox.listing(of: elsewhere).isEmpty)
    }

    @Test func aDayFolderThatIsASymbolicLinkIsRefused() throws {
        let outbox = try OutboxFixture()
        let elsewhere = outbox.scratch.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outbox.out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: outbox.url("2026-12-01"), withDestinationURL: elsewhere)
        let error = #expect(throws: EnvironmentError.self) {
            try outbox.write([outbox.entry("2026-12-02", "b.eml"), outbox.entry("2026-12-01", "a.eml")])
        }
        #expect(error?.description.hasPrefix("'out/2026-12-01' is a symbolic link") == true)
        #expect(try outbox.listing(of: elsewhere).isEmpty)
        #expect(try outbox.messages().isEmpty)
    }
}
