internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Appends records to `out/sent.log`, one `write` a line, and flushes them to disk when asked:
/// a `sending` record is on disk before its message is handed on, so that a hand-off the process
/// did not live to confirm is found uncertain, never repeated.
package final class SentLogAppender {
    private let descriptor: Int32
    private let path: String
    /// Records written since the last flush.
    private var unsynced = false

    /// Opens the log in `outbox` for appending, creating it with its header comment.
    package init(in outbox: OutboxDirectory) throws(EnvironmentError) {
        path = outbox.path(SentLog.fileName)
        descriptor = openat(
            outbox.descriptor, SentLog.fileName, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, mode_t(outbox.access.fileMode))
        guard descriptor >= 0 else { throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno)) }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_size == 0 {
            try write(SentLog.header)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Appends `record`; with `flush`, it (and every record before it) is on disk on return.
    package func append(_ record: SentLog.Record, flush: Bool) throws(EnvironmentError) {
        try write(record.line)
        if flush { try self.flush() }
    }

    /// Puts every record appended so far on disk.
    package func flush() throws(EnvironmentError) {
        guard unsynced else { return }
        guard fsync(descriptor) == 0 else { throw .outboxSystemCall("flush", path, reason: OutboxDirectory.reason(errno)) }
        unsynced = false
    }

    private func write(_ text: String) throws(EnvironmentError) {
        // One write of the whole line: with O_APPEND it lands in one piece after whatever is there.
        if let failure = OutboxDirectory.writeAll(Array(text.utf8), to: descriptor) {
            throw .outboxSystemCall("write to", path, reason: OutboxDirectory.reason(failure))
        }
        unsynced = true
    }
}
