import TouchpointCore

/// One node of a parsed Markdown body: what it is, what it contains, and where it came from.
///
/// The tree is immutable and holds no reference to the C parser's objects; ``MarkdownDocument``
/// builds it from cmark-gfm's tree and frees that tree before returning.
public struct MarkdownNode: Sendable, Equatable {
    /// Column alignment of a GitHub table.
    public enum Alignment: Sendable, Equatable {
        case none
        case left
        case center
        case right
    }

    public enum Kind: Sendable, Equatable {
        // Blocks.
        case document
        case paragraph
        case heading(level: Int)
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        /// `info` is the fence's info string ("" for an indented block); `literal` ends with a newline.
        case codeBlock(info: String, literal: String)
        case thematicBreak
        case htmlBlock(literal: String)
        case table(alignments: [Alignment])
        case tableRow(isHeader: Bool)
        case tableCell
        // Inlines.
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(literal: String)
        case emphasis
        case strong
        case strikethrough
        /// `url` as written (after backslash escapes and entities are resolved), also when the HTML
        /// renderer leaves it out as unsafe.
        case link(url: String, title: String)
        case image(url: String, title: String)
    }

    /// A place in the Markdown text.
    public struct Position: Sendable, Equatable, Comparable {
        /// 1-based line; lines end at LF, CR or CRLF.
        public let line: Int
        /// 1-based column in UTF-8 bytes, as cmark-gfm counts it.
        public let column: Int
        /// Byte offset into the UTF-8 text, for mapping back into the file the text came from.
        public let offset: Int

        public init(line: Int, column: Int, offset: Int) {
            self.line = line
            self.column = column
            self.offset = offset
        }

        public static func < (lhs: Position, rhs: Position) -> Bool { lhs.offset < rhs.offset }
    }

    public let kind: Kind
    public let children: [MarkdownNode]
    /// Where the node starts. Nodes the parser gives no position (GFM autolinks and what they
    /// contain) take their parent's.
    public let start: Position
    /// Just past the node's last byte.
    public let end: Position

    public init(_ kind: Kind, children: [MarkdownNode] = [], start: Position, end: Position) {
        self.kind = kind
        self.children = children
        self.start = start
        self.end = end
    }

    /// The source bytes the node covers.
    public var byteRange: Range<Int> { start.offset..<max(start.offset, end.offset) }

    /// Whether the node is an inline (text-level) node rather than a block.
    public var isInline: Bool {
        switch kind {
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .strikethrough, .link, .image:
            true
        case .document, .paragraph, .heading, .blockQuote, .list, .item, .codeBlock, .thematicBreak, .htmlBlock,
            .table, .tableRow, .tableCell:
            false
        }
    }
}
