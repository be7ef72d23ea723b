import TouchpointCore

/// Makes a merged value literal text inside a Markdown body: whatever the value contains, cmark-gfm
/// renders exactly its characters, never emphasis, a link, raw HTML, an entity, a heading, a list,
/// a table cell boundary or a code block.
///
/// - Every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped
///   that way, in text and in link destinations and titles alike). Escaping `.`, `:` and `/` also
///   keeps GitHub's `www.` and `https://` autolinks from turning a value into a link. An
///   e-mail-shaped value would still be linked as `mailto:` (cmark-gfm finds addresses after
///   escapes are resolved), so a merged `@` is written as ``mergedAt`` instead, which
///   ``MarkdownDocument`` turns back into `@` once the document is parsed: the value's text stays
///   exactly the value, and is never a link.
/// - Line breaks (LF, CR, CRLF) become spaces, so a value never starts a new block.
/// - Spaces and tabs at either end are written as character references, so a value at the start
///   of a line never indents it into a code block and one at the end never makes a hard break.
///
/// Markdown takes backslashes and character references literally inside code spans, code blocks
/// and raw HTML, so an escaped value is written between ``valueStart`` and ``valueEnd``:
/// ``MarkdownDocument`` takes the escapes back out of such a value where it landed in code (and
/// writes it HTML-escaped where it landed in raw HTML), and removes the marks everywhere else. A
/// value that needs no escaping needs no marks either.
public enum MarkdownEscaper {
    /// Where an escaped value starts and ends in the Markdown: U+FDD1 and U+FDD2, noncharacters
    /// like ``mergedAt``. A value's own U+FDD1 or U+FDD2 becomes U+FFFD.
    package static let valueStartUTF8: [UInt8] = [0xEF, 0xB7, 0x91]
    package static let valueEndUTF8: [UInt8] = [0xEF, 0xB7, 0x92]

    /// What a merged value's `@` is while the document is parsed: U+FDD0, one of the
    /// noncharacters Unicode sets aside for a program's internal use, so no text means it. A
    /// value's own U+FDD0 becomes U+FFFD.
    public static let mergedAt = String(decoding: mergedAtUTF8, as: UTF8.self)
    /// `mergedAt` in UTF-8, and percent-encoded as cmark-gfm writes it in a link's address.
    package static let mergedAtUTF8: [UInt8] = [0xEF, 0xB7, 0x90]
    package static let mergedAtPercentEncoded = "%EF%B7%90"

    /// Whether `text` holds `mergedAt`: a scan of its bytes for the first, then the rest.
    package static func containsMergedAt(_ text: String) -> Bool {
        containsMark(text, last: 0x90...0x90)
    }

    /// Whether `text` holds ``valueStartUTF8`` or ``valueEndUTF8``.
    package static func containsValueMarks(_ text: String) -> Bool {
        containsMark(text, last: 0x91...0x92)
    }

    /// Whether `text` holds one of the noncharacters U+FDD0 to U+FDD2 whose last UTF-8 byte is in
    /// `last`.
    private static func containsMark(_ text: String, last: ClosedRange<UInt8>) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index + 2 < bytes.count {
                if bytes[index] == 0xEF, bytes[index + 1] == 0xB7, last.contains(bytes[index + 2]) { return true }
                index += 1
            }
            return false
        }
    }

    /// The value as Markdown that shows exactly its text: as it is when nothing in it needs
    /// escaping, otherwise escaped and between the value marks.
    public static func escape(_ value: String) -> String {
        if isLiteral(value), !containsMark(value, last: 0x90...0x92) {
            return value
        }
        var out: [UInt8] = valueStartUTF8
        appendEscaped(value, to: &out)
        out += valueEndUTF8
        return String(decoding: out, as: UTF8.self)
    }

    /// The Markdown of a rendered template: its own text as written, each merged value escaped.
    /// Strings are appended to one string, so only escaped values are validated as UTF-8 again.
    public static func markdown(of output: TemplateOutput) -> String {
        var result = ""
        result.reserveCapacity(
            output.pieces.reduce(0) { total, piece in
                switch piece {
                case .source(let text): total + text.utf8.count
                case .value(let value): total + 2 * value.utf8.count + 6
                }
            })
        for piece in output.pieces {
            switch piece {
            case .source(let text): result += text
            case .value(let value): result += escape(value)
            }
        }
        return result
    }

    /// Whether escaping leaves `value` as it is: no punctuation, no line break, no blank at either
    /// end (most names, dates and numbers).
    private static func isLiteral(_ value: String) -> Bool {
        guard let first = value.utf8.first, let last = value.utf8.last, !isBlank(first), !isBlank(last) else {
            return value.isEmpty
        }
        return value.utf8.allSatisfy { !needsAttention($0) }
    }

    /// Appends the escaped value. Works on UTF-8 bytes: every byte the rules look at is ASCII, and
    /// an ASCII byte is never part of a longer scalar.
    private static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        // Line breaks become spaces first (CR LF as one), since a space they leave at either end
        // is encoded like any other.
        var flattened: [UInt8] = []
        flattened.reserveCapacity(value.utf8.count)
        var previousWasCR = false
        for byte in value.utf8 {
            if byte == 0x0A, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            flattened.append(byte == 0x0D || byte == 0x0A ? 0x20 : byte)
        }
        let leading = flattened.prefix(while: isBlank).count
        let trailing = leading == flattened.count ? 0 : flattened.reversed().prefix(while: isBlank).count
        out.reserveCapacity(out.count + 2 * flattened.count)
        for (offset, byte) in flattened.enumerated() {
            if offset < leading || offset >= flattened.count - trailing {
                out.append(byte == 0x09 ? "&#9;" : "&#32;")
            } else if byte == UInt8(ascii: "@") {
                out += mergedAtUTF8
            } else if (0x90...0x92).contains(byte), out.count >= 2, out[out.count - 2] == mergedAtUTF8[0],
                out[out.count - 1] == mergedAtUTF8[1]
            {
                // The value's own U+FDD0, U+FDD1 or U+FDD2 (its first two bytes are already out).
                out.removeLast(2)
                out += [0xEF, 0xBF, 0xBD]
            } else if isASCIIPunctuation(byte) {
                out.append(UInt8(ascii: "\\"))
                out.append(byte)
            } else {
                out.append(byte)
            }
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09
    }

    /// A byte the escaping may change wherever it stands.
    private static func needsAttention(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || isASCIIPunctuation(byte)
    }

    /// `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`, the characters CommonMark lets a backslash escape.
    package static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }
}
