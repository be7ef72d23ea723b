import Testing
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// A merged value is literal text: cmark-gfm's autolinker never sees an address or a URL in it,
/// while the template's own text is linked as ever.
@Suite struct MergedValueLinkTests {
    private func document(_ pieces: [TemplateOutput.Piece]) -> MarkdownDocument {
        MarkdownDocument(parsing: MarkdownEscaper.markdown(of: TemplateOutput(pieces: pieces)))
    }

    @Test func anAddressInAMergedValueIsNotAutolinked() {
        let body = document([.source("Write to "), .value("bo@example.com"), .source(" or to me@clinic.example.")])
        #expect(body.html == "<p>Write to bo@example.com or to <a href=\"mailto:me@clinic.example\">me@clinic.example</a>.</p>\n")
        #expect(body.plainText() == "Write to bo@example.com or to me@clinic.example.\n")
    }

    @Test func aURLInAMergedValueIsNotAutolinked() {
        let body = document([.value("www.example.com https://example.com/a?b=c x@y.z")])
        #expect(body.html == "<p>www.example.com https://example.com/a?b=c x@y.z</p>\n")
    }

    @Test func aMergedAddressInALinkTheTemplateWritesKeepsItsAt() {
        let body = document([.source("[Write to us](mailto:"), .value("front.desk@clinic.example"), .source(")")])
        #expect(body.html == "<p><a href=\"mailto:front.desk@clinic.example\">Write to us</a></p>\n")
        guard case .link(let url, _) = body.root.children.first?.children.first?.kind else {
            Issue.record("no link in \(body.root)")
            return
        }
        #expect(url == "mailto:front.desk@clinic.example")
    }

    @Test func aValuesOwnStandInIsNotTakenForAnAt() {
        let body = document([.value("a" + MarkdownEscaper.mergedAt + "b")])
        #expect(body.html == "<p>a\u{FFFD}b</p>\n")
    }
}
