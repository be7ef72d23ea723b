import Dispatch
import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a build reads of the outbox before it holds the lock, on a thread of its own while the
/// practice is checked and scheduled: the manifest's header and number of records, whether every file it
/// lists is still there with its recorded size, and the digest of `schedule.csv`: all a build
/// whose messages are as before needs. The records themselves are looked at one by one and not
/// kept, so this adds little to the check's memory. Reading and looking only: nothing is created,
/// and anything amiss (no outbox yet, a damaged manifest, an error) leaves it empty for the
/// build to read again, and report, under the lock.
///
/// The build takes what was read only if, once it holds the lock, the manifest and the schedule
/// are still the very files that were read, unchanged (see `OutboxDirectory.Stamp`): a build that
/// ran in between rewrote the manifest, and one that was killed left its journal, which the
/// build reads under the lock and which sends it the long way.
package final class OutboxPrefetch: Sendable {
    package struct Read: Sendable {
        package let manifest: OutboxManifest.Summary
        package let manifestStamp: OutboxDirectory.Stamp
        /// Every file the manifest lists is a plain file of the recorded size.
        package let intact: Bool
        package let schedule: Schedule?
    }

    /// `schedule.csv` as it was read.
    package struct Schedule: Sendable {
        package let stamp: OutboxDirectory.Stamp
        package let digest: OutboxHash
    }

    private let group = DispatchGroup()
    private let read = Locked<Read?>(nil)

    package init(directory: URL) {
        group.enter()
        DispatchQueue.global().async { [self] in
            let result = Self.read(directory)
            read.withLock { $0 = result }
            group.leave()
        }
    }

    /// What was read, once it is.
    package func wait() -> Read? {
        group.wait()
        return read.withLock { $0 }
    }

    private static func read(_ directory: URL) -> Read? {
        guard let root = OutboxDirectory.openExistingOutbox(at: directory),
            let state = try? root.openSubdirectory(OutboxWriter.stateDirectory)
        else { return nil }
        var stamp: OutboxDirectory.Stamp?
        let walk = IntactWalk(root: root)
        var reader = OutboxManifest.Reader(handle: walk.look)
        var damaged = false
        let exists = try? state.readChunks(ofFile: OutboxManifest.fileName, stamp: { stamp = $0 }) { chunk in
            guard !damaged else { return }
            do throws(OutboxStateDamage) { try reader.feed(chunk) } catch { damaged = true }
        }
        guard exists == true, !damaged, let stamp, let summary = try? reader.finishSummary() else { return nil }

        var scheduleStamp: OutboxDirectory.Stamp?
        let schedule = (try? root.digest(ofFile: OutboxWriter.scheduleFileName, stamp: { scheduleStamp = $0 })).flatMap { digest in
            scheduleStamp.map { Schedule(stamp: $0, digest: digest) }
        }
        return Read(manifest: summary, manifestStamp: stamp, intact: walk.intact, schedule: schedule)
    }
}

/// Looks at the files of manifest records, given in the manifest's order (each day folder's
/// together): whether each is still a plain file of the recorded size.
package final class IntactWalk {
    package let root: OutboxDirectory
    private(set) var intact = true
    private var directory: String?
    private var folder: OutboxDirectory?

    package init(root: OutboxDirectory) {
        self.root = root
    }

    package func look(_ record: OutboxManifest.Record) {
        guard intact else { return }
        if record.path.directory != directory {
            directory = record.path.directory
            folder = (try? root.openSubdirectory(record.path.directory)) ?? nil
        }
        guard let folder, case .file(let size)? = try? folder.entry(record.path.name), size == record.size else {
            intact = false
            return
        }
    }
}
