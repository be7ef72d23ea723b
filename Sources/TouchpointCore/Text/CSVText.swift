/// CSV cells as RFC 4180 writes them.
package enum CSVText {
    package static func quoted(_ text: String) -> String {
        guard needsQuotes(text) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    /// The field as `quoted` spells it, appended to `out`.
    package static func append(_ text: String, to out: inout [UInt8]) {
        guard needsQuotes(text) else {
            out += text.utf8
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func needsQuotes(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    }
}
