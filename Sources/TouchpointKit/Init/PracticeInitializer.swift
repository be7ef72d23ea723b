import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox

/// Writes ``PracticeTemplate`` into a folder: `touchpoint init`. Never overwrites: when any of
/// the template's files already exists, nothing is written.
public struct PracticeInitializer: Sendable {
    /// The folder the practice goes into; created when missing.
    public let folder: URL
    public let files: [PracticeTemplate.File]

    public init(folder: URL, files: [PracticeTemplate.File] = PracticeTemplate.files) {
        self.folder = folder
        self.files = files
    }

    /// The template's paths that already exist in the folder, in the template's order.
    public func existingPaths() -> [String] {
        files.map(\.path).filter { path in
            let url = folder.appendingPathComponent(path)
            // A dangling symbolic link counts: writing through it would create a file elsewhere.
            return FileManager.default.fileExists(atPath: url.path)
                || (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
        }
    }

    /// Writes every file and returns their paths. Throws, having written nothing, when the folder
    /// is a file or any of the files exists (``Conflict``); an I/O failure part-way is an
    /// ``EnvironmentError``.
    @discardableResult
    public func write() throws -> [String] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw EnvironmentError("'\(folder.relativePath)' is a file, not a folder")
        }
        let existing = existingPaths()
        guard existing.isEmpty else { throw Conflict(paths: existing) }
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Without overwriting: a file that appeared since the check is left alone.
                try Data(file.contents.utf8).write(to: url, options: .withoutOverwriting)
                try FileManager.default.setAttributes(
                    [.posixPermissions: file.isExecutable ? 0o755 : 0o644],
                    ofItemAtPath: url.path)
            } catch {
                throw EnvironmentError("cannot write '\(file.path)': \(error.localizedDescription)")
            }
        }
        return files.map(\.path)
    }

    /// Files that init would have written already exist.
    public struct Conflict: Error, Sendable {
        public let paths: [String]
    }
}
