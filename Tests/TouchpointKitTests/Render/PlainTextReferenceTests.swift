import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The plain-text renderer against the version it replaced (Reference/), on generated Markdown and
/// on generated trees of any shape, at several widths: every output must be the same, byte for byte.
@Suite("Plain text against the reference")
struct PlainTextReferenceTests {
    static let widths = [1, 7, 20, 33, 72, 1_000]

    @Test(arguments: [false, true])
    func plainTextOfGeneratedMarkdownMatchesTheReference(allowHTML: Bool) {
        var random = SeededGenerator(seed: allowHTML ? 5 : 4)
        for _ in 0..<1_500 {
            let markdown = Self.markdown(&random)
            let document = MarkdownDocument(parsing: markdown, allowHTML: allowHTML)
            for width in Self.widths {
                let rendered = PlainTextRenderer(width: width, allowHTML: allowHTML).render(document.root)
                let expected = ReferencePlainTextRenderer(width: width, allowHTML: allowHTML).render(document.root)
                #expect(rendered == expected, "width \(width): \(markdown.debugDescription)")
            }
        }
    }

    /// Trees cmark-gfm never builds (inlines among blocks, blocks inside inlines, list items that
    /// are not items), as a tree cut at the depth limit can have them.
    @Test func plainTextOfGeneratedTreesMatchesTheReference() {
        var random = SeededGenerator(seed: 6)
        for round in 0..<4_000 {
            let tree = Self.tree(&random, depth: 0)
            let width = Self.widths[round % Self.widths.count]
            let allowHTML = round.isMultiple(of: 3)
            #expect(PlainTextRenderer(width: width, allowHTML: allowHTML).render(tree)
                == ReferencePlainTextRenderer(width: width, allowHTML: allowHTML).render(tree), "\(tree)")
        }
    }

    /// Lines that end in spaces after a character that joins the next (which the spaces then
    /// belong to) keep them, as before; other trailing spaces go.
    @Test func trailingSpacesAfterAJoiningCharacterStay() {
        for literal in ["x\u{0600} \n", "x\u{0600}\t \n", "x\u{0600}  y \n", "\u{0600} \n", "é  \n"] {
            let code = MarkdownNode(.codeBlock(info: "", literal: literal), start: Self.origin, end: Self.origin)
            #expect(PlainTextRenderer().render(code) == ReferencePlainTextRenderer().render(code),
                    "\(literal.debugDescription)")
        }
        let code = MarkdownNode(.codeBlock(info: "", literal: "x\u{0600} \n"), start: Self.origin, end: Self.origin)
        let kept = "    x\u{0600} \n"
        #expect(PlainTextRenderer().render(code) == kept)
    }

    static let origin = MarkdownNode.Position(line: 1, column: 1, offset: 0)

    /// A Markdown body made of random lines: paragraphs with inline markup, headings, lists
    /// (nested, tight and loose), quotes, code, tables, raw HTML and breaks.
    static func markdown(_ random: inout SeededGenerator) -> String {
        let urls = ["https://x.example/a b", "HTTP://x.example", "mailto:bo@x.example", "MAILTO:Bo@x.example",
                    "javascript:alert(1)", "data:image/png;base64,AA", "DATA:text/html,x", "vbscript:x", "file:///x",
                    "x.example/é", "https://x.example/\u{301}", "", "www.x.example", "x.example", "Bo@x.example"]
        func inline(_ random: inout SeededGenerator) -> String {
            var text = ""
            for _ in 0..<Int.random(in: 0...8, using: &random) {
                let words = AwkwardText.string(&random, pieces: 0...5)
                switch Int.random(in: 0...14, using: &random) {
                case 0: text += "*\(words)*"
                case 1: text += "**\(words)**"
                case 2: text += "~~\(words)~~"
                case 3: text += "`\(words)`"
                case 4: text += "[\(words)](<\(urls.randomElement(using: &random) ?? "")>)"
                case 5: text += "![\(words)](x.png \"t\")"
                case 6: text += "<\(urls.randomElement(using: &random) ?? "")>"
                case 7:
                    let label = urls.randomElement(using: &random) ?? ""
                    text += "[\(label)](\(urls.randomElement(using: &random) ?? ""))"
                case 8: text += "  \n"
                case 9: text += "\\\n"
                case 10: text += "<br/>"
                case 11: text += "<span>\(words)</span>"
                default: text += words
                }
                text += String(repeating: " ", count: Int.random(in: 0...3, using: &random))
            }
            return text.replacing("\n\n", with: "\n")
        }
        var lines: [String] = []
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            let prefix = ["", "", "", "> ", "- ", "* ", "1. ", "  - ", "    - ", "3) ", "> - ", "- > ", "   "]
                .randomElement(using: &random) ?? ""
            switch Int.random(in: 0...12, using: &random) {
            case 0:
                let level = Int.random(in: 1...3, using: &random)
                lines.append(prefix + String(repeating: "#", count: level) + " " + inline(&random))
            case 1: lines.append(prefix + "```\n" + AwkwardText.string(&random) + "\n```")
            case 2: lines.append(prefix + "    " + AwkwardText.string(&random))
            case 3: lines.append(prefix + "---")
            case 4:
                let cells = [inline(&random), inline(&random), AwkwardText.string(&random)]
                lines.append("| \(cells[0]) | b |\n|:--|--:|\n| \(cells[1]) | \(cells[2]) |")
            case 5: lines.append("<div>\n\(AwkwardText.string(&random))\n</div>")
            case 6: lines.append("")
            case 7: lines.append(inline(&random) + "\n===")
            default: lines.append(prefix + inline(&random))
            }
        }
        return lines.joined(separator: Bool.random(using: &random) ? "\n" : "\r\n")
    }

    /// A random tree of any shape.
    static func tree(_ random: inout SeededGenerator, depth: Int) -> MarkdownNode {
        let leafKinds: [MarkdownNode.Kind] = [
            .text(AwkwardText.string(&random)), .text(AwkwardText.string(&random)), .code(AwkwardText.string(&random)),
            .softBreak, .lineBreak,
            .htmlInline(literal: ["<br>", "<BR />", "<b>", "<!-- c -->"].randomElement(using: &random) ?? ""),
            .codeBlock(info: "", literal: AwkwardText.string(&random)), .thematicBreak,
            .htmlBlock(literal: "<p>\(AwkwardText.string(&random))</p><script>x</script>&amp;&#65;&nbsp;&bogus;"),
        ]
        let containerKinds: [MarkdownNode.Kind] = [
            .document, .paragraph, .heading(level: Int.random(in: 1...3, using: &random)), .blockQuote,
            .list(ordered: Bool.random(using: &random), start: Int.random(in: 0...12, using: &random),
                  tight: Bool.random(using: &random)),
            .item, .item, .emphasis, .strong, .strikethrough,
            .link(url: ["https://x.example", "mailto:a@b.example", "javascript:x", "", "a b", "x.example/é"]
                .randomElement(using: &random) ?? "", title: ""),
            .image(url: "x.png", title: ""), .table(alignments: [.left, .center, .right, .none]),
            .tableRow(isHeader: Bool.random(using: &random)), .tableCell,
        ]
        if depth >= 5 || Int.random(in: 0...3, using: &random) == 0 {
            return MarkdownNode(leafKinds.randomElement(using: &random) ?? .softBreak, start: origin, end: origin)
        }
        let children = (0..<Int.random(in: 0...4, using: &random)).map { _ in tree(&random, depth: depth + 1) }
        return MarkdownNode(containerKinds.randomElement(using: &random) ?? .document, children: children, start: origin,
                            end: origin)
    }
}
