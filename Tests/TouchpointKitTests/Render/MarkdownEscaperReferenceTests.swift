import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The Markdown escaper against the version it replaced (Reference/), on many generated values:
/// every output must be the same, byte for byte.
@Suite("Markdown escaping against the reference")
struct MarkdownEscaperReferenceTests {
    @Test func markdownEscapingMatchesTheReference() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let value = AwkwardText.string(&random, pieces: 0...10)
            #expect(MarkdownEscaper.escape(value) == ReferenceMarkdownEscaper.escape(value), "\(value.debugDescription)")
        }
        for _ in 0..<3_000 {
            let pieces: [TemplateOutput.Piece] = (0..<Int.random(in: 0...8, using: &random)).map { _ in
                let text = AwkwardText.string(&random)
                return Bool.random(using: &random) ? .source(text) : .value(text)
            }
            let output = TemplateOutput(pieces: pieces)
            #expect(MarkdownEscaper.markdown(of: output) == ReferenceMarkdownEscaper.markdown(of: output))
        }
    }
}
