import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

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

    /// Short text, the size of a display name or a subject.
    private static let shortText = Gen<String?>.element(of: pieces).array(of: 0...8).map { $0.compactMap { $0 }.joined() }

    @Test func quotedPrintable() async {
        await propertyCheck(count: Self.iterations, input: Self.text) { text in
            let encoded = QuotedPrintable.encode(text)
            #expect(encoded == MIMEReference.QuotedPrintable.encode(text), "\(text.debugDescription)")
            // What lets the boundary go unchecked: "=_" never occurs in an encoded part.
            #expect(!zip(encoded, encoded.dropFirst()).contains { $0 == UInt8(ascii: "=") && $1 == UInt8(ascii: "_") })
        }
    }

    @Test func sanitize() async {
        await propertyCheck(count: Self.iterations, input: Self.text) { text in
            #expect(Array(HeaderEncoding.sanitize(text).utf8) == Array(MIMEReference.HeaderEncoding.sanitize(text).utf8),
                    "\(text.debugDescription)")
        }
    }

    @Test func unstructuredAndPhraseFields() async {
        let names = ["To", "From", "Subject", "Reply-To", "X-A-Header-Name-Long-Enough-To-Move-The-Folds"]
        await propertyCheck(count: Self.iterations, input: zip(Self.text, Gen<String?>.element(of: names))) { text, name in
            let name = name ?? "To"
            let reference = MIMEReference.HeaderEncoding.self
            #expect(Self.field(name) { HeaderEncoding.unstructured(text, into: &$0) }
                    == Array(reference.fold(name: name, tokens: reference.unstructured(text)).utf8), "\(text.debugDescription)")
            #expect(Self.field(name) { HeaderEncoding.phrase(text, into: &$0) }
                    == Array(reference.fold(name: name, tokens: reference.phrase(text)).utf8), "\(text.debugDescription)")
        }
    }

    /// Folding counts characters as `String.count` does, also in tokens that are not ASCII.
    @Test func foldingOfAnyTokens() async {
        let tokens = Self.shortText.array(of: 0...12)
        await propertyCheck(count: Self.iterations, input: zip(tokens, Gen<String?>.element(of: ["", ",", "\u{301}"]))) { tokens, separator in
            let separator = separator ?? ""
            let written = Self.field("List-Unsubscribe") { header in
                for (index, token) in tokens.enumerated() {
                    header.beginToken()
                    header.bytes.append(contentsOf: token.utf8)
                    if index < tokens.count - 1 { header.bytes.append(contentsOf: separator.utf8) }
                    header.endToken()
                }
            }
            let reference = MIMEReference.HeaderEncoding.fold(name: "List-Unsubscribe", tokens: tokens, separator: separator)
            #expect(written == Array(reference.utf8), "\(tokens)")
        }
    }

    @Test func dates() async {
        let instants = Gen.int(in: -400_000_000_000...400_000_000_000)
        let offsets = Gen.int(in: -200_000...200_000)
        await propertyCheck(count: Self.iterations, input: zip(instants, offsets)) { instant, offset in
            #expect(Array(RFC5322Date.format(instant, offset: offset).utf8)
                    == Array(MIMEReference.RFC5322Date.format(instant, offset: offset).utf8))
        }
    }

    @Test func wholeMessages() async {
        let address = zip(Self.shortText, Self.shortText).map { EmailAddress(localPart: "l" + $0, domain: $1 + ".example") }
        let mailbox = zip(Self.shortText, Gen.bool, address).map { name, named, address in
            Mailbox(displayName: named ? name : nil, address: address)
        }
        let url = zip(Self.shortText, Gen<String?>.element(of: ["https://", "HTTPS://", "http://", "", "ＨTTPS://"]))
            .map { path, scheme in (scheme ?? "") + "x.example/" + path }
        let unsubscribe = zip(Gen.int(in: 0...3), url, address).map { kind, url, address in
            kind == 0 ? nil : MailMessage.Unsubscribe(url: kind & 1 == 1 ? url : nil, mailto: kind & 2 == 2 ? address : nil)
        }
        let message = zip(
            zip(Gen.int(in: 0...4_000_000_000), Gen.int(in: -50_400...50_400), mailbox, mailbox.array(of: 0...1), mailbox),
            zip(Self.text, Self.shortText, Self.shortText, unsubscribe),
            zip(Self.text, Self.text, Self.shortText)
        ).map { head, ids, body in
            let (date, offset, from, replyTo, to) = head
            let (subject, messageID, listID, unsubscribe) = ids
            let (text, html, seed) = body
            return (MailMessage(date: date, utcOffset: offset, from: from, replyTo: replyTo.first, to: to, subject: subject,
                                messageID: messageID, listID: listID, unsubscribe: unsubscribe, text: text, html: html), seed)
        }
        await propertyCheck(count: Self.iterations, input: message) { message, seed in
            let written = message.serialized(boundarySeed: seed)
            let reference = MIMEReference.serialized(message, boundarySeed: seed)
            #expect(written == reference, "\(String(decoding: written, as: UTF8.self).debugDescription)")
        }
    }

    /// Pieces whose exact bytes matter and that random concatenation may miss.
    @Test(arguments: [
        "", " ", "a ", "\u{600} ", "\u{600}\t", "x\u{600} \u{301}", " \u{301}", "e\u{301} ", "\r\n", "a\r\nb",
        "Zoë \"Z\" O'Brien, PT", "=?UTF-8?Q?=0A?=Bcc: x@evil\u{2028}X", String(repeating: "Grüße 😀 中文 ", count: 20),
        String(repeating: "👩‍👩‍👧", count: 12), String(repeating: "a\u{301}", count: 40),
    ])
    func edgeCases(text: String) {
        let reference = MIMEReference.HeaderEncoding.self
        #expect(Array(HeaderEncoding.sanitize(text).utf8) == Array(reference.sanitize(text).utf8))
        #expect(Self.field("Subject") { HeaderEncoding.unstructured(text, into: &$0) }
                == Array(reference.fold(name: "Subject", tokens: reference.unstructured(text)).utf8))
        #expect(Self.field("To") { HeaderEncoding.phrase(text, into: &$0) }
                == Array(reference.fold(name: "To", tokens: reference.phrase(text)).utf8))
        #expect(QuotedPrintable.encode(text) == MIMEReference.QuotedPrintable.encode(text))
    }

    /// One header field written by `write`.
    private static func field(_ name: String, _ write: (inout HeaderWriter) -> Void) -> [UInt8] {
        var header = HeaderWriter(reservingCapacity: 0)
        header.beginField(name)
        write(&header)
        header.endField()
        return header.bytes
    }
}
