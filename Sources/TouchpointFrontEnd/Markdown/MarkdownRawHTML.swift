import TouchpointCore

/// A piece of raw HTML in a Markdown body: an HTML block or an inline tag, comment or declaration.
/// Raw HTML is an error unless the practice sets `allow_html: true`; this says where it is.
public struct MarkdownRawHTML: Sendable, Equatable {
    public let literal: String
    public let isBlock: Bool
    public let start: MarkdownNode.Position
    public let end: MarkdownNode.Position

    public init(literal: String, isBlock: Bool, start: MarkdownNode.Position, end: MarkdownNode.Position) {
        self.literal = literal
        self.isBlock = isBlock
        self.start = start
        self.end = end
    }

    /// The bytes of the Markdown text the HTML was written as.
    public var byteRange: Range<Int> { start.offset..<max(start.offset, end.offset) }
}

extension MarkdownDocument {
    /// Every piece of raw HTML, in the order it appears.
    public var rawHTML: [MarkdownRawHTML] {
        var found: [MarkdownRawHTML] = []
        var pending = [root]
        while let node = pending.popLast() {
            switch node.kind {
            case .htmlBlock(let literal):
                found.append(MarkdownRawHTML(literal: literal, isBlock: true, start: node.start, end: node.end))
            case .htmlInline(let literal):
                found.append(MarkdownRawHTML(literal: literal, isBlock: false, start: node.start, end: node.end))
            default:
                pending.append(contentsOf: node.children.reversed())
            }
        }
        return found
    }
}
