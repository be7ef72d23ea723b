import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The messages the outbox should hold after a build: where each goes, a digest of everything
/// it depends on, and how to render it. Messages are asked for by index, so a build of hundreds
/// of thousands of messages keeps no closure or rendered part for each.
public protocol OutboxContent: Sendable {
    /// How many messages there are.
    var count: Int { get }
    /// The day folder (`2026-12-01`) and file name of message `index`; both sanitized before use.
    func location(of index: Int) -> (directory: String, fileName: String)
    /// The day folder of message `index` alone, as `location(of:)` gives it.
    func directory(of index: Int) -> String
    /// The file name of message `index` alone, as `location(of:)` gives it.
    func fileName(of index: Int) -> String
    /// A digest of everything message `index` depends on. When it matches what the previous
    /// build recorded for the same path, and the file is still there, it is not rendered.
    func inputDigest(of index: Int) -> OutboxHash
    /// The bytes of message `index`. Called at most once a build, possibly on another thread.
    func render(_ index: Int) -> [UInt8]
    /// A digest of every message's location and input digest, in order, when the content has
    /// one at hand: a build whose fingerprint matches the last one's only checks that the files
    /// are still there.
    var fingerprint: OutboxHash? { get }
    /// Files earlier builds wrote that this build keeps exactly as they are, neither rendered nor
    /// removed, with their manifest records (the messages of contacts held back): paths relative
    /// to the outbox, `2026-12-01/0900-….eml`. A content that has some has no fingerprint.
    var heldPaths: Set<String> { get }
}

extension OutboxContent {
    public var fingerprint: OutboxHash? { nil }
    public var heldPaths: Set<String> { [] }
    public func directory(of index: Int) -> String { location(of: index).directory }
    public func fileName(of index: Int) -> String { location(of: index).fileName }
}

/// One message the outbox should hold, as a caller that has few of them writes it down.
public struct OutboxEntry: Sendable {
    /// The day folder, e.g. `2026-12-01`. Sanitized before use.
    public let directory: String
    /// The file name inside the day folder, e.g. `0900-new-patient-welcome-get-ready-p0042.eml`.
    /// Sanitized before use.
    public let fileName: String
    /// A digest of everything the message depends on, in any spelling.
    public let inputDigest: String
    /// Produces the message's bytes. Called at most once a build, possibly on another thread.
    public let render: @Sendable () -> [UInt8]

    public init(directory: String, fileName: String, inputDigest: String, render: @escaping @Sendable () -> [UInt8]) {
        self.directory = directory
        self.fileName = fileName
        self.inputDigest = inputDigest
        self.render = render
    }
}

extension Array: OutboxContent where Element == OutboxEntry {
    public func location(of index: Int) -> (directory: String, fileName: String) {
        (self[index].directory, self[index].fileName)
    }

    public func inputDigest(of index: Int) -> OutboxHash {
        OutboxHash.sha256([UInt8](self[index].inputDigest.utf8))
    }

    public func render(_ index: Int) -> [UInt8] {
        self[index].render()
    }
}

/// The bytes of `schedule.csv` and a digest of what they are made from: when the digest matches
/// the previous build's and the file is as that build left it, the bytes are not made.
public struct OutboxSchedule: Sendable {
    public let inputDigest: OutboxHash
    /// Hands the bytes, in order, to `emit`, a part at a time.
    public let produce: @Sendable (_ emit: ([UInt8]) -> Void) -> Void

    public init(inputDigest: OutboxHash, produce: @escaping @Sendable (_ emit: ([UInt8]) -> Void) -> Void) {
        self.inputDigest = inputDigest
        self.produce = produce
    }

    /// A schedule known in advance.
    public init(bytes: [UInt8]) {
        self.init(inputDigest: .sha256(bytes)) { emit in emit(bytes) }
    }
}
