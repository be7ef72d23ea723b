import ArgumentParser
import Foundation
import TouchpointKit

struct Feedback: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Turn unsubscribes, bounces and complaints into dated lines of the suppression file.",
        discussion: """
            Reads serve's log (--from-log) and a Maildir (--maildir) of mailto unsubscribe requests, \
            delivery status notifications (RFC 3464) and complaints (RFC 5965), resolves each against \
            the contact lists, and adds 'address  # date reason' lines to the suppression file, sorted. \
            An unsubscribe stops marketing; a hard bounce (5.x.x, or three 4.x.x within 30 days) or a \
            complaint stops all mail. Applied mail is marked read (':2,S'), and the log's place is \
            kept in DIR/feedback.read, so nothing is applied twice. Tokens made with the secret before \
            the current one still resolve when TOUCHPOINT_PREVIOUS_SECRET is set.
            """)

    @OptionGroup var root: RootOptions

    @Option(name: .customLong("from-log"), help: ArgumentHelp("The folder of serve's feedback log.", valueName: "dir"))
    var logFolder: String?

    @Option(help: ArgumentHelp("The Maildir where bounces, complaints and unsubscribe mail arrive.", valueName: "dir"))
    var maildir: String?

    @Flag(help: "Show the change to the suppression file as a diff, and write nothing.")
    var dryRun = false

    func validate() throws {
        guard logFolder != nil || maildir != nil else {
            throw ValidationError("give '--from-log DIR', '--maildir DIR', or both")
        }
    }

    func run() throws {
        let folder = root.folder()
        let checked = try folder.check()
        let previous = ProcessInfo.processInfo.environment["TOUCHPOINT_PREVIOUS_SECRET"]
        let request = FeedbackRequest(
            logFolder: logFolder, maildir: maildir, previousSecret: previous, now: Int(Date().timeIntervalSince1970))
        guard let outcome = try folder.feedback(request, checked: checked) else {
            try DiagnosticOutput(format: .text).write(checked, outcome: "nothing read")
            throw ExitCode.failure
        }
        for note in outcome.notes { try Output.standardError(note + "\n") }
        if dryRun {
            try Output.standardOutput(outcome.diff)
            try Output.standardError("touchpoint feedback: \(outcome.summary) (dry run: nothing written)\n")
            return
        }
        try outcome.apply()
        try Output.standardError("touchpoint feedback: \(outcome.summary)\n")
    }
}
