internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The outbox's lock, `out/.touchpoint/lock`: an exclusive `flock` held while a build writes or
/// a delivery sends, so that neither interleaves its work with another's. The file holds the
/// holder's process ID and what it is doing (`build` or `deliver`) for the other's message. The
/// kernel releases the lock when the descriptor is closed, including when the process dies.
package final class OutboxLock {
    package static let fileName = "lock"

    /// What a process holds the lock for.
    package enum Role: String, Sendable {
        case build, deliver
    }

    /// The outcome of trying to take the lock.
    package enum Attempt {
        case held(OutboxLock)
        /// Another process holds it: its process ID and role, as far as the file says.
        case busy(processID: String?, role: Role?)
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock, waiting up to `wait` seconds for another holder to let go; throws
    /// `outboxBusy` when it does not.
    package static func acquire(
        in state: OutboxDirectory, outbox: String, processID: Int32, role: Role = .build, wait: Double = 0
    ) throws(EnvironmentError) -> OutboxLock {
        switch try attempt(in: state, processID: processID, role: role, wait: wait) {
        case .held(let lock): return lock
        case .busy(let holder, let holderRole): throw .outboxBusy(outbox, processID: holder, role: holderRole)
        }
    }

    /// Tries to take the lock, waiting up to `wait` seconds for another holder to let go.
    package static func attempt(in state: OutboxDirectory, processID: Int32, role: Role, wait: Double = 0) throws(EnvironmentError)
        -> Attempt
    {
        let path = state.displayPath + "/" + fileName
        let file = openat(state.descriptor, fileName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(state.access.fileMode))
        guard file >= 0 else {
            throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno))
        }
        // A process that forks (another thread of the same program starting a child) shares the
        // descriptor until the child execs, so a lock just released may look held for a moment:
        // look again a few times before calling the outbox busy, and for as long as asked.
        var attempts = 0
        let tries = max(20, Int((wait * 40).rounded(.up)))
        while flock(file, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK, attempts < tries {
                attempts += 1
                usleep(25_000)
                continue
            }
            let holder = holder(of: file)
            close(file)
            if code == EWOULDBLOCK { return .busy(processID: holder.processID, role: holder.role) }
            throw .outboxSystemCall("lock", path, reason: OutboxDirectory.reason(code))
        }
        let text = Array((String(processID) + "\n" + role.rawValue + "\n").utf8)
        if ftruncate(file, 0) == 0 {
            _ = text.withUnsafeBytes { pwrite(file, $0.baseAddress, $0.count, 0) }
        }
        return .held(OutboxLock(descriptor: file))
    }

    /// The process ID and role the holder wrote, if they read as such.
    private static func holder(of file: Int32) -> (processID: String?, role: Role?) {
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return (nil, nil) }
        let lines = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n")
        let processID = lines.first.flatMap { Int32($0) }.map(String.init)
        let role = lines.count > 1 ? Role(rawValue: String(lines[1])) : nil
        return (processID, role)
    }
}
