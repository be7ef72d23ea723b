import Crypto
import Foundation
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
    /// Who may read what is created in it.
    package let access: OutboxAccess

    private init(descriptor: Int32, displayPath: String, access: OutboxAccess) {
        self.descriptor = descriptor
        self.displayPath = displayPath
        self.access = access
    }

    deinit {
        close(descriptor)
    }

    /// Opens the outbox folder, creating it (and the folders above it) when it is missing, with
    /// `access`'s mode. Refuses when the folder itself is a symbolic link.
    package static func openOutbox(at url: URL, access: OutboxAccess = .owner) throws(EnvironmentError) -> OutboxDirectory {
        let display = url.lastPathComponent
        let parent = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .outboxSystemCall("create", parent.path, reason: "\(error.localizedDescription)")
        }
        let path = url.path
        if mkdir(path, mode_t(access.folderMode)) != 0, errno != EEXIST {
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
        return OutboxDirectory(descriptor: descriptor, displayPath: display, access: access)
    }

    /// Sets the folder's own mode to what `access` gives folders, so that an outbox made before
    /// (or with a looser umask) holds its patient data as closely as a new one.
    package func restrict() throws(EnvironmentError) {
        if fchmod(descriptor, mode_t(access.folderMode)) != 0 {
            throw .outboxSystemCall("set the permissions of", displayPath, reason: Self.reason(errno))
        }
    }

    /// Opens the outbox folder only if it is there, creating nothing; `nil` when it is missing or
    /// is not a plain folder.
    package static func openExistingOutbox(at url: URL) -> OutboxDirectory? {
        let descriptor = open(url.path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        return OutboxDirectory(descriptor: descriptor, displayPath: url.lastPathComponent, access: .owner)
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
        return OutboxDirectory(descriptor: child, displayPath: path(name), access: access)
    }

    /// The sub-folder `name`, created when missing.
    package func makeSubdirectory(_ name: String) throws(EnvironmentError) -> OutboxDirectory {
        if mkdirat(descriptor, name, mode_t(access.folderMode)) != 0, errno != EEXIST {
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
    package func readChunks(
        ofFile name: String, chunkSize: Int = 1 << 20, stamp: (Stamp) -> Void = { _ in },
        _ body: ([UInt8]) -> Void
    ) throws(EnvironmentError) -> Bool {
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
    package func writeFile(
        _ name: String, processID: Int32, durable: Bool, keep: (OutboxHash) -> Bool,
        produce: (_ emit: ([UInt8]) -> Void) -> Void
    ) throws(EnvironmentError) -> OutboxHash {
        let temporary = OutboxPath.temporaryName(for: name, processID: processID)
        let file = openat(descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(access.fileMode))
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
        if let failure = LinuxCalls.synchronizeFileSystem(of: descriptor) {
            throw .outboxSystemCall("flush the file system of", displayPath, reason: Self.reason(failure))
        }
    }

    package func path(_ name: String) -> String {
        displayPath + "/" + name
    }

    /// Writes all of `bytes` to `file`; `nil` when done, else the error.
    package static func writeAll(_ bytes: [UInt8], to file: Int32) -> Int32? {
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
