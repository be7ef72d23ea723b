/// The text of one input file, kept as UTF-8 bytes, with the tables that turn a byte offset into
/// the line and column a person sees.
///
/// A leading byte-order mark is dropped on load, so offsets and columns start after it. Lines end at
/// LF, CRLF or a lone CR. Columns count characters (extended grapheme clusters), 1-based.
public final class SourceFile: Sendable {
    /// The path shown in diagnostics, relative to the practice root where possible.
    public let path: String
    /// The file's bytes after any byte-order mark.
    public let bytes: [UInt8]
    /// Whether the file started with a UTF-8 byte-order mark.
    public let hadByteOrderMark: Bool
    /// Byte offset of the first byte of each line.
    private let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            self.bytes = Array(bytes[3...])
            self.hadByteOrderMark = true
        } else {
            self.bytes = bytes
            self.hadByteOrderMark = false
        }
        self.lineStarts = SourceFile.computeLineStarts(self.bytes)
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    private static func computeLineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { return }
            var index = 0
            let count = buffer.count
            while index < count {
                if index + 8 <= count, !holdsLineBreak(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                    index += 8
                    continue
                }
                let byte = buffer[index]
                if byte == 0x0A {
                    starts.append(index + 1)
                } else if byte == 0x0D {
                    if index + 1 < count, buffer[index + 1] == 0x0A { index += 1 }
                    starts.append(index + 1)
                }
                index += 1
            }
        }
        return starts
    }

    /// Whether one of the eight bytes of `word` is a CR or an LF.
    private static func holdsLineBreak(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Not zero exactly when a byte of `x` is zero: only a zero byte starts a borrow.
        func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & (ones &* 0x80) != 0 }
        return hasZeroByte(word ^ (ones &* 0x0A)) || hasZeroByte(word ^ (ones &* 0x0D))
    }

    /// The number of lines (a final line without a terminator counts; an empty file has one).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line that holds `offset`.
    public func line(containing offset: Int) -> Int {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Byte range of a 1-based line, without its terminator.
    public func byteRange(ofLine line: Int) -> Range<Int> {
        guard line >= 1, line <= lineStarts.count else { return bytes.count..<bytes.count }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return start..<end
    }

    /// The text of a 1-based line, without its terminator. Invalid UTF-8 shows as U+FFFD.
    public func text(ofLine line: Int) -> String {
        String(decoding: bytes[byteRange(ofLine: line)], as: UTF8.self)
    }

    /// The text of a byte range. Invalid UTF-8 shows as U+FFFD.
    public func text(in range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// The 1-based line and column of a byte offset, the column counted in `unit`: characters for
    /// people (the text formats), UTF-16 code units for SARIF. Every diagnostic renderer places a
    /// column through here. An offset inside a UTF-8 sequence counts from the sequence's first
    /// byte, an offset inside a character reports that character's column, and an offset at a
    /// line's end (or in its terminator) reports one past its last character.
    public func location(of offset: Int, counting unit: ColumnUnit = .characters) -> (line: Int, column: Int) {
        let line = line(containing: offset)
        let lineRange = byteRange(ofLine: line)
        var upTo = max(lineRange.lowerBound, min(offset, lineRange.upperBound))
        if upTo < lineRange.upperBound, bytes[upTo] & 0xC0 == 0x80 {
            var lead = upTo
            while lead > lineRange.lowerBound, upTo - lead < 3, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if SourceFile.sequenceLength(leading: bytes[lead]) > upTo - lead { upTo = lead }
        }
        let prefix = String(decoding: bytes[lineRange.lowerBound..<upTo], as: UTF8.self)
        switch unit {
        case .utf16CodeUnits:
            return (line, prefix.utf16.count + 1)
        case .characters:
            // Count the characters of the whole line that start before `upTo`, so that an offset
            // in the middle of a cluster lands on the cluster rather than after it.
            let full = String(decoding: bytes[lineRange], as: UTF8.self)
            let prefixScalars = prefix.unicodeScalars.count
            var scalarsSeen = 0
            var column = 1
            for character in full {
                if scalarsSeen >= prefixScalars { break }
                scalarsSeen += character.unicodeScalars.count
                if scalarsSeen > prefixScalars { break }
                column += 1
            }
            return (line, column)
        }
    }

    /// How many bytes a UTF-8 sequence that starts with `byte` takes (1 for a byte that cannot
    /// start one).
    private static func sequenceLength(leading byte: UInt8) -> Int {
        switch byte {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }

    /// The byte offset of a 1-based line and character column (clamped to the line).
    public func offset(line: Int, column: Int) -> Int {
        let range = byteRange(ofLine: line)
        let text = String(decoding: bytes[range], as: UTF8.self)
        var offset = range.lowerBound
        var remaining = column - 1
        for character in text {
            if remaining <= 0 { break }
            offset += character.utf8.count
            remaining -= 1
        }
        return min(offset, range.upperBound)
    }
}

/// What a column counts.
public enum ColumnUnit: Sendable {
    /// Characters (extended grapheme clusters), as a person counts them: `é`, `中` and `😀` are one
    /// each.
    case characters
    /// UTF-16 code units, SARIF's default: `😀` is two.
    case utf16CodeUnits
}

/// A range of bytes in one source file.
public struct SourceSpan: Sendable {
    public let file: SourceFile
    public let range: Range<Int>

    public init(file: SourceFile, range: Range<Int>) {
        self.file = file
        self.range = range
    }

    public init(file: SourceFile, offset: Int, length: Int = 0) {
        self.init(file: file, range: offset..<(offset + max(0, length)))
    }

    /// The 1-based line and character column where the span starts.
    public var start: (line: Int, column: Int) { file.location(of: range.lowerBound) }
    /// The 1-based line and character column just past the span's end.
    public var end: (line: Int, column: Int) { file.location(of: range.upperBound) }

    /// Where the span starts and just past where it ends, the columns counted in `unit`.
    public func bounds(counting unit: ColumnUnit) -> (start: (line: Int, column: Int), end: (line: Int, column: Int)) {
        (file.location(of: range.lowerBound, counting: unit), file.location(of: range.upperBound, counting: unit))
    }

    /// `path:line:column` of the span's start, as notes that point into another file show it.
    public var reference: String {
        let (line, column) = start
        return "\(file.path):\(line):\(column)"
    }
    /// The source text the span covers.
    public var text: String { file.text(in: range) }
}
