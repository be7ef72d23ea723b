import TouchpointCore

/// Maps byte offsets in a text embedded in a file (the decoded value of a YAML scalar, or a body
/// file's text) to byte offsets in that file, so that a problem found in the text is reported at
/// its place in the file.
///
/// For a body file the map is the identity plus the text's offset. For a YAML scalar it is built
/// by decoding the scalar's source again the way YAML does (quotes, escapes, folding, block
/// indentation and chomping), remembering where every decoded byte came from, and comparing the
/// result with the value YAML produced. When they agree the map is exact (``isExact``); when they
/// do not (a construct the decoder here does not follow), each offset maps to the start of the
/// scalar's line that its line of text came from.
public struct ScalarTextMap: Sendable {
    /// The file the text sits in.
    public let file: SourceFile
    /// The text offsets refer to.
    public let text: String
    /// Whether every offset maps to the byte it came from.
    public let isExact: Bool
    private let mapping: Mapping

    private enum Mapping: Sendable {
        /// Text offset plus a constant.
        case shifted(by: Int, limit: Range<Int>)
        /// For each byte of the text, the source bytes it came from; `starts` has one more entry,
        /// for the end of the text.
        case table(starts: [Int], ends: [Int])
    }

    /// The identity map for text that is a range of the file itself (a body file, or any text
    /// read from the file unchanged). `range` defaults to the whole file.
    public init(file: SourceFile, range: Range<Int>? = nil) {
        let whole = 0..<file.bytes.count
        let range = range.map { $0.clamped(to: whole) } ?? whole
        self.file = file
        self.text = String(decoding: file.bytes[range], as: UTF8.self)
        self.isExact = text.utf8.count == range.count
        self.mapping = .shifted(by: range.lowerBound, limit: range)
    }

    /// The map of a scalar node's value; `nil` when the node is not a scalar.
    public init?(_ node: YAMLNode) {
        guard let scalar = node.scalar else { return nil }
        self.file = node.span.file
        self.text = scalar.value
        let value = Array(scalar.value.utf8)
        let decoder = ScalarSourceDecoder(bytes: node.span.file.bytes, range: node.span.range, style: scalar.style)
        if let exact = decoder.decode(expecting: value) {
            self.isExact = true
            self.mapping = .table(starts: exact.starts, ends: exact.ends)
        } else {
            self.isExact = false
            let lines = decoder.lineFallback(for: value)
            self.mapping = .table(starts: lines.starts, ends: lines.ends)
        }
    }

    /// The byte offset in the file of the text's byte `offset` (clamped to the text).
    public func fileOffset(_ offset: Int) -> Int {
        switch mapping {
        case .shifted(let base, let limit):
            return min(max(offset + base, limit.lowerBound), limit.upperBound)
        case .table(let starts, _):
            return starts[min(max(offset, 0), starts.count - 1)]
        }
    }

    /// The file span of a byte range of the text.
    public func span(_ range: Range<Int>) -> SourceSpan {
        switch mapping {
        case .shifted:
            let lower = fileOffset(range.lowerBound)
            return SourceSpan(file: file, range: lower..<max(lower, fileOffset(range.upperBound)))
        case .table(let starts, let ends):
            let count = starts.count - 1
            let lowerIndex = min(max(range.lowerBound, 0), count)
            let upperIndex = min(max(range.upperBound, lowerIndex), count)
            let lower = starts[lowerIndex]
            let upper = upperIndex > lowerIndex ? ends[upperIndex - 1] : lower
            return SourceSpan(file: file, range: lower..<max(lower, upper))
        }
    }
}

