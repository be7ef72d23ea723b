import Dispatch
import Crypto
import Foundation
internal import Synchronization
internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// An open folder of the outbox. Every operation is relative to its descriptor and none follows
/// a symbolic link, so nothing done through it can reach outside the outbox.
package final class OutboxDirectory: Sendable {
    /// What a name in the folder is, looked at without following links.
    package enum Entry: Equatable {
        case missing
        case file(size: Int)
        case directory
        case symbolicLink
        case other
    }

    package let descriptor: Int32
    /// The folder as messages name it: `out`, `out/2026-12-01`, `out/.touchpoint`.
    package let displayPath: String

    private init(descriptor: Int32, displayPath: String) {
        self.descriptor = descriptor
        self.displayPath = displayPath
    }

    deinit {
        close(descriptor)
    }

    /// Opens the outbox folder, creating it (and the folders above it) when it is missing.
    /// Refuses when the folder itself is a symbolic link.
    package static func openOutbox(at url: URL) throws(EnvironmentError) -> OutboxDirectory {
        let display = url.lastPathComponent
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .outboxSystemCall("create", parent.path, reason: "\(error.localizedDescription)")
        }
        let path = url.path
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw .outboxSystemCall("create", path, reason: reason(errno))
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            var status = stat()
            if lstat(path, &status) == 0 {
                if kind(of: status) == .symbolicLink { throw .outboxSymbolicLink(display) }
                if kind(of: status) != .directory { throw .outboxNotAFolder(display) }
            }
            throw .outboxSystemCall("open", path, reason: reason(code))
        }
        return OutboxDirectory(descriptor: descriptor, displayPath: display)
    }

    /// Opens the outbox folder only if it is there, creating nothing; `nil` when it is missing or
    /// is not a plain folder.
    package static func openExistingOutbox(at url: URL) -> OutboxDirectory? {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        return OutboxDirectory(descriptor: descriptor, displayPath: url.lastPathComponent)
    }

    /// Which file a name stood for and how it was when looked at: if any of this differs later,
    /// the file was replaced or written in between.
    package struct Stamp: Equatable, Sendable {
        package let device: UInt64
        package let inode: UInt64
        package let size: Int
        package let modified: Int
        package let changed: Int

        package init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int(status.st_size)
            modified = Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
            changed = Int(status.st_ctim.tv_sec) * 1_000_000_000 + Int(status.st_ctim.tv_nsec)
        }
    }

    /// The stamp of the plain file `name`, or `nil` when there is none.
    package func stamp(ofFile name: String) throws(EnvironmentError) -> Stamp? {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw .outboxSystemCall("look at", path(name), reason: Self.reason(code))
        }
        return status.st_mode & S_IFMT == S_IFREG ? Stamp(status) : nil
    }

    /// The sub-folder `name`, or `nil` when there is none. Refuses a symbolic link or a file.
    package func openSubdirectory(_ name: String) throws(EnvironmentError) -> OutboxDirectory? {
        let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else {
            let code = errno
            switch try entry(name) {
            case .missing: return nil
            case .symbolicLink: throw .outboxSymbolicLink(path(name))
            case .file, .other: throw .outboxNotAFolder(path(name))
            case .directory: throw .outboxSystemCall("open", path(name), reason: Self.reason(code))
            }
        }
        return OutboxDirectory(descriptor: child, displayPath: path(name))
    }

    /// The sub-folder `name`, created when missing.
    package func makeSubdirectory(_ name: String) throws(EnvironmentError) -> OutboxDirectory {
        if mkdirat(descriptor, name, 0o755) != 0, errno != EEXIST {
            throw .outboxSystemCall("create", path(name), reason: Self.reason(errno))
        }
        guard let child = try openSubdirectory(name) else {
            throw .outboxSystemCall("open", path(name), reason: Self.reason(ENOENT))
        }
        return child
    }

    package func entry(_ name: String) throws(EnvironmentError) -> Entry {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            throw .outboxSystemCall("look at", path(name), reason: Self.reason(code))
        }
        return Self.kind(of: status)
    }

    /// The bytes of the plain file `name` when it exists and, if `size` is given, has that size;
    /// otherwise `nil`.
    package func contents(ofFile name: String, size: Int? = nil) throws(EnvironmentError) -> [UInt8]? {
        guard let (file, status) = try openPlainFile(name) else { return nil }
        defer { close(file) }
        let actual = status.size
        guard size == nil || size == actual else { return nil }
        var bytes = [UInt8](repeating: 0, count: actual)
        var filled = 0
        while filled < actual {
            let count = bytes.withUnsafeMutableBytes { buffer in
                read(file, buffer.baseAddress.map { $0 + filled }, actual - filled)
            }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .outboxSystemCall("read", path(name), reason: Self.reason(errno)) }
            if count == 0 { return nil }
            filled += count
        }
        return bytes
    }

    /// Reads the plain file `name` a chunk at a time, handing each to `body`; `false` when there
    /// is no such plain file. Memory stays at one chunk however large the file.
    /// `stamp`, when given, is told the stamp of the file read first (see `Stamp`).
    package func readChunks(ofFile name: String, chunkSize: Int = 1 << 20, stamp: (Stamp) -> Void = { _ in },
                    _ body: ([UInt8]) -> Void) throws(EnvironmentError) -> Bool {
        guard let (file, status) = try openPlainFile(name) else { return false }
        defer { close(file) }
        stamp(status)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(file, $0.baseAddress, chunkSize) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .outboxSystemCall("read", path(name), reason: Self.reason(errno)) }
            if count == 0 { return true }
            body(count == chunkSize ? chunk : Array(chunk[..<count]))
        }
    }

    /// The SHA-256 of the plain file `name`, read a chunk at a time, or `nil` when there is none.
    /// `stamp`, when given, is told the stamp of the file read first.
    package func digest(ofFile name: String, stamp: (Stamp) -> Void = { _ in }) throws(EnvironmentError) -> OutboxHash? {
        var hasher = SHA256()
        guard try readChunks(ofFile: name, stamp: stamp, { hasher.update(data: $0) }) else { return nil }
        return OutboxHash(hasher.finalize())
    }

    /// Opens `name` for reading, without following a link, with its stamp; `nil` when there is no
    /// plain file of that name. The caller closes the descriptor.
    private func openPlainFile(_ name: String) throws(EnvironmentError) -> (descriptor: Int32, stamp: Stamp)? {
        let file = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else {
            let code = errno
            if code == ENOENT || code == ELOOP { return nil }
            throw .outboxSystemCall("open", path(name), reason: Self.reason(code))
        }
        var status = stat()
        guard fstat(file, &status) == 0 else {
            let code = errno
            close(file)
            throw .outboxSystemCall("look at", path(name), reason: Self.reason(code))
        }
        guard case .file = Self.kind(of: status) else {
            close(file)
            return nil
        }
        return (file, Stamp(status))
    }

    /// Writes what `produce` emits to a temporary name beside `name`, then renames it into place
    /// unless `keep` says the SHA-256 of the whole means the file already there is right, in which
    /// case the temporary file is deleted. Returns the SHA-256. Memory stays at what one emitted
    /// chunk holds.
    package func writeFile(_ name: String, processID: Int32, durable: Bool, keep: (OutboxHash) -> Bool,
                   produce: (_ emit: ([UInt8]) -> Void) -> Void) throws(EnvironmentError) -> OutboxHash {
        let temporary = OutboxPath.temporaryName(for: name, processID: processID)
        let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else {
            throw .outboxSystemCall("create", path(temporary), reason: Self.reason(errno))
        }
        var hasher = SHA256()
        var failure: Int32?
        produce { bytes in
            guard failure == nil else { return }
            hasher.update(data: bytes)
            failure = Self.writeAll(bytes, to: file)
        }
        if failure == nil, durable, fsync(file) != 0 { failure = errno }
        if close(file) != 0, failure == nil { failure = errno }
        if let failure {
            unlinkat(descriptor, temporary, 0)
            throw .outboxSystemCall("write", path(name), reason: Self.reason(failure))
        }
        let digest = OutboxHash(hasher.finalize())
        if keep(digest) {
            unlinkat(descriptor, temporary, 0)
            return digest
        }
        guard renameat(descriptor, temporary, descriptor, name) == 0 else {
            let code = errno
            unlinkat(descriptor, temporary, 0)
            throw .outboxSystemCall("rename a file to", path(name), reason: Self.reason(code))
        }
        return digest
    }

    /// Writes `bytes` to a temporary name beside `name` and renames it into place, so that `name`
    /// is never seen half-written. `durable` also flushes the file before the rename.
    ///
    /// `replacing` says a file is at `name` already. The two names are then exchanged: `name`
    /// still always holds a whole file, and ext4 does not flush the new file's data at once as it
    /// does when a rename replaces a file (`auto_da_alloc`). The old file, now under the temporary
    /// name, becomes `spare`, and the next replacement in this folder writes over it instead of
    /// creating a file (see `OutboxSpare`); a spare that cannot be written over is handed to
    /// `remover` to delete, as is the last one when the caller is done.
    package func writeFile(_ name: String, bytes: [UInt8], processID: Int32, durable: Bool,
                   replacing remover: OutboxRemover? = nil, spare: inout OutboxSpare) throws(EnvironmentError) {
        var temporary = OutboxPath.temporaryName(for: name, processID: processID)
        var reused: Int32?
        if let remover, let old = spare.take() {
            reused = openSpare(old)
            if reused != nil { temporary = old } else { remover.remove(old, in: self) }
        }
        // The error is read before the lock is let go, which may set `errno` itself.
        let (file, code) = reused.map { ($0, Int32(0)) } ?? Self.creating.withLock { _ in
            let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            return (file, file < 0 ? errno : Int32(0))
        }
        guard file >= 0 else {
            throw .outboxSystemCall("create", path(temporary), reason: Self.reason(code))
        }
        var failure: Int32?
        if reused != nil {
            // Whole pages, so that the kernel need not read the old file's last page from the disk
            // to merge the new bytes into it; the padding is trimmed off with the old file's tail.
            let page = Self.pageSize
            var padded = bytes
            padded.append(contentsOf: repeatElement(0, count: (page - bytes.count % page) % page))
            failure = Self.writeAll(padded, to: file)
            if failure == nil, ftruncate(file, off_t(bytes.count)) != 0 { failure = errno }
        } else {
            failure = Self.writeAll(bytes, to: file)
        }
        if failure == nil, durable, fsync(file) != 0 { failure = errno }
        if failure == nil, reused != nil, fcntl(file, Self.getLease) != Self.writeLease {
            // Someone opened the spare while it was written (they wait until it is closed):
            // they find it empty, and a new file takes the message.
            ftruncate(file, 0)
            close(file)
            remover?.remove(temporary, in: self)
            try writeFile(name, bytes: bytes, processID: processID, durable: durable, replacing: remover, spare: &spare)
            return
        }
        if close(file) != 0, failure == nil { failure = errno }
        if let failure {
            unlinkat(descriptor, temporary, 0)
            throw .outboxSystemCall("write", path(name), reason: Self.reason(failure))
        }
        if remover != nil, let exchange = Self.renameat2, exchange(descriptor, temporary, descriptor, name, Self.renameExchange) == 0 {
            spare = OutboxSpare(name: temporary)
            return
        }
        // No file to exchange with after all, or no exchange on this system: a plain rename.
        guard renameat(descriptor, temporary, descriptor, name) == 0 else {
            let code = errno
            unlinkat(descriptor, temporary, 0)
            throw .outboxSystemCall("rename a file to", path(name), reason: Self.reason(code))
        }
    }

    /// Opens the spare `name` for writing over, or `nil` when it must not be: when it is not a
    /// plain file with this one name, or when anyone else has it open. A write lease tells the
    /// last: the kernel grants it only to the file's sole opener, and if someone opens the file
    /// while it is held, keeps them waiting until it is closed and says so (`getLease`). The
    /// notice comes as the signal `SIGURG`, which is ignored unless handled, not the default
    /// `SIGIO`, which would end the process.
    private func openSpare(_ name: String) -> Int32? {
        let file = openat(descriptor, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        var status = stat()
        guard fstat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_nlink == 1,
              fcntl(file, Self.setSignal, SIGURG) == 0, fcntl(file, Self.setLease, Self.writeLease) == 0 else {
            close(file)
            return nil
        }
        return file
    }

    /// Deletes the file `name`; `false` when there was none.
    package func removeFile(_ name: String) throws(EnvironmentError) -> Bool {
        guard unlinkat(descriptor, name, 0) == 0 else {
            let code = errno
            if code == ENOENT { return false }
            throw .outboxSystemCall("delete", path(name), reason: Self.reason(code))
        }
        return true
    }

    /// Deletes the sub-folder `name` if it is empty; `false` when it is not empty or not there.
    package func removeDirectoryIfEmpty(_ name: String) throws(EnvironmentError) -> Bool {
        guard unlinkat(descriptor, name, AT_REMOVEDIR) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST || code == ENOENT || code == ENOTDIR { return false }
            throw .outboxSystemCall("delete", path(name), reason: Self.reason(code))
        }
        return true
    }

    /// The names in the folder, unsorted.
    package func names() throws(EnvironmentError) -> [String] {
        let copy = dup(descriptor)
        guard copy >= 0, let stream = fdopendir(copy) else {
            let code = errno
            if copy >= 0 { close(copy) }
            throw .outboxSystemCall("list", displayPath, reason: Self.reason(code))
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let item = readdir(stream) {
            let name = withUnsafePointer(to: &item.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Flushes the folder itself: the names created, renamed and deleted in it.
    package func synchronize() throws(EnvironmentError) {
        guard fsync(descriptor) == 0 else {
            throw .outboxSystemCall("flush", displayPath, reason: Self.reason(errno))
        }
    }

    /// Flushes everything written to the file system the folder is on: one call in place of an
    /// `fsync` for every message (SPEC §5).
    package func synchronizeFileSystem() throws(EnvironmentError) {
        guard let syncfs = Self.syncfs else {
            sync()
            return
        }
        guard syncfs(descriptor) == 0 else {
            throw .outboxSystemCall("flush the file system of", displayPath, reason: Self.reason(errno))
        }
    }

    /// glibc declares `syncfs` only for `_GNU_SOURCE`, which the Swift module does not set.
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
    }()

    /// glibc declares `renameat2` only for `_GNU_SOURCE` too.
    private static let renameat2: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32)? = {
        guard let symbol = dlsym(nil, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32).self)
    }()

    private static let pageSize = max(1, sysconf(Int32(_SC_PAGESIZE)))

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let renameExchange: UInt32 = 1 << 1

    /// `F_SETSIG`, `F_SETLEASE`, `F_GETLEASE` and `F_WRLCK` from `<fcntl.h>`, which are declared
    /// only for `_GNU_SOURCE` too.
    private static let setSignal: Int32 = 10
    private static let setLease: Int32 = 1024
    private static let getLease: Int32 = 1025
    private static let writeLease: Int32 = 1

    /// Files are created one at a time, however many threads write them; writing, renaming and
    /// everything else stay side by side. With two threads creating files at once, a 10k build
    /// into a just-emptied outbox spent most of its kernel time in ext4's inode allocator
    /// passing over inodes the previous outbox had freed (`find_inode_bit`, `recently_deleted`;
    /// the `ext4_allocate_inode` tracepoint showed allocations scattered and skipping several
    /// times as many inodes as the floor's, which creates from one thread). Taking turns at
    /// `openat` alone cut the build's kernel time by about 45% and its time by about a fifth, and
    /// left the 100k build as it was.
    private static let creating = Mutex(())

    private func path(_ name: String) -> String {
        displayPath + "/" + name
    }

    private static func writeAll(_ bytes: [UInt8], to file: Int32) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(file, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count < 0 ? errno : EIO }
            written += count
        }
        return nil
    }

    private static func kind(of status: stat) -> Entry {
        switch status.st_mode & S_IFMT {
        case S_IFREG: .file(size: Int(status.st_size))
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        default: .other
        }
    }

    package static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// The old file a replacement took out of place, under its temporary name in the folder: the
