import Testing
@testable import TouchpointCore
@testable import TouchpointMail

/// HTML escaping and the layout against what the versions they replaced wrote (`Recorded/`), on
/// generated awkward text: byte for byte.
@Suite("HTML escaping and layout as recorded")
struct HTMLRecordingTests {
    /// Text and its escaped form.
    struct EscapingCase: Codable {
        let text: String
        let escaped: String

        func recomputed() -> EscapingCase {
            EscapingCase(text: text, escaped: HTMLEscaping.escape(text))
        }
    }

    /// A body's HTML, a title and a footer, and the whole HTML part the layout makes of them.
    struct LayoutCase: Codable {
        let content: String
        let title: String
        let practiceName: String
        let address: String
        let unsubscribe: String?
        let html: String

        func recomputed() -> LayoutCase {
            // The sentence the footer said before `footer:` made it the practice's.
            let notice = unsubscribe.map { _ in "You receive this e-mail as a patient or partner of \(practiceName)." }
            let footer = MessageLayout.Footer(practiceName: practiceName, address: address, notice: notice, unsubscribe: unsubscribe)
            return LayoutCase(
                content: content, title: title, practiceName: practiceName, address: address,
                unsubscribe: unsubscribe, html: MessageLayout().html(content: content, title: title, footer: footer))
        }
    }

    @Test func htmlEscapingIsAsRecorded() throws {
        try RecordedCases.check("html-escaping", minimum: 1_000) { (item: EscapingCase) in item.recomputed() }
    }

    /// Appending escapes exactly as `escape` does, after what is there already.
    @Test func appendingEscapesAsEscapeDoes() throws {
        let cases: [EscapingCase] = try RecordedCases.cases("html-escaping")
        #expect(cases.count >= 1_000)
        for item in cases {
            var appended = "x"
            HTMLEscaping.append(item.text, to: &appended)
            #expect(Array(appended.utf8) == Array(("x" + item.escaped).utf8), "\(item.text.debugDescription)")
        }
    }

    /// Special characters that join the next scalar into one `Character` are escaped all the same.
    @Test(arguments: [
        ("\"\u{301}", "&quot;\u{301}"), ("<\u{338}", "&lt;\u{338}"), ("&\u{20DD}x", "&amp;\u{20DD}x"),
        ("\u{0600}'", "\u{0600}&#39;"), ("a\"\u{0903}b", "a&quot;\u{0903}b"), ("\"\u{301} & \"", "&quot;\u{301} &amp; &quot;"),
    ])
    func specialCharactersJoinedToTheNextAreEscaped(text: String, expected: String) {
        #expect(Array(HTMLEscaping.escape(text).utf8) == Array(expected.utf8))
    }

    /// A quote that a combining mark follows would still end a double-quoted attribute.
    @Test func specialCharactersAreEscapedWhateverFollowsThem() {
        #expect(HTMLEscaping.escape("a\"\u{301} onmouseover=x") == "a&quot;\u{301} onmouseover=x")
        #expect(HTMLEscaping.escape("<\u{338}&\u{20DD}'\u{301}") == "&lt;\u{338}&amp;\u{20DD}&#39;\u{301}")
        var out = "é"
        HTMLEscaping.append(">\u{301}", to: &out)
        #expect(out == "é&gt;\u{301}")
    }

    @Test func layoutIsAsRecorded() throws {
        try RecordedCases.check("html-layout", minimum: 100) { (item: LayoutCase) in item.recomputed() }
    }
}
