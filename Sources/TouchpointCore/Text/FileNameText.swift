/// The characters a file name of the outbox may hold, and a name made of them: the one rule the
/// outbox names files by and the check uses to find keys that would name the same file.
package enum FileNameText {
    /// `A–Z a–z 0–9 . _ -`.
    package static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
        default: false
        }
    }

    /// `text` with every other character (a Unicode scalar) replaced by `_`, a leading `.` made
    /// `_` (so no name is `.`, `..` or hidden), and `_` for an empty text.
    package static func sanitized(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            bytes.append(isAllowed(scalar) ? UInt8(scalar.value) : UInt8(ascii: "_"))
        }
        if bytes.isEmpty { return [UInt8(ascii: "_")] }
        if bytes[0] == UInt8(ascii: ".") { bytes[0] = UInt8(ascii: "_") }
        return bytes
    }

    /// The name as a file system that ignores case (a Windows share, an Exchange pickup folder)
    /// compares it.
    package static func folded(_ text: String) -> String {
        // Most keys are already a folded name: lowercase letters, digits, '.', '_', '-'.
        if let first = text.utf8.first, first != UInt8(ascii: "."),
            text.utf8.allSatisfy({ byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2E || byte == 0x5F || byte == 0x2D
            })
        {
            return text
        }
        return String(decoding: sanitized(text).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
