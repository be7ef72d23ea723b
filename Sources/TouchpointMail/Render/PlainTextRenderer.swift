import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Renders a Markdown tree as the readable plain text of a message's `text/plain` part.
///
/// Paragraphs are wrapped at ``width`` display columns wherever a space allows (a word or a URL
/// is never broken, so a longer one overflows its line); headings are underlined (`=` for level 1,
/// `-` below it); lists keep their markers with hanging indentation; block quotes are prefixed
/// `> `; code blocks are indented four spaces and never wrapped; links read `text (url)`; tables
/// become aligned columns under a separator line. Emphasis, strong and strikethrough keep their
/// text and lose their markup.
///
/// Like the HTML part, raw HTML and `javascript:`, `vbscript:`, `file:` and (non-image) `data:`
/// URLs are left out unless ``allowsHTML`` is set; then raw HTML contributes its text without tags.
public struct PlainTextRenderer: Sendable {
    public static let defaultWidth = 72
    /// Narrowest width nested blocks are wrapped to, however deep they sit.
    package static let minimumWidth = 20

    public var width: Int
    /// Whether raw HTML (as text) and unsafe URLs are shown, as in ``MarkdownDocument/allowsHTML``.
    public var allowsHTML: Bool

    public init(width: Int = PlainTextRenderer.defaultWidth, allowHTML: Bool = false) {
        self.width = width
        self.allowsHTML = allowHTML
    }

    /// The text of `node` and everything under it; lines end with `\n`, none has trailing spaces.
    public func render(_ node: MarkdownNode) -> String {
        var writer = PlainTextWriter(allowsHTML: allowsHTML)
        if node.isInline {
            writer.paragraph(CollectionOfOne(node), width: max(width, 1))
        } else {
            writer.block(node, width: max(width, 1), listDepth: 0)
        }
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// cmark-gfm's rule for URLs its safe HTML leaves out: `javascript:`, `vbscript:`, `file:` and
    /// `data:` other than `data:image/png`, `gif`, `jpeg` and `webp`, in any letter case.
    package static func isUnsafe(_ url: String) -> Bool {
        // The longest prefix looked at is 15 characters; when the first 16 bytes are ASCII each
        // is a character of its own and a byte comparison gives the answer.
        if url.utf8.prefix(16).allSatisfy({ $0 < 0x80 }) {
            let bytes = url.utf8
            if ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
                .contains(where: { ASCIIText.hasPrefix(bytes, $0) })
            {
                return false
            }
            return ["javascript:", "vbscript:", "file:", "data:"].contains { ASCIIText.hasPrefix(bytes, $0) }
        }
        let lower = String(url.prefix(16)).lowercased()
        if ["png", "gif", "jpeg", "webp"].contains(where: { lower.hasPrefix("data:image/" + $0) }) { return false }
        return ["javascript:", "vbscript:", "file:", "data:"].contains { lower.hasPrefix($0) }
    }

    /// Display columns of `text`: one a byte for printable ASCII, ``DisplayWidth`` otherwise.
    package static func columns(_ text: some StringProtocol) -> Int {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? text.utf8.count : DisplayWidth.of(text)
    }

    package static func columns(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? bytes.count : bytes.withUnsafeBufferPointer { DisplayWidth.of(utf8: $0) }
    }
}

/// One rendering: the text so far as UTF-8, and the block quotes and list items the next line
/// sits in. A block writes its lines as it goes; each line gets the prefixes of the blocks around
/// it, loses its trailing spaces and tabs, and ends with `\n`.
private struct PlainTextWriter {
    let allowsHTML: Bool
    private(set) var out: [UInt8] = []
    private var lineCount = 0
    /// The blocks around the next line, outermost first.
    private var frames: [Frame] = []
    /// The text of the paragraph or heading being wrapped, and the byte ranges of its lines.
    private var inline: [UInt8] = []
    private var lineRanges: [Range<Int>] = []

    init(allowsHTML: Bool) {
        self.allowsHTML = allowsHTML
        out.reserveCapacity(2_048)
        inline.reserveCapacity(1_024)
    }

    private struct Frame {
        /// The list item's marker (`* `, `- `, `3. `); `nil` for a block quote.
        let marker: String?
        /// Whether the item has had no line yet: its first line starts with the marker.
        var isFirst = true
        /// What this frame puts in front of the line being written.
        var piece = Piece.nothing
    }

