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

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "The day that fields marked 'past: true' or 'future: true' are checked against: YYYY-MM-DD (default: today).",
            valueName: "date"))
    var asOf: String?

    func run() throws {
        let folder = options.folder()
        let request = ScheduleRequest(asOf: asOf, now: Int(Date().timeIntervalSince1970))
        let checked = try folder.check(request)
        if let practice = checked.practice { _ = try usage { try request.resolve(for: practice) } }
        try DiagnosticOutput(format: format).write(checked.diagnostics)
        if format == .text, Terminal.standardError.isTTY, let scheduled = try? folder.schedule(checked, request) {
            // Reach is information for a person at a terminal, never a warning: it changes daily.
            try Output.standardError(scheduled.formatter.reach())
        }
        if checked.errorCount > 0 || (strict && checked.warningCount > 0) {
            throw ExitCode.failure
        }
    }
}
