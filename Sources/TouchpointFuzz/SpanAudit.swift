import TouchpointKit

/// Checks that diagnostics point into the files they are about: every span lies inside its file's
/// bytes and belongs to one of the files read, and every diagnostic renders in every format.
enum SpanAudit {
    static func problems(in diagnostics: [Diagnostic], files: [SourceFile]) -> [String] {
        var problems: [String] = []
        let known = Dictionary(files.map { ($0.path, $0.bytes.count) }, uniquingKeysWith: { first, _ in first })
        for diagnostic in diagnostics {
            var spans = [diagnostic.primary?.span].compactMap { $0 }
            spans += diagnostic.secondary.map(\.span)
            spans += diagnostic.notes.compactMap(\.span)
            for span in spans {
                guard let count = known[span.file.path] else {
                    problems.append("[\(diagnostic.id)] points into '\(span.file.path)', which was not read")
                    continue
                }
                if span.range.lowerBound < 0 || span.range.upperBound > min(count, span.file.bytes.count) {
                    problems.append(
                        "[\(diagnostic.id)] span \(span.range) lies outside '\(span.file.path)' of \(count) bytes")
                }
            }
            if let position = diagnostic.position, position.line < 1 || position.column < 1 {
                problems.append("[\(diagnostic.id)] is reported at line \(position.line), column \(position.column)")
            }
        }
        // Every renderer takes every diagnostic (the text one draws excerpts and carets).
        for format in DiagnosticFormat.allCases {
            _ = DiagnosticReport(format: format, decorated: format == .text).render(diagnostics, outcome: "nothing written")
        }
        return problems
    }
}
