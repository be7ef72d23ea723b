import Testing
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// The Markdown escaper against what the version it replaced wrote (`Recorded/`), on generated
/// values of awkward text and on generated template output: byte for byte, but for the marks
/// around each escaped value that the recorded version did not write (they let a value in a
/// code span or block be shown without its escapes).
@Suite("Markdown escaping as recorded")
struct MarkdownEscaperRecordingTests {
    /// A merged value and its escaped form.
    struct ValueCase: Codable {
        let value: String
        let escaped: String

        func recomputed() -> ValueCase {
            ValueCase(value: value, escaped: withoutValueMarks(MarkdownEscaper.escape(value)))
        }
    }

    /// Template output, pieces of source text (`{"source": …}`) and merged values (`{"value": …}`),
    /// and the Markdown made of it.
    struct OutputCase: Codable {
        let pieces: [[String: String]]
        let markdown: String

        func recomputed() -> OutputCase {
            let output = TemplateOutput(
                pieces: pieces.compactMap { piece in
                    piece["source"].map(TemplateOutput.Piece.source) ?? piece["value"].map(TemplateOutput.Piece.value)
                })
            return OutputCase(pieces: pieces, markdown: withoutValueMarks(MarkdownEscaper.markdown(of: output)))
        }
    }

    @Test func escapedValuesAreAsRecorded() throws {
        try RecordedCases.check("markdown-escaped-values", minimum: 1_000) { (item: ValueCase) in item.recomputed() }
    }

    @Test func markdownOfTemplateOutputIsAsRecorded() throws {
        try RecordedCases.check("markdown-of-template-output", minimum: 300) { (item: OutputCase) in item.recomputed() }
    }
}

/// `markdown` without the marks ``MarkdownEscaper`` writes around an escaped value.
func withoutValueMarks(_ markdown: String) -> String {
    let marks = [MarkdownEscaper.valueStartUTF8, MarkdownEscaper.valueEndUTF8].map { String(decoding: $0, as: UTF8.self) }
    return marks.reduce(markdown) { $0.replacingAll($1, with: "") }
}
