import TouchpointKit

/// Our own strict reading of a message the tool wrote (RFC 5322, RFC 2045–2047): CRLF line ends
/// and nothing else; header lines in ASCII, none over 998 octets and none holding an encoded word
/// over 76; exactly one `To` with exactly the one recipient and no `Cc` or `Bcc`; a
/// `multipart/alternative` of a plain-text and an HTML part, both quoted-printable with no line
/// over 76, decoding to UTF-8.
enum MailAudit {
    static func problems(_ bytes: [UInt8], recipient: EmailAddress) -> [String] {
        var problems: [String] = []
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A, index == 0 || bytes[index - 1] != 0x0D {
                problems.append("a bare LF at byte \(index)")
                break
            }
            if byte == 0x0D, index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
                problems.append("a bare CR at byte \(index)")
                break
            }
        }
        if bytes.suffix(2) != [0x0D, 0x0A] { problems.append("the last line does not end in CRLF") }
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        guard let headEnd = bytes.firstRange(of: separator)?.lowerBound else {
            return problems + ["no blank line after the header"]
        }
        for line in bytes[..<headEnd].split(separator: 0x0D, omittingEmptySubsequences: false) {
            let line = line.first == 0x0A ? line.dropFirst() : line
            if line.contains(where: { $0 > 0x7F }) { problems.append("a header line is not ASCII") }
            if line.count > 998 { problems.append("a header line of \(line.count) octets") }
            if line.count > 76, containsEncodedWord(line) {
                problems.append("a header line with an encoded word is \(line.count) octets long")
            }
        }
        let entity = MailEntity(parsing: bytes)
        let recipients = entity.headers("To")
        if recipients.count != 1 {
            problems.append("\(recipients.count) To fields")
        } else {
            let addresses = MIMEHeader.addresses(in: recipients[0])
            if addresses.map({ $0.lowercased() }) != [recipient.description.lowercased()] {
                problems.append("To names \(addresses), not only \(recipient)")
            }
        }
        for name in ["Cc", "Bcc"] where !entity.headers(name).isEmpty { problems.append("a \(name) field") }
        guard entity.mediaType == "multipart/alternative" else {
            return problems + ["the message is \(entity.mediaType), not multipart/alternative"]
        }
        let parts = entity.parts
        if parts.map(\.mediaType) != ["text/plain", "text/html"] {
            problems.append("the parts are \(parts.map(\.mediaType))")
        }
        for part in parts {
            if part.header("Content-Transfer-Encoding")?.lowercased() != "quoted-printable" {
                problems.append("a \(part.mediaType) part is not quoted-printable")
            }
            for line in part.body.split(separator: 0x0A) where line.count - (line.last == 0x0D ? 1 : 0) > 76 {
                problems.append("a \(part.mediaType) line of \(line.count) octets")
                break
            }
            let decoded = part.decodedBody
            if String(validating: decoded, as: UTF8.self) == nil { problems.append("a \(part.mediaType) part is not UTF-8") }
        }
        return problems
    }

    /// Whether `line` holds an RFC 2047 encoded word, `=?charset?Q?text?=` (or `B`): no white
    /// space or `?` inside the charset and the text, and white space (or a comment's parenthesis)
    /// on both sides (§5), so `=?…?=` inside a URL in angle brackets is not one. (A scan rather
    /// than a `Regex`: the regex parser keeps allocations that LeakSanitizer would report under
    /// libFuzzer.)
    static func containsEncodedWord(_ line: some Collection<UInt8>) -> Bool {
        let bytes = Array(line)
        func isPlain(_ byte: UInt8) -> Bool { byte != UInt8(ascii: "?") && byte != 0x20 && byte != 0x09 }
        func isOpening(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: "(") }
        func isClosing(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ")") }
        var start = 0
        while start + 1 < bytes.count {
            defer { start += 1 }
            guard bytes[start] == UInt8(ascii: "="), bytes[start + 1] == UInt8(ascii: "?"),
                start == 0 || isOpening(bytes[start - 1])
            else { continue }
            var index = start + 2
            let charset = index
            while index < bytes.count, isPlain(bytes[index]) { index += 1 }
            guard index > charset, index + 2 < bytes.count, bytes[index] == UInt8(ascii: "?"),
                "QqBb".utf8.contains(bytes[index + 1]), bytes[index + 2] == UInt8(ascii: "?")
            else { continue }
            index += 3
            while index < bytes.count, isPlain(bytes[index]) { index += 1 }
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: "="),
                index + 2 == bytes.count || isClosing(bytes[index + 2])
            {
                return true
            }
        }
        return false
    }
}
