import ArgumentParser
import Foundation
import TouchpointKit

/// `--as-of` and `--horizon`, shared by the commands that compute a schedule.
struct ScheduleOptions: ParsableArguments {
    @Option(name: .customLong("as-of"),
            help: ArgumentHelp("The moment to plan from: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[+HH:MM] (default: now).",
                               valueName: "date"))
    var asOf: String?

    @Option(help: ArgumentHelp("How far ahead to plan, like '60 days' (default: the practice's horizon).",
                               valueName: "duration"))
    var horizon: String?
}

/// A checked practice and its schedule, or the diagnostics that stopped it.
struct ScheduledPractice {
    let checker: ProjectChecker
    let result: CheckResult
    let scheduler: Scheduler
    let schedule: Schedule

    /// Checks the practice; on errors prints them and exits 1 (nothing is planned from a practice
    /// with errors). Warnings are printed and planning goes on.
    static func load(_ root: RootOptions, _ options: ScheduleOptions, outcome: String = "nothing planned",
                     outbox: URL? = nil) throws -> ScheduledPractice {
        let checker = try ProjectChecker(root: root.root, secret: root.secret)
        let result = try checker.check()
        if !result.diagnostics.isEmpty {
            DiagnosticOutput(format: .text).write(result.diagnostics, outcome: result.errorCount > 0 ? outcome : nil)
        }
        guard result.errorCount == 0, let practice = result.practice else { throw ExitCode.failure }
        let scheduler = Scheduler(practice: practice, lists: result.lists, campaigns: result.campaigns,
                                  suppression: result.suppression, sent: SentLog.deliveredMessageIDs(outbox: outbox ?? URL(fileURLWithPath: root.root).appendingPathComponent("out")))
        let zone = ZonedTime(practice.timeZone)
        let asOf: Int
        if let text = options.asOf {
            guard let parsed = AsOf.parse(text, zone: zone) else {
                throw ValidationError("'\(text)' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
            }
            asOf = parsed
        } else {
            asOf = Int(Date().timeIntervalSince1970)
        }
        var horizon = practice.horizon
        if let text = options.horizon {
            guard let parsed = PracticeReader.parseDuration(text) else {
                throw ValidationError("'\(text)' is not a length of time like '60 days'")
            }
            horizon = parsed
        }
        let schedule = scheduler.schedule(asOf: asOf, horizonEnd: scheduler.horizonEnd(asOf: asOf, horizon: horizon))
        return ScheduledPractice(checker: checker, result: result, scheduler: scheduler, schedule: schedule)
    }

    /// The renderer of this practice's messages: its secret, its layout, and `today` as the
    /// practice's clock reads at the as-of instant.
    var renderer: MessageRenderer {
        let today = ZonedTime(scheduler.practice.timeZone).local(schedule.asOf).date
        return MessageRenderer(scheduler: scheduler, secret: checker.unsubscribeSecret, today: today, layout: result.layout)
    }
}
