import Dispatch
internal import Glibc
import TouchpointCore

/// How a build puts a message's new file in place of the one a build wrote there before.
public enum OutboxReplacement: Sendable, CaseIterable {
    /// The old file is written over by the next replacement in its folder (see `FileReplacer`):
    /// faster on ext4, where creating and deleting files is dear.
    case reuseOldFiles
    /// The new file is renamed over the old one, which is deleted: the plain way, which
    /// `TOUCHPOINT_PLAIN_REPLACE=1` selects.
    case rename
}

/// Writes the message files of one build: each to a temporary name beside its own, then renamed
/// into place, so a message is never seen half-written. One a build, shared by its workers; each
/// writes the messages of a day folder through a `Run`.
///
/// With `.reuseOldFiles`, a file that replaces one exchanges names with it (`RENAME_EXCHANGE`):
/// `name` still always holds a whole file, and ext4 does not flush the new file's data at once as
/// it does when a rename replaces a file (`auto_da_alloc`). The old file, now under the temporary
/// name, is the run's spare: the next replacement in the folder writes the new message over it,
/// trims it and exchanges it into place, where a new file would otherwise be created and the old
/// one deleted. On ext4 both are dear when many files go: creating one just after others were
/// deleted walks past their inodes (`recently_deleted`), and deleting one frees its blocks, which
/// a disk mounted with `discard` waits for, while holding the folder's lock the other writer
/// needs. A spare is written over only when it is a plain file with this one name that nobody
/// else has open (a write lease tells); otherwise, and where the system cannot exchange names or
/// grant leases, the replacement is a plain rename. docs/benchmarks.md has the figures.
package final class FileReplacer: Sendable {
    package let replacement: OutboxReplacement
    private let processID: Int32
    /// Files are created one at a time, however many workers write them; writing, renaming and
    /// everything else stay side by side. With two threads creating files at once, a 10k build
    /// into a just-emptied outbox spent most of its kernel time in ext4's inode allocator
    /// passing over inodes the previous outbox had freed (`find_inode_bit`, `recently_deleted`;
    /// the `ext4_allocate_inode` tracepoint showed allocations scattered and skipping several
    /// times as many inodes as the floor's, which creates from one thread). Taking turns at
    /// `openat` alone cut the build's kernel time by about 45% and its time by about a fifth, and
    /// left the 100k build as it was.
    private let creating = Lock()
    /// Deletes files on a thread of its own, in the order given: the spares the workers are done
    /// with and old files that could not be written over, whose freeing costs the kernel time
    /// and, on some disks, waits for the device.
    private let removals = DispatchQueue(label: "touchpoint.outbox.removals")

    package init(replacement: OutboxReplacement, processID: Int32) {
        self.replacement = replacement
        self.processID = processID
    }

    /// Starts writing messages into `folder`.
    package func run(in folder: OutboxDirectory) -> Run {
        Run(replacer: self, folder: folder)
    }

    /// Waits until every file handed over for deleting is deleted.
    package func finish() {
        removals.sync {}
    }

    private func remove(_ name: String, in folder: OutboxDirectory) {
        removals.async { _ = unlinkat(folder.descriptor, name, 0) }
    }

    /// One worker's writing in one folder. When it ends, its spare, if any, is handed over for
    /// deleting.
    package struct Run: ~Copyable {
        private let replacer: FileReplacer
        private let folder: OutboxDirectory
        /// The old file the last replacement took out of place, under its temporary name.
        private var spare: String?

        fileprivate init(replacer: FileReplacer, folder: OutboxDirectory) {
            self.replacer = replacer
            self.folder = folder
        }

        deinit {
            if let spare { replacer.remove(spare, in: folder) }
        }

        /// Writes `bytes` as the file `name`. `replacing` says a file may be there already.
        package mutating func write(_ name: String, bytes: [UInt8], replacing: Bool) throws(EnvironmentError) {
            let reusing = replacing && replacer.replacement == .reuseOldFiles
            var temporary = OutboxPath.temporaryName(for: name, processID: replacer.processID)
            var reused: Int32?
            if reusing, let old = spare.take() {
                reused = openSpare(old)
                if reused != nil { temporary = old } else { replacer.remove(old, in: folder) }
            }
            let file: Int32
            if let reused { file = reused } else { file = try create(temporary) }
            var failure: Int32?
            if reused != nil {
                // Whole pages, so that the kernel need not read the old file's last page from the
                // disk to merge the new bytes into it; the padding is trimmed off with the old
                // file's tail.
                let page = FileReplacer.pageSize
                var padded = bytes
                padded.append(contentsOf: repeatElement(0, count: (page - bytes.count % page) % page))
                failure = OutboxDirectory.writeAll(padded, to: file)
                if failure == nil, ftruncate(file, off_t(bytes.count)) != 0 { failure = errno }
                if failure == nil, !LinuxCalls.holdsWriteLease(on: file) {
                    // Someone opened the spare while it was written (they wait until it is
                    // closed): they find it empty, and a new file takes the message.
                    ftruncate(file, 0)
                    close(file)
                    replacer.remove(temporary, in: folder)
                    try write(name, bytes: bytes, replacing: replacing)
                    return
                }
            } else {
                failure = OutboxDirectory.writeAll(bytes, to: file)
            }
            if close(file) != 0, failure == nil { failure = errno }
            if let failure {
                unlinkat(folder.descriptor, temporary, 0)
                throw .outboxSystemCall("write", folder.path(name), reason: OutboxDirectory.reason(failure))
            }
            if reusing, LinuxCalls.exchange(temporary, name, in: folder.descriptor) {
                spare = temporary
                return
            }
            // Nothing to replace, no file to exchange with after all, or no exchange on this
            // system: a plain rename.
            guard renameat(folder.descriptor, temporary, folder.descriptor, name) == 0 else {
                let code = errno
                unlinkat(folder.descriptor, temporary, 0)
                throw .outboxSystemCall("rename a file to", folder.path(name), reason: OutboxDirectory.reason(code))
            }
        }

        /// Creates the file `name`, which must not exist, for writing.
        private func create(_ name: String) throws(EnvironmentError) -> Int32 {
            // The error is read before the turn ends, which may set `errno` itself.
            let (file, code) = replacer.creating.withLock {
                let file = openat(
                    folder.descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(folder.access.fileMode))
                return (file, file < 0 ? errno : Int32(0))
            }
            guard file >= 0 else {
                throw .outboxSystemCall("create", folder.path(name), reason: OutboxDirectory.reason(code))
            }
            return file
        }

        /// Opens the spare `name` for writing over, under a write lease, or `nil` when it must not
        /// be: when it is not a plain file with this one name, or when anyone else has it open.
        private func openSpare(_ name: String) -> Int32? {
            let file = openat(folder.descriptor, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            guard file >= 0 else { return nil }
            var status = stat()
            guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_nlink == 1,
                LinuxCalls.takeWriteLease(on: file)
            else {
                close(file)
                return nil
            }
            return file
        }
    }

    private static let pageSize = max(1, sysconf(Int32(_SC_PAGESIZE)))
}
