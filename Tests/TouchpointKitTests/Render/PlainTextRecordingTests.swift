import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// The plain-text renderer against what the version it replaced wrote (`Recorded/`), on generated
/// Markdown and on generated trees of any shape, at several widths: byte for byte.
@Suite("Plain text as recorded")
struct PlainTextRecordingTests {
    /// Generated Markdown (paragraphs with inline markup, headings, nested tight and loose lists,
    /// quotes, code, tables, raw HTML, breaks, awkward text and URLs of every scheme), with and
    /// without raw HTML allowed, and its plain text at widths 1, 7, 20, 33, 72 and 1000.
    struct MarkdownCase: Codable {
        struct Rendering: Codable {
            let width: Int
            let text: String
        }

        let markdown: String
        let allowHTML: Bool
        let plainText: [Rendering]

        func recomputed() -> MarkdownCase {
            let document = MarkdownDocument(parsing: markdown, allowHTML: allowHTML)
            return MarkdownCase(
                markdown: markdown, allowHTML: allowHTML,
                plainText: plainText.map { rendering in
                    Rendering(
                        width: rendering.width,
                        text: PlainTextRenderer(width: rendering.width, allowHTML: allowHTML).render(document.root))
                })
        }
    }

    /// A generated tree cmark-gfm never builds (inlines among blocks, blocks inside inlines, list
    /// items that are not items), as a tree cut at the depth limit can have them, and its text.
    struct TreeCase: Codable {
        let tree: RecordedMarkdownNode
        let width: Int
        let allowHTML: Bool
        let text: String

        func recomputed() -> TreeCase {
            TreeCase(
                tree: tree, width: width, allowHTML: allowHTML,
                text: PlainTextRenderer(width: width, allowHTML: allowHTML).render(tree.node))
        }
    }

    @Test func plainTextOfGeneratedMarkdownIsAsRecorded() throws {
        try RecordedCases.check("plain-text-of-markdown", minimum: 100) { (item: MarkdownCase) in item.recomputed() }
    }

    @Test func plainTextOfGeneratedTreesIsAsRecorded() throws {
        try RecordedCases.check("plain-text-of-trees", minimum: 200) { (item: TreeCase) in item.recomputed() }
    }

    /// Lines that end in spaces after a character that joins the next (which the spaces then
    /// belong to) keep them, as before; other trailing spaces go.
    @Test(arguments: [
        ("x\u{0600} \n", "    x\u{0600} \n"), ("x\u{0600}\t \n", "    x\u{0600}\n"), ("x\u{0600}  y \n", "    x\u{0600}  y\n"),
        ("\u{0600} \n", "    \u{0600} \n"), ("é  \n", "    é\n"),
    ])
    func trailingSpacesAfterAJoiningCharacterStay(literal: String, expected: String) {
        let origin = MarkdownNode.Position(line: 1, column: 1, offset: 0)
        let code = MarkdownNode(.codeBlock(info: "", literal: literal), start: origin, end: origin)
        #expect(Array(PlainTextRenderer().render(code).utf8) == Array(expected.utf8), "\(literal.debugDescription)")
    }
}

/// A `MarkdownNode` as JSON: its kind's name, the kind's values, and its children. Positions are
/// left out (the plain-text renderer does not read them).
struct RecordedMarkdownNode: Codable {
    let kind: String
    let values: [String]?
    let children: [RecordedMarkdownNode]?

    private static let origin = MarkdownNode.Position(line: 1, column: 1, offset: 0)

    init(_ node: MarkdownNode) {
        let values: [String]
        switch node.kind {
        case .document, .paragraph, .blockQuote, .item, .thematicBreak, .tableCell, .softBreak, .lineBreak, .emphasis,
            .strong, .strikethrough:
            values = []
        case .heading(let level): values = [String(level)]
        case .list(let ordered, let start, let tight): values = [String(ordered), String(start), String(tight)]
        case .codeBlock(let info, let literal): values = [info, literal]
        case .htmlBlock(let literal), .htmlInline(let literal), .text(let literal), .code(let literal): values = [literal]
        case .table(let alignments): values = alignments.map { "\($0)" }
        case .tableRow(let isHeader): values = [String(isHeader)]
        case .link(let url, let title), .image(let url, let title): values = [url, title]
        }
        kind = String("\(node.kind)".prefix { $0.isLetter })
        self.values = values.isEmpty ? nil : values
        children = node.children.isEmpty ? nil : node.children.map(RecordedMarkdownNode.init)
    }

    /// The tree this records; a kind it does not know reads as an empty text, which then renders
    /// differently from its recording.
    var node: MarkdownNode {
        let values = values ?? []
        func value(_ index: Int) -> String { index < values.count ? values[index] : "" }
        let kinds: [String: MarkdownNode.Kind] = [
            "document": .document, "paragraph": .paragraph, "heading": .heading(level: Int(value(0)) ?? 0),
            "blockQuote": .blockQuote,
            "list": .list(ordered: value(0) == "true", start: Int(value(1)) ?? 0, tight: value(2) == "true"),
            "item": .item, "codeBlock": .codeBlock(info: value(0), literal: value(1)), "thematicBreak": .thematicBreak,
            "htmlBlock": .htmlBlock(literal: value(0)),
            "table": .table(alignments: values.map { ["left": .left, "center": .center, "right": .right][$0] ?? .none }),
            "tableRow": .tableRow(isHeader: value(0) == "true"), "tableCell": .tableCell, "text": .text(value(0)),
            "softBreak": .softBreak, "lineBreak": .lineBreak, "code": .code(value(0)),
            "htmlInline": .htmlInline(literal: value(0)), "emphasis": .emphasis, "strong": .strong,
            "strikethrough": .strikethrough, "link": .link(url: value(0), title: value(1)),
            "image": .image(url: value(0), title: value(1)),
        ]
        return MarkdownNode(
            kinds[kind] ?? .text(""), children: (children ?? []).map(\.node), start: Self.origin,
            end: Self.origin)
    }
}
