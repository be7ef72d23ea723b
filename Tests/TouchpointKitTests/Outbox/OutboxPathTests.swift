import Crypto
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct OutboxPathTests {
    @Test(arguments: [
        ("0900-new-patient-welcome-get-ready-p0042.eml", "0900-new-patient-welcome-get-ready-p0042.eml"),
        ("2026-12-01", "2026-12-01"),
        ("../../etc/passwd", "_._.._etc_passwd"),
        ("a/b", "a_b"),
        ("a\\b", "a_b"),
        ("a\u{0}b", "a_b"),
        ("line\nbreak", "line_break"),
        ("", "_"),
        (".", "_"),
        ("..", "_."),
        (".touchpoint", "_touchpoint"),
        ("M\u{FC}ller Zo\u{EB}", "M_ller_Zo_"),
        ("p 42 ~ $x", "p_42____x"),
    ])
    func sanitizesEachComponent(raw: String, expected: String) {
        #expect(OutboxPath.sanitize(raw) == expected)
        #expect(OutboxPath.isSafe(expected))
    }

    @Test func sanitizedComponentsAreNeverDotsNorHiddenNorEmpty() {
        for raw in ["", ".", "..", "...", "./", "/", "\u{0}", ".eml", "\u{1F600}"] {
            let component = OutboxPath.sanitize(raw)
            #expect(!component.isEmpty)
            #expect(!component.hasPrefix("."), "\(raw)")
            #expect(!component.contains("/"))
        }
    }

    @Test func longComponentsAreShortenedDistinctlyAndKeepTheirExtension() {
        let first = OutboxPath.sanitize(String(repeating: "a", count: 300) + "1.eml")
        let second = OutboxPath.sanitize(String(repeating: "a", count: 300) + "2.eml")
        #expect(first.utf8.count == OutboxPath.maximumLength)
        #expect(second.utf8.count == OutboxPath.maximumLength)
        #expect(first != second)
        #expect(first.hasSuffix(".eml"))
        #expect(OutboxPath.isSafe(first))
        #expect(OutboxPath.sanitize(String(repeating: "é", count: 300)).utf8.count <= OutboxPath.maximumLength)
    }

    @Test func pathsReadBackFromStateMustBeSafeAndTwoComponentsDeep() {
        #expect(OutboxPath(relative: "2026-12-01/a.eml") == OutboxPath(sanitizing: "2026-12-01", "a.eml"))
        for bad in ["a.eml", "../a/b.eml", "2026-12-01/../x", "a/b/c", "2026-12-01/.x", "sent/a.eml", "SENT/a.eml", "/a"] {
            #expect(OutboxPath(relative: bad) == nil, "\(bad)")
        }
    }

    @Test func temporaryNamesAreRecognisedOnlyInTheToolsOwnPattern() {
        #expect(OutboxPath.temporaryName(for: "a.eml", processID: 42) == ".a.eml.tmp-42")
        #expect(OutboxPath.isTemporaryName(".a.eml.tmp-42", for: "a.eml"))
        #expect(!OutboxPath.isTemporaryName(".a.eml.tmp-", for: "a.eml"))
        #expect(!OutboxPath.isTemporaryName(".a.eml.tmp-4x", for: "a.eml"))
        #expect(!OutboxPath.isTemporaryName(".b.eml.tmp-42", for: "a.eml"))
    }

    @Test func stateFilesRoundTrip() throws {
        let paths = [OutboxPath(sanitizing: "2026-12-01", "a.eml"), OutboxPath(sanitizing: "2026-12-02", "b.eml")]
        let journal = OutboxJournal(build: "0011223344556677", processID: 4242, paths: paths)
        #expect(try OutboxJournal(parsing: journal.serialized()) == journal)

        let schedule = OutboxManifest.ScheduleRecord(inputDigest: .sha256([3]), contentDigest: .sha256([4]))
        let manifest = OutboxManifest(
            build: "0011223344556677", fingerprint: .sha256([5]), schedule: schedule,
            records: [
                .init(path: paths[0], inputDigest: .sha256([0]), contentDigest: .sha256([1, 2]), size: 2),
                .init(path: paths[1], inputDigest: .sha256(Array("has space\tand tab".utf8)), contentDigest: .sha256([]), size: 0),
            ])
        #expect(try OutboxManifest(parsing: manifest.serialized()) == manifest)
        let unplanned = OutboxManifest(build: "0011223344556677", schedule: nil, records: [])
        #expect(try OutboxManifest(parsing: unplanned.serialized()).fingerprint == nil)
        #expect(throws: OutboxStateDamage(line: 2)) {
            try OutboxManifest(parsing: Array("touchpoint-outbox-manifest 1 ab\nsent/x.eml\ta\tb\t1\n".utf8))
        }
        #expect(throws: OutboxStateDamage(line: 4)) {
            try OutboxManifest(parsing: manifest.serialized() + Array("2026-12-01/c.eml\tnot-hex\tnot-hex\t1\n".utf8))
        }
        #expect(throws: OutboxStateDamage(line: 4)) {
            try OutboxManifest(parsing: manifest.serialized() + Array("2026-12-01/c.eml".utf8))
        }
        #expect(throws: OutboxStateDamage(line: 1)) {
            try OutboxManifest(parsing: Array("something else\n".utf8))
        }
    }

    /// An outbox written before the manifest recorded input digests as SHA-256 stays the tool's
    /// own: its files are read as owned, with inputs unknown, so they are rendered once again.
    @Test func aVersionOneManifestIsStillRead() throws {
        let content = OutboxDigest.sha256([1, 2])
        let text = "touchpoint-outbox-manifest 1 0011223344556677\n2026-12-01/a.eml\tsha256:whatever\t\(content)\t2\n"
        let manifest = try OutboxManifest(parsing: Array(text.utf8))
        let record = try #require(manifest.records[OutboxPath(sanitizing: "2026-12-01", "a.eml")])
        #expect(record.inputDigest == .unknown)
        #expect(record.contentDigest == .sha256([1, 2]))
        #expect(manifest.schedule == nil && manifest.fingerprint == nil)
    }

    @Test func hashesRoundTripThroughHex() {
        let hash = OutboxHash.sha256(Array("touchpoint".utf8))
        #expect(hash.description == OutboxDigest.sha256(Array("touchpoint".utf8)))
        #expect(OutboxHash(hex: Array(hash.description.utf8)) == hash)
        #expect(OutboxHash(hex: Array(hash.description.uppercased().utf8)) == nil)
        #expect(OutboxHash(hex: Array(hash.description.dropLast().utf8)) == nil)
        #expect(OutboxHash(hex: Array(hash.description.dropLast().utf8) + [UInt8(ascii: "g")]) == nil)
        #expect(OutboxHash(hex: hash.description.utf8) == hash)
        // A digest read word by word is the same as one read byte by byte.
        let digest = SHA256.hash(data: Array("touchpoint".utf8))
        #expect(OutboxHash(digest) == OutboxHash(Array(digest)))
        #expect(OutboxHash(Array(digest)).description == hash.description)
    }
}
