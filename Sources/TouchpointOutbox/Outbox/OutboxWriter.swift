import Crypto
import Dispatch
import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Writes the outbox, `out/` (SPEC §5): one `.eml` file a message in day folders,
/// `schedule.csv`, and the build's own state in `out/.touchpoint/`.
///
/// Builds are incremental: a message whose input digest and file are as the last build left
/// them is not rendered, and a rendered message whose bytes did not change is not rewritten, so
/// its modification time stays. Only files the tool wrote are replaced or deleted; `out/sent/`
/// and `out/sent.log` belong to delivery and are never touched.
///
/// A build killed at any point leaves every message either whole or absent; the next build
/// finishes the job. In order, a build:
/// 1. takes the lock, reads the manifest and the journal of a build that did not finish;
/// 2. plans, and stops with an error before writing anything if an entry's path collides with
///    another's or with a file the tool did not write;
/// 3. deletes the temporary files a killed build left;
/// 4. records the paths it is about to write in the journal, and flushes it;
/// 5. renders and writes the messages day folder by day folder, each to a temporary name then
///    renamed into place, and deletes the files no entry produces any more;
/// 6. flushes the file system once while it writes `schedule.csv`, then the manifest, and deletes the
///    journal.
public final class OutboxWriter: Sendable {
    /// The outbox folder.
    public let directory: URL
    /// How a message's file replaces the one there.
    public let replacement: OutboxReplacement
    /// What was read of the outbox before the build, until the build takes it.
    private let prefetch: Locked<OutboxPrefetch?>
    /// How long a write waits for the outbox's lock while a delivery (or another build) holds
    /// it, in seconds.
    public let lockWait: Double

    /// The folder inside the outbox that holds the build's own state.
    package static let stateDirectory = ".touchpoint"
    package static let scheduleFileName = "schedule.csv"

    /// A writer that reads the outbox only once it writes.
    public init(directory: URL, replacement: OutboxReplacement = .reuseOldFiles, lockWait: Double = 0) {
        self.directory = directory
        self.replacement = replacement
        self.lockWait = lockWait
        prefetch = Locked(nil)
    }

    private init(directory: URL, replacement: OutboxReplacement, lockWait: Double, prefetch: OutboxPrefetch) {
        self.directory = directory
        self.replacement = replacement
        self.lockWait = lockWait
        self.prefetch = Locked(prefetch)
    }

    /// A writer for a build about to be made: it starts reading the outbox as the last build
    /// left it at once, on another thread, so that when made before the practice is checked and
    /// scheduled, the reading is done by the time the first `write` takes it up (see
    /// `OutboxPrefetch`).
    public static func open(directory: URL, replacement: OutboxReplacement = .reuseOldFiles, lockWait: Double = 0) -> OutboxWriter {
        OutboxWriter(directory: directory, replacement: replacement, lockWait: lockWait, prefetch: OutboxPrefetch(directory: directory))
    }

    /// What `open` started reading, if no write has taken it yet.
    package var prefetched: OutboxPrefetch? {
        prefetch.withLock { $0 }
    }

    /// Brings the outbox in line with `entries` and `schedule` (the bytes of `schedule.csv`).
    public func write(
        _ entries: [OutboxEntry],
        schedule: [UInt8],
        progress: ((Int, Int) -> Void)? = nil
    ) throws(EnvironmentError) -> OutboxReport {
        try write(entries, schedule: OutboxSchedule(bytes: schedule), progress: progress)
    }

    /// Brings the outbox in line with `content` and `schedule`.
    ///
    /// The first write of a writer made by `open` takes up what it read beforehand. `progress`,
    /// when given, is called on the calling thread as messages are rendered, with the number
    /// rendered so far and the number this build renders. `access` says who may read the outbox;
    /// its folder is set to that mode.
    public func write(
        _ content: some OutboxContent,
        schedule: OutboxSchedule,
        access: OutboxAccess = .owner,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(EnvironmentError) -> OutboxReport {
        // Taken whatever happens: a later write must not take what was read before this one.
        let prefetched = prefetch.withLock { $0.take() }
        let root = try OutboxDirectory.openOutbox(at: directory, access: access)
        try root.restrict()
        let state: OutboxDirectory
        if let existing = try root.openSubdirectory(Self.stateDirectory) {
            state = existing
        } else {
            state = try root.makeSubdirectory(Self.stateDirectory)
            try root.synchronize()
        }
        let processID = ProcessInfo.processInfo.processIdentifier
        let lock = try OutboxLock.acquire(in: state, outbox: root.displayPath, processID: processID, wait: lockWait)
        return try withExtendedLifetime(lock) { () throws(EnvironmentError) -> OutboxReport in
            let build = OutboxBuild(
                root: root, state: state, processID: processID, replacement: replacement,
                prefetched: prefetched?.wait())
            return try build.run(content, schedule: schedule, progress: progress)
        }
    }
}

/// One run of the writer, under the lock.
private struct OutboxBuild {
    let root: OutboxDirectory
    let state: OutboxDirectory
    let processID: Int32
    let replacement: OutboxReplacement
    /// What was read before the lock was taken, if anything.
    let prefetched: OutboxPrefetch.Read?

