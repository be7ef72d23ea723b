import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// HTML escaping and the layout against the versions they replaced (Reference/), on many generated
/// inputs: every output must be the same, byte for byte.
@Suite("HTML escaping and layout against the reference")
struct HTMLReferenceTests {
    @Test func htmlEscapingMatchesTheReference() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<20_000 {
            let text = AwkwardText.string(&random, pieces: 0...16)
            let expected = ReferenceHTMLEscaping.escape(text)
            #expect(HTMLEscaping.escape(text) == expected, "\(text.debugDescription)")
            var appended = "x"
            HTMLEscaping.append(text, to: &appended)
            #expect(Array(appended.utf8) == Array(("x" + expected).utf8), "\(text.debugDescription)")
        }
    }

    /// Special characters that join the next scalar into one `Character` are escaped all the same.
    @Test func specialCharactersJoinedToTheNextAreEscaped() {
        for text in ["\"\u{301}", "<\u{338}", "&\u{20DD}x", "\u{0600}'", "a\"\u{0903}b"] {
            #expect(HTMLEscaping.escape(text) == ReferenceHTMLEscaping.escape(text))
        }
        let joined = "\"\u{301} & \""
        let expected = "&quot;\u{301} &amp; &quot;"
        #expect(HTMLEscaping.escape(joined) == expected)
    }

    /// A quote that a combining mark follows would still end a double-quoted attribute.
    @Test func specialCharactersAreEscapedWhateverFollowsThem() {
        #expect(HTMLEscaping.escape("a\"\u{301} onmouseover=x") == "a&quot;\u{301} onmouseover=x")
        #expect(HTMLEscaping.escape("<\u{338}&\u{20DD}'\u{301}") == "&lt;\u{338}&amp;\u{20DD}&#39;\u{301}")
        var out = "é"
        HTMLEscaping.append(">\u{301}", to: &out)
        #expect(out == "é&gt;\u{301}")
    }

    @Test func layoutMatchesTheReference() {
        var random = SeededGenerator(seed: 2)
        for round in 0..<3_000 {
            let name = AwkwardText.string(&random, pieces: 0...4)
            let address = AwkwardText.string(&random, pieces: 0...4)
            let link = round.isMultiple(of: 2) ? nil : AwkwardText.string(&random, pieces: 0...4)
            let footer = MessageLayout.Footer(practiceName: name, address: address, unsubscribe: link)
            let content = AwkwardText.string(&random, pieces: 0...30)
            let title = AwkwardText.string(&random, pieces: 0...6)
            #expect(MessageLayout().html(content: content, title: title, footer: footer)
                == ReferenceMessageLayout().html(content: content, title: title, footer: footer))
        }
    }
}
