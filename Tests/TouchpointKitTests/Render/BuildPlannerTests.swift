import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// What the planner's digests cover: a message's digest everything it is rendered from,
/// `schedule.csv`'s digest only what its rows show.
@Suite struct BuildPlannerTests {
    /// The golden practice, with `edit` applied to the text of its `ascii` campaign, planned as
    /// of 2026-12-01.
    private static func plan(editing edit: (String) -> String = { $0 }) throws -> BuildPlanner.Planned {
        let scratch = try ScratchFolder()
        let source = EMLGoldenTests.practice
        for relative in try FileManager.default.subpathsOfDirectory(atPath: source.path) {
            var isFolder: ObjCBool = false
            let file = source.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            try scratch.write(relative, relative == "campaigns/ascii.yaml" ? edit(text) : text)
        }
        let checker = try ProjectChecker(root: scratch.path)
        let result = try checker.check()
        let practice = try #require(result.practice)
        let scheduler = Scheduler(practice: practice, lists: result.lists, campaigns: result.campaigns, suppression: result.suppression)
        let zone = ZonedTime(practice.timeZone)
        let asOf = AsOf.parse("2026-12-01", zone: zone) ?? 0
        let schedule = scheduler.schedule(asOf: asOf, horizonEnd: scheduler.horizonEnd(asOf: asOf, horizon: practice.horizon))
        let renderer = MessageRenderer(scheduler: scheduler, secret: checker.unsubscribeSecret, today: zone.local(asOf).date)
        return BuildPlanner(renderer: renderer).plan(schedule)
    }

    private static func replacing(_ old: String, with new: String) -> (String) -> String {
        { text in
            #expect(text.contains(old))
            return text.replacingOccurrences(of: old, with: new)
        }
    }

    @Test func anEditedBodyChangesItsMessagesButNotTheSchedule() throws {
        let original = try Self.plan()
        let edited = try Self.plan(editing: Self.replacing("See you tomorrow at the clinic.", with: "See you TOMORROW at the clinic."))
        #expect(original.count > 1)
        #expect(edited.count == original.count)
        #expect(edited.fingerprint != original.fingerprint)
        #expect(edited.schedule.inputDigest == original.schedule.inputDigest)
        let changed = (0..<original.count).filter { original.inputDigest(of: $0) != edited.inputDigest(of: $0) }
        #expect(!changed.isEmpty)
        #expect(changed.allSatisfy { original.location(of: $0).fileName.contains("-ascii-note-") })
    }

    @Test func anEditedSubjectChangesTheSchedule() throws {
        let original = try Self.plan()
        let edited = try Self.plan(editing: Self.replacing("See you tomorrow, {{", with: "See you soon, {{"))
        #expect(edited.schedule.inputDigest != original.schedule.inputDigest)
        #expect(edited.fingerprint != original.fingerprint)
    }

    @Test func theSameInputsPlanTheSameDigests() throws {
        let first = try Self.plan()
        let second = try Self.plan()
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.schedule.inputDigest == second.schedule.inputDigest)
        #expect((0..<first.count).allSatisfy { first.inputDigest(of: $0) == second.inputDigest(of: $0) })
    }
}
