import Dispatch
internal import Synchronization

/// Decides the plan from the entries, the build's own state and what is on disk. Looks, never
/// touches: every error it reports comes before anything is written.
struct OutboxPlanner {
    let root: OutboxDirectory
    let manifest: OutboxManifest
    /// The journal of a build that did not finish, if any.
    let journal: OutboxJournal?

    func plan(_ content: some OutboxContent) throws(EnvironmentError) -> OutboxPlan {
        var entryAtPath: [OutboxPath: Int] = [:]
        entryAtPath.reserveCapacity(content.count)
        var itemsByDay: [String: [OutboxPlan.Item]] = [:]
        for index in 0..<content.count {
            let location = content.location(of: index)
            let path = OutboxPath(sanitizing: location.directory, location.fileName)
            if OutboxPath.isReserved(directory: path.directory) {
                throw .outboxReservedFolder(root.displayPath + "/" + path.directory)
            }
            if let other = entryAtPath.updateValue(index, forKey: path) {
                let first = content.location(of: other)
                throw .outboxPathCollision(first.directory + "/" + first.fileName,
                                           location.directory + "/" + location.fileName,
                                           path: root.displayPath + "/" + path.relative)
            }
            let item = OutboxPlan.Item(entry: index, path: path, inputDigest: content.inputDigest(of: index), exists: false)
            itemsByDay[path.directory, default: []].append(item)
        }

        // A killed build's files are the tool's own, but the old manifest says nothing true
        // about them.
        let untrusted = Set(journal?.paths ?? [])
        let recorded = manifest.records
        var plan = OutboxPlan()
        plan.directories = Set(itemsByDay.keys)
        let days = itemsByDay.keys.sorted().map { directory in (directory, itemsByDay.removeValue(forKey: directory) ?? []) }
        // Day folders are looked at side by side; each answer is the same as one at a time.
        let looked = Mutex<[Result<LookedAt, EnvironmentError>?]>(Array(repeating: nil, count: days.count))
        let root = root
        DispatchQueue.concurrentPerform(iterations: days.count) { index in
            let result = Result { () throws(EnvironmentError) -> LookedAt in
                try Self.look(at: days[index].0, items: days[index].1, in: root, recorded: recorded, untrusted: untrusted)
            }
            looked.withLock { $0[index] = result }
        }
        var foreign: [String] = []
        for (index, result) in looked.withLock({ $0 }).enumerated() {
            guard let day = try result?.get() else { continue }
            plan.kept += day.kept
            foreign += day.foreign
            if !day.render.isEmpty { plan.days.append(OutboxPlan.Day(directory: days[index].0, items: day.render)) }
        }
        if let first = foreign.first {
            throw .outboxForeignFile(first, others: foreign.count - 1)
        }

        let obsoleteRecorded = manifest.list.map(\.path).filter { entryAtPath[$0] == nil }
        let obsoletePending = untrusted.filter { recorded[$0] == nil && entryAtPath[$0] == nil }
        plan.obsolete = (obsoleteRecorded + obsoletePending).sorted()
        // The folders files are deleted from are checked now, so that a link there stops the
        // build before it writes.
        for directory in Set(plan.obsolete.map(\.directory)).subtracting(plan.directories) {
            _ = try root.openSubdirectory(directory)
        }
        return plan
    }

    /// What one day folder holds of a day's items.
    private struct LookedAt: Sendable {
        var render: [OutboxPlan.Item] = []
        var kept: [OutboxManifest.Record] = []
        var foreign: [String] = []
    }

    private static func look(at directory: String, items unsorted: [OutboxPlan.Item], in root: OutboxDirectory,
                             recorded: [OutboxPath: OutboxManifest.Record], untrusted: Set<OutboxPath>) throws(EnvironmentError) -> LookedAt {
        let items = unsorted.sorted { $0.path < $1.path }
        guard let folder = try root.openSubdirectory(directory) else { return LookedAt(render: items) }
        var day = LookedAt()
        for item in items {
            switch try folder.entry(item.path.name) {
            case .missing:
                day.render.append(item)
            case .file(let size):
                if recorded[item.path] == nil, !untrusted.contains(item.path) {
                    day.foreign.append(folder.displayPath + "/" + item.path.name)
                } else if !untrusted.contains(item.path), let record = recorded[item.path],
                          record.inputDigest == item.inputDigest, record.size == size {
                    day.kept.append(record)
                } else {
                    day.render.append(item.existing())
                }
            case .directory, .symbolicLink, .other:
                throw .outboxNotAFile(folder.displayPath + "/" + item.path.name)
            }
        }
        return day
    }
}
