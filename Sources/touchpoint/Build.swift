import ArgumentParser
import Foundation
import TouchpointKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the practice, then write the dated outbox of .eml files and schedule.csv.",
        discussion: """
            Nothing is written when the practice has errors, unless the build keeps going (--keep-going, or \
            'keep_going: true' in touchpoint.yaml) and every error is in a contact's row: then those contacts are held \
            back, their messages in the outbox kept as they are, and everyone else's messages are written. Only \
            messages whose inputs changed are rendered again.

            Exit status: 0 when the outbox is up to date, 1 when the practice has errors (contacts held back \
            included) or the build would remove too much, 2 for a usage or I/O error.
            """)

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("The outbox folder (default: out/ in the practice).", valueName: "dir"))
    var out: String?

    @Flag(help: "Write even when the build removes more of the messages still due than 'limits: max_removed' allows.")
    var allowRemovals = false

    @Flag(
        help: """
            Hold back only the contacts whose rows have errors, keeping their messages as they are, and write \
            everyone else's; still exit 1 ('keep_going: true' in touchpoint.yaml does the same).
            """)
    var keepGoing = false

    @Option(
        help: ArgumentHelp(
            "How long to wait for a delivery (or another build) that holds the outbox, like '10 minutes' (default: 15 minutes).",
            valueName: "duration"))
    var wait: String = "15 minutes"

    @Flag(help: "List each message that expired, never delivered, not only their count by campaign.")
    var listExpired = false

    func validate() throws {
        guard TimeSpan.parse(wait) != nil || wait == "0" else {
            throw ValidationError("'--wait \(wait)' is not a length of time like '10 minutes' (or 0)")
        }
    }

    func run() throws {
        let folder = root.folder(outbox: out)
        // TOUCHPOINT_PLAIN_REPLACE=1 turns off the writer's reuse of replaced files.
        let replacement: OutboxReplacement =
            ProcessInfo.processInfo.environment["TOUCHPOINT_PLAIN_REPLACE"] == "1" ? .rename : .reuseOldFiles
        let terminal = Terminal.standardError
        var lastShown = 0
        var shown = false
        var expired: NeverDelivered?
        let outcome = try usage {
            try folder.build(
                schedule.request, keepGoing: keepGoing, allowRemovals: allowRemovals, replacement: replacement,
                lockWait: Double(TimeSpan.parse(wait)?.seconds ?? 0),
                checked: { checked, hold in
                    try DiagnosticOutput(format: .text).write(checked, outcome: Self.outcome(of: hold))
                },
                progress: { done, total in
                    guard terminal.isTTY, done == total || done - lastShown >= 250 else { return }
                    lastShown = done
                    shown = true
                    try? Output.standardError("\r\u{1B}[Krendering \(done)/\(total)")
                },
                neverDelivered: { expired = $0 })
        }
        if shown { try? Output.standardError("\r\u{1B}[K") }
        switch outcome {
        case .failed:
            throw ExitCode.failure
        case .stopped(_, let diagnostic):
            try DiagnosticOutput(format: .text).write([diagnostic], outcome: "nothing written")
            throw ExitCode.failure
        case .built(_, let total, let report, let held):
            if !held.isEmpty { try Output.standardError(Self.heldLine(held, verb: "held back")) }
            try Output.standardError(
                "touchpoint: \(total) \(total == 1 ? "message" : "messages") in \(folder.outbox.relativePath)/: "
                    + "\(report.written) written, \(report.unchanged) unchanged, \(report.removed) removed"
                    + (held.isEmpty ? "" : ", \(report.held) of held-back contacts kept as they are") + "\n")
            if let expired { try NeverDeliveredOutput.write(expired, list: listExpired) }
            // Contacts held back are errors all the same: cron reports the build.
            if !held.isEmpty { throw ExitCode.failure }
        }
    }

    /// What the closing line of the diagnostics says happens next: with `hold` (the command keeps
    /// going), whether it goes on past the rows with errors or stops (`stopped`) all the same.
    static func outcome(
        of hold: CheckedPractice.ContactHold?, stopped: String = "nothing written",
        going: String = "keeping going past the rows with errors"
    ) -> String {
        guard let hold else { return stopped }
        guard hold.canKeepGoing else {
            let count = hold.blockingErrors
            return "\(stopped): \(count) \(count == 1 ? "error is" : "errors are") not in a contact's row, "
                + "which keeping going cannot hold back"
        }
        return going
    }

    /// `touchpoint: held back 2 contacts whose rows have errors: p0007 (contacts/patients.csv:8), …`
    static func heldLine(_ held: [HeldContact], verb: String) -> String {
        "touchpoint: \(verb) \(held.count) \(held.count == 1 ? "contact whose row has" : "contacts whose rows have") errors: "
            + held.map(\.description).joined(separator: ", ") + "\n"
    }
}

/// What `build` and `plan` say of the messages that passed without delivery.
enum NeverDeliveredOutput {
    static func write(_ report: NeverDelivered, list: Bool) throws {
        guard !report.isEmpty else { return }
        var text = report.summaryLines.map { "touchpoint: \($0)\n" }.joined()
        if list {
            text += report.listing
        } else {
            text += "touchpoint: '--list-expired' lists them\n"
        }
        try Output.standardError(text)
    }
}
