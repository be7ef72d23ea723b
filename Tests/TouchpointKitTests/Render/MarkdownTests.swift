import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The text a reader sees in an HTML fragment: tags removed, cmark-gfm's entities decoded.
private func visibleText(ofHTML html: String) -> String {
    var text = ""
    var inTag = false
    for character in html {
        switch character {
        case "<": inTag = true
        case ">" where inTag: inTag = false
        default: if !inTag { text.append(character) }
        }
    }
    return text.replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&quot;", with: "\"")
        .replacing("&amp;", with: "&")
}

extension MarkdownNode {
    /// The kinds of the node's children.
    fileprivate var childKinds: [Kind] { children.map(\.kind) }

    /// Every node under this one (and this one), depth first.
    fileprivate var descendants: [MarkdownNode] {
        var found: [MarkdownNode] = []
        var pending = [self]
        while let node = pending.popLast() {
            found.append(node)
            pending.append(contentsOf: node.children.reversed())
        }
        return found
    }

    fileprivate var depth: Int { 1 + (children.map(\.depth).max() ?? 0) }
}

@Suite("Markdown documents")
struct MarkdownTests {
    // MARK: - Tree and HTML

    @Test func headingsKeepTheirLevels() {
        let document = MarkdownDocument(parsing: "# Welcome\n\nText.\n\n## Before your visit\n\nSetext\n------\n")
        #expect(document.root.childKinds == [.heading(level: 1), .paragraph, .heading(level: 2), .heading(level: 2)])
        #expect(document.root.children[0].childKinds == [.text("Welcome")])
        #expect(document.html == "<h1>Welcome</h1>\n<p>Text.</p>\n<h2>Before your visit</h2>\n<h2>Setext</h2>\n")
    }

    @Test func nestedListsBecomeNestedNodes() {
        let document = MarkdownDocument(parsing: "- one\n- two\n  1. first\n  2. second\n- three\n")
        guard case .list(ordered: false, start: _, tight: true) = document.root.children.first?.kind else {
            Issue.record("expected a tight bullet list, got \(document.root.childKinds)")
            return
        }
        let items = document.root.children[0].children
        #expect(items.count == 3)
        #expect(items[1].childKinds == [.paragraph, .list(ordered: true, start: 1, tight: true)])
        #expect(items[1].children[1].children.count == 2)
        #expect(document.html.contains("<li>two\n<ol>\n<li>first</li>"))
    }