    /// The fewest messages of one day folder a worker takes at a time.
    private static let minimumPartSize = 512

    /// What rendering one message gave.
    private struct Outcome: Sendable {
        let entry: Int32
        let size: Int32
        let written: Bool
        let contentDigest: OutboxHash
    }

    /// Some of one day folder's messages to render, for one worker.
    private struct Part: Sendable {
        let folder: OutboxDirectory
        let items: [OutboxPlan.Item]
    }

    /// What the workers share: the next part to take, and what they did.
    private struct RenderProgress {
        var next = 0
        var done = 0
        var outcomes: [Outcome] = []
        var failure: EnvironmentError?
    }

    /// What rendering gave, sorted by entry, looked up by bisection: as many as were rendered,
    /// however many messages there are.
    private struct Rendered: Sendable {
        private let outcomes: [Outcome]

        init(_ outcomes: [Outcome]) {
            self.outcomes = outcomes.sorted { $0.entry < $1.entry }
        }

        var written: Int { outcomes.count { $0.written } }

        subscript(entry: Int32) -> Outcome? {
            var low = 0
            var high = outcomes.count
            while low < high {
                let middle = (low + high) / 2
                if outcomes[middle].entry < entry { low = middle + 1 } else { high = middle }
            }
            return low < outcomes.count && outcomes[low].entry == entry ? outcomes[low] : nil
        }
    }

