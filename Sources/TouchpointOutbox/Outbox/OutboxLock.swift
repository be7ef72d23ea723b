internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The outbox's lock, `out/.touchpoint/lock`: an exclusive `flock` held while a build writes, so
/// that a second build fails at once rather than interleaving its files with the first's. The
/// file holds the holder's process ID for the second build's message. The kernel releases the
/// lock when the descriptor is closed, including when the process dies.
package final class OutboxLock {
    package static let fileName = "lock"

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    package static func acquire(in state: OutboxDirectory, outbox: String, processID: Int32) throws(EnvironmentError) -> OutboxLock {
        let path = state.displayPath + "/" + fileName
        let file = openat(state.descriptor, fileName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(state.access.fileMode))
        guard file >= 0 else {
            throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno))
        }
        // A process that forks (another thread of the same program starting a child) shares the
        // descriptor until the child execs, so a lock just released may look held for a moment:
        // look again a few times before calling the outbox busy.
        var attempts = 0
        while flock(file, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK, attempts < 20 {
                attempts += 1
                usleep(25_000)
                continue
            }
            let holder = holder(of: file)
            close(file)
            if code == EWOULDBLOCK { throw .outboxBusy(outbox, processID: holder) }
            throw .outboxSystemCall("lock", path, reason: OutboxDirectory.reason(code))
        }
        let text = Array((String(processID) + "\n").utf8)
        if ftruncate(file, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(file, $0.baseAddress, $0.count, 0) }
        }
        return OutboxLock(descriptor: file)
    }

    /// The process ID the holder wrote, if it reads as one.
    private static func holder(of file: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let line = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n").first ?? ""
        return Int32(line).map(String.init)
    }
}
