import Foundation
import TouchpointKit

/// A whole practice in memory (a ``PracticeArchive``), through the front door as `touchpoint
/// build` takes it: check → schedule → render, never a crash. Every diagnostic lies inside one of
/// the practice's files and renders in every format; the report written to a full device is an
/// I/O error, not a trap; an as-of or horizon the calendar cannot hold is a request error; every
/// message rendered passes ``MailAudit``.
public enum PracticeProperties {
    /// The present the harness's practices are scheduled in (2026-11-30 12:00 UTC) when the input
    /// names no as-of.
    static let now = 1_796_040_000
    /// Messages rendered per input at most: enough to reach every step, few enough to stay fast.
    static let renderLimit = 64

    static func problems(_ input: [UInt8]) -> [String] {
        let archive = PracticeArchive(unpacking: input)
        return run(archive).problems
    }

    /// What the pipeline made of `archive`, and what broke on the way.
    static func run(_ archive: PracticeArchive) -> (problems: [String], messages: [[UInt8]], html: [String]) {
        let folder = PracticeFolder(files: archive.files)
        let request = ScheduleRequest(asOf: archive.asOf, horizon: archive.horizon, now: now)
        let checked: CheckedPractice
        do {
            checked = try folder.check(request)
        } catch {
            return (["a practice in memory met an environment error: \(error)"], [], [])
        }
        let files = archive.files.map { SourceFile(path: $0.key, bytes: $0.value) }
        var problems = SpanAudit.problems(in: checked.diagnostics, files: files)
        problems += FullDevice.problems(writing: DiagnosticReport(format: .text).render(checked.diagnostics))
        let scheduled: ScheduledPractice?
        do {
            scheduled = try folder.schedule(checked, request, delivered: .empty)
        } catch {
            return (problems, [], [])
        }
        guard let scheduled else {
            if checked.errorCount == 0 { problems.append("a practice without errors was not scheduled") }
            return (problems, [], [])
        }
        var messages: [[UInt8]] = []
        var html: [String] = []
        let renderer = scheduled.renderer
        for message in scheduled.schedule.messages.prefix(renderLimit) {
            guard let parts = renderer.parts(of: message) else { continue }
            let eml = renderer.render(message, parts: parts)
            problems += MailAudit.problems(eml, recipient: parts.to.address)
            messages.append(eml)
            html.append(renderer.bodies(message, parts: parts).html)
        }
        if let first = scheduled.scheduler.lists.first?.contacts.first {
            _ = try? scheduled.explain(first.key)
        }
        return (problems, messages, html)
    }

    /// The messages the harness renders for `input`, for the suite's Python reader.
    public static func messages(_ input: [UInt8]) -> [[UInt8]] {
        run(PracticeArchive(unpacking: input)).messages
    }
}
