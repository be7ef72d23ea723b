import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a build did to the outbox. Paths are relative to the outbox folder
/// (`2026-12-01/0900-…-p0042.eml`) and sorted.
///
/// The counts are at hand; the lists of written and unchanged paths are made when asked for,
/// from the build's plan, so a build of hundreds of thousands of messages keeps no path for each.
public struct OutboxReport: Sendable, Equatable {
    /// Messages whose file was created or replaced.
    public let written: Int
    /// Messages whose file was already right and was left alone.
    public let unchanged: Int
    /// Messages of contacts held back that earlier builds wrote, kept as they are: not among the
    /// written or unchanged ones.
    public let held: Int
    private let removedFiles: [OutboxPath]
    private let lists: @Sendable () -> (written: [String], unchanged: [String])

    package init(
        written: Int, unchanged: Int, removed: [OutboxPath], held: Int = 0,
        lists: @escaping @Sendable () -> (written: [String], unchanged: [String])
    ) {
        self.written = written
        self.unchanged = unchanged
        self.held = held
        removedFiles = removed
        self.lists = lists
    }

    public var writtenPaths: [String] { lists().written.sorted() }
    public var unchangedPaths: [String] { lists().unchanged.sorted() }
    /// Files an earlier build wrote that this build no longer produces, now deleted.
    public var removedPaths: [String] { removedFiles.sorted().map(\.relative) }

    public var removed: Int { removedFiles.count }

    public static func == (lhs: OutboxReport, rhs: OutboxReport) -> Bool {
        lhs.written == rhs.written && lhs.unchanged == rhs.unchanged && lhs.held == rhs.held && lhs.removedPaths == rhs.removedPaths
            && lhs.writtenPaths == rhs.writtenPaths && lhs.unchangedPaths == rhs.unchangedPaths
    }
}