    private enum Piece {
        case nothing
        /// `>` in front of an empty line, `> ` in front of any other.
        case quoteMark
        case quotePrefix
        case marker
        /// As many spaces as the marker is wide.
        case indent
    }

    // MARK: - Lines

    /// Writes one line inside the current frames. An empty line stays empty inside a list item
    /// (other than its first) and becomes `>` inside a quote.
    private mutating func emit<Content: Collection<UInt8>>(_ content: Content) {
        let lineStart = out.count
        var isEmpty = content.isEmpty
        for index in frames.indices.reversed() {
            if frames[index].marker == nil {
                frames[index].piece = isEmpty ? .quoteMark : .quotePrefix
                isEmpty = false
            } else if frames[index].isFirst {
                frames[index].isFirst = false
                frames[index].piece = .marker
                isEmpty = false
            } else {
                frames[index].piece = isEmpty ? .nothing : .indent
            }
        }
        for index in frames.indices {
            switch frames[index].piece {
            case .nothing: break
            case .quoteMark: out.append(UInt8(ascii: ">"))
            case .quotePrefix: out.append("> ")
            case .marker: out.append(contentsOf: (frames[index].marker ?? "").utf8)
            case .indent: out.append(contentsOf: repeatElement(0x20, count: frames[index].marker?.utf8.count ?? 0))
            }
        }
        out.append(contentsOf: content)
        trimTrailingBlanks(lineStart: lineStart)
        out.append(0x0A)
        lineCount += 1
    }

    private mutating func emitEmptyLine() {
        emit(EmptyCollection<UInt8>())
    }

    /// Drops the spaces and tabs that end the line begun at `lineStart`: those that are characters
    /// of their own. A space after a character that prepends itself to the next one (U+0600, say)
    /// belongs to that character and stays, so beyond ASCII the line is trimmed as a `String`.
    private mutating func trimTrailingBlanks(lineStart: Int) {
        var end = out.count
        while end > lineStart, out[end - 1] == 0x20 || out[end - 1] == 0x09 { end -= 1 }
        guard end < out.count else { return }
        if end == lineStart || out[end - 1] < 0x80 {
            out.removeSubrange(end...)
            return
        }
        let line = String(decoding: out[lineStart...], as: UTF8.self)
        let trimmed: String
        if line.last != " " && line.last != "\t" {
            trimmed = line
        } else if let last = line.lastIndex(where: { $0 != " " && $0 != "\t" }) {
            trimmed = String(line[...last])
        } else {
            trimmed = ""
        }
        out.removeSubrange(lineStart...)
        out.append(contentsOf: trimmed.utf8)
    }

    /// Where the text stood before a block, to take back a blank line written before it when the
    /// block turns out to have no lines.
    private struct Mark {
        let outCount: Int
        let lineCount: Int
    }

    /// Starts a block in a sequence: a blank line first when the sequence has lines and is not
    /// tight.
    private mutating func beginBlock(after hasLines: Bool, tight: Bool) -> (mark: Mark, linesBefore: Int) {
        let mark = Mark(outCount: out.count, lineCount: lineCount)
        if hasLines, !tight { emitEmptyLine() }
        return (mark, lineCount)
    }

    /// Ends a block begun with ``beginBlock(after:tight:)``; whether it wrote any line.
    private mutating func endBlock(_ begun: (mark: Mark, linesBefore: Int)) -> Bool {
        if lineCount > begun.linesBefore { return true }
        out.removeSubrange(begun.mark.outCount...)
        lineCount = begun.mark.lineCount
        return false
    }

    // MARK: - Blocks

    /// A sequence of blocks, a blank line between blocks unless `tight`. Runs of inlines among the
    /// blocks (which only a too-deep tree produces) read as paragraphs.
    private mutating func blocks(_ nodes: [MarkdownNode], width: Int, listDepth: Int, tight: Bool = false) {
        var hasLines = false
        var inlineStart: Int?
        for index in nodes.indices {
            let node = nodes[index]
            if node.isInline {
                if inlineStart == nil { inlineStart = index }
                continue
            }
            if let start = inlineStart {
                let begun = beginBlock(after: hasLines, tight: tight)
                paragraph(nodes[start..<index], width: width)
                hasLines = endBlock(begun) || hasLines
                inlineStart = nil
            }
            let begun = beginBlock(after: hasLines, tight: tight)
            block(node, width: width, listDepth: listDepth)
            hasLines = endBlock(begun) || hasLines
        }
        if let start = inlineStart {
            let begun = beginBlock(after: hasLines, tight: tight)
            paragraph(nodes[start...], width: width)
            _ = endBlock(begun)
        }
    }

