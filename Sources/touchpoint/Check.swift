import ArgumentParser
import Foundation
import TouchpointKit

/// How diagnostics are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, github

    var diagnosticFormat: DiagnosticFormat {
        switch self {
        case .text: .text
        case .json: .json
        case .github: .github
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the practice's files and report every problem.",
        discussion: """
            Exit status: 0 when there are no errors, 1 when the sources have errors (or warnings, \
            with --strict), 2 for a usage or I/O error.
            """
    )

    @OptionGroup var options: RootOptions

    @Option(help: "How to print diagnostics: text, json or github (workflow annotations).")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    func run() throws {
        let result = try ProjectChecker(root: options.root, secret: options.secret).check()
        DiagnosticOutput(format: format).write(result.diagnostics)
        if result.errorCount > 0 || (strict && result.warningCount > 0) {
            throw ExitCode.failure
        }
    }
}
