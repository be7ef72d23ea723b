/// How serious a diagnostic is. Each ``DiagnosticID`` has one.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error
    case warning

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What a diagnostic says: its ID (which gives its severity) and the words.
///
/// Every stage keeps its messages in one catalog of static factories (`YAMLMessages`,
/// `PracticeMessages`, …); the IDs themselves are defined once, in ``DiagnosticID``.
public struct DiagnosticMessage: Sendable, Equatable {
    public let id: DiagnosticID
    public var severity: Severity { id.severity }
    /// The words, lowercase, no trailing period, names in '…'.
    public let text: String
    /// The words without any value taken from contact data, for output that leaves the machine
    /// (CI logs, JSON, SARIF). `nil` when `text` holds no such value.
    public let redactedText: String?

    public init(_ id: DiagnosticID, _ text: String, redacted: String? = nil) {
        self.id = id
        self.text = text
        self.redactedText = redacted
    }

    /// The words that may be shown in `format`'s output.
    public func text(redacting: Bool) -> String {
        redacting ? (redactedText ?? text) : text
    }
}

/// A span with a label under it.
public struct Highlight: Sendable {
    public let span: SourceSpan
    public let label: String?

    public init(_ span: SourceSpan, label: String? = nil) {
        self.span = span
        self.label = label
    }
}

/// A `note:` line, optionally pointing at a place of its own ("first defined here").
public struct DiagnosticNote: Sendable {
    public let message: String
    public let span: SourceSpan?

    public init(_ message: String, at span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}

/// Where a diagnostic is reported when it is not a span of the file's text, e.g. a CSV cell
/// (row and column as a spreadsheet counts them) or a whole file.
public struct ReportedPosition: Sendable, Equatable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// One problem found in the user's files: data, not text. Renderers turn it into words.
public struct Diagnostic: Sendable {
    public let message: DiagnosticMessage
    /// The file the diagnostic is about, for diagnostics that have no span (a missing file).
    public let path: String?
    /// The primary span, with carets under it.
    public let primary: Highlight?
    /// Overrides the line and column of the header (spreadsheet rows and columns).
    public let position: ReportedPosition?
    /// Further labelled spans, drawn with `-` under them.
    public var secondary: [Highlight]
    public var notes: [DiagnosticNote]
    /// What to do about it: one `help:` line each.
    public var help: [String]
    /// The contact row the diagnostic is about, when it is about one row of contact data only.
    public var contactRow: ContactRow?

    public init(
        _ message: DiagnosticMessage,
        at primary: SourceSpan?,
        label: String? = nil,
        position: ReportedPosition? = nil,
        secondary: [Highlight] = [],
        notes: [DiagnosticNote] = [],
        help: [String] = []
    ) {
        self.message = message
        self.path = primary?.file.path
        self.primary = primary.map { Highlight($0, label: label) }
        self.position = position
        self.secondary = secondary
        self.notes = notes
        self.help = help
    }

    /// A diagnostic about a file as a whole, or about no file at all.
    public init(_ message: DiagnosticMessage, file path: String?, notes: [DiagnosticNote] = [], help: [String] = []) {
        self.message = message
        self.path = path
        self.primary = nil
        self.position = nil
        self.secondary = []
        self.notes = notes
        self.help = help
    }

    /// The stable kebab-case ID (`unknown-merge-field`).
    public var id: String { message.id.rawValue }
    public var severity: Severity { message.severity }

    /// The 1-based line and column the header shows, if the diagnostic has a place.
    public var location: (line: Int, column: Int)? {
        if let position { return (position.line, position.column) }
        return primary?.span.start
    }

    /// The 1-based line and column just past the primary span.
    public var endLocation: (line: Int, column: Int)? {
        if let position { return (position.line, position.column) }
        return primary?.span.end
    }

    /// Adds a `help:` line suggesting the closest candidate, if one is close enough.
    public func suggesting(_ word: String, from candidates: some Sequence<String>) -> Diagnostic {
        guard let match = Suggestion.closest(to: word, in: candidates) else { return self }
        var copy = self
        copy.help.append("did you mean '\(match)'?")
        return copy
    }

    public func with(note: String, at span: SourceSpan? = nil) -> Diagnostic {
        var copy = self
        copy.notes.append(DiagnosticNote(note, at: span))
        return copy
    }

    public func with(help: String) -> Diagnostic {
        var copy = self
        copy.help.append(help)
        return copy
    }

    /// The same diagnostic, about the contact of one row only.
    public func about(_ row: ContactRow) -> Diagnostic {
        var copy = self
        copy.contactRow = row
        return copy
    }
}