    mutating func block(_ node: MarkdownNode, width: Int, listDepth: Int) {
        switch node.kind {
        case .document, .item, .tableRow, .tableCell:
            blocks(node.children, width: width, listDepth: listDepth)
        case .paragraph:
            paragraph(node.children, width: width)
        case .heading(let level):
            setInlineText(node.children)
            wrap(width: width)
            var widest = 0
            for range in lineRanges { widest = max(widest, PlainTextRenderer.columns(inline[range])) }
            guard widest > 0 else { return }
            for range in lineRanges { emit(inline[range]) }
            emit(repeatElement(level <= 1 ? UInt8(ascii: "=") : UInt8(ascii: "-"), count: widest))
        case .blockQuote:
            frames.append(Frame(marker: nil))
            blocks(node.children, width: max(width - 2, PlainTextRenderer.minimumWidth), listDepth: listDepth)
            frames.removeLast()
        case .list(let ordered, let start, let tight):
            list(node.children, ordered: ordered, start: start, tight: tight, width: width, listDepth: listDepth)
        case .codeBlock(_, let literal):
            codeBlock(literal)
        case .thematicBreak:
            emit(repeatElement(UInt8(ascii: "-"), count: min(width, PlainTextRenderer.defaultWidth)))
        case .htmlBlock(let literal):
            if allowsHTML {
                for line in HTMLText.lines(of: literal) { emit(line.utf8) }
            }
        case .table(let alignments):
            for line in table(node.children, alignments: alignments) { emit(line.utf8) }
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .strikethrough, .link, .image:
            paragraph(CollectionOfOne(node), width: width)
        }
    }

    mutating func paragraph(_ nodes: some Collection<MarkdownNode>, width: Int) {
        setInlineText(nodes)
        wrap(width: width)
        for range in lineRanges { emit(inline[range]) }
    }

    private mutating func list(
        _ items: [MarkdownNode], ordered: Bool, start: Int, tight: Bool, width: Int,
        listDepth: Int
    ) {
        var hasLines = false
        var number = start
        for item in items {
            let marker = ordered ? "\(number). " : (listDepth.isMultiple(of: 2) ? "* " : "- ")
            number += 1
            if hasLines, !tight { emitEmptyLine() }
            frames.append(Frame(marker: marker))
            if item.kind == .item {
                blocks(
                    item.children, width: max(width - marker.utf8.count, PlainTextRenderer.minimumWidth),
                    listDepth: listDepth + 1, tight: tight)
            } else {
                blocks(
                    [item], width: max(width - marker.utf8.count, PlainTextRenderer.minimumWidth),
                    listDepth: listDepth + 1, tight: tight)
            }
            if frames.removeLast().isFirst { emit(marker.utf8) }
            hasLines = true
        }
    }

    /// Indented four spaces, never wrapped. Lines end at `\n` alone: a CR LF pair inside the literal
    /// is one character and stays in its line.
    private mutating func codeBlock(_ literal: String) {
        var lineStart = literal.utf8.startIndex
        var previous: UInt8 = 0
        var lines: [Range<String.Index>] = []
        for index in literal.utf8.indices {
            let byte = literal.utf8[index]
            if byte == 0x0A, previous != 0x0D {
                lines.append(lineStart..<index)
                lineStart = literal.utf8.index(after: index)
            }
            previous = byte
        }
        if lineStart < literal.utf8.endIndex { lines.append(lineStart..<literal.utf8.endIndex) }
        for range in lines {
            let line = literal.utf8[range]
            if line.isEmpty {
                emitEmptyLine()
            } else {
                emit([0x20, 0x20, 0x20, 0x20] + line)
            }
        }
    }

