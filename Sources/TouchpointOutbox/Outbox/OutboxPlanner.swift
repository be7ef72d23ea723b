import Dispatch
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Decides the plan from the entries, the build's own state and what is on disk. Looks, never
/// touches: every error it reports comes before anything is written.
///
/// Entries are grouped by day folder; each day is then planned on its own, side by side with
/// the others: its file names sorted, compared with the manifest's records of the same folder
/// (which the manifest keeps in the same order) and with what is on disk. No table of every
/// path is made.
package struct OutboxPlanner {
    package let root: OutboxDirectory
    package let manifest: OutboxManifest
    /// The journal of a build that did not finish, if any.
    package let journal: OutboxJournal?

    package func plan(_ content: some OutboxContent) throws(EnvironmentError) -> OutboxPlan {
        let groups = Self.group(content)
        if let reserved = groups.first(where: { OutboxPath.isReserved(directory: $0.directory) }) {
            throw .outboxReservedFolder(root.displayPath + "/" + reserved.directory)
        }

        // A killed build's files are the tool's own, but the old manifest says nothing true
        // about them.
        let untrusted = Set(journal?.paths ?? [])
        // The files of contacts held back stay, whatever no entry produces them.
        let held = Set(content.heldPaths.compactMap { OutboxPath(relative: $0) })
        let runs = manifest.directoryRuns
        let looked = Locked<[Result<LookedAt, EnvironmentError>?]>(Array(repeating: nil, count: groups.count))
        let root = root
        let list = manifest.list
        DispatchQueue.concurrentPerform(iterations: groups.count) { index in
            let group = groups[index]
            let result = Result { () throws(EnvironmentError) -> LookedAt in
                try Self.look(
                    at: group.directory, entries: group.entries, of: content, in: root,
                    records: list, run: runs[group.directory] ?? 0..<0, untrusted: untrusted, held: held)
            }
            looked.withLock { $0[index] = result }
        }
        let results = looked.withLock { $0.compactMap(\.self) }

        // Two entries at one path: the first pair in entry order, as a reader of the entries
        // in order would meet it.
        let collisions = results.compactMap { try? $0.get().collision }
        if let (first, second) = collisions.min(by: { $0.1 < $1.1 }) {
            let one = content.location(of: Int(first))
            let other = content.location(of: Int(second))
            let path = OutboxPath(sanitizing: other.directory, other.fileName)
            throw .outboxPathCollision(
                one.directory + "/" + one.fileName, other.directory + "/" + other.fileName,
                path: root.displayPath + "/" + path.relative)
        }
        var plan = OutboxPlan()
        var foreign: [String] = []
        var producedUntrusted: Set<OutboxPath> = []
        for (index, result) in results.enumerated() {
            let day = try result.get()
            plan.days.append(OutboxPlan.Day(directory: groups[index].directory, items: day.items, renderCount: day.renderCount))
            plan.obsolete += day.obsolete
            plan.held += day.held
            foreign += day.foreign
            producedUntrusted.formUnion(day.producedUntrusted)
        }
        if let first = foreign.first {
            throw .outboxForeignFile(first, others: foreign.count - 1)
        }

        // Records of day folders no entry produces any more, and files a killed build may
        // have left that nothing produces now.
        let directories = plan.directories
        for (directory, run) in runs where !directories.contains(directory) {
            for index in run {
                if held.contains(list[index].path) {
                    plan.held.append(Int32(index))
                } else {
                    plan.obsolete.append(list[index].path)
                }
            }
        }
        plan.held.sort()
        for path in untrusted where manifest.index(of: path) == nil && !producedUntrusted.contains(path) {
            plan.obsolete.append(path)
        }
        plan.obsolete.sort()
        // The folders files are deleted from are checked now, so that a link there stops the
        // build before it writes.
        for directory in Set(plan.obsolete.map(\.directory)).subtracting(directories) {
            _ = try root.openSubdirectory(directory)
        }
        return plan
    }

    /// The entries of each day folder (sanitized), in entry order; the folders in order.
    /// Grouped a chunk of entries at a time, side by side.
    package static func group(_ content: some OutboxContent) -> [(directory: String, entries: [Int32])] {
        let chunkSize = 16_384
        let chunks = Parallel.map((content.count + chunkSize - 1) / chunkSize, chunkSize: 1) { range in
            range.map { chunk -> [String: [Int32]] in
                var groups: [String: [Int32]] = [:]
                for index in (chunk * chunkSize)..<min(content.count, (chunk + 1) * chunkSize) {
                    groups[content.directory(of: index), default: []].append(Int32(index))
                }
                return groups
            }
        }
        var merged: [String: [Int32]] = [:]
        for chunk in chunks {
            for (directory, entries) in chunk {
                merged[OutboxPath.sanitize(directory), default: []] += entries
            }
        }
        return merged.keys.sorted().map { directory in
            var entries = merged[directory] ?? []
            // Folders that differ only in characters sanitizing replaces share one group.
            if !zip(entries, entries.dropFirst()).allSatisfy({ $0 < $1 }) { entries.sort() }
            return (directory, entries)
        }
    }

    /// What one day folder holds of the day's entries.
    private struct LookedAt: Sendable {
        var items: [OutboxPlan.Item] = []
        var renderCount = 0
        var obsolete: [OutboxPath] = []
        /// Records of the day's that no entry produces and that are kept, held back.
        var held: [Int32] = []
        var foreign: [String] = []
        var producedUntrusted: [OutboxPath] = []
        /// The first two entries (by index) at one path, the pair with the lowest second.
        var collision: (Int32, Int32)?
    }

    private static func look(
        at directory: String, entries: [Int32], of content: some OutboxContent, in root: OutboxDirectory,
        records: [OutboxManifest.Record], run: Range<Int>,
        untrusted: Set<OutboxPath>, held: Set<OutboxPath>
    ) throws(EnvironmentError) -> LookedAt {
        var day = LookedAt()
        /// A record no entry produces: removed, unless it is a held-back contact's.
        func unproduced(_ index: Int) {
            if !held.isEmpty, held.contains(records[index].path) {
                day.held.append(Int32(index))
            } else {
                day.obsolete.append(records[index].path)
            }
        }
        var named = entries.map { entry in (name: OutboxPlan.name(of: entry, in: content), entry: entry) }
        named.sort { $0.name != $1.name ? $0.name < $1.name : $0.entry < $1.entry }
        for index in named.indices.dropFirst() where named[index].name == named[index - 1].name {
            // The first of a run of equal names has the lowest index; the second, the next.
            guard index < 2 || named[index - 2].name != named[index].name else { continue }
            if day.collision.map({ named[index].entry < $0.1 }) ?? true {
                day.collision = (named[index - 1].entry, named[index].entry)
            }
        }
        if day.collision != nil { return day }

        let folder = try root.openSubdirectory(directory)
        day.items.reserveCapacity(named.count)
        var next = run.lowerBound
        for (name, entry) in named {
            // The day's records are sorted by name, as the names are.
            while next < run.upperBound, records[next].path.name < name {
                unproduced(next)
                next += 1
            }
            var record: Int?
            if next < run.upperBound, records[next].path.name == name {
                record = next
                next += 1
            }
            let path = untrusted.isEmpty ? nil : OutboxPath(directory: directory, name: name)
            let trusted = path.map { !untrusted.contains($0) } ?? true
            if let path, !trusted { day.producedUntrusted.append(path) }
            let action: OutboxPlan.Action
            switch try folder?.entry(name) ?? .missing {
            case .missing:
                action = .create
            case .file(let size):
                if record == nil, trusted {
                    day.foreign.append((folder?.displayPath ?? directory) + "/" + name)
                    action = .replace
                } else if trusted, let record, records[record].size == size {
                    action = records[record].inputDigest == content.inputDigest(of: Int(entry)) ? .keep : .replaceRecorded
                } else {
                    action = .replace
                }
            case .directory, .symbolicLink, .other:
                throw .outboxNotAFile((folder?.displayPath ?? directory) + "/" + name)
            }
            if action != .keep { day.renderCount += 1 }
            day.items.append(OutboxPlan.Item(entry: entry, record: Int32(record ?? -1), action: action))
        }
        while next < run.upperBound {
            unproduced(next)
            next += 1
        }
        return day
    }
}
