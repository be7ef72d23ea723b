import Crypto
import Foundation
internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Sign-offs of schedules (`touchpoint review --approve`), and what they cover: with
/// `delivery: require_approval: true`, `touchpoint deliver` hands on only messages an approval
/// covers.
///
/// A message is covered by its bytes: its *digest* is the SHA-256 of the `.eml` exactly as the
/// build writes it (the renderer is deterministic, so a review computes it before any build).
/// An approval is the list of its messages' digests, sorted, one a line; the approval's digest is
/// the SHA-256 of that list. `out/approvals.log` says who approved which digest and when, one tab-
/// separated line an approval; the list itself is kept in `out/.touchpoint/approved/<digest>` and
/// is trusted only when it still hashes to the digest the log names. Any change to a message —
/// its text, subject, recipient or time — changes its digest, and the changed message waits for
/// the next approval.
///
/// ```
/// # touchpoint approvals: approved at, digest, messages, approver
/// 2026-11-30T09:12:04-06:00	sha256:5e88…	412	Jane Doe
/// ```
public struct ApprovalLog: Sendable, Equatable {
    public static let fileName = "approvals.log"
    /// Inside the outbox's state folder.
    package static let listsDirectory = "approved"
    static let header = "# touchpoint approvals: approved at, digest, messages, approver\n"

    public struct Entry: Sendable, Equatable {
        /// ISO 8601 with the practice's offset.
        public let approvedAt: String
        /// The hex SHA-256 of the sorted message digests.
        public let digest: String
        public let count: Int
        public let approver: String

        public init(approvedAt: String, digest: String, count: Int, approver: String) {
            self.approvedAt = approvedAt
            self.digest = digest
            self.count = count
            self.approver = approver
        }

        var line: String {
            [approvedAt, "sha256:" + digest, String(count), approver.replacingAll("\t", with: " ").replacingAll("\n", with: " ")]
                .joined(separator: "\t") + "\n"
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The digest of one message: the hex SHA-256 of its bytes.
    public static func messageDigest(_ bytes: [UInt8]) -> String {
        Hex.string(Array(SHA256.hash(data: bytes)))
    }

    /// The list an approval covers, as it is stored: the digests sorted, without repeats, one a line.
    public static func list(_ digests: some Sequence<String>) -> [UInt8] {
        Array(Set(digests).sorted().map { $0 + "\n" }.joined().utf8)
    }

    /// The approval's digest: the hex SHA-256 of its list.
    public static func digest(ofList list: [UInt8]) -> String {
        Hex.string(Array(SHA256.hash(data: list)))
    }

    /// Reads `out/approvals.log`; empty when there is none. Lines that do not parse are skipped:
    /// they can only cover less, never more.
    public static func read(outbox: URL) throws(EnvironmentError) -> ApprovalLog {
        let path = outbox.appendingPathComponent(fileName).path
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw .outboxSystemCall("read", path, reason: "it cannot be read")
            }
            return ApprovalLog(entries: [])
        }
        var entries: [Entry] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4, fields[1].hasPrefix("sha256:"), let count = Int(fields[2]) else { continue }
            let digest = String(fields[1].dropFirst("sha256:".count))
            guard digest.utf8.count == 64, digest.utf8.allSatisfy({ Hex.value(of: $0) != nil }) else { continue }
            entries.append(Entry(approvedAt: fields[0], digest: digest, count: count, approver: fields[3]))
        }
        return ApprovalLog(entries: entries)
    }

    /// The digests of every message some approval covers: the lists of the log's approvals that
    /// are still there and still hash to their digest. `damaged` gets the digests whose list is
    /// missing or altered.
    public func coveredMessages(outbox: URL, damaged: inout [String]) -> Set<String> {
        let folder = outbox.appendingPathComponent(OutboxWriter.stateDirectory).appendingPathComponent(Self.listsDirectory)
        var covered: Set<String> = []
        for digest in Set(entries.map(\.digest)).sorted() {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(digest).path),
                Self.digest(ofList: Array(data)) == digest
            else {
                damaged.append(digest)
                continue
            }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") { covered.insert(String(line)) }
        }
        return covered
    }

    /// Records an approval of the messages with `digests`: the list first (durably), then the
    /// log's line, appended and flushed. Returns the entry written.
    @discardableResult
    public static func approve(
        _ digests: some Sequence<String>, outbox: URL, approvedAt: String, approver: String, access: OutboxAccess = .owner
    ) throws(EnvironmentError) -> Entry {
        let list = list(digests)
        let digest = digest(ofList: list)
        let count = list.count { $0 == 0x0A }
        let root = try OutboxDirectory.openOutbox(at: outbox, access: access)
        let state = try root.makeSubdirectory(OutboxWriter.stateDirectory)
        let lists = try state.makeSubdirectory(listsDirectory)
        _ = try lists.writeFile(digest, processID: getpid(), durable: true, keep: { _ in false }) { emit in emit(list) }
        let entry = Entry(approvedAt: approvedAt, digest: digest, count: count, approver: approver)
        let path = root.path(fileName)
        let file = openat(root.descriptor, fileName, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(access.fileMode))
        guard file >= 0 else { throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno)) }
        defer { close(file) }
        var status = stat()
        let text = (fstat(file, &status) == 0 && status.st_size == 0 ? header : "") + entry.line
        if let failure = OutboxDirectory.writeAll(Array(text.utf8), to: file) {
            throw .outboxSystemCall("write to", path, reason: OutboxDirectory.reason(failure))
        }
        guard fsync(file) == 0 else { throw .outboxSystemCall("flush", path, reason: OutboxDirectory.reason(errno)) }
        return entry
    }
}
