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
    /// The golden message practices together (each case's campaign beside the others'), with
    /// `edit` applied to the text of the `ascii` campaign, planned as of 2026-12-01.
    private static func plan(editing edit: @escaping (String) -> String = { $0 }) throws -> BuildPlanner.Planned {
        let scratch = try ScratchFolder()
        try EMLGoldenTests.writeAllCases(into: scratch) { relative, text in relative == "campaigns/ascii.yaml" ? edit(text) : text }
        return try TestPipeline.load(practice: scratch.url).plan(asOf: EMLGoldenTests.asOf)
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
