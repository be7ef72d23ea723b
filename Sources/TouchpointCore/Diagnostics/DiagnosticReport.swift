/// The formats diagnostics can be printed in.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// For people: excerpts with carets, then the closing summary line.
    case text
    /// One JSON document (``JSONDiagnosticRenderer``).
    case json
    /// GitHub Actions workflow commands (``GitHubDiagnosticRenderer``).
    case github
    /// A SARIF 2.1.0 log for code-scanning services (``SARIFDiagnosticRenderer``).
    case sarif
}

/// A run's diagnostics composed into the whole of what a command prints: floods summarised,
/// diagnostics separated by blank lines and, for text, the closing summary line. The CLI and the
/// golden tests share this one path, so what the tests compare is what a user sees.
public struct DiagnosticReport: Sendable {
    public var format: DiagnosticFormat
    /// ANSI colour (text only).
    public var decorated: Bool
    /// Leave out excerpts and words that carry contact data (text only; the machine formats
    /// always redact).
    public var redact: Bool
    public var summarizer: DiagnosticSummarizer
    /// The tool's version, which SARIF logs name (the library does not know it; the CLI does).
    public var toolVersion: String?

    public init(
        format: DiagnosticFormat, decorated: Bool = false, redact: Bool = false,
        summarizer: DiagnosticSummarizer = DiagnosticSummarizer(), toolVersion: String? = nil
    ) {
        self.format = format
        self.decorated = decorated
        self.redact = redact
        self.summarizer = summarizer
        self.toolVersion = toolVersion
    }

    /// Everything to print for `diagnostics`; empty text when there are none. `outcome` ends the
    /// text summary line ("nothing written").
    public func render(_ diagnostics: [Diagnostic], outcome: String? = nil) -> String {
        switch format {
        case .json:
            return JSONDiagnosticRenderer().render(diagnostics)
        case .sarif:
            return SARIFDiagnosticRenderer(toolVersion: toolVersion, summarizer: summarizer).render(diagnostics)
        case .github:
            let renderer = GitHubDiagnosticRenderer()
            return summarizer.summarize(diagnostics)
                .map { renderer.render($0.diagnostic, suppressed: $0.suppressed) }.joined()
        case .text:
            guard !diagnostics.isEmpty else { return "" }
            let renderer = TextDiagnosticRenderer(decorated: decorated, redact: redact)
            var out = summarizer.summarize(diagnostics)
                .map { renderer.render($0.diagnostic, suppressed: $0.suppressed) }.joined(separator: "\n")
            out +=
                "\n"
                + renderer.summary(
                    errors: diagnostics.count { $0.severity == .error },
                    warnings: diagnostics.count { $0.severity == .warning }, outcome: outcome)
            return out
        }
    }
}
