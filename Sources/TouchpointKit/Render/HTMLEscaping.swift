/// Text made safe to stand in HTML, as element content or in a double-quoted attribute.
///
/// `&`, `<`, `>`, `"` and `'` are replaced where each stands as a character of its own; one that
/// begins or ends a longer character (followed by a combining mark, say) is left as it is, which is
/// how comparing `Character`s has always treated it here.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        switch scan(text) {
        case .plain: return text
        case .ascii, .mixed:
            var out: [UInt8] = []
            append(text, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Appends the escaped UTF-8 of `text` to `out`.
    static func append(_ text: String, to out: inout [UInt8]) {
        switch scan(text) {
        case .plain:
            out.append(contentsOf: text.utf8)
        case .ascii:
            // Every ASCII scalar is a character of its own (CR LF is the only pair, and neither is
            // escaped), so the bytes can be escaped one by one.
            out.reserveCapacity(out.count + text.utf8.count + 16)
            for byte in text.utf8 {
                if let entity = entity(for: byte) {
                    out.append(entity)
                } else {
                    out.append(byte)
                }
            }
        case .mixed:
            for character in text {
                if character.utf8.count == 1, let byte = character.utf8.first, let entity = entity(for: byte) {
                    out.append(entity)
                } else {
                    out.append(contentsOf: character.utf8)
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
        var special = false
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                ascii = false
            } else if entity(for: byte) != nil {
                special = true
            }
        }
        return special ? (ascii ? .ascii : .mixed) : .plain
    }

    @inline(__always)
    private static func entity(for byte: UInt8) -> StaticString? {
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