    private func table(_ rows: [MarkdownNode], alignments: [MarkdownNode.Alignment]) -> [String] {
        let cells: [(isHeader: Bool, texts: [String])] = rows.map { row in
            let isHeader = if case .tableRow(isHeader: true) = row.kind { true } else { false }
            let texts = row.children.map { cell in
                inlineString(cell.children).split(separator: "\n").joined(separator: " ")
                    .trimmed(" ")
            }
            return (isHeader, texts)
        }
        let columns = max(alignments.count, cells.map(\.texts.count).max() ?? 0)
        guard columns > 0 else { return [] }
        var widths = Array(repeating: 1, count: columns)
        for row in cells {
            for (column, text) in row.texts.enumerated() {
                widths[column] = max(widths[column], PlainTextRenderer.columns(text))
            }
        }
        let separator = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines: [String] = []
        for (index, row) in cells.enumerated() {
            if index > 0, cells[index - 1].isHeader, !row.isHeader { lines.append(separator) }
            let padded = (0..<columns).map { column in
                pad(
                    column < row.texts.count ? row.texts[column] : "", to: widths[column],
                    alignment: column < alignments.count ? alignments[column] : .none)
            }
            lines.append(padded.joined(separator: "  "))
        }
        if cells.last?.isHeader == true { lines.append(separator) }
        return lines
    }

    private func pad(_ text: String, to width: Int, alignment: MarkdownNode.Alignment) -> String {
        let room = max(0, width - PlainTextRenderer.columns(text))
        switch alignment {
        case .right:
            return String(repeating: " ", count: room) + text
        case .center:
            return String(repeating: " ", count: room / 2) + text + String(repeating: " ", count: room - room / 2)
        case .left, .none:
            return text + String(repeating: " ", count: room)
        }
    }

    // MARK: - Inlines

    private mutating func setInlineText(_ nodes: some Collection<MarkdownNode>) {
        inline.removeAll(keepingCapacity: true)
        appendInlines(nodes, to: &inline, from: 0)
    }

    /// The text of inline nodes on one logical line; `\n` marks a hard line break.
    private func inlineString(_ nodes: [MarkdownNode]) -> String {
        var text: [UInt8] = []
        appendInlines(nodes, to: &text, from: 0)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of `nodes` to `text`, whose bytes from `start` on are the text being built.
    private func appendInlines(_ nodes: some Collection<MarkdownNode>, to text: inout [UInt8], from start: Int) {
        for node in nodes {
            switch node.kind {
            case .text(let literal), .code(let literal):
                text.append(contentsOf: literal.utf8)
            case .softBreak:
                text.append(0x20)
            case .lineBreak:
                text.append(0x0A)
            case .htmlInline(let literal):
                if allowsHTML, HTMLText.isLineBreak(literal) { text.append(0x0A) }
            case .link(let url, _):
                let labelStart = text.count
                appendInlines(node.children, to: &text, from: labelStart)
                let label = String(decoding: text[labelStart...], as: UTF8.self)
                let shown = link(text: label, url: url)
                text.removeSubrange(labelStart...)
                text.append(contentsOf: shown.utf8)
            case .image:
                let altStart = text.count
                appendInlines(node.children, to: &text, from: altStart)
                let alt = Self.joiningLines(text[altStart...])
                text.removeSubrange(altStart...)
                if alt.isEmpty {
                    text.append("[image]")
                } else {
                    text.append("[image: ")
                    text.append(contentsOf: alt)
                    text.append(UInt8(ascii: "]"))
                }
            case .emphasis, .strong, .strikethrough:
                appendInlines(node.children, to: &text, from: start)
            case .document, .paragraph, .heading, .blockQuote, .list, .item, .codeBlock, .thematicBreak, .htmlBlock,
                .table, .tableRow, .tableCell:
                if text.count > start, !Self.endsWithSpaceCharacter(text[start...]) { text.append(0x20) }
                appendInlines(node.children, to: &text, from: start)
            }
        }
    }

    /// Whether the last character of `text` is a space. A space after a character that prepends
    /// itself to the next one is part of that character, so beyond ASCII `String` decides.
    private static func endsWithSpaceCharacter(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.last == 0x20 else { return false }
        let before = text.index(before: text.endIndex)
        if before == text.startIndex || text[text.index(before: before)] < 0x80 { return true }
        return String(decoding: text, as: UTF8.self).last == " "
    }

    /// The lines of `text` joined with single spaces, empty lines left out. A line ends at `\n`
    /// alone (CR LF is one character).
    private static func joiningLines(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count)
        var pieceStart = text.startIndex
        var previous: UInt8 = 0
        func add(_ piece: Range<Int>) {
            guard !piece.isEmpty else { return }
            if !joined.isEmpty { joined.append(0x20) }
            joined.append(contentsOf: text[piece])
        }
        for index in text.indices {
            let byte = text[index]
            if byte == 0x0A, previous != 0x0D {
                add(pieceStart..<index)
                pieceStart = index + 1
            }
            previous = byte
        }
        add(pieceStart..<text.endIndex)
        return joined
    }

