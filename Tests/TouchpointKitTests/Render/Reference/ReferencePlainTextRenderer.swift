@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

// The plain-text renderer as before the rewrite to UTF-8 bytes, kept word for word (only renamed),
// so that PlainTextReferenceTests.swift can compare the two on many generated inputs.

struct ReferencePlainTextRenderer {
    static let defaultWidth = 72
    /// Narrowest width nested blocks are wrapped to, however deep they sit.
    static let minimumWidth = 20

    var width: Int
    /// Whether raw HTML (as text) and unsafe URLs are shown, as in ``MarkdownDocument/allowsHTML``.
    var allowsHTML: Bool

    init(width: Int = ReferencePlainTextRenderer.defaultWidth, allowHTML: Bool = false) {
        self.width = width
        self.allowsHTML = allowHTML
    }

    /// The text of `node` and everything under it; lines end with `\n`, none has trailing spaces.
    func render(_ node: MarkdownNode) -> String {
        let lines = node.isInline ? wrap(inlineText([node]), width: max(width, 1)) : block(node, width: max(width, 1), listDepth: 0)
        guard !lines.isEmpty else { return "" }
        return lines.map { trimmingTrailingSpace($0) }.joined(separator: "\n") + "\n"
    }

    // MARK: - Blocks

    /// The lines of a sequence of blocks, a blank line between blocks unless `tight`. Runs of
    /// inlines among the blocks (which only a too-deep tree produces) read as paragraphs.
    private func blocks(_ nodes: [MarkdownNode], width: Int, listDepth: Int, tight: Bool = false) -> [String] {
        var lines: [String] = []
        var inlines: [MarkdownNode] = []
        func add(_ blockLines: [String]) {
            guard !blockLines.isEmpty else { return }
            if !lines.isEmpty, !tight { lines.append("") }
            lines += blockLines
        }
        for node in nodes {
            if node.isInline {
                inlines.append(node)
                continue
            }
            if !inlines.isEmpty {
                add(wrap(inlineText(inlines), width: width))
                inlines.removeAll()
            }
            add(block(node, width: width, listDepth: listDepth))
        }
        if !inlines.isEmpty { add(wrap(inlineText(inlines), width: width)) }
        return lines
    }

    private func block(_ node: MarkdownNode, width: Int, listDepth: Int) -> [String] {
        switch node.kind {
        case .document, .item, .tableRow, .tableCell:
            return blocks(node.children, width: width, listDepth: listDepth)
        case .paragraph:
            return wrap(inlineText(node.children), width: width)
        case .heading(let level):
            let lines = wrap(inlineText(node.children), width: width)
            guard let widest = lines.map({ Self.columns($0) }).max(), widest > 0 else { return [] }
            return lines + [String(repeating: level <= 1 ? "=" : "-", count: widest)]
        case .blockQuote:
            let inner = blocks(node.children, width: max(width - 2, Self.minimumWidth), listDepth: listDepth)
            return inner.map { $0.isEmpty ? ">" : "> " + $0 }
        case .list(let ordered, let start, let tight):
            return list(node.children, ordered: ordered, start: start, tight: tight, width: width, listDepth: listDepth)
        case .codeBlock(_, let literal):
            var lines = literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return lines.map { $0.isEmpty ? "" : "    " + $0 }
        case .thematicBreak:
            return [String(repeating: "-", count: min(width, Self.defaultWidth))]
        case .htmlBlock(let literal):
            return allowsHTML ? ReferenceHTMLText.lines(of: literal) : []
        case .table(let alignments):
            return table(node.children, alignments: alignments)
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .emphasis, .strong, .strikethrough, .link, .image:
            return wrap(inlineText([node]), width: width)
        }
    }

    private func list(_ items: [MarkdownNode], ordered: Bool, start: Int, tight: Bool, width: Int,
                      listDepth: Int) -> [String] {
        var lines: [String] = []
        var number = start
        for item in items {
            let marker = ordered ? "\(number). " : (listDepth.isMultiple(of: 2) ? "* " : "- ")
            number += 1
            let indent = String(repeating: " ", count: marker.count)
            let content = item.kind == .item ? item.children : [item]
            let body = blocks(content, width: max(width - marker.count, Self.minimumWidth),
                              listDepth: listDepth + 1, tight: tight)
            if !lines.isEmpty, !tight { lines.append("") }
            guard let first = body.first else {
                lines.append(marker)
                continue
            }
            lines.append(marker + first)
            lines += body.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
        }
        return lines
    }

    private func table(_ rows: [MarkdownNode], alignments: [MarkdownNode.Alignment]) -> [String] {
        let cells: [(isHeader: Bool, texts: [String])] = rows.map { row in
            let isHeader = if case .tableRow(isHeader: true) = row.kind { true } else { false }
            let texts = row.children.map { cell in
                inlineText(cell.children).split(separator: "\n").joined(separator: " ")
                    .referenceTrimmed(" ")
            }
            return (isHeader, texts)
        }
        let columns = max(alignments.count, cells.map(\.texts.count).max() ?? 0)
        guard columns > 0 else { return [] }
        var widths = Array(repeating: 1, count: columns)
        for row in cells {
            for (column, text) in row.texts.enumerated() { widths[column] = max(widths[column], Self.columns(text)) }
        }
        let separator = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        var lines: [String] = []
        for (index, row) in cells.enumerated() {
            if index > 0, cells[index - 1].isHeader, !row.isHeader { lines.append(separator) }
            let padded = (0..<columns).map { column in
                pad(column < row.texts.count ? row.texts[column] : "", to: widths[column],
                    alignment: column < alignments.count ? alignments[column] : .none)
            }
            lines.append(padded.joined(separator: "  "))
        }
        if cells.last?.isHeader == true { lines.append(separator) }
        return lines
    }

