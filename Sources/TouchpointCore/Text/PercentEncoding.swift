/// Percent-encoding (RFC 3986 §2.1), written in one place for the whole library: each UTF-8 byte
/// that is not kept becomes `%` and two uppercase hex digits.
///
/// By default only the unreserved characters (§2.3: letters, digits, `-`, `.`, `_`, `~`) are
/// kept, which is what a value merged into a URL needs: it can never end the URL, add a
/// parameter or break the header it stands in. Callers that encode a whole path or URL keep more.
package enum PercentEncoding {
    /// RFC 3986's unreserved characters.
    package static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// `text` with every byte for which `keep` is false percent-encoded.
    package static func encode(_ text: String, keeping keep: (UInt8) -> Bool = isUnreserved) -> String {
        guard !text.utf8.allSatisfy(keep) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if keep(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                Hex.append(byte, .upper, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension PercentEncoding {
    /// `text` with every `%` and two hex digits turned back into its byte; a `%` not followed by
    /// two hex digits stays as it is.
    package static func decode(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = Hex.value(of: bytes[index + 1]), let low = Hex.value(of: bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
