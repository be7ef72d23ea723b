import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A merged value is literal text wherever it lands: in ordinary text, and where Markdown takes
/// text literally too — a code span, a code block, raw HTML — it shows exactly its characters,
/// never the escapes that keep it literal elsewhere.
@Suite("Merged values in code")
struct MergedValueCodeTests {
    private func document(_ pieces: [TemplateOutput.Piece], allowHTML: Bool = false) -> MarkdownDocument {
        MarkdownDocument(parsing: MarkdownEscaper.markdown(of: TemplateOutput(pieces: pieces)), allowHTML: allowHTML)
    }

    private let value = "hello, \"world\""

    @Test func inlineCodeShowsTheValueInBothParts() {
        let document = document([.source("Type `"), .value(value), .source("` to start.\n")])
        #expect(document.html == "<p>Type <code>hello, &quot;world&quot;</code> to start.</p>\n")
        #expect(document.plainText() == "Type hello, \"world\" to start.\n")
    }

    @Test func aFencedBlockShowsTheValueInBothParts() {
        let document = document([.source("Run this:\n\n```\n"), .value(value), .source("\n```\n")])
        #expect(document.html == "<p>Run this:</p>\n<pre><code>hello, &quot;world&quot;\n</code></pre>\n")
        #expect(document.plainText() == "Run this:\n\n    hello, \"world\"\n")
    }

    @Test func anIndentedBlockShowsTheValue() {
        let document = document([.source("Run this:\n\n    say "), .value(value), .source("\n")])
        #expect(document.html == "<p>Run this:</p>\n<pre><code>say hello, &quot;world&quot;\n</code></pre>\n")
    }

    /// Every ASCII punctuation character, blanks at either end, an address and a backslash of its own.
    @Test func everyCharacterComesBackInCode() {
        let awkward = " a\\b `x` *y* <z> & @ c@d.example https://e.example/?f=1 !\"#$%'()+,-./:;=?[]^_{|}~\t"
        let inline = document([.source("x `` "), .value(awkward), .source(" `` y\n")])
        #expect(inline.root.children.first?.children.contains { $0.kind == .code(awkward) } == true)
        let block = document([.source("```\n"), .value(awkward), .source("\n```\n")])
        #expect(block.root.children.first?.kind == .codeBlock(info: "", literal: awkward + "\n"))
        #expect(block.plainText().contains("a\\b `x` *y* <z> & @ c@d.example"))
        let marks = [MarkdownEscaper.valueStartUTF8, MarkdownEscaper.valueEndUTF8].map { String(decoding: $0, as: UTF8.self) }
        #expect(!block.html.contains(marks[0]) && !block.html.contains(marks[1]) && !block.html.contains("&amp;#32;"))
    }

    /// A value cannot close the block it stands in.
    @Test func aValueCannotEndItsFence() {
        let document = document([.source("```\n"), .value("```"), .source("\nstill code\n```\n\nafter\n")])
        #expect(document.html == "<pre><code>```\nstill code\n</code></pre>\n<p>after</p>\n")
    }

    @Test func textOutsideCodeIsUnchanged() {
        let document = document([.source("Hi "), .value("<b>*Bo*</b>, \"you\""), .source("!\n")])
        #expect(document.html == "<p>Hi &lt;b&gt;*Bo*&lt;/b&gt;, &quot;you&quot;!</p>\n")
        #expect(document.plainText() == "Hi <b>*Bo*</b>, \"you\"!\n")
    }

    @Test func rawHTMLGetsTheValueEscapedForHTML() {
        let document = document([.source("<div title=\""), .value("a \"b\" <c>"), .source("\">x</div>\n")], allowHTML: true)
        #expect(document.html == "<div title=\"a &quot;b&quot; &lt;c&gt;\">x</div>\n")
    }

    @Test func linksKeepTheValueInTheirAddress() {
        let document = document([.source("[book](https://a.example/b?c="), .value("x,y"), .source(")\n")])
        #expect(document.html == "<p><a href=\"https://a.example/b?c=x,y\">book</a></p>\n")
    }

    @Test func anAutolinkKeepsTheValueInItsAddress() {
        let document = document([.source("See <https://a.example/b?c="), .value("x-y.z"), .source(">.\n")])
        #expect(document.html == "<p>See <a href=\"https://a.example/b?c=x-y.z\">https://a.example/b?c=x-y.z</a>.</p>\n")
        #expect(document.plainText() == "See https://a.example/b?c=x-y.z.\n")
    }

    /// A link whose text is its address, written out, is not an autolink: its escapes are resolved.
    @Test func aLinkWrittenAsItsOwnAddressIsNotTakenForAnAutolink() {
        let document = document([
            .source("[https://a.example/?c="), .value("x\\-y"), .source("](https://a.example/?c="), .value("x\\-y"), .source(")\n"),
        ])
        #expect(document.html == "<p><a href=\"https://a.example/?c=x%5C-y\">https://a.example/?c=x\\-y</a></p>\n")
    }
}