    private func pad(_ text: String, to width: Int, alignment: MarkdownNode.Alignment) -> String {
        let room = max(0, width - Self.columns(text))
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

    /// The text of inline nodes on one logical line; `\n` marks a hard line break.
    private func inlineText(_ nodes: [MarkdownNode]) -> String {
        var text = ""
        appendInlines(nodes, to: &text)
        return text
    }

    private func appendInlines(_ nodes: [MarkdownNode], to text: inout String) {
        for node in nodes {
            switch node.kind {
            case .text(let literal), .code(let literal):
                text += literal
            case .softBreak:
                text += " "
            case .lineBreak:
                text += "\n"
            case .htmlInline(let literal):
                if allowsHTML, ReferenceHTMLText.isLineBreak(literal) { text += "\n" }
            case .link(let url, _):
                text += link(text: inlineText(node.children), url: url)
            case .image:
                let alt = inlineText(node.children).split(separator: "\n").joined(separator: " ")
                text += alt.isEmpty ? "[image]" : "[image: \(alt)]"
            case .emphasis, .strong, .strikethrough:
                appendInlines(node.children, to: &text)
            case .document, .paragraph, .heading, .blockQuote, .list, .item, .codeBlock, .thematicBreak, .htmlBlock,
                 .table, .tableRow, .tableCell:
                if !text.isEmpty, text.last != " " { text += " " }
                appendInlines(node.children, to: &text)
            }
        }
    }

    /// `text (url)`, or just the URL when the text is the URL (autolinks), or just the text when
    /// the URL is empty or unsafe. `mailto:` is not shown; spaces in a URL are written `%20` so a
    /// URL is one unbreakable word.
    private func link(text: String, url: String) -> String {
        if url.isEmpty || (!allowsHTML && Self.isUnsafe(url)) { return text }
        var shown = url.utf8.contains(0x20) ? url.replacing(" ", with: "%20") : url
        if shown.lowercased().hasPrefix("mailto:") { shown.removeFirst("mailto:".count) }
        let label = text.referenceTrimmed(" ")
        if label.isEmpty { return shown }
        let bare = ["http://", "https://"].first { url.lowercased().hasPrefix($0) }.map { String(url.dropFirst($0.count)) }
        if label == url || label == shown { return shown }
        if label == bare { return label }
        return "\(text) (\(shown))"
    }

    /// cmark-gfm's rule for URLs its safe HTML leaves out: `javascript:`, `vbscript:`, `file:` and
    /// `data:` other than `data:image/png`, `gif`, `jpeg` and `webp`, in any letter case.
    static func isUnsafe(_ url: String) -> Bool {
        let lower = String(url.prefix(16)).lowercased()
        if ["png", "gif", "jpeg", "webp"].contains(where: { lower.hasPrefix("data:image/" + $0) }) { return false }
        return ["javascript:", "vbscript:", "file:", "data:"].contains { lower.hasPrefix($0) }
    }

    // MARK: - Wrapping

    /// Breaks text into lines of at most `width` display columns at spaces; `\n` always breaks.
    /// Spaces inside a line are kept as they are; spaces where a line is broken are dropped.
    /// Works on UTF-8 bytes: a space or a line feed byte is never part of a longer character.
    private func wrap(_ text: String, width: Int) -> [String] {
        let bytes = Array(text.utf8)
        var lines: [String] = []
        var current: [UInt8] = []
        var currentWidth = 0
        var hasWord = false
        var spaces = 0
        var index = 0
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == 0x0A {
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                currentWidth = 0
                hasWord = false
                spaces = 0
                index += 1
                continue
            }
            if bytes[index] == 0x20 {
                spaces += 1
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, bytes[end] != 0x20, bytes[end] != 0x0A { end += 1 }
            let word = bytes[index..<end]
            let wordWidth = Self.columns(word)
            if !hasWord || currentWidth + spaces + wordWidth <= width {
                current.append(contentsOf: repeatElement(0x20, count: spaces))
                current += word
                currentWidth += spaces + wordWidth
            } else {
                lines.append(String(decoding: current, as: UTF8.self))
                current = Array(word)
                currentWidth = wordWidth
            }
            hasWord = true
            spaces = 0
            index = end
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Display columns of `text`: one a byte for printable ASCII, ``DisplayWidth`` otherwise.
    static func columns(_ text: some StringProtocol) -> Int {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? text.utf8.count : DisplayWidth.of(text)
    }

    private static func columns(_ bytes: ArraySlice<UInt8>) -> Int {
        bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } ? bytes.count : DisplayWidth.of(String(decoding: bytes, as: UTF8.self))
    }

    private func trimmingTrailingSpace(_ line: String) -> String {
        guard line.last == " " || line.last == "\t" else { return line }
        guard let last = line.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        return String(line[...last])
    }
}

fileprivate extension String {
    // Named apart from the library's own.

    func referenceTrimmed(_ character: Character) -> String {
        guard let first = firstIndex(where: { $0 != character }),
              let last = lastIndex(where: { $0 != character }) else { return "" }
        return String(self[first...last])
    }
}

/// The text of raw HTML, for the plain-text part: tags and comments dropped, the contents of
/// `script` and `style` dropped, a few common entities decoded, blank lines removed.
private enum ReferenceHTMLText {
    static func lines(of html: String) -> [String] {
        strip(html).split(separator: "\n").map { line in
            String(line).referenceTrimmed(" ")
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
