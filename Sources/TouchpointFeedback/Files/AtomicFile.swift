import Foundation
import TouchpointCore

/// Replaces a file whole: the bytes go to a temporary name beside it, are synced, and are renamed
/// over it, so a reader sees the old file or the new one, never half of either.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(EnvironmentError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot write '\(temporary)'") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if result < 0, errno == EINTR { continue }
            guard result >= 0 else {
                let error = failure("cannot write '\(temporary)'")
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += result
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let error = failure("cannot write '\(temporary)'")
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot replace '\(path)'")
            unlink(temporary)
            throw error
        }
        syncFolder(of: path)
    }

    /// Syncs the folder that holds `path`, so a rename into it is durable.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return }
        fsync(directory)
        close(directory)
    }

    private static func failure(_ what: String) -> EnvironmentError {
        EnvironmentError("\(what): \(String(cString: strerror(errno)))")
    }
}