    @Test func codeBlocksKeepInfoAndLiteral() {
        let document = MarkdownDocument(parsing: "```swift\nlet x = 1\n```\n\n    indented\n")
        #expect(
            document.root.childKinds == [
                .codeBlock(info: "swift", literal: "let x = 1\n"),
                .codeBlock(info: "", literal: "indented\n"),
            ])
    }

    @Test func tablesHaveAlignmentsAndAHeaderRow() {
        let document = MarkdownDocument(parsing: "| Day | Time | Room |\n|:----|-----:|:----:|\n| Mon | 9:00 | A |\n| Tue | 10:30 | B |\n")
        let table = document.root.children.first
        #expect(table?.kind == .table(alignments: [.left, .right, .center]))
        #expect(table?.childKinds == [.tableRow(isHeader: true), .tableRow(isHeader: false), .tableRow(isHeader: false)])
        #expect(table?.children[2].children.map(\.childKinds) == [[.text("Tue")], [.text("10:30")], [.text("B")]])
        #expect(document.html.contains("<table>"))
        #expect(document.html.contains("<th align=\"right\">Time</th>"))
        #expect(document.html.contains("<td align=\"center\">B</td>"))
    }

    @Test func autolinksBecomeLinks() {
        let document = MarkdownDocument(
            parsing: "See www.lincolnpt.example, https://lincolnpt.example/faq or write to care@lincolnpt.example.\n")
        let links = document.root.descendants.compactMap { node -> String? in
            if case .link(let url, _) = node.kind { return url }
            return nil
        }
        #expect(links == ["http://www.lincolnpt.example", "https://lincolnpt.example/faq", "mailto:care@lincolnpt.example"])
        #expect(document.html.contains("<a href=\"https://lincolnpt.example/faq\">https://lincolnpt.example/faq</a>"))
        #expect(document.html.contains("<a href=\"mailto:care@lincolnpt.example\">care@lincolnpt.example</a>"))
    }

    @Test func autolinksTakeTheirParagraphsPosition() {
        let document = MarkdownDocument(parsing: "Intro.\n\nSee https://lincolnpt.example now\n")
        let link = document.root.descendants.first { if case .link = $0.kind { true } else { false } }
        #expect(link?.start.line == 3)
    }

    @Test func strikethroughIsANode() {
        let document = MarkdownDocument(parsing: "Was ~~$90~~ now $60.\n")
        #expect(document.root.children[0].childKinds == [.text("Was "), .strikethrough, .text(" now $60.")])
        #expect(document.html == "<p>Was <del>$90</del> now $60.</p>\n")
    }

    @Test func emphasisStrongCodeAndBreaks() {
        let document = MarkdownDocument(parsing: "*a* **b** `c`\\\nd\ne\n")
        #expect(
            document.root.children[0].childKinds == [
                .emphasis, .text(" "), .strong, .text(" "), .code("c"),
                .lineBreak, .text("d"), .softBreak, .text("e"),
            ])
    }

    @Test func linksAndImagesKeepURLAndTitle() {
        let document = MarkdownDocument(parsing: "[Book](https://x.example/book \"Book now\") ![Map](map.png)\n")
        let kinds = document.root.children[0].childKinds
        #expect(kinds.first == .link(url: "https://x.example/book", title: "Book now"))
        #expect(kinds.last == .image(url: "map.png", title: ""))
    }

    // MARK: - Safe mode

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", "vbscript:msgbox", "file:///etc/passwd", "data:text/html,<b>x</b>",
    ])
    func dangerousURLsAreRemovedInSafeMode(url: String) {
        let markdown = "[click](\(url)) ![pic](\(url))\n"
        let safe = MarkdownDocument(parsing: markdown)
        #expect(safe.html == "<p><a href=\"\">click</a> <img src=\"\" alt=\"pic\" /></p>\n")
        // The tree keeps the URL as written, so a checker could still point at it.
        #expect(safe.root.children[0].children.first?.kind == .link(url: url, title: ""))
        #expect(safe.plainText() == "click [image: pic]\n")

        let unsafe = MarkdownDocument(parsing: markdown, allowHTML: true)
        #expect(!unsafe.html.contains("href=\"\""))
    }

    @Test func imageDataURLsAndOrdinaryURLsStay() {
        let document = MarkdownDocument(
            parsing: "![a](data:image/png;base64,AAAA) [b](https://x.example/?a=1&b=2) [c](mailto:a@x.example)\n")
        #expect(document.html.contains("src=\"data:image/png;base64,AAAA\""))
        #expect(document.html.contains("href=\"https://x.example/?a=1&amp;b=2\""))
        #expect(document.html.contains("href=\"mailto:a@x.example\""))
    }

    @Test func rawHTMLIsFoundWithPositionsAndNotRenderedInSafeMode() {
        let markdown = "Hello <b>Bo</b>!\n\n<div class=\"promo\">\nSale\n</div>\n\n> quoted <i>x</i>\n> and <!-- note -->\n"
        let document = MarkdownDocument(parsing: markdown)
        let found = document.rawHTML
        #expect(found.map(\.literal) == ["<b>", "</b>", "<div class=\"promo\">\nSale\n</div>\n", "<i>", "</i>", "<!-- note -->"])
        #expect(found.map(\.isBlock) == [false, false, true, false, false, false])
        #expect(found.map { [$0.start.line, $0.start.column] } == [[1, 7], [1, 12], [3, 1], [7, 10], [7, 14], [8, 7]])
        let bytes = Array(markdown.utf8)
        for html in found where !html.isBlock {
            #expect(String(decoding: bytes[html.byteRange], as: UTF8.self) == html.literal)
        }
        #expect(String(decoding: bytes[found[2].byteRange], as: UTF8.self) == "<div class=\"promo\">\nSale\n</div>")

        #expect(!document.html.contains("<b>"))
        #expect(!document.html.contains("<div"))
        #expect(!document.html.contains("note"))
        #expect(document.html.contains("<!-- raw HTML omitted -->"))

        let allowed = MarkdownDocument(parsing: markdown, allowHTML: true)
        #expect(allowed.html.contains("<p>Hello <b>Bo</b>!</p>"))
        #expect(allowed.html.contains("<div class=\"promo\">\nSale\n</div>"))
        #expect(allowed.rawHTML == found)
    }

    @Test func positionsCountBytesAndAllLineEndings() {
        let markdown = "Café\r\n\r\nrésumé <u>x</u>\rnext <s>y</s>\n"
        let found = MarkdownDocument(parsing: markdown).rawHTML
        #expect(found.map { [$0.start.line, $0.start.column] } == [[3, 10], [3, 14], [4, 6], [4, 10]])
        let bytes = Array(markdown.utf8)
        #expect(found.map { String(decoding: bytes[$0.byteRange], as: UTF8.self) } == ["<u>", "</u>", "<s>", "</s>"])
    }

    /// Every node's offset is its line's start plus its column, with lines ending at LF, CR or
    /// CR LF wherever they fall (the line starts are found eight bytes at a time).
    @Test func offsetsFollowLineStartsAtEveryAlignment() {
        var random = SeededGenerator(seed: 14)
        let pieces = ["a", "bc", "déf", " ", "\t", "\n", "\r", "\r\n", "\n\n", "- ", "# ", "*x*", "<b>", "`c`", "龙"]
        for _ in 0..<1_000 {
            let markdown = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }
                .joined()
            let bytes = Array(markdown.utf8)
            var lineStarts = [0]
            for (offset, byte) in bytes.enumerated() where byte == 0x0A || byte == 0x0D {
                if byte == 0x0A, offset > 0, bytes[offset - 1] == 0x0D {
                    lineStarts[lineStarts.count - 1] = offset + 1
                } else {
                    lineStarts.append(offset + 1)
                }
            }
            var stack = [MarkdownDocument(parsing: markdown).root]
            while let node = stack.popLast() {
                stack += node.children
                let lineStart = node.start.line <= lineStarts.count ? lineStarts[node.start.line - 1] : bytes.count
                #expect(node.start.offset == min(lineStart + node.start.column - 1, bytes.count), "\(markdown.debugDescription)")
            }
        }
    }

    @Test func noRawHTMLInPlainMarkdown() {
        #expect(MarkdownDocument(parsing: "# Hi\n\n1 < 2 and a -> b, `<b>` in code\n").rawHTML.isEmpty)
    }

    // MARK: - Escaping merged values

    static let hostileValues = [
        "<b>*Bo*</b>", "[x](javascript:alert(1))", "# heading", "1. item", "&amp;", "| a | b |", "~~x~~",
        "😀 Zoë 龙", "李小龙", "_a_ __b__ `c`", "\\", "a\\", "<!-- x -->", "<https://x.example>", "www.x.example",
        "https://x.example/a_b", "- item", "+ item", "> quote", "    code", "\tcode", "line\nbreak", "crlf\r\nbreak",
        "trailing  ", "***", "---", "===", "![i](x.png)", "[ref]: https://x.example", "&#65;", "&copy", "{{ x }}",
        "{% if %}", "a*b*c", "*", "", " ", "x@y.example",
    ]

    /// What a value reads as once merged: its line breaks are spaces.
    static func literal(_ value: String) -> String {
        String(String.UnicodeScalarView(value.replacing("\r\n", with: "\n").unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    @Test(arguments: hostileValues)
    func escapedValueReadsAsItsOwnCharacters(value: String) {
        checkLiteral(value)
    }

    @Test func escapedValuesAreLiteralForRandomHostileStrings() async {
        let pieces = [
            "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "(", ")", "#", "+", "-", ".", "!", "|", "~", "&", "\"",
            "'", ":", "/", "@", "=", "^", "$", "%", ";", "?", " ", "  ", "\t", "\n", "\r\n", "\r", "a", "Bo", "7", "1.",
            "é", "龙", "😀", "www.", "http://", "javascript:", "amp;", "#65;", "<b>", "-->", "    ", "x@y.co",
        ]
        let value = Gen<String?>.element(of: pieces).map { $0 ?? "" }.array(of: 0...14).map { $0.joined() }
        await propertyCheck(count: 300, input: value) { value in
            checkLiteral(value)
        }
    }

    /// The value merged into a paragraph, a heading, a list item, a quote, a table cell and a link's
    /// text reads as exactly its characters in the HTML and appears unchanged in the plain text.
    private func checkLiteral(_ value: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let escaped = MarkdownEscaper.escape(value)
        let expected = "Hi \(Self.literal(value))!"
        let contexts = [
            "Hi \(escaped)!\n", "# Hi \(escaped)!\n", "- Hi \(escaped)!\n", "> Hi \(escaped)!\n",
            "[Hi \(escaped)!](https://x.example)\n", "Before.\n\(escaped)\n\nHi \(escaped)!\n",
        ]
        for markdown in contexts.dropLast() {
            let document = MarkdownDocument(parsing: markdown)
            #expect(
                visibleText(ofHTML: document.html).trimming("\n") == expected,
                "\(markdown.debugDescription) -> \(document.html.debugDescription)", sourceLocation: sourceLocation)
            #expect(document.rawHTML.isEmpty, sourceLocation: sourceLocation)
            #expect(
                !document.html.contains("<em>") && !document.html.contains("<code>") && !document.html.contains("<del>"),
                sourceLocation: sourceLocation)
            #expect(
                document.plainText(width: 1000).contains(expected), "\(document.plainText(width: 1000).debugDescription)",
                sourceLocation: sourceLocation)
        }
        // On a line of its own, after a paragraph line, the value cannot start a block or underline a heading.
        if let last = contexts.last {
            let document = MarkdownDocument(parsing: last)
            #expect(
                document.root.childKinds == [.paragraph, .paragraph], "\(document.html.debugDescription)",
                sourceLocation: sourceLocation)
        }
        let table = MarkdownDocument(parsing: "| h | i |\n|---|---|\n| Hi \(escaped)! | x |\n")
        let cells = table.root.children.first?.children.last?.children ?? []
        #expect(cells.count == 2, "\(table.html.debugDescription)", sourceLocation: sourceLocation)
        #expect(
            visibleText(ofHTML: table.html).contains("\n\(expected)\n"), "\(table.html.debugDescription)",
            sourceLocation: sourceLocation)
    }

    @Test func valueCannotStartABlockAtTheStartOfALine() {
        for value in ["# heading", "1. item", "- item", "    code", "\tcode", "> quote", "| a | b |", "```", "<div>"] {
            let document = MarkdownDocument(parsing: "\(MarkdownEscaper.escape(value))\n")
            #expect(document.root.childKinds == [.paragraph], "\(value.debugDescription): \(document.html.debugDescription)")
        }
    }

    /// An escaped value stands between the value marks; one that needs no escaping has none.
    private static func marked(_ escaped: String) -> String {
        String(decoding: MarkdownEscaper.valueStartUTF8, as: UTF8.self) + escaped
            + String(decoding: MarkdownEscaper.valueEndUTF8, as: UTF8.self)
    }

    @Test func escapingBackslashesPunctuationAndEncodesOuterBlanks() {
        #expect(MarkdownEscaper.escape("<b>*Bo*</b>") == Self.marked("\\<b\\>\\*Bo\\*\\<\\/b\\>"))
        #expect(MarkdownEscaper.escape("  Zoë\nLi ") == Self.marked("&#32;&#32;Zoë Li&#32;"))
        #expect(MarkdownEscaper.escape("\ta") == Self.marked("&#9;a"))
        #expect(MarkdownEscaper.escape("龙😀") == "龙😀")
    }

    @Test func templateOutputEscapesOnlyTheValues() {
        let output = TemplateOutput(pieces: [.source("**Hi** "), .value("*Bo*"), .source("!")])
        #expect(MarkdownEscaper.markdown(of: output) == "**Hi** " + Self.marked("\\*Bo\\*") + "!")
        #expect(MarkdownDocument(parsing: MarkdownEscaper.markdown(of: output)).html == "<p><strong>Hi</strong> *Bo*!</p>\n")
    }

    @Test func escapedURLInALinkDestinationStaysTheURL() {
        let url = "https://lincolnpt.example/unsubscribe?c=news&t=a_b-c.d~e(1)"
        let document = MarkdownDocument(parsing: "[Unsubscribe](\(MarkdownEscaper.escape(url)))\n")
        #expect(document.root.children[0].children.first?.kind == .link(url: url, title: ""))
    }

    // MARK: - Robustness and memory

    @Test func parsesManyDocumentsConcurrentlyWithTheSameResults() async {
        let markdown = "# Hi\n\n~~old~~ www.x.example | a |\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<b>x</b>\n"
        let expected = MarkdownDocument(parsing: markdown)
        #expect(expected.html.contains("<del>old</del>") && expected.html.contains("<a href=\"http://www.x.example\">"))
        #expect(expected.rawHTML.map(\.literal) == ["<b>", "</b>"])
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mismatches = 0
                    for index in 0..<2_500 {
                        let document = MarkdownDocument(parsing: markdown, allowHTML: index.isMultiple(of: 2))
                        if document.root != expected.root { mismatches += 1 }
                        if !document.html.contains("<del>old</del>") || !document.html.contains("<td>2</td>") { mismatches += 1 }
                        if document.rawHTML.count != 2 { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test func emptyAndBlankDocuments() {
        for markdown in ["", "\n", "   \n\n", "\r\n"] {
            let document = MarkdownDocument(parsing: markdown)
            #expect(document.root.kind == .document && document.root.children.isEmpty)
            #expect(document.html == "")
            #expect(document.plainText() == "")
        }
    }

    @Test func deepNestingIsCappedInTheTreeButKeptInTheHTML() {
        let quotes = String(repeating: ">", count: 5_000) + " deep\n"
        let quoted = MarkdownDocument(parsing: quotes)
        #expect(quoted.root.depth <= MarkdownDocument.maxDepth + 1)
        #expect(quoted.html.ranges(of: "<blockquote>").count == 5_000)
        #expect(quoted.plainText().contains("deep"))

        let list = (0..<2_000).map { String(repeating: "  ", count: $0) + "- item \($0)" }.joined(separator: "\n")
        let listed = MarkdownDocument(parsing: list)
        #expect(listed.root.depth <= MarkdownDocument.maxDepth + 1)
        #expect(listed.plainText().contains("item 1999"))

        let emphasis = String(repeating: "*a ", count: 3_000) + "x" + String(repeating: " a*", count: 3_000)
        #expect(MarkdownDocument(parsing: emphasis).root.depth <= MarkdownDocument.maxDepth + 1)
    }

    @Test func nulIsReplaced() {
        let document = MarkdownDocument(parsing: "a\u{0}b\n")
        #expect(document.html == "<p>a\u{FFFD}b</p>\n")
    }
}

extension String {
    /// The string without `character` at either end.
    fileprivate func trimming(_ character: Character) -> String {
        var copy = Substring(self)
        while copy.last == character { copy.removeLast() }
        while copy.first == character { copy.removeFirst() }
        return String(copy)
    }
}
