import Foundation

/// A problem with the machine rather than the practice's files: exit status 2.
public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Reads a practice's files from disk. The only place, with the outbox writer, that touches the
/// file system.
///
/// A loader can also hold a practice's files in memory (``init(files:)``), as the fuzzing harnesses
/// make them: then it answers from those and never touches the disk.
public struct SourceLoader: Sendable {
    /// The practice root.
    public let root: URL
    /// The files by path relative to the root, when the practice is held in memory.
    private let memory: [String: [UInt8]]?

    public init(root: String) throws(EnvironmentError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw EnvironmentError("'\(root)' does not exist")
        }
        guard isDirectory.boolValue else { throw EnvironmentError("'\(root)' is not a folder") }
        self.root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
        self.memory = nil
    }

    /// A practice held in memory: `files` by path relative to its root, folders separated by `/`.
    public init(files: [String: [UInt8]]) {
        self.root = URL(fileURLWithPath: "/", isDirectory: true)
        self.memory = files
    }

    /// Whether a file exists at a path relative to the root.
    public func exists(_ relativePath: String) -> Bool {
        if let memory { return memory[relativePath] != nil }
        return FileManager.default.fileExists(atPath: root.appendingPathComponent(relativePath).path)
    }

    /// The file at a path relative to the root, or `nil` when there is none.
    public func load(_ relativePath: String) throws(EnvironmentError) -> SourceFile? {
        if let memory { return memory[relativePath].map { SourceFile(path: relativePath, bytes: $0) } }
        let url = root.appendingPathComponent(relativePath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return nil }
        guard !isDirectory.boolValue else { throw EnvironmentError("'\(relativePath)' is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EnvironmentError("cannot read '\(relativePath)'")
        }
        return SourceFile(path: relativePath, bytes: [UInt8](data))
    }

    /// The paths, relative to `folder`, of the files in a folder relative to the root and in its
    /// sub-folders at any depth (`newsletters/2026-12.yaml`), sorted; empty when there is no such
    /// folder. Hidden files and folders and office lock files are left out, as in ``fileNames(in:)``.
    public func filePaths(under folder: String) throws(EnvironmentError) -> [String] {
        if let memory {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            return memory.keys.compactMap { path -> String? in
                guard path.hasPrefix(prefix) else { return nil }
                let relative = path.dropFirst(prefix.count)
                let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
                guard let name = parts.last, !name.hasPrefix("~$"), parts.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else {
                    return nil
                }
                return String(relative)
            }.sorted()
        }
        guard exists(folder) else { return [] }
        var paths: [String] = []
        var pending = [""]
        var visited: Set<String> = []
        while let next = pending.popLast() {
            let path = next.isEmpty ? folder : folder + "/" + next
            // A folder reached twice through links is read once.
            let real = root.appendingPathComponent(path, isDirectory: true).resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else { continue }
            paths += try fileNames(in: path).map { next.isEmpty ? $0 : next + "/" + $0 }
            pending += try folderNames(in: path).map { next.isEmpty ? $0 : next + "/" + $0 }
        }
        return paths.sorted()
    }

    /// Everything directly in a folder, by name; `folder` is how the error names it.
    private static func names(in url: URL, folder: String) throws(EnvironmentError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw EnvironmentError("cannot list '\(folder)'")
        }
    }

    /// The names of the folders directly in a folder relative to the root, hidden ones left out.
    private func folderNames(in folder: String) throws(EnvironmentError) -> [String] {
        let url = root.appendingPathComponent(folder, isDirectory: true)
        let names = try Self.names(in: url, folder: folder)
        return names.filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }
    }

    /// The names of the files directly in a folder relative to the root, sorted; empty when there
    /// is no such folder. Sub-folders, hidden files and the lock files office programs leave
    /// beside an open document (`~$patients.csv`) are left out.
    public func fileNames(in folder: String) throws(EnvironmentError) -> [String] {
        if let memory {
            let prefix = folder.hasSuffix("/") ? folder : folder + "/"
            return memory.keys.filter { path in
                guard path.hasPrefix(prefix) else { return false }
                let name = path.dropFirst(prefix.count)
                return !name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && !name.hasPrefix("~$")
            }.map { String($0.dropFirst(prefix.count)) }.sorted()
        }
        let url = root.appendingPathComponent(folder, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { throw EnvironmentError("'\(folder)' is a file, not a folder") }
        let names = try Self.names(in: url, folder: folder)
        return names.filter { name in
            guard !name.hasPrefix("."), !name.hasPrefix("~$") else { return false }
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }
}
