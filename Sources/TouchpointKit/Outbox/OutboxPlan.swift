/// What a build will do to the outbox, decided before it changes anything: which messages to
/// render, which to keep as they are and which files of earlier builds to delete.
struct OutboxPlan {
    struct Item: Sendable {
        /// The index of the entry in the caller's array.
        let entry: Int
        let path: OutboxPath
        let inputDigest: OutboxHash
        /// Whether a file of the tool's is at the path already, so that an unchanged rendering
        /// need not be written again.
        let exists: Bool

        func existing() -> Item {
            Item(entry: entry, path: path, inputDigest: inputDigest, exists: true)
        }
    }

    /// A day folder and the messages in it to render, by name.
    struct Day {
        let directory: String
        let items: [Item]
    }

    /// Days with messages to render, in order.
    var days: [Day] = []
    /// Messages whose file is known to be right: their records carry over to the new manifest.
    var kept: [OutboxManifest.Record] = []
    /// Files the tool wrote that no entry produces any more, in order.
    var obsolete: [OutboxPath] = []
    /// The day folders entries produce.
    var directories: Set<String> = []

    var renderCount: Int { days.reduce(0) { $0 + $1.items.count } }
}