    func run(_ content: some OutboxContent, schedule: OutboxSchedule, progress: ((Int, Int) -> Void)?) throws(EnvironmentError)
        -> OutboxReport
    {
        // What was read before the lock was taken stands if the manifest is the same file still;
        // then the records are read only if the build needs them.
        var read = prefetched
        if let stamp = read?.manifestStamp, try state.stamp(ofFile: OutboxManifest.fileName) != stamp { read = nil }
        var fullManifest: OutboxManifest?
        let summary: OutboxManifest.Summary
        if let read {
            summary = read.manifest
        } else {
            let manifest = try readManifest()
            fullManifest = manifest
            summary = manifest.summary
        }
        func records() throws(EnvironmentError) -> OutboxManifest {
            if let fullManifest { return fullManifest }
            let manifest = try readManifest()
            fullManifest = manifest
            return manifest
        }
        func intact() throws(EnvironmentError) -> Bool {
            if let read { return read.intact }
            return OutboxWriter.filesAreIntact(try records(), in: root)
        }
        var journal = try readJournal()
        let finishedJournal = journal != nil && journal?.build == summary.build
        if finishedJournal { journal = nil }

        if journal == nil, content.heldPaths.isEmpty, let fingerprint = content.fingerprint, fingerprint == summary.fingerprint,
            summary.count == content.count, try intact()
        {
            let scheduleRecord = try writeSchedule(schedule, recorded: summary.schedule)
            if scheduleRecord != summary.schedule {
                let manifest = try records()
                try writeManifest(build: OutboxJournal.newBuildID(), fingerprint: fingerprint, schedule: scheduleRecord) { emit in
                    for record in manifest.list { emit(record.path, record.inputDigest, record.contentDigest, record.size) }
                }
            }
            if finishedJournal { _ = try state.removeFile(OutboxJournal.fileName) }
            // Every message is as the manifest records it: the content's paths are its paths.
            return OutboxReport(written: 0, unchanged: summary.count, removed: []) {
                (
                    written: [],
                    unchanged: (0..<content.count).map { index in
                        let location = content.location(of: index)
                        return OutboxPath(sanitizing: location.directory, location.fileName).relative
                    }
                )
            }
        }
        let manifest = try records()

        let plan = try OutboxPlanner(root: root, manifest: manifest, journal: journal).plan(content)
        try removeTemporaryFiles(of: journal)

        var rendered = Rendered([])
        var removed: [OutboxPath] = []
        let build = OutboxJournal.newBuildID()
        let changesMessages = plan.renderCount > 0 || !plan.obsolete.isEmpty || journal != nil
        if changesMessages {
            try writeJournal(build: build, plan: plan, content: content, earlier: journal)
            if plan.renderCount > 0 {
                rendered = Rendered(try render(plan, of: content, records: manifest.list, progress: progress))
            }
            removed = try remove(plan.obsolete, keeping: plan.directories.union(plan.held.map { manifest.list[Int($0)].path.directory }))
        }

        // The schedule is made while the messages are flushed; the manifest waits for both.
        let flushed = Locked<Result<Void, EnvironmentError>?>(changesMessages ? nil : .success(()))
        let flushing = DispatchGroup()
        if changesMessages {
            let root = root
            DispatchQueue.global().async(group: flushing) {
                let result = Result { () throws(EnvironmentError) in try root.synchronizeFileSystem() }
                flushed.withLock { $0 = result }
            }
        }
        let made = Result { () throws(EnvironmentError) in try writeSchedule(schedule, recorded: manifest.schedule) }
        flushing.wait()
        try flushed.withLock { $0 }?.get()
        let scheduleRecord = try made.get()
        if changesMessages || scheduleRecord != manifest.schedule {
            try writeManifest(build: build, fingerprint: content.fingerprint, schedule: scheduleRecord) { emit in
                // The records kept for held-back contacts go in among the others, in path order.
                var held = plan.held[...]
                func emitHeld(before path: OutboxPath?) {
                    while let next = held.first, path.map({ manifest.list[Int(next)].path < $0 }) ?? true {
                        let record = manifest.list[Int(next)]
                        emit(record.path, record.inputDigest, record.contentDigest, record.size)
                        held = held.dropFirst()
                    }
                }
                for day in plan.days {
                    for item in day.items {
                        if !held.isEmpty {
                            emitHeld(before: item.rendered ? day.path(of: item, in: content) : manifest.list[Int(item.record)].path)
                        }
                        if item.rendered, let outcome = rendered[item.entry] {
                            emit(
                                day.path(of: item, in: content), content.inputDigest(of: Int(item.entry)),
                                outcome.contentDigest, Int(outcome.size))
                        } else {
                            let record = manifest.list[Int(item.record)]
                            emit(record.path, record.inputDigest, record.contentDigest, record.size)
                        }
                    }
                }
                emitHeld(before: nil)
            }
        }
        if changesMessages || finishedJournal {
            _ = try state.removeFile(OutboxJournal.fileName)
        }
        let written = rendered.written
        return OutboxReport(written: written, unchanged: plan.count - written, removed: removed, held: plan.held.count) { [rendered] in
            var lists: (written: [String], unchanged: [String]) = ([], [])
            for day in plan.days {
                for item in day.items {
                    let path = day.path(of: item, in: content).relative
                    if item.rendered, rendered[item.entry]?.written == true {
                        lists.written.append(path)
                    } else {
                        lists.unchanged.append(path)
                    }
                }
            }
            return lists
        }
    }

    /// Records the paths this build is about to write, with those a killed build's journal
    /// lists, and flushes it. Written a part at a time: the plan's paths are in order already.
    private func writeJournal(
        build: String, plan: OutboxPlan, content: some OutboxContent,
        earlier: OutboxJournal?
    ) throws(EnvironmentError) {
        let header = Array(OutboxJournal.headerLine(build: build, processID: processID).utf8)
        _ = try state.writeFile(OutboxJournal.fileName, processID: processID, durable: true, keep: { _ in false }) { emit in
            emit(header)
            var lines: [UInt8] = []
            func add(_ path: OutboxPath) {
                lines += path.relative.utf8
                lines.append(UInt8(ascii: "\n"))
                if lines.count >= 1 << 20 {
                    emit(lines)
                    lines.removeAll(keepingCapacity: true)
                }
            }
            if let earlier {
                var pending = Set(earlier.paths)
                for day in plan.days {
                    for item in day.items where item.rendered { pending.insert(day.path(of: item, in: content)) }
                }
                pending.sorted().forEach(add)
            } else {
                for day in plan.days {
                    for item in day.items where item.rendered { add(day.path(of: item, in: content)) }
                }
            }
            if !lines.isEmpty { emit(lines) }
        }
        try state.synchronize()
    }

