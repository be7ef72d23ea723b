internal import CMarkGFM
import TouchpointCore

/// A Markdown body parsed once by cmark-gfm (CommonMark with GitHub tables, autolinks and
/// strikethrough): cmark-gfm's own HTML for it and an immutable Swift tree of it, both from the
/// same parse.
///
/// Unless `allowHTML` is set the HTML is cmark-gfm's safe rendering: raw HTML becomes
/// `<!-- raw HTML omitted -->`, and `javascript:`, `vbscript:`, `file:` and `data:` URLs (other
/// than `data:image/png`, `gif`, `jpeg` and `webp`) become empty. The tree keeps everything as
/// written, so a checker can find raw HTML (``rawHTML``) and report it at its place.
public struct MarkdownDocument: Sendable {
    /// Deepest nesting kept in the tree; containers below it give their contents to the container
    /// at this depth, so walking, comparing and freeing the tree never recurse without bound.
    /// The HTML keeps every level.
    public static let maxDepth = 64

    public let root: MarkdownNode
    public let html: String
    /// Whether raw HTML and every URL are rendered as written.
    public let allowsHTML: Bool

    public init(parsing markdown: String, allowHTML: Bool = false) {
        let parsed = CMarkGFMParse.run(markdown, allowHTML: allowHTML)
        self.root = parsed.root
        self.html = parsed.html
        self.allowsHTML = allowHTML
    }
}

/// cmark-gfm keeps the characters that start inline syntax in process-wide tables, and every parse
/// adds its extensions' characters to them and removes them again, so two parses at the same time
/// would see each other's changes. Parses take turns, for feeding and finishing and nothing else.
///
/// Finishing parses every paragraph's inlines between adding the characters and removing them.
/// Feeding takes the turn too: in 0.29.0.gfm.6 it does not read the tables, but later 0.29
/// releases parse a candidate table row's inlines while feeding, under the same switches
/// (`row_from_string`), and the system library may be any of them. Making the parser and attaching
/// its extensions (the registry is complete before any parse), rendering the HTML, building the
/// Swift tree and freeing everything touch only this parse's own objects and stay outside.
private let cmarkParserTurn = Lock()

/// cmark-gfm's GitHub extensions, registered once per process before the first parse looks them up.
/// Swift runs a static's initializer exactly once, and every thread that reads the static after it
/// sees the registry complete.
private enum CoreExtensions {
    static let areRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()
}

/// One run of cmark-gfm over one body. Every C object the run makes (parser, document tree,
/// rendered HTML) is created and freed in ``run(_:allowHTML:)`` and nowhere else.
private enum CMarkGFMParse {
    static let extensionNames = ["table", "autolink", "strikethrough"]

    static func run(_ markdown: String, allowHTML: Bool) -> (root: MarkdownNode, html: String) {
        var text = markdown
        let options = CMARK_OPT_VALIDATE_UTF8 | (allowHTML ? CMARK_OPT_UNSAFE : CMARK_OPT_DEFAULT)
        let empty = MarkdownNode(
            .document, start: .init(line: 1, column: 1, offset: 0),
            end: .init(line: 1, column: 1, offset: 0))

        guard let parser = cmark_parser_new(options) else { return (empty, "") }
        defer { cmark_parser_free(parser) }

        // Looking the extensions up reads the registry, which nothing writes once it is complete,
        // and attaching them changes only this parser: neither needs the turn.
        if CoreExtensions.areRegistered {
            for name in extensionNames {
                if let syntax = cmark_find_syntax_extension(name) {
                    _ = cmark_parser_attach_syntax_extension(parser, syntax)
                }
            }
        }
        var parsed: OpaquePointer?
        cmarkParserTurn.withLock {
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { cmark_parser_feed(parser, $0, bytes.count) }
            }
            parsed = cmark_parser_finish(parser)
        }
        guard let document = parsed else { return (empty, "") }
        defer { cmark_node_free(document) }
        if MarkdownEscaper.containsValueMarks(text) { MergedValues.settle(in: document, markdown: Array(text.utf8)) }

        let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))
        defer {
            if let rendered, let allocator = cmark_get_default_mem_allocator() { allocator.pointee.free(rendered) }
        }
        var html = rendered.map { String(cString: $0) } ?? ""

        // A merged value's `@` stood in as `MarkdownEscaper.mergedAt`, so that no value is ever
        // autolinked; now that the document is parsed, it is an `@` again.
        let restoresAt = MarkdownEscaper.containsMergedAt(text)
        if restoresAt {
            html = html.replacingAll(MarkdownEscaper.mergedAt, with: "@")
                .replacingAll(MarkdownEscaper.mergedAtPercentEncoded, with: "@")
        }
        var builder = TreeBuilder(text: text, restoresAt: restoresAt)
        return (builder.build(document) ?? empty, html)
    }
}

/// Walks cmark-gfm's tree without recursion and builds the Swift tree from it.
private struct TreeBuilder {
    typealias Position = MarkdownNode.Position

    private struct Frame {
        let node: OpaquePointer
        let kind: MarkdownNode.Kind
        let start: Position
        let end: Position
        var children: [MarkdownNode] = []
    }

