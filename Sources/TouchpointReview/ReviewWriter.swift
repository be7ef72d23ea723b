import Foundation
internal import Glibc
import TouchpointCore
import TouchpointKit
import TouchpointOutbox

/// Writes the review site into its folder (`out/review/` unless given). The pages hold patient
/// data like the rest of the outbox: folders 0700 and files 0600 (0750 and 0640 when the practice
/// gives its group access), whatever the umask. The site is written whole into a new folder beside
/// the old one, which is then swapped in: a reader never sees half of one review and half of
/// another, and pages of an earlier review never linger.
public struct ReviewWriter: Sendable {
    public let folder: URL
    public let access: OutboxAccess

    public init(folder: URL, access: OutboxAccess) {
        self.folder = folder
        self.access = access
    }

    /// Writes `pages`; returns the path of the site's `index.html`.
    @discardableResult
    public func write(_ pages: [ReviewSite.Page]) throws(EnvironmentError) -> URL {
        let parent = folder.deletingLastPathComponent()
        try makeFolder(parent, intermediate: true)
        let process = getpid()
        let fresh = parent.appendingPathComponent(".\(folder.lastPathComponent).new-\(process)")
        let stale = parent.appendingPathComponent(".\(folder.lastPathComponent).old-\(process)")
        try remove(fresh)
        try makeFolder(fresh, intermediate: false)
        var made: Set<String> = [""]
        for page in pages {
            let components = page.path.split(separator: "/").map(String.init)
            guard !components.isEmpty, components.allSatisfy({ $0 != ".." && $0 != "." && !$0.isEmpty }) else { continue }
            var path = ""
            for component in components.dropLast() {
                path += (path.isEmpty ? "" : "/") + component
                if made.insert(path).inserted { try makeFolder(fresh.appendingPathComponent(path), intermediate: false) }
            }
            try writeFile(fresh.appendingPathComponent(page.path), page.bytes)
        }
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
        if exists {
            guard isFolder.boolValue else { throw EnvironmentError("'\(folder.path)' is not a folder; the review was not written") }
            try rename(folder, stale)
        }
        try rename(fresh, folder)
        if exists { try remove(stale) }
        return folder.appendingPathComponent("index.html")
    }

    private func makeFolder(_ url: URL, intermediate: Bool) throws(EnvironmentError) {
        if intermediate {
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: Int(access.folderMode)])
            } catch {
                throw EnvironmentError("cannot create '\(url.path)': \(error.localizedDescription)")
            }
            return
        }
        guard mkdir(url.path, mode_t(access.folderMode)) == 0 else {
            throw EnvironmentError("cannot create '\(url.path)': \(String(cString: strerror(errno)))")
        }
        // The umask may have taken bits away; never more than the mode, and exactly the mode.
        _ = chmod(url.path, mode_t(access.folderMode))
    }

    private func writeFile(_ url: URL, _ bytes: [UInt8]) throws(EnvironmentError) {
        let file = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(access.fileMode))
        guard file >= 0 else { throw EnvironmentError("cannot create '\(url.path)': \(String(cString: strerror(errno)))") }
        defer { close(file) }
        _ = fchmod(file, mode_t(access.fileMode))
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Glibc.write(file, buffer.baseAddress.map { $0 + written }, bytes.count - written)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw EnvironmentError("cannot write '\(url.path)': \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    private func rename(_ from: URL, _ to: URL) throws(EnvironmentError) {
        guard Glibc.rename(from.path, to.path) == 0 else {
            throw EnvironmentError("cannot move '\(from.path)' to '\(to.path)': \(String(cString: strerror(errno)))")
        }
    }

    private func remove(_ url: URL) throws(EnvironmentError) {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw EnvironmentError("cannot remove '\(url.path)': \(error.localizedDescription)")
        }
    }
}
