import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Quoted-printable transfer encoding (RFC 2045 §6.7) of UTF-8 text: CRLF line ends, encoded lines
/// of at most 76 characters, trailing white space and every non-ASCII byte encoded. A line that
/// starts with "From " is encoded too, so mbox readers never mistake it for a new message.
///
/// The output never holds "=_": an encoded '=' is always followed by two hex digits or by a
/// soft line break. A MIME boundary that starts with "=_" therefore never occurs in a part.
package enum QuotedPrintable {
    package static let maxLineLength = 76

    /// Encodes text whose lines end in LF, CRLF or CR; the result's lines end in CRLF.
    package static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        encode(text, into: &out)
        return out
    }

    /// Appends the encoding of `text` to `out`, so that a message is written into one buffer.
    package static func encode(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { input in
            // A byte becomes at most three, a soft break (three more) comes after at least 73 of
            // those, and a line break becomes CRLF: four bytes for each byte, and a CRLF after an
            // unterminated last line, always suffice.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * input.count + 2) { buffer in
                let count = encode(input, into: buffer)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    /// Encodes `input` into `output`, which has room for all of it; returns how many bytes it wrote.
    private static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        var lineStart = 0
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else {
                index += 1
                continue
            }
            encodeLine(UnsafeBufferPointer(rebasing: input[lineStart..<index]), into: output, at: &count)
            // CR LF ends one line, not two.
            let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < input.count && input[index + 1] == UInt8(ascii: "\n")
            index += isCRLF ? 2 : 1
            lineStart = index
        }
        if lineStart < input.count {
            encodeLine(UnsafeBufferPointer(rebasing: input[lineStart...]), into: output, at: &count)
        }
        return count
    }

    /// One line without its line break, soft-broken with "=" CRLF where it would pass 76
    /// characters, then CRLF; written at `output[count...]`.
    private static func encodeLine(
        _ line: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>,
        at count: inout Int
    ) {
        let lastIndex = line.count - 1
        let startsWithFrom =
            line.count >= 5 && line[0] == UInt8(ascii: "F") && line[1] == UInt8(ascii: "r")
            && line[2] == UInt8(ascii: "o") && line[3] == UInt8(ascii: "m") && line[4] == UInt8(ascii: " ")
        var column = 0
        for index in 0..<line.count {
            let byte = line[index]
            let isLast = index == lastIndex
            let literal =
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    !isLast
                } else {
                    byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: "=") && !(startsWithFrom && index == 0)
                }
            let width = literal ? 1 : 3
            // Keep room for a soft break '=' unless this is the line's last character.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if column + width > limit {
                output[count] = UInt8(ascii: "=")
                output[count + 1] = UInt8(ascii: "\r")
                output[count + 2] = UInt8(ascii: "\n")
                count += 3
                column = 0
            }
            if literal {
                output[count] = byte
            } else {
                output[count] = UInt8(ascii: "=")
                output[count + 1] = Hex.digit(byte >> 4, .upper)
                output[count + 2] = Hex.digit(byte & 0x0F, .upper)
            }
            count += width
            column += width
        }
        output[count] = UInt8(ascii: "\r")
        output[count + 1] = UInt8(ascii: "\n")
        count += 2
    }
}
