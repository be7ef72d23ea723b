/// Header values as RFC 5322 and RFC 2047 want them: ASCII only, non-ASCII text in encoded words
/// that never split a UTF-8 sequence and stay within 75 characters, and folding at white space so
/// lines stay within 78 characters where possible (never inside an address or a URL).
enum HeaderEncoding {
    /// The longest an encoded word may be (RFC 2047 §2).
    static let maxEncodedWord = 75
    /// Where folding aims (RFC 5322 §2.1.1).
    static let preferredLineLength = 78

    /// Removes what must never reach a header from a value: CR, LF and other control characters,
    /// and the Unicode line and paragraph separators; runs of white space become one space.
    static func sanitize(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isBreak = scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029
            if isBreak || scalar == " " {
                if !lastWasSpace, !out.isEmpty { out.unicodeScalars.append(" ") }
                lastWasSpace = true
            } else {
                out.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// Tokens of an unstructured value (a subject): its words when it is plain ASCII with no word
    /// too long to fold, otherwise encoded words.
    static func unstructured(_ text: String) -> [String] {
        let clean = sanitize(text)
        let words = clean.split(separator: " ").map(String.init)
        let plain = clean.allSatisfy { $0.isASCII }
            && words.allSatisfy { $0.count <= preferredLineLength - 10 && !$0.contains("=?") }
        return plain ? words : encodedWords(clean, phrase: false)
    }

    /// Tokens of a display name: an atom sequence, a quoted string, or encoded words.
    static func phrase(_ text: String) -> [String] {
        let clean = sanitize(text)
        guard !clean.isEmpty else { return [] }
        if clean.allSatisfy({ $0.isASCII }) && !clean.contains("=?") {
            let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
            if clean.allSatisfy({ atext.contains($0) }) { return clean.split(separator: " ").map(String.init) }
            let escaped = clean.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            if escaped.count + 2 <= preferredLineLength - 10 { return ["\"" + escaped + "\""] }
        }
        return encodedWords(clean, phrase: true)
    }

    /// `Name <local@domain>` as tokens; the address is one token, never folded.
    static func mailbox(displayName: String?, address: EmailAddress) -> [String] {
        phrase(displayName ?? "") + ["<\(address)>"]
    }

    /// Q-encoded words (RFC 2047 §4.2), split between characters so no word exceeds 75
    /// characters and no UTF-8 sequence is cut.
    static func encodedWords(_ text: String, phrase: Bool) -> [String] {
        let prefix = "=?UTF-8?Q?"
        let room = maxEncodedWord - prefix.count - 2
        var words: [String] = []
        var current = ""
        for character in text {
            var encoded = ""
            for byte in String(character).utf8 {
                encoded += encode(byte, phrase: phrase)
            }
            if current.count + encoded.count > room, !current.isEmpty {
                words.append(prefix + current + "?=")
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty { words.append(prefix + current + "?=") }
        return words
    }

    private static func encode(_ byte: UInt8, phrase: Bool) -> String {
        let hex = Array("0123456789ABCDEF")
        if byte == 0x20 { return "_" }
        let isLetterOrDigit = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        let phraseSafe = isLetterOrDigit || byte == 0x21 || byte == 0x2A || byte == 0x2B || byte == 0x2D || byte == 0x2F
        let textSafe = byte > 0x20 && byte < 0x7F && byte != 0x3D && byte != 0x3F && byte != 0x5F
        if phrase ? phraseSafe : textSafe { return String(UnicodeScalar(byte)) }
        return "=" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
    }

    /// `Name: token token …` folded at the spaces between tokens, lines ending in CRLF.
    /// `separator` follows every token but the last (`,` between addresses).
    static func fold(name: String, tokens: [String], separator: String = "") -> String {
        var out = name + ":"
        var lineLength = out.count
        for (index, token) in tokens.enumerated() {
            let word = token + (index < tokens.count - 1 ? separator : "")
            if index > 0, lineLength + 1 + word.count > preferredLineLength {
                out += "\r\n "
                lineLength = 1
            } else {
                out += " "
                lineLength += 1
            }
            out += word
            lineLength += word.count
        }
        return out + "\r\n"
    }
}