/// next replacement there writes the new message over it, trims it and exchanges it into place,
/// where a new file would otherwise be created and the old one deleted. On ext4 both are dear
/// when many files go: creating one just after others were deleted walks past their inodes
/// (`recently_deleted`), and deleting one frees its blocks, which a disk mounted with `discard`
/// waits for, while holding the folder's lock the other writer needs. Carrying one spare
/// through a folder's replacements cut the rebuild after editing one step of the 10k bench
/// practice by a third, and the writing of its messages by two thirds.
package struct OutboxSpare: ~Copyable {
    fileprivate var name: String?

    package init() {}

    fileprivate init(name: String) {
        self.name = name
    }

    fileprivate mutating func take() -> String? {
        defer { name = nil }
        return name
    }

    /// Hands the spare, if any, to `remover` to delete.
    package consuming func discard(in folder: OutboxDirectory, by remover: OutboxRemover) {
        if let name { remover.remove(name, in: folder) }
    }
}

/// Deletes files on a thread of its own, in the order given: the spares a build is done with
/// and old files that could not be written over, whose freeing costs the kernel time and, on
/// some disks, waits for the device.
package final class OutboxRemover: Sendable {
    private let queue = DispatchQueue(label: "touchpoint.outbox.remover")

    package func remove(_ name: String, in directory: OutboxDirectory) {
        queue.async { _ = unlinkat(directory.descriptor, name, 0) }
    }

    /// Waits until every file handed over is deleted.
    package func finish() {
        queue.sync {}
    }
}
