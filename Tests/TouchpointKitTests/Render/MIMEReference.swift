@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The MIME writer as it was before it worked on bytes, kept unchanged (but for `serialized`
/// taking the message as a parameter) as the oracle for MIMEDifferentialTests: the new code must
/// write exactly the bytes this code wrote.
enum MIMEReference {
    /// The message's bytes. `boundarySeed` (a content hash) makes the MIME boundary; the boundary is
    /// checked against both encoded parts and changed until it appears in neither.
    static func serialized(_ message: MailMessage, boundarySeed: String) -> [UInt8] {
        let (date, utcOffset, from, replyTo, to, subject) = (message.date, message.utcOffset, message.from, message.replyTo, message.to, message.subject)
        let (messageID, listID, unsubscribe, text, html) = (message.messageID, message.listID, message.unsubscribe, message.text, message.html)
        var head = ""
        head += HeaderEncoding.fold(name: "Date", tokens: [RFC5322Date.format(date, offset: utcOffset)])
        head += HeaderEncoding.fold(name: "From", tokens: HeaderEncoding.mailbox(displayName: from.displayName, address: from.address))
        if let replyTo {
            head += HeaderEncoding.fold(name: "Reply-To", tokens: HeaderEncoding.mailbox(displayName: replyTo.displayName, address: replyTo.address))
        }
        head += HeaderEncoding.fold(name: "To", tokens: HeaderEncoding.mailbox(displayName: to.displayName, address: to.address))
        head += HeaderEncoding.fold(name: "Subject", tokens: HeaderEncoding.unstructured(subject))
        head += HeaderEncoding.fold(name: "Message-ID", tokens: ["<\(messageID)>"])
        head += "MIME-Version: 1.0\r\n"
        head += HeaderEncoding.fold(name: "List-Id", tokens: ["<\(listID)>"])
        if let unsubscribe {
            var targets: [String] = []
            if let url = unsubscribe.url { targets.append("<\(url)>") }
            if let mailto = unsubscribe.mailto { targets.append("<mailto:\(mailto)?subject=unsubscribe>") }
            if !targets.isEmpty {
                head += HeaderEncoding.fold(name: "List-Unsubscribe", tokens: targets, separator: ",")
            }
            if let url = unsubscribe.url, url.lowercased().hasPrefix("https://") {
                head += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            }
        }
        let textPart = QuotedPrintable.encode(text)
        let htmlPart = QuotedPrintable.encode(html)
        var boundary = "=_tp_" + boundarySeed
        while contains(textPart, Array(boundary.utf8)) || contains(htmlPart, Array(boundary.utf8)) {
            boundary += "_"
        }
        head += HeaderEncoding.fold(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""])
        head += "\r\n"
        var out = Array(head.utf8)
        out.reserveCapacity(out.count + textPart.count + htmlPart.count + 400)
        for (type, part) in [("text/plain", textPart), ("text/html", htmlPart)] {
            out += Array("--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            out += part
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

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

    /// Quoted-printable transfer encoding (RFC 2045 §6.7) of UTF-8 text: CRLF line ends, encoded lines
    /// of at most 76 characters, trailing white space and every non-ASCII byte encoded. A line that
    /// starts with "From " is encoded too, so mbox readers never mistake it for a new message.
    enum QuotedPrintable {
        private static let hex = Array("0123456789ABCDEF".utf8)
        static let maxLineLength = 76

        /// Encodes text whose lines end in LF, CRLF or CR; the result's lines end in CRLF.
        static func encode(_ text: String) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count + text.utf8.count / 8)
            var line: [UInt8] = []
            var previousWasCR = false
            for byte in text.utf8 {
                if byte == 0x0A {
                    if !previousWasCR { encodeLine(line, into: &out) }
                    line.removeAll(keepingCapacity: true)
                    previousWasCR = false
                } else if byte == 0x0D {
                    encodeLine(line, into: &out)
                    line.removeAll(keepingCapacity: true)
                    previousWasCR = true
                } else {
                    line.append(byte)
                    previousWasCR = false
                }
            }
            if !line.isEmpty { encodeLine(line, into: &out) }
            return out
        }

        private static func encodeLine(_ line: [UInt8], into out: inout [UInt8]) {
            var column = 0
            let startsWithFrom = line.starts(with: Array("From ".utf8))
            for (index, byte) in line.enumerated() {
                let isLast = index == line.count - 1
                let literal = (byte >= 0x21 && byte <= 0x7E && byte != 0x3D && !(startsWithFrom && index == 0))
                    || ((byte == 0x20 || byte == 0x09) && !isLast)
                let width = literal ? 1 : 3
                // Keep room for a soft break '=' unless this is the line's last character.
                let limit = isLast ? maxLineLength : maxLineLength - 1
                if column + width > limit {
                    out.append(0x3D)
                    out.append(0x0D)
                    out.append(0x0A)
                    column = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out.append(0x3D)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0x0F)])
                }
                column += width
            }
            out.append(0x0D)
            out.append(0x0A)
        }
    }

    /// RFC 5322 §3.3 dates: `Tue, 01 Dec 2026 09:00:00 -0600`.
    enum RFC5322Date {
        private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

        static func format(_ instant: Int, offset: Int) -> String {
            let wall = instant + offset
            let dayNumber = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
            let second = wall - dayNumber * 86_400
            let date = LocalDate(dayNumber: dayNumber) ?? .epoch
            let sign = offset < 0 ? "-" : "+"
            let magnitude = abs(offset) / 60
            return "\(days[date.weekday.rawValue - 1]), \(two(date.day)) \(months[date.month - 1]) \(date.year) "
                + "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) \(sign)\(two(magnitude / 60))\(two(magnitude % 60))"
        }

        private static func two(_ value: Int) -> String {
            value < 10 ? "0\(value)" : String(value)
        }
    }
}