    /// `text (url)`, or just the URL when the text is the URL (autolinks), or just the text when
    /// the URL is empty or unsafe. `mailto:` is not shown; spaces in a URL are written `%20` so a
    /// URL is one unbreakable word.
    private func link(text: String, url: String) -> String {
        if url.isEmpty || (!allowsHTML && PlainTextRenderer.isUnsafe(url)) { return text }
        let shown = Self.withoutMailto(Self.spacesEncoded(url))
        let label = text.trimmed(" ")
        if label.isEmpty { return shown }
        if label == url || label == shown { return shown }
        if label == Self.withoutHTTPScheme(url) { return label }
        return "\(text) (\(shown))"
    }

    /// `url` with each space written `%20`, also one that a combining mark follows.
    private static func spacesEncoded(_ url: String) -> String {
        PercentEncoding.encode(url) { $0 != UInt8(ascii: " ") }
    }

    /// `url` without a leading `mailto:` in any letter case.
    private static func withoutMailto(_ url: String) -> String {
        if url.utf8.prefix(8).allSatisfy({ $0 < 0x80 }) {
            guard ASCIIText.hasPrefix(url.utf8, "mailto:") else { return url }
            return String(decoding: url.utf8.dropFirst(7), as: UTF8.self)
        }
        var shown = url
        if shown.lowercased().hasPrefix("mailto:") { shown.removeFirst("mailto:".count) }
        return shown
    }

    /// `url` without a leading `http://` or `https://` in any letter case; `nil` without one.
    private static func withoutHTTPScheme(_ url: String) -> String? {
        if url.utf8.prefix(9).allSatisfy({ $0 < 0x80 }) {
            for scheme in ["http://", "https://"] where ASCIIText.hasPrefix(url.utf8, scheme) {
                return String(decoding: url.utf8.dropFirst(scheme.utf8.count), as: UTF8.self)
            }
            return nil
        }
        return ["http://", "https://"].first { url.lowercased().hasPrefix($0) }.map { String(url.dropFirst($0.count)) }
    }

    // MARK: - Wrapping

    /// Breaks ``inline`` into lines of at most `width` display columns at spaces, into
    /// ``lineRanges``; `\n` always breaks. Spaces inside a line are kept as they are; spaces where
    /// a line is broken are dropped, and so are empty lines at the end. Works on UTF-8 bytes: a
    /// space or a line feed byte is never part of a longer character, so each line is one range.
    private mutating func wrap(width: Int) {
        var lines: [Range<Int>] = []
        swap(&lines, &lineRanges)
        lines.removeAll(keepingCapacity: true)
        inline.withUnsafeBufferPointer { bytes in
            let count = bytes.count
            var lineStart = 0
            var lineEnd = 0
            var lineWidth = 0
            var hasWord = false
            var spaces = 0
            var index = 0
            while index <= count {
                if index == count || bytes[index] == 0x0A {
                    lines.append(hasWord ? lineStart..<lineEnd : index..<index)
                    hasWord = false
                    lineWidth = 0
                    spaces = 0
                    index += 1
                    lineStart = index
                    continue
                }
                if bytes[index] == 0x20 {
                    spaces += 1
                    index += 1
                    continue
                }
                var end = index
                var isPrintableASCII = true
                func scanWord() {
                    while end < count, bytes[end] != 0x20, bytes[end] != 0x0A {
                        if bytes[end] < 0x20 || bytes[end] >= 0x7F { isPrintableASCII = false }
                        end += 1
                    }
                }
                scanWord()
                // A phone number or a time written with single spaces — (402) 555-0100,
                // +1 402 555 0100, 9:30 AM — is one word: it never breaks across lines.
                var wordStart = index
                while end + 1 < count, bytes[end] == 0x20, bytes[end + 1] != 0x20, bytes[end + 1] != 0x0A {
                    let word = UnsafeBufferPointer(rebasing: bytes[wordStart..<end])
                    var next = end + 1
                    while next < count, bytes[next] != 0x20, bytes[next] != 0x0A { next += 1 }
                    let following = UnsafeBufferPointer(rebasing: bytes[(end + 1)..<next])
                    guard next - index <= PlainTextWriter.longestUnbrokenRun, PlainTextWriter.isNumeric(word),
                        PlainTextWriter.isNumeric(following) || PlainTextWriter.isMeridiem(following)
                    else { break }
                    wordStart = end + 1
                    end += 1
                    scanWord()
                }
                let wordWidth =
                    isPrintableASCII
                    ? end - index
                    : DisplayWidth.of(utf8: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                if !hasWord || lineWidth + spaces + wordWidth <= width {
                    if !hasWord { lineStart = index - spaces }
                    lineWidth += spaces + wordWidth
                } else {
                    lines.append(lineStart..<lineEnd)
                    lineStart = index
                    lineWidth = wordWidth
                }
                lineEnd = end
                hasWord = true
                spaces = 0
                index = end
            }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        swap(&lines, &lineRanges)
    }
}

extension PlainTextWriter {
    /// The longest run of words kept on one line as a number, in bytes.
    static let longestUnbrokenRun = 24

    /// Whether a word is part of a number as people write phone numbers, times and amounts: it
    /// has a digit, and besides digits only `+ ( ) - . / :` (and a `,` or `;` after it).
    static func isNumeric(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var body = word[...]
        while let last = body.last, last == UInt8(ascii: ",") || last == UInt8(ascii: ";") {
            body = body.dropLast()
        }
        var sawDigit = false
        for byte in body {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"),
                UInt8(ascii: ":"):
                continue
            default: return false
            }
        }
        return sawDigit
    }

    /// `AM`, `pm`, `a.m.` and the like, with a `,`, `;` or `.` after it.
    static func isMeridiem(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let letters = word.filter { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: ",") && $0 != UInt8(ascii: ";") }.map { $0 | 0x20 }
        return letters == Array("am".utf8) || letters == Array("pm".utf8)
    }
}

/// ASCII letter case folding for prefixes that are all ASCII.
package enum ASCIIText {
    /// Whether `bytes` start with `prefix`, letters compared without regard to case.
    package static func hasPrefix(_ bytes: some Collection<UInt8>, _ prefix: String) -> Bool {
        var iterator = bytes.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = iterator.next(), lowercased(byte) == lowercased(expected) else { return false }
        }
        return true
    }

