/// What a build did to the outbox. Paths are relative to the outbox folder
/// (`2026-12-01/0900-…-p0042.eml`) and sorted.
public struct OutboxReport: Sendable, Equatable {
    /// Messages whose file was created or replaced.
    public let writtenPaths: [String]
    /// Messages whose file was already right and was left alone.
    public let unchangedPaths: [String]
    /// Files an earlier build wrote that this build no longer produces, now deleted.
    public let removedPaths: [String]

    public init(writtenPaths: [String], unchangedPaths: [String], removedPaths: [String]) {
        self.writtenPaths = writtenPaths.sorted()
        self.unchangedPaths = unchangedPaths.sorted()
        self.removedPaths = removedPaths.sorted()
    }

    public var written: Int { writtenPaths.count }
    public var unchanged: Int { unchangedPaths.count }
    public var removed: Int { removedPaths.count }
}
