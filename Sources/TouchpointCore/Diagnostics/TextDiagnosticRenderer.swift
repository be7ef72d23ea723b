/// Renders a diagnostic the way a compiler does (STYLE.md): a GNU-style header that editors and CI
/// parse, an excerpt with a gutter and a line of context, carets under the exact span, then
/// `note:` and `help:` lines. A pure function to `String`; colour is a swappable decoration.
public struct TextDiagnosticRenderer: Sendable {
    /// ANSI colour, for a terminal that wants it.
    public var decorated: Bool
    /// Leave out excerpts and words that carry contact data (output that may leave the machine).
    public var redact: Bool

    public init(decorated: Bool = false, redact: Bool = false) {
        self.decorated = decorated
        self.redact = redact
    }

    private enum Style: String {
        case error = "\u{1B}[1;31m"
        case warning = "\u{1B}[1;33m"
        case gutter = "\u{1B}[1;34m"
        case bold = "\u{1B}[1m"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        decorated ? style.rawValue + text + "\u{1B}[0m" : text
    }

    private func severityStyle(_ severity: Severity) -> Style {
        switch severity {
        case .error: .error
        case .warning: .warning
        }
    }

    /// One diagnostic, ending in a newline. `suppressed` similar ones are summarised in a note.
    public func render(_ diagnostic: Diagnostic, suppressed: Int = 0) -> String {
        var out = header(diagnostic)
        let sensitive = redact && diagnostic.message.redactedText != nil
        var trailer: [(String, String)] = []
        var excerpt: [Mark] = []
        if let primary = diagnostic.primary, !sensitive {
            excerpt.append(Mark(span: primary.span, label: primary.label, isPrimary: true))
            for highlight in diagnostic.secondary where highlight.span.file === primary.span.file {
                excerpt.append(Mark(span: highlight.span, label: highlight.label, isPrimary: false))
            }
        }
        for note in diagnostic.notes {
            if let span = note.span, let primary = diagnostic.primary, span.file === primary.span.file, !sensitive {
                excerpt.append(Mark(span: span, label: note.message, isPrimary: false))
            } else if let span = note.span {
                trailer.append(("note", "\(note.message) (\(span.reference))"))
            } else {
                trailer.append(("note", note.message))
            }
        }
        if suppressed > 0 {
            trailer.append(("note", DiagnosticSummarizer.moreLikeThis(suppressed)))
        }
        for help in diagnostic.help {
            trailer.append(("help", help))
        }
        let gutterWidth = excerpt.isEmpty ? 1 : String(excerptLines(excerpt).last ?? 1).count
        if !excerpt.isEmpty {
            out += renderExcerpt(excerpt, gutterWidth: gutterWidth, severity: diagnostic.severity)
        }
        let pad = String(repeating: " ", count: gutterWidth + 1)
        for (kind, text) in trailer {
            out += pad + paint("=", .gutter) + " " + paint(kind + ":", .bold) + " " + DisplayWidth.visible(text) + "\n"
        }
        return out
    }

    /// The closing line: `touchpoint: 1 error, 0 warnings; nothing written`.
    public func summary(errors: Int, warnings: Int, outcome: String? = nil) -> String {
        var line =
            "touchpoint: \(errors.grouped) \(errors == 1 ? "error" : "errors"), "
            + "\(warnings.grouped) \(warnings == 1 ? "warning" : "warnings")"
        if let outcome { line += "; " + outcome }
        return line + "\n"
    }

    private func header(_ diagnostic: Diagnostic) -> String {
        var place = DisplayWidth.visible(diagnostic.path ?? "touchpoint")
        if let (line, column) = diagnostic.location { place += ":\(line):\(column)" }
        let severity = paint(diagnostic.severity.rawValue + ":", severityStyle(diagnostic.severity))
        let text = DisplayWidth.visible(diagnostic.message.text(redacting: redact))
        return paint(place + ":", .bold) + " " + severity + " " + paint(text, .bold) + " [\(diagnostic.id)]\n"
    }

    private struct Mark {
        let span: SourceSpan
        let label: String?
        let isPrimary: Bool
        var line: Int { span.start.line }
    }

