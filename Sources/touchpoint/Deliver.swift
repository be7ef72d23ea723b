import ArgumentParser
import Foundation
import TouchpointKit

enum DeliverFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Hand each due message of the outbox to the mail command, once, never late.",
        discussion: """
            Takes the messages of out/schedule.csv whose time has come and that out/sent.log does not \
            record, and pipes each to the command of 'delivery: command' in touchpoint.yaml (by default \
            '/usr/sbin/sendmail -i -f <bounce> -- <recipient>'), never through a shell. A message more than \
            its allowance late ('expires:', 12 hours for care, 3 days for marketing) is marked expired \
            instead; one due outside the send window waits for it. Run it every few minutes from cron or \
            a systemd timer: a second run while one is going exits at once.

            Exit status: 0 when nothing failed, 1 when messages failed, expired, must be retried or are \
            uncertain, or the practice's files have errors, 2 for a usage or I/O error.
            """)

    @OptionGroup var root: RootOptions

    @Option(help: ArgumentHelp("The outbox folder (default: out/ in the practice).", valueName: "dir"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "Deliver as if it were this moment: YYYY-MM-DDTHH:MM[+HH:MM] or YYYY-MM-DD (default: now).", valueName: "datetime"))
    var now: String?

    @Flag(help: "Say what would be sent, expired or kept waiting, and change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Hand on at most this many messages.", valueName: "n"))
    var limit: Int?

    @Flag(help: "Send again the messages an interrupted run left uncertain (they may arrive twice).")
    var resendUncertain = false

    @Option(help: "text or json.")
    var format: DeliverFormat = .text

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("'--limit' must be 0 or more") }
    }

    func run() throws {
        let folder = root.folder(outbox: out)
        let environment = ProcessInfo.processInfo.environment
        let searchPath =
            (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["/usr/local/sbin", "/usr/sbin", "/sbin"]
        let options = DeliveryOptions(
            now: now, dryRun: dryRun, limit: limit, resendUncertain: resendUncertain, searchPath: searchPath,
            processID: ProcessInfo.processInfo.processIdentifier)
        let terminal = Terminal.standardError
        var shown = false
        let outcome = try usage {
            try folder.deliver(options, clock: clock) { done, total in
                guard terminal.isTTY, total > 0 else { return }
                shown = true
                try? Output.standardError("\r\u{1B}[Ksending \(done)/\(total)")
            }
        }
        if shown { try? Output.standardError("\r\u{1B}[K") }
        switch outcome {
        case .failed(let sources):
            try DiagnosticOutput(format: .text).write(sources.diagnostics, outcome: "nothing delivered")
            throw ExitCode.failure
        case .busy(let processID, let delivering):
            // Cron runs delivery every few minutes: one still going is not a failure.
            let who = delivering ? "another delivery is running" : "a build is writing the outbox"
            try Output.standardError("touchpoint: \(who) (pid \(processID ?? "unknown")); nothing delivered this time\n")
        case .delivered(let sources, let report):
            try print(report, terminal: terminal)
            try DiagnosticOutput(format: .text).write(sources.diagnostics)
            if let stopped = report.stopped {
                try Output.standardError("touchpoint: error: \(stopped)\n")
                Foundation.exit(2)
            }
            if report.needsAttention, !dryRun { throw ExitCode.failure }
        }
    }

    /// Lines for what needs a person (and in a dry run, for everything), then the summary.
    private func print(_ report: DeliveryReport, terminal: Terminal) throws {
        if format == .json {
            try Output.standardOutput(report.json(addresses: terminal.showsPatientData))
            return
        }
        var lines = ""
        for item in report.items {
            let (name, reason) = DeliveryReport.describe(item.outcome)
            switch item.outcome {
            case .sent: continue
            case .waiting, .left, .wouldSend: if !dryRun { continue }
            default: break
            }
            let shown = terminal.showsPatientData ? reason : DeliveryReport.redacted(reason, item.row.to)
            let to = dryRun && terminal.showsPatientData ? " to \(item.row.to)" : ""
            lines += "\(item.row.file)\(to): \(name)\(shown.isEmpty ? "" : ": " + shown)\n"
        }
        for warning in report.warnings { lines += "touchpoint: warning: \(warning)\n" }
        if dryRun { try Output.standardOutput(lines) } else { try Output.standardError(lines) }
        try Output.standardError("touchpoint: \(report.summary)\(dryRun ? " (dry run: nothing changed)" : "")\n")
    }

    /// The system's clocks.
    private var clock: DeliveryClock {
        DeliveryClock(
            now: { Int(Date().timeIntervalSince1970) }, steady: { ProcessInfo.processInfo.systemUptime },
            sleep: { seconds in Thread.sleep(forTimeInterval: seconds) })
    }
}