    /// Byte offset of the start of each line.
    private let lineStarts: [Int]
    private let length: Int
    /// The nodes being built, root first. A C node too deep for the tree, or of a kind the tree
    /// does not model, gets no frame: its children go to the frame above.
    private var stack: [Frame] = []
    /// Whether the text holds `MarkdownEscaper.mergedAt`, to be read as `@`.
    private let restoresAt: Bool

    init(text: String, restoresAt: Bool) {
        self.restoresAt = restoresAt
        var text = text
        var starts = [0]
        text.withUTF8 { bytes in
            func look(at offset: Int) {
                let byte = bytes[offset]
                guard byte == 0x0A || byte == 0x0D else { return }
                if byte == 0x0A, offset > 0, bytes[offset - 1] == 0x0D {
                    starts[starts.count - 1] = offset + 1
                } else {
                    starts.append(offset + 1)
                }
            }
            // Eight bytes at a time: a line is long, and a word of eight bytes none of which is
            // below 14 (the test is exact for "any byte below n", n up to 128) holds no line end.
            var offset = 0
            let raw = UnsafeRawBufferPointer(bytes)
            while offset + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                if (word &- 0x0E0E_0E0E_0E0E_0E0E) & ~word & 0x8080_8080_8080_8080 != 0 {
                    for index in offset..<(offset + 8) { look(at: index) }
                }
                offset += 8
            }
            for index in offset..<bytes.count { look(at: index) }
        }
        self.lineStarts = starts
        self.length = text.utf8.count
        stack.reserveCapacity(16)
    }

    mutating func build(_ root: OpaquePointer) -> MarkdownNode? {
        var result: MarkdownNode?
        var node = root
        walk: while true {
            enter(node)
            if let child = cmark_node_first_child(node) {
                node = child
                continue
            }
            while true {
                if let built = leave(node) { result = built }
                if node == root { break walk }
                if let next = cmark_node_next(node) {
                    node = next
                    break
                }
                guard let parent = cmark_node_parent(node) else { break walk }
                node = parent
            }
        }
        return result
    }

    private mutating func enter(_ node: OpaquePointer) {
        let hasChildren = cmark_node_first_child(node) != nil
        guard !(hasChildren && stack.count >= MarkdownDocument.maxDepth), let kind = kind(of: node) else { return }
        // The parent's positions, read in place: copying its frame would copy its children too.
        let inherited = stack.indices.last
        let fallbackStart = inherited.map { stack[$0].start } ?? Position(line: 1, column: 1, offset: 0)
        let start =
            startPosition(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
            ?? fallbackStart
        let end =
            endPosition(line: cmark_node_get_end_line(node), column: cmark_node_get_end_column(node))
            ?? inherited.map { stack[$0].end } ?? start
        var frame = Frame(node: node, kind: kind, start: start, end: max(start, end))
        if hasChildren { frame.children.reserveCapacity(Self.childCount(of: node)) }
        stack.append(frame)
    }

    private static func childCount(of node: OpaquePointer) -> Int {
        var count = 0
        var child = cmark_node_first_child(node)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    /// Finishes the node's frame and hands the result to its parent; returns it when it is the root.
    private mutating func leave(_ node: OpaquePointer) -> MarkdownNode? {
        guard let last = stack.indices.last, stack[last].node == node else { return nil }
        let top = stack.removeLast()
        let built = MarkdownNode(top.kind, children: top.children, start: top.start, end: top.end)
        if stack.isEmpty { return built }
        stack[stack.count - 1].children.append(built)
        return nil
    }

    private func startPosition(line: Int32, column: Int32) -> Position? {
        guard line >= 1, column >= 1 else { return nil }
        let line = Int(line)
        let lineStart = line <= lineStarts.count ? lineStarts[line - 1] : length
        return Position(line: line, column: Int(column), offset: min(lineStart + Int(column) - 1, length))
    }

    /// cmark-gfm's end column is that of the node's last byte; the position returned is just past it.
    private func endPosition(line: Int32, column: Int32) -> Position? {
        guard line >= 1, column >= 0 else { return nil }
        let line = Int(line)
        let lineStart = line <= lineStarts.count ? lineStarts[line - 1] : length
        return Position(line: line, column: Int(column) + 1, offset: min(lineStart + Int(column), length))
    }

    private func kind(of node: OpaquePointer) -> MarkdownNode.Kind? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST:
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: literal(node))
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock(literal: literal(node))
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_TEXT: return .text(literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code(literal(node))
        case CMARK_NODE_HTML_INLINE: return .htmlInline(literal: literal(node))
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK:
            return .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case CMARK_NODE_IMAGE:
            return .image(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        default:
            return extensionKind(of: node)
        }
    }

    /// Nodes of the GitHub extensions, whose type numbers are assigned when the extensions register.
    private func extensionKind(of node: OpaquePointer) -> MarkdownNode.Kind? {
        switch string(cmark_node_get_type_string(node)) {
        case "table":
            let columns = Int(cmark_gfm_extensions_get_table_columns(node))
            let raw = cmark_gfm_extensions_get_table_alignments(node)
            let alignments = (0..<columns).map { column -> MarkdownNode.Alignment in
                switch raw?[column] {
                case UInt8(ascii: "l"): .left
                case UInt8(ascii: "c"): .center
                case UInt8(ascii: "r"): .right
                default: .none
                }
            }
            return .table(alignments: alignments)
        case "table_header", "table_row":
            return .tableRow(isHeader: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        case "table_cell": return .tableCell
        case "strikethrough": return .strikethrough
        default: return nil
        }
    }

    private func literal(_ node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String {
        let text = pointer.map { String(cString: $0) } ?? ""
        return restoresAt ? text.replacingAll(MarkdownEscaper.mergedAt, with: "@") : text
    }
}

/// Merged values that ``MarkdownEscaper`` escaped stand between its value marks. Once the document
/// is parsed, each is made the value's own text again where Markdown takes text literally: in a
/// code span or code block its escapes are taken out, and in raw HTML (`allow_html`) it is written
/// HTML-escaped. Everywhere else cmark-gfm has already resolved the escapes, and only the marks go.
private enum MergedValues {
    static func settle(in document: OpaquePointer, markdown: [UInt8]) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                update(cmark_node_get_literal(node), as: .code) { cmark_node_set_literal(node, $0) }
                if cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK {
                    update(cmark_node_get_fence_info(node), as: .text) { cmark_node_set_fence_info(node, $0) }
                }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                update(cmark_node_get_literal(node), as: .html) { cmark_node_set_literal(node, $0) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                // An autolink, `<https://…>`, takes its text literally, escapes and all: it starts
                // with '<', and its one text child is its address as written.
                if let child = cmark_node_first_child(node), cmark_node_get_type(child) == CMARK_NODE_TEXT,
                    cmark_node_next(child) == nil,
                    byte(in: markdown, line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node))
                        == UInt8(ascii: "<")
                {
                    update(cmark_node_get_url(node), as: .code) { cmark_node_set_url(node, $0) }
                    update(cmark_node_get_literal(child), as: .code) { cmark_node_set_literal(child, $0) }
                }
                update(cmark_node_get_url(node), as: .text) { cmark_node_set_url(node, $0) }
                update(cmark_node_get_title(node), as: .text) { cmark_node_set_title(node, $0) }
            default:
                update(cmark_node_get_literal(node), as: .text) { cmark_node_set_literal(node, $0) }
            }
        }
    }

    enum Place {
        /// The escapes are resolved already.
        case text
        /// The escapes are written out: take them back.
        case code
        /// Take them back, and escape the value for HTML.
        case html
    }

    private static func update(_ pointer: UnsafePointer<CChar>?, as place: Place, set: (String) -> Int32) {
        guard let pointer else { return }
        let bytes = Array(String(cString: pointer).utf8)
        guard let settled = settled(bytes, place: place) else { return }
        _ = set(String(decoding: settled, as: UTF8.self))
    }

    /// The byte at a 1-based line and byte column of `markdown`; `nil` outside it.
    static func byte(in markdown: [UInt8], line: Int32, column: Int32) -> UInt8? {
        guard line >= 1, column >= 1 else { return nil }
        var offset = 0
        var lines = 1
        while lines < line {
            guard let end = markdown[offset...].firstIndex(of: 0x0A) else { return nil }
            offset = end + 1
            lines += 1
        }
        let index = offset + Int(column) - 1
        return index < markdown.count ? markdown[index] : nil
    }

    /// The bytes with every marked value settled for `place`; `nil` when they hold no mark.
    static func settled(_ bytes: [UInt8], place: Place) -> [UInt8]? {
        let start = MarkdownEscaper.valueStartUTF8
        let end = MarkdownEscaper.valueEndUTF8
        func isMark(_ mark: [UInt8], at index: Int) -> Bool {
            index + 2 < bytes.count && bytes[index] == mark[0] && bytes[index + 1] == mark[1] && bytes[index + 2] == mark[2]
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inValue = false
        var sawMark = false
        var index = 0
        while index < bytes.count {
            if isMark(start, at: index) || isMark(end, at: index) {
                inValue = isMark(start, at: index)
                sawMark = true
                index += 3
                continue
            }
            var byte = bytes[index]
            var length = 1
            if inValue, place != .text {
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, MarkdownEscaper.isASCIIPunctuation(bytes[index + 1]) {
                    byte = bytes[index + 1]
                    length = 2
                } else if bytes[index...].starts(with: "&#32;".utf8) {
                    byte = 0x20
                    length = 5
                } else if bytes[index...].starts(with: "&#9;".utf8) {
                    byte = 0x09
                    length = 4
                }
            }
            if inValue, place == .html {
                switch byte {
                case UInt8(ascii: "&"): out += "&amp;".utf8
                case UInt8(ascii: "<"): out += "&lt;".utf8
                case UInt8(ascii: ">"): out += "&gt;".utf8
                case UInt8(ascii: "\""): out += "&quot;".utf8
                case UInt8(ascii: "'"): out += "&#39;".utf8
                default: out.append(byte)
                }
            } else {
                out.append(byte)
            }
            index += length
        }
        return sawMark ? out : nil
    }
}
