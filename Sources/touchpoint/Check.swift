import ArgumentParser
import Foundation
import TouchpointKit

/// How diagnostics are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github, sarif

    var diagnosticFormat: DiagnosticFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .github: .github
        case .sarif: .sarif
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the practice's files and report every problem.",
        discussion: """
            Exit status: 0 when there are no errors, 1 when the sources have errors (or warnings, \
            with --strict), 2 for a usage or I/O error.
            """
    )

    @OptionGroup var options: RootOptions

    @Option(help: "How to print diagnostics: text, json, github (workflow annotations) or sarif (code scanning).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let result = try ProjectChecker(root: options.root, secret: options.secret).check()
        DiagnosticOutput(format: format).write(result.diagnostics)
        if format == .text, result.errorCount == 0, Terminal.standardError.isTTY, let practice = result.practice {
            // Reach is information for a person at a terminal, never a warning: it changes daily.
            let scheduler = Scheduler(practice: practice, lists: result.lists, campaigns: result.campaigns,
                                      suppression: result.suppression)
            let now = Int(Date().timeIntervalSince1970)
            let schedule = scheduler.schedule(asOf: now, horizonEnd: scheduler.horizonEnd(asOf: now, horizon: practice.horizon))
            Output.standardError(PlanFormatter(scheduler: scheduler, schedule: schedule).reach())
        }
        if result.errorCount > 0 || (strict && result.warningCount > 0) {
            throw ExitCode.failure
        }
    }
}
