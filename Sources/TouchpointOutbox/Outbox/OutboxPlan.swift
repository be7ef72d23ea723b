import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a build will do to the outbox, decided before it changes anything: for every message
/// whether to keep its file or render it, and which files of earlier builds to delete.
///
/// Each message is a few bytes here (its index, its record's index and what to do); its path
/// is made again from the content when it is needed, so the plan of hundreds of thousands of
/// messages holds no string for each.
package struct OutboxPlan: Sendable {
    /// What to do with one message's file.
    package enum Action: UInt8, Sendable {
        /// The file is as the manifest records it, made from the same inputs: leave it.
        case keep
        /// No file is at the path: write one.
        case create
        /// A file of the tool's is at the path: render, and write only when the bytes differ,
        /// found by reading the file.
        case replace
        /// The same, for a file that still has the size the manifest records: the bytes differ
        /// when the rendering's digest differs from the recorded one. A kept file is trusted by
        /// its size in the same way.
        case replaceRecorded
    }

    package struct Item: Sendable {
        /// The index of the entry in the content.
        package let entry: Int32
        /// The index of the manifest's record of the same path, or -1 when it has none.
        package let record: Int32
        package let action: Action

        package var rendered: Bool { action != .keep }
    }

    /// A day folder and all its messages, by name.
    package struct Day: Sendable {
        package let directory: String
        package let items: [Item]
        package let renderCount: Int

        /// The path of one of the day's items, its name made again from the content.
        package func path(of item: Item, in content: some OutboxContent) -> OutboxPath {
            OutboxPath(directory: directory, name: OutboxPlan.name(of: item.entry, in: content))
        }
    }

    /// The file name of entry `entry`, sanitized, as the plan sorts and the outbox spells it.
    package static func name(of entry: Int32, in content: some OutboxContent) -> String {
        OutboxPath.sanitize(content.fileName(of: Int(entry)))
    }

    /// Every day folder entries produce, in order.
    package var days: [Day] = []
    /// Files the tool wrote that no entry produces any more, in order.
    package var obsolete: [OutboxPath] = []
    /// Files the tool wrote that no entry produces but that are kept as they are (the messages of
    /// contacts held back): indices of their manifest records, in order.
    package var held: [Int32] = []

    /// The day folders entries produce.
    package var directories: Set<String> { Set(days.map(\.directory)) }
    package var renderCount: Int { days.reduce(0) { $0 + $1.renderCount } }
    package var count: Int { days.reduce(0) { $0 + $1.items.count } }
}