/// Decodes a scalar's source text again, recording for each decoded byte the source bytes it
/// came from.
package struct ScalarSourceDecoder {
    package let bytes: [UInt8]
    package let range: Range<Int>
    package let style: ScalarStyle

    package struct Decoded {
        package var decoded: [UInt8] = []
        package var starts: [Int] = []
        package var ends: [Int] = []

        package mutating func emit(_ byte: UInt8, from source: Range<Int>) {
            decoded.append(byte)
            starts.append(source.lowerBound)
            ends.append(source.upperBound)
        }

        package mutating func emit(_ bytes: some Sequence<UInt8>, from source: Range<Int>) {
            for byte in bytes { emit(byte, from: source) }
        }

        /// Adds the entry for the end of the text: just after the last character, or at the line
        /// break that a final newline came from.
        package mutating func finish(emptyAt offset: Int) {
            if let last = decoded.last, let start = starts.last, let end = ends.last {
                starts.append(last == 0x0A ? start : end)
            } else {
                starts.append(offset)
            }
        }
    }

    package init(bytes: [UInt8], range: Range<Int>, style: ScalarStyle) {
        self.bytes = bytes
        let whole = 0..<bytes.count
        self.range = range.clamped(to: whole)
        self.style = style
    }

    /// The exact map, if decoding the source reproduces `expected`.
    package func decode(expecting expected: [UInt8]) -> Decoded? {
        let content = contentStart()
        let candidates: [Decoded]
        switch style {
        case .plain:
            candidates = [decodeFlow(content..<range.upperBound, quote: nil)]
        case .singleQuoted, .doubleQuoted:
            guard content < range.upperBound, range.upperBound - content >= 2 else { return nil }
            candidates = [decodeFlow((content + 1)..<(range.upperBound - 1), quote: bytes[content])]
        case .literal, .folded:
            return decodeBlock(from: content, expecting: expected)
        }
        return candidates.first { $0.decoded == expected }
    }

    /// The start of the scalar itself, after any anchor (`&name`) or tag (`!!str`) before it.
    private func contentStart() -> Int {
        var index = range.lowerBound
        while index < range.upperBound, bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "!") {
            while index < range.upperBound, !isBlankOrBreak(bytes[index]) { index += 1 }
            while index < range.upperBound, isBlankOrBreak(bytes[index]) { index += 1 }
        }
        return index
    }

    // MARK: Flow scalars

    /// Decodes a plain scalar (`quote == nil`) or the inside of a quoted one: line folding, and
    /// `''` or backslash escapes.
    private func decodeFlow(_ content: Range<Int>, quote: UInt8?) -> Decoded {
        var result = Decoded()
        var pendingBlanks: [Int] = []
        var breaks: [Range<Int>] = []
        var atLineStart = false
        var afterEscapedBreak = false
        var index = content.lowerBound
        let end = content.upperBound

        func flushFolding(_ result: inout Decoded) {
            if !breaks.isEmpty {
                if afterEscapedBreak {
                    for lineBreak in breaks { result.emit(0x0A, from: lineBreak) }
                } else if breaks.count == 1 {
                    result.emit(0x20, from: breaks[0])
                } else {
                    for lineBreak in breaks.dropFirst() { result.emit(0x0A, from: lineBreak) }
                }
                breaks.removeAll()
            }
            afterEscapedBreak = false
            for blank in pendingBlanks { result.emit(bytes[blank], from: blank..<(blank + 1)) }
            pendingBlanks.removeAll()
        }

        while index < end {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                let length = byte == 0x0D && index + 1 < end && bytes[index + 1] == 0x0A ? 2 : 1
                pendingBlanks.removeAll()
                breaks.append(index..<(index + length))
                index += length
                atLineStart = true
                continue
            }
            if byte == 0x20 || byte == 0x09 {
                if !atLineStart { pendingBlanks.append(index) }
                index += 1
                continue
            }
            flushFolding(&result)
            atLineStart = false
            if quote == UInt8(ascii: "'"), byte == UInt8(ascii: "'"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "'") {
                result.emit(byte, from: index..<(index + 2))
                index += 2
            } else if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\"), index + 1 < end {
                let escape = bytes[index + 1]
                if escape == 0x0A || escape == 0x0D {
                    let length = escape == 0x0D && index + 2 < end && bytes[index + 2] == 0x0A ? 2 : 1
                    index += 1 + length
                    atLineStart = true
                    afterEscapedBreak = true
                    continue
                }
                let (decoded, length) = decodeEscape(at: index, end: end)
                result.emit(decoded, from: index..<(index + length))
                index += length
            } else {
                result.emit(byte, from: index..<(index + 1))
                index += 1
            }
        }
        if quote != nil { flushFolding(&result) }
        result.finish(emptyAt: content.lowerBound)
        return result
    }

    /// The bytes a double-quoted escape stands for and the length of the escape in the source.
    private func decodeEscape(at index: Int, end: Int) -> ([UInt8], Int) {
        let escape = bytes[index + 1]
        let simple: [UInt8: [UInt8]] = [
            UInt8(ascii: "0"): [0x00], UInt8(ascii: "a"): [0x07], UInt8(ascii: "b"): [0x08], UInt8(ascii: "t"): [0x09],
            0x09: [0x09], UInt8(ascii: "n"): [0x0A], UInt8(ascii: "v"): [0x0B], UInt8(ascii: "f"): [0x0C],
            UInt8(ascii: "r"): [0x0D], UInt8(ascii: "e"): [0x1B], 0x20: [0x20], UInt8(ascii: "\""): [0x22],
            UInt8(ascii: "/"): [0x2F], UInt8(ascii: "\\"): [0x5C], UInt8(ascii: "N"): Array("\u{85}".utf8),
            UInt8(ascii: "_"): Array("\u{A0}".utf8), UInt8(ascii: "L"): Array("\u{2028}".utf8),
            UInt8(ascii: "P"): Array("\u{2029}".utf8),
        ]
        if let decoded = simple[escape] { return (decoded, 2) }
        let digits: Int
        switch escape {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: return ([escape], 2)
        }
        guard index + 2 + digits <= end else { return ([escape], 2) }
        var code: UInt32 = 0
        for byte in bytes[(index + 2)..<(index + 2 + digits)] {
            guard let digit = Hex.value(of: byte) else { return ([escape], 2) }
            code = code &* 16 &+ UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(code) else { return ([escape], 2) }
        return (Array(String(Character(scalar)).utf8), 2 + digits)
    }

    // MARK: Block scalars

    private enum Chomping { case strip, clip, keep }

    /// Most indentations tried for a block scalar with an indentation indicator.
    private static let maxIndentTries = 40

    private struct Line {
        /// From the first byte of the line to the end of its text (before the break).
        let text: Range<Int>
        /// The line break, empty for a last line without one.
        let lineBreak: Range<Int>
        let leadingSpaces: Int
        /// Whether the line holds nothing but spaces and tabs.
        let isBlank: Bool
    }

    /// Decodes a `|` or `>` scalar, trying the indentations its text allows.
    private func decodeBlock(from start: Int, expecting expected: [UInt8]) -> Decoded? {
        guard start < range.upperBound else { return nil }
        var index = start + 1
        var chomping = Chomping.clip
        var hasIndicator = false
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "-"): chomping = .strip
            case UInt8(ascii: "+"): chomping = .keep
            case UInt8(ascii: "1")...UInt8(ascii: "9"): hasIndicator = true
            default: break
            }
            guard
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || (byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9"))
            else { break }
            index += 1
        }
        while index < range.upperBound, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        if index < range.upperBound {
            index += bytes[index] == 0x0D && index + 1 < range.upperBound && bytes[index + 1] == 0x0A ? 2 : 1
        }
        let lines = splitLines(index..<range.upperBound)
        let firstText = lines.first { !$0.isBlank }?.leadingSpaces ?? 0
        let leadingBlank = lines.prefix { $0.isBlank }.map(\.leadingSpaces).max() ?? 0
        // Without an indicator the first line of text sets the indentation; with one, it is
        // relative to the parent's, which the node does not record, so every plausible one is
        // tried (the comparison with the decoded value picks the right one).
        let detected = max(firstText, leadingBlank)
        var candidates = [detected]
        if hasIndicator || detected > firstText {
            candidates += (0...firstText).reversed().filter { $0 != detected }.prefix(Self.maxIndentTries)
        }
        for indent in candidates {
            let result = decodeBlockLines(lines, indent: indent, chomping: chomping, emptyAt: index)
            if result.decoded == expected { return result }
        }
        return nil
    }

    private func splitLines(_ range: Range<Int>) -> [Line] {
        var lines: [Line] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let start = index
            while index < range.upperBound, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
            let textEnd = index
            if index < range.upperBound {
                index += bytes[index] == 0x0D && index + 1 < range.upperBound && bytes[index + 1] == 0x0A ? 2 : 1
            }
            var spaces = 0
            while start + spaces < textEnd, bytes[start + spaces] == 0x20 { spaces += 1 }
            let isBlank = bytes[start..<textEnd].allSatisfy { $0 == 0x20 || $0 == 0x09 }
            lines.append(Line(text: start..<textEnd, lineBreak: textEnd..<index, leadingSpaces: spaces, isBlank: isBlank))
        }
        return lines
    }

    private func decodeBlockLines(_ lines: [Line], indent: Int, chomping: Chomping, emptyAt: Int) -> Decoded {
        var result = Decoded()
        // The lines that belong to the scalar: up to the first text line indented less.
        var body: [Line] = []
        for line in lines {
            if !line.isBlank, line.leadingSpaces < indent { break }
            body.append(line)
        }
        let lastText = body.lastIndex { !$0.isBlank || $0.leadingSpaces > indent }
        var previousWasFoldable: Bool?
        var emptyBreaks: [Range<Int>] = []
        var lastTextBreak: Range<Int>?
        for (position, line) in body.enumerated() {
            let isContent = !line.isBlank || line.leadingSpaces > indent
            guard isContent, let lastText, position <= lastText else {
                emptyBreaks.append(line.lineBreak.isEmpty ? line.text.upperBound..<line.text.upperBound : line.lineBreak)
                continue
            }
            let textStart = min(line.text.lowerBound + indent, line.text.upperBound)
            let foldable =
                style == .folded && textStart < line.text.upperBound
                && bytes[textStart] != 0x20 && bytes[textStart] != 0x09
            if let previous = previousWasFoldable, let lineBreak = lastTextBreak {
                if style == .folded, previous, foldable {
                    if emptyBreaks.isEmpty {
                        result.emit(0x20, from: lineBreak)
                    } else {
                        for empty in emptyBreaks { result.emit(0x0A, from: empty) }
                    }
                } else {
                    result.emit(0x0A, from: lineBreak)
                    for empty in emptyBreaks { result.emit(0x0A, from: empty) }
                }
            } else {
                for empty in emptyBreaks { result.emit(0x0A, from: empty) }
            }
            emptyBreaks.removeAll()
            for offset in textStart..<line.text.upperBound { result.emit(bytes[offset], from: offset..<(offset + 1)) }
            previousWasFoldable = foldable
            lastTextBreak = line.lineBreak.isEmpty ? line.text.upperBound..<line.text.upperBound : line.lineBreak
        }
        if let lineBreak = lastTextBreak {
            switch chomping {
            case .strip:
                break
            case .clip:
                result.emit(0x0A, from: lineBreak)
            case .keep:
                result.emit(0x0A, from: lineBreak)
                for empty in emptyBreaks { result.emit(0x0A, from: empty) }
            }
        } else if chomping == .keep {
            for empty in emptyBreaks { result.emit(0x0A, from: empty) }
        }
        result.finish(emptyAt: body.first?.text.lowerBound ?? emptyAt)
        return result
    }

    // MARK: Fallback

    /// A map that sends each byte of `value` to the start of the text on the source line its
    /// line of `value` came from (counting lines from the scalar's first line of text).
    package func lineFallback(for value: [UInt8]) -> Decoded {
        let content = contentStart()
        var lineStarts: [Int] = []
        let isBlock = style == .literal || style == .folded
        var index = content
        if isBlock {
            while index < range.upperBound, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
        } else {
            lineStarts.append(style == .plain ? content : min(content + 1, range.upperBound))
        }
        while index < range.upperBound {
            if bytes[index] == 0x0A || bytes[index] == 0x0D {
                if bytes[index] == 0x0D, index + 1 < range.upperBound, bytes[index + 1] == 0x0A { index += 1 }
                index += 1
                var first = index
                while first < range.upperBound, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                if first < range.upperBound { lineStarts.append(first) }
                continue
            }
            index += 1
        }
        if lineStarts.isEmpty { lineStarts.append(content) }
        var result = Decoded()
        var line = 0
        for byte in value {
            let start = lineStarts[min(line, lineStarts.count - 1)]
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            result.emit(byte, from: start..<max(start + 1, end))
            if byte == 0x0A { line += 1 }
        }
        result.finish(emptyAt: content)
        return result
    }

    private func isBlankOrBreak(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