    @inline(__always)
    package static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }
}

extension String {
    fileprivate func trimmed(_ character: Character) -> String {
        guard let first = firstIndex(where: { $0 != character }),
            let last = lastIndex(where: { $0 != character })
        else { return "" }
        return String(self[first...last])
    }
}

/// The text of raw HTML, for the plain-text part: tags and comments dropped, the contents of
/// `script` and `style` dropped, a few common entities decoded, blank lines removed.
private enum HTMLText {
    static func lines(of html: String) -> [String] {
        strip(html).split(separator: "\n").map { line in
            String(line).trimmed(" ")
        }.filter { !$0.isEmpty }
    }

    /// Whether an inline HTML tag is `<br>` in one of its spellings.
    static func isLineBreak(_ tag: String) -> Bool {
        let name = tag.lowercased().filter { $0 != " " && $0 != "/" }
        return name == "<br>"
    }

    private static func strip(_ html: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            result += decode(rest[..<open])
            let tag = rest[open...]
            if tag.hasPrefix("<!--") {
                rest = tag.firstRange(of: "-->").map { tag[$0.upperBound...] } ?? ""
                continue
            }
            guard let close = tag.firstIndex(of: ">") else {
                result += decode(tag)
                rest = ""
                break
            }
            let name = tag.dropFirst().prefix { $0.isLetter || $0.isNumber }.lowercased()
            rest = tag[tag.index(after: close)...]
            if name == "br" || name == "p" || name == "div" || name == "tr" || name == "li" { result += "\n" }
            if name == "script" || name == "style" {
                rest = closingTag(name, in: rest)
            }
        }
        result += decode(rest)
        return result
    }

    /// `text` from the closing tag `</name` on (any letter case), or nothing when there is none.
    private static func closingTag(_ name: String, in text: Substring) -> Substring {
        var rest = text
        while let found = rest.firstRange(of: "</") {
            let after = rest[found.upperBound...]
            if after.prefix(name.count).lowercased() == name { return rest[found.lowerBound...] }
            rest = after
        }
        return ""
    }

    private static let entities: [Substring: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
    ]

    private static func decode(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var result = ""
        var rest = text
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let semicolon = after.prefix(10).firstIndex(of: ";"), let decoded = entity(after[..<semicolon]) {
                result += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }

    private static func entity(_ name: Substring) -> String? {
        if let named = entities[name] { return named }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
        return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
    }
}
