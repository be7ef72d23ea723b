/// Text made safe to stand in HTML, as element content or in a double-quoted attribute.
///
/// `&`, `<`, `>`, `"` and `'` are replaced where each stands as a character of its own; one that
/// begins or ends a longer character (followed by a combining mark, say) is left as it is, which is
/// how comparing `Character`s has always treated it here.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        if case .plain = scan(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        append(text, to: &out)
        return out
    }

    /// Appends `text`, escaped, to `out`. Only strings are appended, so nothing has to be
    /// validated as UTF-8 again.
    static func append(_ text: String, to out: inout String) {
        switch scan(text) {
        case .plain:
            out += text
        case .ascii:
            // Every ASCII scalar is a character of its own (CR LF is the only pair, and neither is
            // escaped), so the text can be cut at any byte.
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
        case .mixed:
            for character in text {
                if character.utf8.count == 1, let byte = character.utf8.first, let entity = entity(for: byte) {
                    out += entity
                } else {
                    out.append(character)
                }
            }
        }
    }

    private enum Content {
        /// Nothing to escape.
        case plain
        /// Something to escape, and only ASCII.
        case ascii
        /// Something to escape, and characters beyond ASCII that may join with it.
        case mixed
    }

    private static func scan(_ text: String) -> Content {
        func scan(_ bytes: some Sequence<UInt8>) -> Content {
            var special = false
            var ascii = true
            for byte in bytes {
                if byte >= 0x80 {
                    ascii = false
                } else if byte < 64, specialBytes & (1 << UInt64(byte)) != 0 {
                    special = true
                }
            }
            return special ? (ascii ? .ascii : .mixed) : .plain
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
