import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A practice folder taken through the pipeline as `touchpoint build` takes it — check, schedule,
/// render — through the library's front door, `PracticeFolder`, here and nowhere else in the tests.
struct TestPipeline {
    /// What the check reported, errors and warnings.
    var diagnostics: [Diagnostic] { checked.diagnostics }
    /// The practice's folder.
    let folder: PracticeFolder
    /// The practice, checked.
    let checked: CheckedPractice
    /// What is taken as delivered.
    let ledger: DeliveryLedger
    /// The checked practice's scheduler, as the front door made it.
    let scheduler: Scheduler

    /// Every message of the practice at `practice` as of `asOf` (a date, or a date and time, as
    /// `--as-of` takes it), by its path in the outbox (`2026-12-07/0900-ascii-note-a1.eml`).
    /// The practice must check without errors or warnings.
    static func build(practice: URL, asOf: String) throws -> [String: [UInt8]] {
        let pipeline = try load(practice: practice)
        #expect(pipeline.diagnostics.isEmpty, "\(pipeline.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" })")
        return try pipeline.messages(asOf: asOf)
    }

    /// Checks the practice at `practice`; `secret` stands in for `TOUCHPOINT_SECRET`, and `ledger`
    /// (or only the Message-IDs `sent`) for what delivery recorded. Fails when the practice has errors.
    static func load(practice: URL, secret: String? = nil, sent: Set<String> = [], ledger: DeliveryLedger? = nil) throws
        -> TestPipeline
    {
        let ledger = ledger ?? DeliveryLedger(delivered: sent)
        let folder = PracticeFolder(root: practice.path, secret: secret)
        let checked = try folder.check()
        let problems = checked.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" }
        let scheduled = try #require(
            try folder.schedule(checked, ScheduleRequest(now: 0), delivered: ledger),
            "\(practice.lastPathComponent) did not check: \(problems)")
        return TestPipeline(folder: folder, checked: checked, ledger: ledger, scheduler: scheduled.scheduler)
    }

    /// What `touchpoint check` finds in the practice at `practice`, on the day `asOf` (as
    /// `--as-of` takes it) when given.
    static func check(practice: URL, secret: String? = nil, asOf: String? = nil) throws -> CheckedPractice {
        try PracticeFolder(root: practice.path, secret: secret).check(asOf.map { ScheduleRequest(asOf: $0, now: 0) })
    }

    /// The practice's time zone.
    var zone: ZonedTime { ZonedTime(scheduler.practice.timeZone) }

    /// The instant `asOf` names in the practice's time zone.
    func instant(_ asOf: String) throws -> Int {
        try ScheduleRequest(asOf: asOf, now: 0).resolve(for: scheduler.practice).asOf
    }

    /// The schedule as of `asOf` over the practice's horizon.
    func schedule(asOf: Int) -> Schedule {
        scheduler.schedule(asOf: asOf, horizonEnd: scheduler.horizonEnd(asOf: asOf, horizon: scheduler.practice.horizon))
    }

    func schedule(asOf: String) throws -> Schedule {
        schedule(asOf: try instant(asOf))
    }

    /// The practice scheduled as of `asOf` through the front door, as a command has it.
    func scheduled(asOf: String) throws -> ScheduledPractice {
        try #require(try folder.schedule(checked, ScheduleRequest(asOf: asOf, now: 0), delivered: ledger))
    }

    /// What `touchpoint build` plans to write as of `asOf`.
    func plan(asOf: String) throws -> BuildPlanner.Planned {
        try scheduled(asOf: asOf).plan()
    }

    /// Every message as of `asOf`, rendered, by its path in the outbox.
    func messages(asOf: String) throws -> [String: [UInt8]] {
        let scheduled = try scheduled(asOf: asOf)
        var files: [String: [UInt8]] = [:]
        for message in scheduled.schedule.messages {
            let parts = try #require(scheduled.renderer.parts(of: message))
            let location = BuildPlanner.location(message, scheduler: scheduled.scheduler)
            files[location.directory + "/" + location.fileName] = scheduled.renderer.render(message, parts: parts)
        }
        return files
    }
}
