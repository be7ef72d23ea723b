import ArgumentParser
import Foundation
import TouchpointKit

/// `--as-of` and `--horizon`, shared by the commands that compute a schedule.
struct ScheduleOptions: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "The moment to plan from: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[+HH:MM] (default: now).",
            valueName: "date"))
    var asOf: String?

    @Option(
        help: ArgumentHelp(
            "How far ahead to plan, like '60 days' (default: the practice's horizon).",
            valueName: "duration"))
    var horizon: String?

    /// The request, as of the clock's present when `--as-of` is not given.
    var request: ScheduleRequest {
        ScheduleRequest(asOf: asOf, horizon: horizon, now: Int(Date().timeIntervalSince1970))
    }
}

extension RootOptions {
    /// The practice's folder, with the secret from the environment.
    func folder(outbox: String? = nil) -> PracticeFolder {
        PracticeFolder(root: root, outbox: outbox, secret: secret)
    }

    /// Checks the practice and schedules it. On errors prints them and exits 1 (nothing is
    /// planned from a practice with errors); warnings are printed and planning goes on.
    ///
    /// `keepGoing`, for a command that plans as a build does, says whether `--keep-going` was
    /// given; with it or `keep_going: true` in the practice, the practice is scheduled as
    /// `build --keep-going` builds it: when every error is in a contact's row, those contacts are
    /// listed and left out, and planning goes on. `nil` for a command that never keeps going.
    func scheduled(_ options: ScheduleOptions, keepGoing: Bool? = nil, outcome: String = "nothing planned") throws
        -> ScheduledPractice
    {
        let folder = folder()
        let checked = try folder.check(options.request)
        let keepsGoing = keepGoing.map { folder.keepsGoing(checked, asked: $0) } ?? false
        if keepsGoing {
            try DiagnosticOutput(format: .text).write(
                checked.reportedKeepingGoing(),
                outcome: Build.outcome(
                    of: checked.contactHold, stopped: outcome, going: "planned without the contacts of the rows with errors"))
        } else {
            try DiagnosticOutput(format: .text).write(checked, outcome: outcome)
        }
        guard let scheduled = try usage({ try folder.schedule(checked, options.request, keepGoing: keepsGoing) }) else {
            throw ExitCode.failure
        }
        if !scheduled.held.isEmpty { try Output.standardError(Build.heldLine(scheduled.held, verb: "a build would hold back")) }
        return scheduled
    }
}

/// A library call whose request errors are usage errors, reported as argument-parser reports them.
func usage<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as RequestError {
        throw ValidationError(error.description)
    }
}
