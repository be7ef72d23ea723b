import Foundation
import TouchpointCore

/// The practice as of a git revision (`review --against REF`), checked out by `git worktree` into
/// a temporary folder that ``remove()`` takes away again. The practice's own working tree is never
/// touched.
///
/// Files git does not track are not in the checkout: a practice keeps its real contact lists and
/// its `.touchpoint-secret` out of git. Those the checkout lacks are copied in from the working
/// tree (the lists under `contacts/` and the secret), so the comparison shows what the change to
/// the tracked files does, with today's contacts.
public final class RevisionCheckout: Sendable {
    /// The practice's folder inside the checkout.
    public let root: URL
    /// The revision, as given.
    public let revision: String
    private let scratch: URL
    private let tree: URL
    private let repository: String

    /// Checks out `revision` of the repository that holds `practiceRoot`.
    public init(practiceRoot: String, revision: String) throws(EnvironmentError) {
        self.revision = revision
        let top = try Self.git(["-C", practiceRoot, "rev-parse", "--show-toplevel"], what: "find the git repository of '\(practiceRoot)'")
        let prefix = try Self.git(["-C", practiceRoot, "rev-parse", "--show-prefix"], what: "find the practice in its repository")
        _ = try Self.git(
            ["-C", practiceRoot, "rev-parse", "--verify", "--quiet", revision + "^{commit}"],
            what: "find the revision '\(revision)'")
        repository = top
        var template = Array((FileManager.default.temporaryDirectory.path + "/touchpoint-review-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw EnvironmentError("cannot create a temporary folder for '\(revision)'")
        }
        scratch = URL(fileURLWithPath: String(cString: made))
        tree = scratch.appendingPathComponent("tree")
        do {
            _ = try Self.git(
                ["-C", top, "worktree", "add", "--detach", "--quiet", tree.path, revision], what: "check out '\(revision)'")
        } catch {
            try? FileManager.default.removeItem(at: scratch)
            throw error
        }
        root = prefix.isEmpty ? tree : tree.appendingPathComponent(prefix)
        copyUntracked(from: URL(fileURLWithPath: practiceRoot))
    }

    /// Removes the checkout and its folder.
    public func remove() {
        _ = try? Self.git(["-C", repository, "worktree", "remove", "--force", tree.path], what: "remove the checkout")
        try? FileManager.default.removeItem(at: scratch)
        _ = try? Self.git(["-C", repository, "worktree", "prune"], what: "prune checkouts")
    }

    /// The contact lists and the secret the checkout lacks, from the working tree.
    private func copyUntracked(from practice: URL) {
        let manager = FileManager.default
        var files = [".touchpoint-secret"]
        if let names = try? manager.contentsOfDirectory(atPath: practice.appendingPathComponent("contacts").path) {
            files += names.map { "contacts/" + $0 }
        }
        for file in files {
            let source = practice.appendingPathComponent(file)
            let target = root.appendingPathComponent(file)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: source.path, isDirectory: &isFolder), !isFolder.boolValue,
                !manager.fileExists(atPath: target.path)
            else { continue }
            try? manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? manager.copyItem(at: source, to: target)
        }
    }

    /// Runs git and returns its standard output, trimmed; a failure says what could not be done.
    private static func git(_ arguments: [String], what: String) throws(EnvironmentError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw EnvironmentError("cannot \(what): git cannot be run (\(error.localizedDescription))")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let said = String(decoding: problem, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw EnvironmentError("cannot \(what)" + (said.isEmpty ? "" : ": \(said)"))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
