import TouchpointCore

/// One field of a CSV record: where its bytes stand in the file, and how to read them.
///
/// A field is kept as a byte range rather than a `String`, so a large file is read without
/// building a string per cell that nobody asks for.
public struct CSVField: Sendable, Equatable {
    /// The field's bytes as written, quotes included.
    public let range: Range<Int>
    /// The field was enclosed in double quotes.
    public let isQuoted: Bool
    /// The quoted field holds doubled quotes (`""`) that stand for one quote each.
    public let hasDoubledQuotes: Bool

    public init(range: Range<Int>, isQuoted: Bool, hasDoubledQuotes: Bool) {
        self.range = range
        self.isQuoted = isQuoted
        self.hasDoubledQuotes = hasDoubledQuotes
    }

    /// The bytes between the quotes of a quoted field, or all of an unquoted one. Doubled quotes
    /// are still doubled here.
    public var contentRange: Range<Int> {
        guard isQuoted, range.count >= 2 else { return range }
        return (range.lowerBound + 1)..<(range.upperBound - 1)
    }

    /// The field's value as bytes: quotes removed, doubled quotes undoubled.
    public func bytes(in file: SourceFile) -> ArraySlice<UInt8> {
        let content = file.bytes[contentRange]
        guard hasDoubledQuotes else { return content }
        var result: [UInt8] = []
        result.reserveCapacity(content.count)
        var skipNextQuote = false
        for byte in content {
            if byte == CSVReader.quote {
                if skipNextQuote {
                    skipNextQuote = false
                    continue
                }
                skipNextQuote = true
            } else {
                skipNextQuote = false
            }
            result.append(byte)
        }
        return result[...]
    }

    /// The field's value as text. Invalid UTF-8 shows as U+FFFD.
    public func text(in file: SourceFile) -> String {
        String(decoding: bytes(in: file), as: UTF8.self)
    }
}
