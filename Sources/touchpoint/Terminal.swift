import Foundation
import TouchpointKit

/// What the CLI knows of where its output goes. The library never asks; the CLI tells it.
struct Terminal {
    /// The stream is a terminal.
    let isTTY: Bool
    /// Colour is wanted: a terminal, and `NO_COLOR` not set.
    let colour: Bool

    /// Standard error, where text diagnostics and progress go.
    static var standardError: Terminal { of(STDERR_FILENO) }

    static func of(_ descriptor: Int32) -> Terminal {
        let isTTY = isatty(descriptor) == 1
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(isTTY: isTTY, colour: isTTY && !noColour)
    }
}

/// Writes to standard output or standard error.
enum Output {
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Diagnostics in the chosen format, with the closing summary line for text. Text goes to
/// standard error, as a compiler's does; the machine formats are the command's output.
struct DiagnosticOutput {
    let format: OutputFormat
    var terminal: Terminal = .standardError

    func write(_ diagnostics: [Diagnostic], outcome: String? = nil) {
        let text = render(diagnostics, outcome: outcome)
        if format == .text { Output.standardError(text) } else { Output.standardOutput(text) }
    }

    /// A checked practice's diagnostics, when it has any, closed by `outcome` when it has errors.
    func write(_ checked: CheckedPractice, outcome: String) {
        guard !checked.diagnostics.isEmpty else { return }
        write(checked.diagnostics, outcome: checked.errorCount > 0 ? outcome : nil)
    }

    func render(_ diagnostics: [Diagnostic], outcome: String? = nil) -> String {
        // Contact data may be shown on a terminal, never in a log.
        DiagnosticReport(format: format.diagnosticFormat, decorated: terminal.colour, redact: !terminal.isTTY,
                         toolVersion: Touchpoint.configuration.version)
            .render(diagnostics, outcome: outcome)
    }
}