    private func excerptLines(_ marks: [Mark]) -> [Int] {
        guard let primary = marks.first else { return [] }
        let file = primary.span.file
        var lines = Set(marks.map(\.line))
        let primaryLine = primary.line
        if primaryLine > 1 { lines.insert(primaryLine - 1) }
        if primaryLine < file.lineCount, !(primaryLine + 1 == file.lineCount && file.text(ofLine: primaryLine + 1).isEmpty) {
            lines.insert(primaryLine + 1)
        }
        return lines.sorted()
    }

    /// Excerpt lines wider than this many cells are cut to a window around the first mark on them.
    package static let maxLineWidth = 120

    private func renderExcerpt(_ marks: [Mark], gutterWidth: Int, severity: Severity) -> String {
        let file = marks[0].span.file
        let blank = String(repeating: " ", count: gutterWidth + 1) + paint("|", .gutter)
        var out = blank + "\n"
        var previous: Int?
        for line in excerptLines(marks) {
            if let previous, line > previous + 1 {
                out += paint("...", .gutter) + "\n"
            }
            previous = line
            let number = String(line)
            let gutter = String(repeating: " ", count: gutterWidth - number.count) + number + " "
            let marksOnLine = marks.filter({ $0.line == line }).sorted(by: { $0.isPrimary && !$1.isPrimary })
            let window = ExcerptWindow(Array(file.text(ofLine: line)), around: marksOnLine.first.map(startIndex))
            let shown = window.shown
            out += paint(gutter + "|", .gutter) + (shown.isEmpty ? "" : " " + shown) + "\n"
            for mark in marksOnLine {
                out += blank + " " + underline(mark, in: window, severity: severity) + "\n"
            }
        }
        return out
    }

    /// The index of the mark's first character in its line.
    private func startIndex(_ mark: Mark) -> Int {
        max(0, mark.span.start.column - 1)
    }

    /// The part of a line an excerpt shows: all of it, or, when it is too wide for a terminal, a
    /// window around the first mark with "..." where it was cut.
    private struct ExcerptWindow {
        let characters: [Character]
        let range: Range<Int>

        init(_ characters: [Character], around anchor: Int?) {
            self.characters = characters
            let widths = characters.map(DisplayWidth.of)
            guard widths.reduce(0, +) > TextDiagnosticRenderer.maxLineWidth else {
                range = 0..<characters.count
                return
            }
            let ellipsis = 3
            let budget = TextDiagnosticRenderer.maxLineWidth - 2 * ellipsis
            var lower = min(anchor ?? 0, characters.count)
            var used = 0
            while lower > 0, used + widths[lower - 1] <= budget / 3 {
                lower -= 1
                used += widths[lower]
            }
            var upper = lower
            used = 0
            while upper < characters.count, used + widths[upper] <= budget {
                used += widths[upper]
                upper += 1
            }
            range = lower..<upper
        }

        var prefix: String { range.lowerBound > 0 ? "..." : "" }
        var suffix: String { range.upperBound < characters.count ? "..." : "" }

        var shown: String {
            prefix + DisplayWidth.expand(String(characters[range])) + suffix
        }

        /// Cells from the start of `shown` to the character at `index` (clamped to the window).
        func lead(to index: Int) -> Int {
            let clamped = min(max(index, range.lowerBound), range.upperBound)
            return prefix.count + DisplayWidth.of(String(characters[range.lowerBound..<clamped]))
        }
    }

    /// Spaces up to the span's first character, then `^` (primary) or `-` under every cell of the
    /// span on its first line (as far as the excerpt shows it), then the label.
    private func underline(_ mark: Mark, in window: ExcerptWindow, severity: Severity) -> String {
        let (endLine, endColumn) = mark.span.end
        let bounds = window.range
        let start = min(max(startIndex(mark), bounds.lowerBound), bounds.upperBound)
        let end = endLine == mark.line ? min(max(start, endColumn - 1), bounds.upperBound) : bounds.upperBound
        let lead = window.lead(to: start)
        let width = max(1, DisplayWidth.of(String(window.characters[start..<end])))
        let marker = String(repeating: mark.isPrimary ? "^" : "-", count: width)
        var out =
            String(repeating: " ", count: lead)
            + paint(marker, mark.isPrimary ? severityStyle(severity) : .gutter)
        if let label = mark.label { out += " " + DisplayWidth.visible(label) }
        return out
    }
}
