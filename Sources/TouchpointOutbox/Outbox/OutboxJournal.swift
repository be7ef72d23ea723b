import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The paths a build is about to write, recorded before it writes any of them:
/// `out/.touchpoint/pending`.
///
/// A build that is killed leaves files that no manifest lists yet. The journal lets the next
/// build recognise them as its own rather than as a user's files: it may overwrite or delete
/// them, it re-renders them rather than trusting the old manifest's record of them, and it
/// deletes the killed build's temporary files, whose names the recorded process ID completes.
/// The journal carries the build's ID, which the build's manifest repeats, so a journal left
/// behind after its manifest was written is recognised as finished and ignored.
///
/// ```
/// touchpoint-outbox-pending 1 9f86d081884c7d65 4242
/// 2026-12-01/0900-new-patient-welcome-get-ready-p0042.eml
/// ```
package struct OutboxJournal: Equatable, Sendable {
    package static let fileName = "pending"
    private static let header = "touchpoint-outbox-pending 1 "

    package let build: String
    package let processID: Int32
    package let paths: [OutboxPath]

    package init(build: String, processID: Int32, paths: [OutboxPath]) {
        self.build = build
        self.processID = processID
        self.paths = paths
    }

    package init(parsing bytes: [UInt8]) throws(OutboxStateDamage) {
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { throw OutboxStateDamage(line: lines.count) }
        lines.removeLast()
        guard let first = lines.first, first.hasPrefix(Self.header) else { throw OutboxStateDamage(line: 1) }
        let words = first.dropFirst(Self.header.count).split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 2, Self.isToken(words[0]), let processID = Int32(words[1]), processID > 0 else {
            throw OutboxStateDamage(line: 1)
        }
        var paths: [OutboxPath] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            guard let path = OutboxPath(relative: String(line)) else { throw OutboxStateDamage(line: offset + 1) }
            paths.append(path)
        }
        self.init(build: String(words[0]), processID: processID, paths: paths)
    }

    package func serialized() -> [UInt8] {
        var text = Self.headerLine(build: build, processID: processID)
        for path in paths {
            text += path.relative + "\n"
        }
        return Array(text.utf8)
    }

    /// The first line, for a writer that lists the paths itself, a part at a time.
    package static func headerLine(build: String, processID: Int32) -> String {
        header + build + " " + String(processID) + "\n"
    }

    /// Printable ASCII without spaces: what a digest or build ID may be.
    package static func isToken(_ text: some StringProtocol) -> Bool {
        isToken(text.utf8)
    }

    package static func isToken(_ bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// A fresh build ID.
    package static func newBuildID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        return Hex.string((0..<8).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) })
    }
}
