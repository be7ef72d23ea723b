/// What a build did to the outbox. Paths are relative to the outbox folder
/// (`2026-12-01/0900-…-p0042.eml`) and sorted.
public struct OutboxReport: Sendable, Equatable {
    private let writtenFiles: [OutboxPath]
    private let unchangedFiles: [OutboxPath]
    private let removedFiles: [OutboxPath]

    init(written: [OutboxPath], unchanged: [OutboxPath], removed: [OutboxPath]) {
        writtenFiles = written
        unchangedFiles = unchanged
        removedFiles = removed
    }

    /// Messages whose file was created or replaced.
    public var writtenPaths: [String] { Self.sorted(writtenFiles) }
    /// Messages whose file was already right and was left alone.
    public var unchangedPaths: [String] { Self.sorted(unchangedFiles) }
    /// Files an earlier build wrote that this build no longer produces, now deleted.
    public var removedPaths: [String] { Self.sorted(removedFiles) }

    public var written: Int { writtenFiles.count }
    public var unchanged: Int { unchangedFiles.count }
    public var removed: Int { removedFiles.count }

    private static func sorted(_ paths: [OutboxPath]) -> [String] {
        paths.sorted().map(\.relative)
    }
}
