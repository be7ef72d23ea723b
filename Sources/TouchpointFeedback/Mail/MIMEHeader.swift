import Foundation
import TouchpointCore
import TouchpointFrontEnd

/// The small pieces of reading received mail: header parameters, transfer encodings, encoded
/// words, addresses and tokens inside header values.
public enum MIMEHeader {
    /// The value of parameter `name` (in any case) in a structured field such as
    /// `multipart/report; report-type=delivery-status; boundary="x"`, unquoted.
    public static func parameter(_ name: String, in value: String) -> String? {
        var rest = Substring(value)
        // Skip the leading type (or disposition) before the first ';'.
        guard let first = rest.firstIndex(of: ";") else { return nil }
        rest = rest[rest.index(after: first)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var parameterValue = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        parameterValue.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        parameterValue.append(character)
                    }
                }
                if let semicolon = rest.firstIndex(of: ";") { rest = rest[semicolon...] } else { rest = "" }
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parameterValue = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if key == name.lowercased() { return parameterValue }
        }
        return nil
    }

    /// Base64, ignoring line breaks and anything else outside its alphabet.
    public static func base64Decoded(_ bytes: [UInt8]) -> [UInt8] {
        let kept = bytes.filter { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "+"), UInt8(ascii: "/"):
                true
            default:
                false
            }
        }
        // A lone last character carries no whole byte; the padding is put back as it should be.
        var padded = kept.count % 4 == 1 ? Array(kept.dropLast()) : kept
        while padded.count % 4 != 0 { padded.append(UInt8(ascii: "=")) }
        return Data(base64Encoded: Data(padded)).map(Array.init) ?? []
    }

    /// Quoted-printable (RFC 2045 §6.7): `=XX` is a byte, `=` at a line's end joins it to the next.
    public static func quotedPrintableDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 2 < bytes.count, let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                index += 2
            } else if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "\r"), bytes[index + 2] == UInt8(ascii: "\n") {
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// A header value with its RFC 2047 encoded words (`=?utf-8?q?…?=`, `=?utf-8?b?…?=`) decoded;
    /// words in a character set other than UTF-8, US-ASCII or ISO-8859-1 stay as they are.
    public static func decodingEncodedWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var out = ""
        var rest = Substring(value)
        var lastWasWord = false
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            let pieces = afterStart.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("="),
                let decoded = decodedWord(charset: pieces[0], encoding: pieces[1], text: pieces[2])
            else {
                out += before + "=?"
                rest = afterStart
                lastWasWord = false
                continue
            }
            // Space between two encoded words is not part of the text.
            if !(lastWasWord && before.allSatisfy { $0 == " " || $0 == "\t" }) { out += before }
            out += decoded
            rest = pieces[3].dropFirst()
            lastWasWord = true
        }
        return out + rest
    }

    private static func decodedWord(charset: Substring, encoding: Substring, text: Substring) -> String? {
        let bytes: [UInt8]
        switch encoding.lowercased() {
        case "b": bytes = base64Decoded(Array(text.utf8))
        case "q": bytes = quotedPrintableDecoded(Array(text.utf8).map { $0 == UInt8(ascii: "_") ? 0x20 : $0 })
        default: return nil
        }
        let name = charset.split(separator: "*").first?.lowercased() ?? ""
        switch name {
        case "utf-8", "utf8", "us-ascii":
            return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "windows-1252":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        default:
            return nil
        }
    }

    /// The addresses in an address header (`"Ann" <ann@mail.example>, bob@mail.example`), or in a
    /// DSN's `rfc822; ann@mail.example`, lowercased; what does not parse as an address is left out.
    ///
    /// Quoted display names and comments are read as RFC 5322 writes them, so a `<`, `>` or `,`
    /// inside `"Ann <3 Runs"` is part of the name. A header too broken for that (an unclosed quote)
    /// is read loosely: anything between angle brackets, else each word.
    public static func addresses(in value: String) -> [String] {
        var text = value
        if let semicolon = text.firstIndex(of: ";"), text[..<semicolon].lowercased().trimmingSpaces.hasPrefix("rfc822") {
            text = String(text[text.index(after: semicolon)...])
        }
        let found = parsed(structuredCandidates(text))
        return found.isEmpty ? parsed(looseCandidates(text)) : found
    }

    private static func parsed(_ candidates: [Substring]) -> [String] {
        var found: [String] = []
        for candidate in candidates {
            var address = candidate.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'()<>"))
            if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
            if case .success = EmailAddress.parse(address) { found.append(address.lowercased()) }
        }
        return found
    }

    /// What stands between angle brackets outside quoted strings and comments; when nothing
    /// does, the words outside them.
    private static func structuredCandidates(_ text: String) -> [Substring] {
        var angled: [Substring] = []
        var words: [Substring] = []
        var index = text.startIndex
        var wordStart: String.Index?
        func endWord(at end: String.Index) {
            if let start = wordStart, start < end { words.append(text[start..<end]) }
            wordStart = nil
        }
        while index < text.endIndex {
            let character = text[index]
            switch character {
            case "\"", "(":
                endWord(at: index)
                // A quoted string or a (nested) comment, with its backslash escapes.
                var depth = 1
                var cursor = text.index(after: index)
                while cursor < text.endIndex, depth > 0 {
                    let inside = text[cursor]
                    if inside == "\\" {
                        cursor = text.index(after: cursor)
                        if cursor == text.endIndex { break }
                    } else if character == "\"", inside == "\"" {
                        depth = 0
                    } else if character == "(", inside == "(" {
                        depth += 1
                    } else if character == "(", inside == ")" {
                        depth -= 1
                    }
                    cursor = text.index(after: cursor)
                }
                guard depth == 0 else { return [] }
                index = cursor
                continue
            case "<":
                endWord(at: index)
                let open = text.index(after: index)
                guard let close = text[open...].firstIndex(of: ">") else { return [] }
                angled.append(text[open..<close])
                index = text.index(after: close)
                continue
            case ",", " ", "\t", "\r\n", "\r", "\n":
                endWord(at: index)
            default:
                if wordStart == nil { wordStart = index }
            }
            index = text.index(after: index)
        }
        endWord(at: text.endIndex)
        return angled.isEmpty ? words : angled
    }

    /// Anything between angle brackets, else each word: for headers too broken to read otherwise.
    private static func looseCandidates(_ text: String) -> [Substring] {
        var candidates: [Substring] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            candidates.append(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        if candidates.isEmpty { candidates = text.split { $0 == "," || $0 == " " || $0 == "\t" } }
        return candidates
    }

    /// The first run of exactly 32 lowercase hexadecimal digits that stands on its own (no letter
    /// or digit on either side): an unsubscribe token, as `contact.token` makes them.
    public static func token(in text: String) -> String? {
        let bytes = Array(text.utf8)
        func isWordByte(_ byte: UInt8) -> Bool {
            PercentEncoding.isUnreserved(byte) && byte != UInt8(ascii: "-") && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "~")
                && byte != UInt8(ascii: "_")
        }
        func isHex(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
        var index = 0
        while index < bytes.count {
            guard isHex(bytes[index]), index == 0 || !isWordByte(bytes[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isHex(bytes[end]) { end += 1 }
            if end - index == 32, end == bytes.count || !isWordByte(bytes[end]) {
                return String(decoding: bytes[index..<end], as: UTF8.self)
            }
            index = max(end, index + 1)
        }
        return nil
    }
}
