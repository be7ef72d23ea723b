import TouchpointCore

/// A link or an image of a Markdown body, with where it stands, for the checks of its address.
public struct MarkdownLink: Sendable, Equatable {
    /// The address as written, after escapes and entities are resolved.
    public let url: String
    public let isImage: Bool
    public let start: MarkdownNode.Position
    public let end: MarkdownNode.Position

    /// The schemes a link may use: a mail client drops or blocks the others (`javascript:`,
    /// `vbscript:`, `file:`, `data:` …), and cmark-gfm renders them as an empty `href`.
    public static let allowedSchemes: Set<String> = ["https", "http", "mailto", "tel"]

    /// The address's scheme, lowercased, when it has one (`https` of `https://…`); `nil` for a
    /// relative address or one that starts with a merged value.
    public var scheme: String? {
        let trimmed = url.drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let name = trimmed[..<colon]
        guard let first = name.first, first.isASCII, first.isLetter,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return name.lowercased()
    }

    /// Whether the address may stand in a message: no scheme, an allowed one, or for an image an
    /// inline picture (`data:image/png;…` and the like).
    public var isAllowed: Bool {
        guard let scheme else { return true }
        if Self.allowedSchemes.contains(scheme) { return true }
        let lower = url.lowercased()
        return isImage && ["png", "gif", "jpeg", "webp"].contains { lower.hasPrefix("data:image/" + $0) }
    }

    /// The bytes of the Markdown text the link was written as.
    public var byteRange: Range<Int> { start.offset..<max(start.offset, end.offset) }
}

extension MarkdownDocument {
    /// Every link and image, in the order they appear.
    public var links: [MarkdownLink] {
        var found: [MarkdownLink] = []
        var pending = [root]
        while let node = pending.popLast() {
            switch node.kind {
            case .link(let url, _):
                found.append(MarkdownLink(url: url, isImage: false, start: node.start, end: node.end))
            case .image(let url, _):
                found.append(MarkdownLink(url: url, isImage: true, start: node.start, end: node.end))
            default:
                break
            }
            pending.append(contentsOf: node.children.reversed())
        }
        return found
    }
}