    /// Writes `schedule.csv` unless it is as the last build left it: made from the same inputs
    /// and still holding the same bytes, or holding the bytes this build makes. Both are compared
    /// by SHA-256, reading and writing a part at a time; the digest read before the lock was
    /// taken stands for a file that is the same one still.
    private func writeSchedule(_ schedule: OutboxSchedule, recorded: OutboxManifest.ScheduleRecord?)
        throws(EnvironmentError) -> OutboxManifest.ScheduleRecord
    {
        let current: OutboxHash?
        if let read = prefetched?.schedule, try root.stamp(ofFile: OutboxWriter.scheduleFileName) == read.stamp {
            current = read.digest
        } else {
            current = try root.digest(ofFile: OutboxWriter.scheduleFileName)
        }
        if let recorded, recorded.inputDigest == schedule.inputDigest, current == recorded.contentDigest {
            return recorded
        }
        let digest = try root.writeFile(
            OutboxWriter.scheduleFileName, processID: processID, durable: true,
            keep: { $0 == current }, produce: schedule.produce)
        return OutboxManifest.ScheduleRecord(inputDigest: schedule.inputDigest, contentDigest: digest)
    }

    /// Renders and writes the plan's messages on every core, each written as soon as it is
    /// rendered; the outcomes in no particular order. `progress` is called on this thread while the
    /// workers run.
    private func render(
        _ plan: OutboxPlan, of content: some OutboxContent, records: [OutboxManifest.Record],
        progress: ((Int, Int) -> Void)?
    ) throws(EnvironmentError) -> [Outcome] {
        // Workers take whole day folders in order, a large day in a few parts: files are created
        // folder by folder, which ext4 does fastest (SPEC §5), and two threads seldom create files
        // in one folder, where they would wait for each other on its lock.
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let total = plan.renderCount
        let partSize = max(Self.minimumPartSize, total / (workers * 4))
        var parts: [Part] = []
        for day in plan.days where day.renderCount > 0 {
            let folder = try root.makeSubdirectory(day.directory)
            let items = day.items.filter(\.rendered)
            for start in stride(from: 0, to: items.count, by: partSize) {
                parts.append(Part(folder: folder, items: Array(items[start..<min(start + partSize, items.count)])))
            }
        }
        let ordered = parts
        let files = FileReplacer(replacement: replacement, processID: processID)
        defer { files.finish() }
        let shared = Locked(RenderProgress())
        let group = DispatchGroup()
        for _ in 0..<min(workers, ordered.count) {
            DispatchQueue.global().async(group: group) {
                while let part = shared.withLock({ state -> Part? in
                    guard state.failure == nil, state.next < ordered.count else { return nil }
                    state.next += 1
                    return ordered[state.next - 1]
                }) {
                    var outcomes: [Outcome] = []
                    outcomes.reserveCapacity(part.items.count)
                    var run = files.run(in: part.folder)
                    for item in part.items {
                        do throws(EnvironmentError) {
                            let recorded = item.action == .replaceRecorded ? records[Int(item.record)].contentDigest : nil
                            outcomes.append(
                                try Self.produce(
                                    item, recorded: recorded, content: content, in: part.folder,
                                    files: &run))
                            if outcomes.count % 64 == 0 { shared.withLock { $0.done += 64 } }
                        } catch {
                            shared.withLock { if $0.failure == nil { $0.failure = error } }
                            return
                        }
                    }
                    shared.withLock {
                        $0.outcomes += outcomes
                        $0.done += outcomes.count % 64
                    }
                }
            }
        }
        var shown = -1
        while group.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            let done = shared.withLock { $0.done }
            if done != shown { progress?(done, total) }
            shown = done
        }
        let finished = shared.withLock { state in
            defer { state.outcomes = [] }
            return (state.outcomes, state.failure)
        }
        if let failure = finished.1 { throw failure }
        progress?(total, total)
        return finished.0
    }

    private static func produce(
        _ item: OutboxPlan.Item, recorded: OutboxHash?, content: some OutboxContent,
        in folder: OutboxDirectory, files: inout FileReplacer.Run
    ) throws(EnvironmentError) -> Outcome {
        let entry = Int(item.entry)
        let name = OutboxPlan.name(of: item.entry, in: content)
        let bytes = content.render(entry)
        let digest = OutboxHash.sha256(bytes)
        let outcome = { (written: Bool) in
            Outcome(entry: item.entry, size: Int32(clamping: bytes.count), written: written, contentDigest: digest)
        }
        switch item.action {
        case .keep, .create:
            break
        case .replaceRecorded:
            if recorded == digest { return outcome(false) }
        case .replace:
            if try folder.contents(ofFile: name, size: bytes.count) == bytes { return outcome(false) }
        }
        try files.write(name, bytes: bytes, replacing: item.action != .create)
        return outcome(true)
    }

