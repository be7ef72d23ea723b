import Foundation
import TouchpointCore

/// Appends entries to the feedback log, one request at a time: each line is written whole with
/// `O_APPEND` and synced before the request is answered, so an answered unsubscribe is on disk.
/// The file is opened by name for every line, so moving it away starts a new one. It never grows
/// past `limit` bytes: at the limit nothing more is written until it is moved away.
public final class FeedbackLogWriter: Sendable {
    public let folder: String
    /// The most bytes the log file may hold.
    public let limit: Int
    private let lock = Lock()

    public enum Outcome: Sendable, Equatable {
        case written
        /// The log is at its limit; nothing was written.
        case full
        /// The line could not be written; the reason is the system's.
        case failed(String)
    }

    /// The writer of the log in `folder`, which is made (0750) when it does not exist.
    public init(folder: String, limit: Int) throws(EnvironmentError) {
        self.folder = folder
        self.limit = limit
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw EnvironmentError("cannot make the log folder '\(folder)': \(error.localizedDescription)")
            }
        } else if !isFolder.boolValue {
            throw EnvironmentError("'\(folder)' is not a folder; give '--log' a folder for the feedback log")
        }
        guard access(folder, W_OK) == 0 else {
            throw EnvironmentError("cannot write in the log folder '\(folder)': \(String(cString: strerror(errno)))")
        }
    }

    /// The log file's path.
    public var path: String { folder + "/" + FeedbackLog.fileName }

    /// Appends `entry`'s line and syncs it.
    public func append(_ entry: FeedbackLog.Entry) -> Outcome {
        let bytes = Array(entry.line.utf8)
        return lock.withLock {
            let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard descriptor >= 0 else { return .failed(String(cString: strerror(errno))) }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return .failed(String(cString: strerror(errno))) }
            let size = Int(info.st_size)
            guard size + bytes.count <= limit else { return .full }
            var written = 0
            while written < bytes.count {
                let result = bytes.withUnsafeBytes { buffer in
                    Foundation.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
                }
                if result < 0 {
                    if errno == EINTR { continue }
                    return .failed(String(cString: strerror(errno)))
                }
                written += result
            }
            guard fsync(descriptor) == 0 else { return .failed(String(cString: strerror(errno))) }
            // A new file's name is made durable too.
            if size == 0 {
                let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                if directory >= 0 {
                    fsync(directory)
                    close(directory)
                }
            }
            return .written
        }
    }
}
