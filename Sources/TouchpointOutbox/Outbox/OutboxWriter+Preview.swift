import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a build would do to the outbox, without doing it: for `touchpoint plan`, like
/// `terraform plan`.
public struct OutboxChanges: Sendable, Equatable {
    /// Messages a build would write where the tool has written none (sorted paths).
    public let added: [String]
    /// Messages it would render again because their inputs changed.
    public let changed: [String]
    /// Messages it wrote earlier that it would remove.
    public let removed: [String]
    public let unchanged: Int
    /// Messages of contacts held back that it would keep as they are.
    public var held: Int = 0
}

extension OutboxWriter {
    /// Compares `content` with the outbox as the last build left it. Reads only; takes no lock.
    public func preview(_ content: some OutboxContent) throws(EnvironmentError) -> OutboxChanges {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            let all = (0..<content.count).map { index in
                let location = content.location(of: index)
                return OutboxPath(sanitizing: location.directory, location.fileName).relative
            }.sorted()
            return OutboxChanges(added: all, changed: [], removed: [], unchanged: 0)
        }
        let root = try OutboxDirectory.openOutbox(at: directory)
        let state = try root.openSubdirectory(Self.stateDirectory)
        let manifest = try state.map { state throws(EnvironmentError) in try Self.readManifest(in: state) } ?? .empty
        var journal = try state.flatMap { state throws(EnvironmentError) in try Self.readJournal(in: state) }
        if journal?.build == manifest.build { journal = nil }
        let plan = try OutboxPlanner(root: root, manifest: manifest, journal: journal).plan(content)
        var added: [String] = []
        var changed: [String] = []
        for day in plan.days {
            for item in day.items where item.rendered {
                let path = day.path(of: item, in: content)
                if item.record >= 0 { changed.append(path.relative) } else { added.append(path.relative) }
            }
        }
        return OutboxChanges(
            added: added.sorted(), changed: changed.sorted(), removed: plan.obsolete.map(\.relative),
            unchanged: plan.count - plan.renderCount, held: plan.held.count)
    }

    /// The manifest, read a part at a time; empty when there is none.
    package static func readManifest(in state: OutboxDirectory) throws(EnvironmentError) -> OutboxManifest {
        var reader = OutboxManifest.Reader()
        var damage: OutboxStateDamage?
        let exists = try state.readChunks(ofFile: OutboxManifest.fileName, stamp: { reader = OutboxManifest.Reader(size: $0.size) }) {
            chunk in
            guard damage == nil else { return }
            do throws(OutboxStateDamage) { try reader.feed(chunk) } catch { damage = error }
        }
        guard exists else { return .empty }
        do throws(OutboxStateDamage) {
            if let damage { throw damage }
            return try reader.finish()
        } catch {
            throw .outboxStateDamaged(state.displayPath + "/" + OutboxManifest.fileName, line: error.line, state: state.displayPath)
        }
    }

    package static func readJournal(in state: OutboxDirectory) throws(EnvironmentError) -> OutboxJournal? {
        guard let bytes = try state.contents(ofFile: OutboxJournal.fileName) else { return nil }
        do {
            return try OutboxJournal(parsing: bytes)
        } catch {
            throw .outboxStateDamaged(state.displayPath + "/" + OutboxJournal.fileName, line: error.line, state: state.displayPath)
        }
    }
}
