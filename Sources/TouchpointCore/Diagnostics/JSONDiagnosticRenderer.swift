/// Renders diagnostics as one JSON document (documented in docs/diagnostics.md):
///
/// ```json
/// {"version":1,"errors":1,"warnings":0,"diagnostics":[{"id":"…","severity":"error","message":"…",
///   "file":"…","line":3,"column":5,"endLine":3,"endColumn":9,"label":"…",
///   "notes":[{"message":"…","file":"…","line":1,"column":1}],"help":["…"]}]}
/// ```
///
/// Every diagnostic is listed (machines do not need floods summarised). Output is meant for
/// tools and CI, so words from contact data are always redacted.
public struct JSONDiagnosticRenderer: Sendable {
    public init() {}

    public func render(_ diagnostics: [Diagnostic]) -> String {
        let errors = diagnostics.count { $0.severity == .error }
        let warnings = diagnostics.count { $0.severity == .warning }
        var out = "{\"version\":1,\"errors\":\(errors),\"warnings\":\(warnings),\"diagnostics\":["
        for (index, diagnostic) in diagnostics.enumerated() {
            if index > 0 { out += "," }
            out += "\n" + object(diagnostic)
        }
        out += diagnostics.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }

    private func object(_ diagnostic: Diagnostic) -> String {
        let sensitive = diagnostic.message.redactedText != nil
        var fields: [(String, String)] = [
            ("id", JSON.string(diagnostic.id)),
            ("severity", JSON.string(diagnostic.severity.rawValue)),
            ("message", JSON.string(diagnostic.message.text(redacting: true))),
        ]
        if let path = diagnostic.path { fields.append(("file", JSON.string(path))) }
        if let (line, column) = diagnostic.location {
            fields.append(("line", String(line)))
            fields.append(("column", String(column)))
        }
        if let (line, column) = diagnostic.endLocation {
            fields.append(("endLine", String(line)))
            fields.append(("endColumn", String(column)))
        }
        if let label = diagnostic.primary?.label, !sensitive { fields.append(("label", JSON.string(label))) }
        let notes = diagnostic.notes.map { note -> String in
            var noteFields = [("message", JSON.string(note.message))]
            if let span = note.span {
                let (line, column) = span.start
                noteFields += [("file", JSON.string(span.file.path)), ("line", String(line)), ("column", String(column))]
            }
            return JSON.object(noteFields)
        }
        fields.append(("notes", "[" + notes.joined(separator: ",") + "]"))
        fields.append(("help", "[" + diagnostic.help.map(JSON.string).joined(separator: ",") + "]"))
        return JSON.object(fields)
    }
}
