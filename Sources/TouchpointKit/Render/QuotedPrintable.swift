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
