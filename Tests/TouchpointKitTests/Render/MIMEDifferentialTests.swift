import PropertyBased
import Testing
@testable import TouchpointKit

/// The MIME writer works on UTF-8 bytes for speed; `MIMEReference` keeps the String-based code it
/// replaced. Both must write the same bytes for any input, so these checks compare them on text
/// built from pieces that stress each rule: line breaks of every kind, "From " at a line's start,
/// '=', '?', '_', quotes and backslashes, controls, Unicode separators, combining and prepended
/// marks, emoji sequences, and words and lines around the 68-, 75-, 76- and 78-character limits.
/// Bytes are compared, never strings, since `String ==` treats "é" and "e\u{301}" as equal.
@Suite("MIME writer matches the reference byte for byte")
struct MIMEDifferentialTests {
    private static let iterations = 500

    private static let pieces: [String] = symbols + limits

    private static let symbols: [String] = [
        "a", "Z", "7", "x", "hello", " ", "  ", "\t", "\r", "\n", "\r\n", "\n\r", "From ", "From", "from ",
        "=", "?", "=?", "?=", "_", "\"", "\\", "@", "<", ">", ",", ".", "(", ")", ":", ";", "~", "'", "-",
        "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{2028}", "\u{2029}", "\u{200D}",
        "\u{301}", "e\u{301}", "é", "ß", "Zoë", "中文", "😀", "☕️", "👩‍👩‍👧", "🇩🇪", "👍🏽", "\u{600}", "\u{600} ",
        "https://", "HTTPS://", "Https://x.example/u?c=1", "mailto:",
    ]

    /// Words and lines at and around each length limit.
    private static let limits: [String] = [67, 68, 69, 73, 74, 75, 76, 77, 78, 79, 90].flatMap { (length: Int) -> [String] in
        let word = String(repeating: "w", count: length - 1)
        return [word + "w", word + "=", word + " ", String(repeating: "é", count: length / 2)]
    }

    /// Anything from nothing to a few hundred characters, as concatenated pieces.
    private static let text = Gen<String?>.element(of: pieces).array(of: 0...40).map { $0.compactMap { $0 }.joined() }

    @Test func quotedPrintable() async {
        await propertyCheck(count: Self.iterations, input: Self.text) { text in
            let encoded = QuotedPrintable.encode(text)
            #expect(encoded == MIMEReference.QuotedPrintable.encode(text), "\(text.debugDescription)")
            // What lets the boundary go unchecked: "=_" never occurs in an encoded part.
            #expect(!zip(encoded, encoded.dropFirst()).contains { $0 == UInt8(ascii: "=") && $1 == UInt8(ascii: "_") })
        }
    }

    /// Pieces whose exact bytes matter and that random concatenation may miss.
    @Test(arguments: [
        "", " ", "a ", "\u{600} ", "\u{600}\t", "x\u{600} \u{301}", " \u{301}", "e\u{301} ", "\r\n", "a\r\nb",
        "Zoë \"Z\" O'Brien, PT", "=?UTF-8?Q?=0A?=Bcc: x@evil\u{2028}X", String(repeating: "Grüße 😀 中文 ", count: 20),
        String(repeating: "👩‍👩‍👧", count: 12), String(repeating: "a\u{301}", count: 40),
    ])
    func edgeCases(text: String) {
        #expect(QuotedPrintable.encode(text) == MIMEReference.QuotedPrintable.encode(text))
    }
}
