import Testing
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// The Markdown escaper against what the version it replaced wrote (`Recorded/`), on generated
/// values of awkward text and on generated template output: byte for byte.
@Suite("Markdown escaping as recorded")
struct MarkdownEscaperRecordingTests {
    /// A merged value and its escaped form.
    struct ValueCase: Codable {
        let value: String
        let escaped: String

        func recomputed() -> ValueCase {
            ValueCase(value: value, escaped: MarkdownEscaper.escape(value))
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
            return OutputCase(pieces: pieces, markdown: MarkdownEscaper.markdown(of: output))
        }
    }

    @Test func escapedValuesAreAsRecorded() throws {
        try RecordedCases.check("markdown-escaped-values", minimum: 1_000) { (item: ValueCase) in item.recomputed() }
    }

    @Test func markdownOfTemplateOutputIsAsRecorded() throws {
        try RecordedCases.check("markdown-of-template-output", minimum: 300) { (item: OutputCase) in item.recomputed() }
    }
}