    /// Deletes the files of earlier builds no entry produces, and their day folders once empty.
    /// A path that no longer holds a plain file is left alone: someone else put it there.
    private func remove(_ obsolete: [OutboxPath], keeping directories: Set<String>) throws(EnvironmentError) -> [OutboxPath] {
        var removed: [OutboxPath] = []
        for (directory, paths) in Dictionary(grouping: obsolete, by: \.directory).sorted(by: { $0.key < $1.key }) {
            guard let folder = try root.openSubdirectory(directory) else { continue }
            for path in paths {
                guard case .file = try folder.entry(path.name) else { continue }
                if try folder.removeFile(path.name) { removed.append(path) }
            }
            if !directories.contains(directory) {
                _ = try root.removeDirectoryIfEmpty(directory)
            }
        }
        return removed
    }

    /// Deletes the temporary files of the tool's own naming a killed build may have left: those
    /// beside the paths its journal lists, under its process ID, and the temporary forms of the
    /// schedule and of the state files, which only the lock holder writes.
    private func removeTemporaryFiles(of journal: OutboxJournal?) throws(EnvironmentError) {
        if let journal {
            for (directory, paths) in Dictionary(grouping: journal.paths, by: \.directory) {
                guard let folder = try root.openSubdirectory(directory) else { continue }
                for path in paths {
                    _ = try folder.removeFile(OutboxPath.temporaryName(for: path.name, processID: journal.processID))
                }
            }
        }
        for name in try root.names() where OutboxPath.isTemporaryName(name, for: OutboxWriter.scheduleFileName) {
            _ = try root.removeFile(name)
        }
        for name in try state.names()
        where OutboxPath.isTemporaryName(name, for: OutboxManifest.fileName)
            || OutboxPath.isTemporaryName(name, for: OutboxJournal.fileName)
        {
            _ = try state.removeFile(name)
        }
    }

    private func readManifest() throws(EnvironmentError) -> OutboxManifest {
        try OutboxWriter.readManifest(in: state)
    }

    private func readJournal() throws(EnvironmentError) -> OutboxJournal? {
        try OutboxWriter.readJournal(in: state)
    }

    /// Writes the manifest durably, a part at a time: its bytes, then its name. `records` hands
    /// each record, in path order, to the function it is given.
    private func writeManifest(
        build: String, fingerprint: OutboxHash?, schedule: OutboxManifest.ScheduleRecord?,
        records: (_ emit: (OutboxPath, OutboxHash, OutboxHash, Int) -> Void) -> Void
    ) throws(EnvironmentError) {
        _ = try state.writeFile(OutboxManifest.fileName, processID: processID, durable: true, keep: { _ in false }) { emit in
            var writer = OutboxManifest.Writer(build: build, fingerprint: fingerprint, schedule: schedule)
            withoutActuallyEscaping(emit) { emit in
                records { path, input, content, size in
                    writer.add(path: path, inputDigest: input, contentDigest: content, size: size)
                    if writer.isFull { emit(writer.take()) }
                }
            }
            emit(writer.take())
        }
        try state.synchronize()
    }
}

extension OutboxWriter {
    /// Whether every file the manifest lists is still a plain file of the recorded size. Day
    /// folders are looked at side by side; anything unexpected (a folder gone, a link, an error)
    /// answers `false`, and the full plan then finds and reports it.
    package static func filesAreIntact(_ manifest: OutboxManifest, in root: OutboxDirectory) -> Bool {
        // The list is sorted by path, so each day's records are one run.
        var days: [Range<Int>] = []
        var start = 0
        let list = manifest.list
        for index in list.indices.dropFirst() where list[index].path.directory != list[start].path.directory {
            days.append(start..<index)
            start = index
        }
        if !list.isEmpty { days.append(start..<list.count) }
        let intact = Locked(true)
        let runs = days
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in
            let walk = IntactWalk(root: root)
            for record in list[runs[index]] where walk.intact { walk.look(record) }
            if !walk.intact { intact.withLock { $0 = false } }
        }
        return intact.withLock { $0 }
    }
}
