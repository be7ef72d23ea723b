import Foundation
import TouchpointKit

/// What the CLI knows of where its output goes. The library never asks; the CLI tells it.
struct Terminal {
    /// The stream is a terminal.
    let isTTY: Bool
    /// Colour is wanted: a terminal, and `NO_COLOR` not set.
    let colour: Bool
    /// Patient values may be shown: a terminal that is not a CI runner's. Runners that give a
    /// job a terminal still keep its output in their logs, so `CI` (or `GITHUB_ACTIONS`,
    /// `BUILDKITE`) set to anything but empty hides them whatever the terminal.
    let showsPatientData: Bool

    /// Standard error, where text diagnostics and progress go.
    static var standardError: Terminal { of(STDERR_FILENO) }

    static func of(_ descriptor: Int32) -> Terminal {
        let isTTY = isatty(descriptor) == 1
        let environment = ProcessInfo.processInfo.environment
        func isSet(_ name: String) -> Bool { environment[name].map { !$0.isEmpty } ?? false }
        let onCI = isSet("CI") || isSet("GITHUB_ACTIONS") || isSet("BUILDKITE")
        return Terminal(isTTY: isTTY, colour: isTTY && !isSet("NO_COLOR"), showsPatientData: isTTY && !onCI)
    }
}

/// Writes to standard output or standard error. A write that fails — a full disk, a closed
/// pipe — is an I/O error (exit status 2), never a crash and never a silent success.
enum Output {
    static func standardOutput(_ text: String) throws(EnvironmentError) {
        try write(Array(text.utf8), to: STDOUT_FILENO, name: "standard output")
    }

    static func standardOutput(_ bytes: [UInt8]) throws(EnvironmentError) {
        try write(bytes, to: STDOUT_FILENO, name: "standard output")
    }

    static func standardError(_ text: String) throws(EnvironmentError) {
        try write(Array(text.utf8), to: STDERR_FILENO, name: "standard error")
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(EnvironmentError) {
        try DescriptorWriter.write(bytes, to: descriptor, name: name)
    }
}

/// Diagnostics in the chosen format, with the closing summary line for text. Text goes to
/// standard error, as a compiler's does; the machine formats are the command's output.
struct DiagnosticOutput {
    let format: OutputFormat
    var terminal: Terminal = .standardError

    func write(_ diagnostics: [Diagnostic], outcome: String? = nil) throws(EnvironmentError) {
        let text = render(diagnostics, outcome: outcome)
        if format == .text { try Output.standardError(text) } else { try Output.standardOutput(text) }
    }

    /// A checked practice's diagnostics, when it has any, closed by `outcome` when it has errors.
    func write(_ checked: CheckedPractice, outcome: String) throws(EnvironmentError) {
        guard !checked.diagnostics.isEmpty else { return }
        try write(checked.diagnostics, outcome: checked.errorCount > 0 ? outcome : nil)
    }

    func render(_ diagnostics: [Diagnostic], outcome: String? = nil) -> String {
        // Contact data may be shown on a terminal, never in a log.
        DiagnosticReport(
            format: format.diagnosticFormat, decorated: terminal.colour, redact: !terminal.showsPatientData,
            toolVersion: Touchpoint.configuration.version
        )
        .render(diagnostics, outcome: outcome)
    }
}
