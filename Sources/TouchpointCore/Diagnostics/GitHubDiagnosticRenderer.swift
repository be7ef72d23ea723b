/// Renders diagnostics as GitHub Actions workflow commands, which the checks UI shows as
/// annotations on the changed lines:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=ID::message`.
///
/// Output goes to CI logs, so words from contact data are always redacted.
public struct GitHubDiagnosticRenderer: Sendable {
    public init() {}

    public func render(_ diagnostic: Diagnostic, suppressed: Int = 0) -> String {
        let command =
            switch diagnostic.severity {
            case .error: "error"
            case .warning: "warning"
            }
        var properties: [String] = []
        if let path = diagnostic.path { properties.append("file=" + escapeProperty(path)) }
        if let (line, column) = diagnostic.location {
            properties.append("line=\(line)")
            properties.append("col=\(column)")
            if let (endLine, endColumn) = diagnostic.endLocation {
                properties.append("endLine=\(endLine)")
                properties.append("endColumn=\(max(endColumn, column))")
            }
        }
        properties.append("title=" + escapeProperty(diagnostic.id))
        var lines = [diagnostic.message.text(redacting: true)]
        let sensitive = diagnostic.message.redactedText != nil
        for note in diagnostic.notes {
            if let span = note.span, !sensitive || span.file !== diagnostic.primary?.span.file {
                lines.append("note: \(note.message) (\(span.reference))")
            } else {
                lines.append("note: \(note.message)")
            }
        }
        if suppressed > 0 { lines.append("note: " + DiagnosticSummarizer.moreLikeThis(suppressed)) }
        for help in diagnostic.help {
            lines.append("help: \(help)")
        }
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(lines.joined(separator: "\n")))\n"
    }

    private func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}
