/// Text made safe to stand in HTML, as element content or in a double-quoted attribute.
///
/// Every `&`, `<`, `>`, `"` and `'` is replaced, also one that a combining mark follows: a `"`
/// left as it is because it began a longer character would end a double-quoted attribute all the
/// same.
package enum HTMLEscaping {
    package static func escape(_ text: String) -> String {
        if case .plain = scan(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return out
    }

    /// Appends `text`, escaped, to `out`. Only strings are appended, so nothing has to be
    /// validated as UTF-8 again.
    package static func append(_ text: String, to out: inout String) {
        guard case .special = scan(text) else {
            out += text
            return
        }
        // The special characters are ASCII, and no byte of a longer UTF-8 sequence is, so the
        // text can be cut at each of them.
        let bytes = text.utf8
        var runStart = bytes.startIndex
        var index = runStart
        while index != bytes.endIndex {
            if let entity = entity(for: bytes[index]) {
                out += text[runStart..<index]
                out += entity
                runStart = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        out += text[runStart...]
    }

    private enum Content {
        /// Nothing to escape.
        case plain
        /// Something to escape.
        case special
    }

    private static func scan(_ text: String) -> Content {
        func scan(_ bytes: some Sequence<UInt8>) -> Content {
            for byte in bytes where byte < 64 && specialBytes & (1 << UInt64(byte)) != 0 {
                return .special
            }
            return .plain
        }
        // Through a buffer pointer when the string has one, which is nearly always.
        return text.utf8.withContiguousStorageIfAvailable { scan($0) } ?? scan(text.utf8)
    }

    /// `&`, `<`, `>`, `"` and `'` as bits of a mask: all are below 64.
    private static let specialBytes: UInt64 = [UInt8]("&<>\"'".utf8).reduce(0) { $0 | 1 << UInt64($1) }

    @inline(__always)
    private static func entity(for byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}
