/// Renders diagnostics as a SARIF 2.1.0 log, the format code-scanning services read
/// (GitHub's `upload-sarif` among them): one run of the tool `touchpoint`, a rule for every
/// diagnostic ID that occurs (described by ``DiagnosticID``), and a result per diagnostic.
///
/// - Paths are relative to the practice root, under the base ID `%SRCROOT%`, percent-encoded.
/// - Columns are SARIF's default unit, UTF-16 code units (`run.columnKind` says so), placed by
///   ``SourceFile/location(of:counting:)`` as every format's are; the text formats count
///   characters instead. `endColumn` is just past the span, as in SARIF.
/// - Notes that point somewhere, and secondary spans, are `relatedLocations`; notes without a
///   place, the count of similar diagnostics left out, and `help:` lines follow the message on
///   lines of their own, as in the `github` format.
/// - A problem with a whole file (an empty file, a missing schema) is placed at its line 1.
/// - A CSV cell's row and column as a spreadsheet counts them are the result's `spreadsheetRow`
///   and `spreadsheetColumn` properties; its region is the cell's place in the text.
/// - Floods are summarised as in the `github` format, which keeps a file of 100,000 bad rows under
///   the services' limits on results.
///
/// Output leaves the machine, so words from contact data are always redacted, and the labels of
/// a diagnostic about contact data are left out.
public struct SARIFDiagnosticRenderer: Sendable {
    /// `tool.driver.version`; left out when `nil`.
    public var toolVersion: String?
    public var summarizer: DiagnosticSummarizer

    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public init(toolVersion: String? = nil, summarizer: DiagnosticSummarizer = DiagnosticSummarizer()) {
        self.toolVersion = toolVersion
        self.summarizer = summarizer
    }

    /// The whole log, ending in a newline: one line for the run's header, one a rule, one a result.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        let shown = summarizer.summarize(diagnostics)
        let ruleIDs = Set(shown.map(\.diagnostic.message.id)).sorted { $0.rawValue < $1.rawValue }
        let ruleIndex = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })

        var driver: [(String, String)] = [("name", JSON.string("touchpoint"))]
        if let toolVersion { driver.append(("version", JSON.string(toolVersion))) }
        let rules = ruleIDs.map(rule)
        let results = shown.map { result($0.diagnostic, suppressed: $0.suppressed, ruleIndex: ruleIndex[$0.diagnostic.message.id] ?? 0) }

        var out =
            "{" + JSON.string("$schema") + ":" + JSON.string(Self.schemaURI) + ","
            + JSON.string("version") + ":" + JSON.string("2.1.0") + ","
            + JSON.string("runs") + ":[{"
            + JSON.string("tool") + ":{" + JSON.string("driver") + ":{"
            + driver.map { JSON.string($0.0) + ":" + $0.1 }.joined(separator: ",") + ","
            + JSON.string("rules") + ":" + list(rules) + "}},"
            + JSON.string("columnKind") + ":" + JSON.string("utf16CodeUnits") + ","
            + JSON.string("results") + ":" + list(results)
        out += "}]}\n"
        return out
    }

    /// A JSON array with one element a line.
    private func list(_ elements: [String]) -> String {
        elements.isEmpty ? "[]" : "[\n" + elements.joined(separator: ",\n") + "\n]"
    }

    // MARK: - Rules

    /// The rule for an ID: `reportingDescriptor`, made from ``DiagnosticID/entry``.
    private func rule(_ id: DiagnosticID) -> String {
        let entry = id.entry
        return JSON.object([
            ("id", JSON.string(id.rawValue)),
            ("name", JSON.string(id.name)),
            ("shortDescription", text(capitalized(entry.title))),
            ("fullDescription", text(entry.meaning)),
            ("help", text(entry.help)),
            ("defaultConfiguration", JSON.object([("level", JSON.string(entry.severity.rawValue))])),
        ])
    }

    private func capitalized(_ title: String) -> String {
        title.prefix(1).uppercased() + title.dropFirst()
    }

    // MARK: - Results

    private func result(_ diagnostic: Diagnostic, suppressed: Int, ruleIndex: Int) -> String {
        let sensitive = diagnostic.message.redactedText != nil
        var lines = [diagnostic.message.text(redacting: true)]
        var related: [String] = []
        for highlight in diagnostic.secondary {
            related.append(location(highlight.span, message: sensitive ? nil : highlight.label, id: related.count + 1))
        }
        for note in diagnostic.notes {
            if let span = note.span {
                related.append(location(span, message: note.message, id: related.count + 1))
            } else {
                lines.append("note: " + note.message)
            }
        }
        if suppressed > 0 { lines.append("note: " + DiagnosticSummarizer.moreLikeThis(suppressed)) }
        lines += diagnostic.help.map { "help: " + $0 }

        var fields: [(String, String)] = [
            ("ruleId", JSON.string(diagnostic.id)),
            ("ruleIndex", String(ruleIndex)),
            ("level", JSON.string(diagnostic.severity.rawValue)),
            ("message", text(lines.joined(separator: "\n"))),
        ]
        if let primary = diagnostic.primary {
            fields.append(("locations", "[" + location(primary.span, message: sensitive ? nil : primary.label) + "]"))
        } else if let path = diagnostic.path {
            // A problem with a whole file: code scanning shows a result only with a line.
            let physical = JSON.object([
                ("artifactLocation", artifactLocation(path)),
                ("region", JSON.object([("startLine", "1")])),
            ])
            fields.append(("locations", "[" + JSON.object([("physicalLocation", physical)]) + "]"))
        }
        if !related.isEmpty { fields.append(("relatedLocations", "[" + related.joined(separator: ",") + "]")) }
        if let position = diagnostic.position {
            fields.append(
                (
                    "properties",
                    JSON.object([
                        ("spreadsheetRow", String(position.line)), ("spreadsheetColumn", String(position.column)),
                    ])
                ))
        }
        return JSON.object(fields)
    }

    private func text(_ words: String) -> String {
        JSON.object([("text", JSON.string(words))])
    }

    // MARK: - Locations

    private func location(_ span: SourceSpan, message: String?, id: Int? = nil) -> String {
        let (start, end) = span.bounds(counting: .utf16CodeUnits)
        let region = JSON.object([
            ("startLine", String(start.line)), ("startColumn", String(start.column)),
            ("endLine", String(end.line)), ("endColumn", String(end.column)),
        ])
        let physical = JSON.object([("artifactLocation", artifactLocation(span.file.path)), ("region", region)])
        var fields: [(String, String)] = []
        if let id { fields.append(("id", String(id))) }
        fields.append(("physicalLocation", physical))
        if let message, !message.isEmpty { fields.append(("message", text(message))) }
        return JSON.object(fields)
    }

    /// A relative path under `%SRCROOT%`; an absolute one as a `file:` URI.
    private func artifactLocation(_ path: String) -> String {
        if path.hasPrefix("/") {
            return JSON.object([("uri", JSON.string("file://" + Self.percentEncoded(path)))])
        }
        return JSON.object([("uri", JSON.string(Self.percentEncoded(path))), ("uriBaseId", JSON.string("%SRCROOT%"))])
    }

    /// A path as a URI reference: every byte but the unreserved characters and '/' percent-encoded.
    package static func percentEncoded(_ path: String) -> String {
        PercentEncoding.encode(path) { PercentEncoding.isUnreserved($0) || $0 == UInt8(ascii: "/") }
    }
}
