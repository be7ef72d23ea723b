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
    func scheduled(_ options: ScheduleOptions, outcome: String = "nothing planned") throws -> ScheduledPractice {
        let folder = folder()
        let checked = try folder.check()
        try DiagnosticOutput(format: .text).write(checked, outcome: outcome)
        guard let scheduled = try usage({ try folder.schedule(checked, options.request) }) else {
            throw ExitCode.failure
        }
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
