import PropertyBased
import Testing
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// The MIME writer works on UTF-8 bytes for speed; these checks hold it to the bytes the
/// String-based code it replaced wrote (`Recorded/`), on text built from pieces that stress each
/// rule: line breaks of every kind, "From " at a line's start, '=', '?', '_', quotes and
/// backslashes, controls, Unicode separators, combining and prepended marks, emoji sequences, and
/// words and lines around the 68-, 75-, 76- and 78-character limits. Outputs are compared as
/// bytes, never as strings, since `String ==` treats "é" and "e\u{301}" as equal.
@Suite("MIME writer as recorded")
struct MIMERecordingTests {
    /// Text and its quoted-printable encoding.
    struct QuotedPrintableCase: Codable {
        let text: String
        let encoded: String

        func recomputed() -> QuotedPrintableCase {
            QuotedPrintableCase(text: text, encoded: String(decoding: QuotedPrintable.encode(text), as: UTF8.self))
        }
    }

    /// Text and what is left of it to put in a header.
    struct SanitizeCase: Codable {
        let text: String
        let sanitized: String

        func recomputed() -> SanitizeCase {
            SanitizeCase(text: text, sanitized: HeaderEncoding.sanitize(text))
        }
    }

    /// A header field of `name` with `text` as its value, written as unstructured text (a
    /// subject) and as a phrase (a display name), folded.
    struct FieldCase: Codable {
        let name: String
        let text: String
        let unstructured: String
        let phrase: String

        func recomputed() -> FieldCase {
            FieldCase(
                name: name, text: text,
                unstructured: MIMERecordingTests.field(name) { HeaderEncoding.unstructured(text, into: &$0) },
                phrase: MIMERecordingTests.field(name) { HeaderEncoding.phrase(text, into: &$0) })
        }
    }

    /// Tokens, the separator written after each but the last, and the `List-Unsubscribe` field
    /// folded between them: folding counts characters as `String.count` does, also in tokens
    /// that are not ASCII.
    struct FoldingCase: Codable {
        let tokens: [String]
        let separator: String
        let field: String

        func recomputed() -> FoldingCase {
            let field = MIMERecordingTests.field("List-Unsubscribe") { header in
                for (index, token) in tokens.enumerated() {
                    header.beginToken()
                    header.bytes.append(contentsOf: token.utf8)
                    if index < tokens.count - 1 { header.bytes.append(contentsOf: separator.utf8) }
                    header.endToken()
                }
            }
            return FoldingCase(tokens: tokens, separator: separator, field: field)
        }
    }

    /// An instant, an offset from UTC in seconds, and the RFC 5322 date.
    struct DateCase: Codable {
        let instant: Int
        let offset: Int
        let date: String

        func recomputed() -> DateCase {
            DateCase(instant: instant, offset: offset, date: RFC5322Date.format(instant, offset: offset))
        }
    }

    /// A whole message, its boundary seed, and its bytes.
    struct MessageCase: Codable {
        struct Address: Codable {
            let name: String?
            let localPart: String
            let domain: String

            init(_ mailbox: Mailbox) {
                name = mailbox.displayName
                localPart = mailbox.address.localPart
                domain = mailbox.address.domain
            }

            var mailbox: Mailbox {
                Mailbox(displayName: name, address: EmailAddress(localPart: localPart, domain: domain))
            }
        }

        let date: Int
        let utcOffset: Int
        let from: Address
        let replyTo: Address?
        let to: Address
        let subject: String
        let messageID: String
        let listID: String
        let unsubscribeURL: String?
        let unsubscribeMailto: Address?
        let hasUnsubscribe: Bool
        let text: String
        let html: String
        let seed: String
        let bytes: String

        init(_ message: MailMessage, seed: String, bytes: [UInt8]) {
            date = message.date
            utcOffset = message.utcOffset
            from = Address(message.from)
            replyTo = message.replyTo.map(Address.init)
            to = Address(message.to)
            subject = message.subject
            messageID = message.messageID
            listID = message.listID
            unsubscribeURL = message.unsubscribe?.url
            unsubscribeMailto = message.unsubscribe?.mailto.map { Address(Mailbox(displayName: nil, address: $0)) }
            hasUnsubscribe = message.unsubscribe != nil
            text = message.text
            html = message.html
            self.seed = seed
            self.bytes = String(decoding: bytes, as: UTF8.self)
        }

        var message: MailMessage {
            let unsubscribe =
                hasUnsubscribe
                ? MailMessage.Unsubscribe(url: unsubscribeURL, mailto: unsubscribeMailto.map(\.mailbox.address)) : nil
            return MailMessage(
                date: date, utcOffset: utcOffset, from: from.mailbox, replyTo: replyTo?.mailbox, to: to.mailbox,
                subject: subject, messageID: messageID, listID: listID, unsubscribe: unsubscribe, text: text,
                html: html)
        }

        func recomputed() -> MessageCase {
            let message = message
            return MessageCase(message, seed: seed, bytes: message.serialized(boundarySeed: seed))
        }
    }

    /// Pieces whose exact bytes matter and that random concatenation may miss, with what each
    /// header encoding and quoted-printable make of them.
    struct EdgeCase: Codable {
        let text: String
        let sanitized: String
        let subject: String
        let to: String
        let quotedPrintable: String

        func recomputed() -> EdgeCase {
            EdgeCase(
                text: text, sanitized: HeaderEncoding.sanitize(text),
                subject: MIMERecordingTests.field("Subject") { HeaderEncoding.unstructured(text, into: &$0) },
                to: MIMERecordingTests.field("To") { HeaderEncoding.phrase(text, into: &$0) },
                quotedPrintable: String(decoding: QuotedPrintable.encode(text), as: UTF8.self))
        }
    }

    @Test func quotedPrintableIsAsRecorded() throws {
        try RecordedCases.check("mime-quoted-printable", minimum: 100) { (item: QuotedPrintableCase) in item.recomputed() }
    }

    @Test func sanitizedTextIsAsRecorded() throws {
        try RecordedCases.check("mime-sanitize", minimum: 100) { (item: SanitizeCase) in item.recomputed() }
    }

    @Test func unstructuredAndPhraseFieldsAreAsRecorded() throws {
        try RecordedCases.check("mime-header-fields", minimum: 80) { (item: FieldCase) in item.recomputed() }
    }

    @Test func foldingOfAnyTokensIsAsRecorded() throws {
        try RecordedCases.check("mime-folding", minimum: 100) { (item: FoldingCase) in item.recomputed() }
    }

    @Test func datesAreAsRecorded() throws {
        try RecordedCases.check("mime-dates", minimum: 300) { (item: DateCase) in item.recomputed() }
    }

    @Test func wholeMessagesAreAsRecorded() throws {
        try RecordedCases.check("mime-messages", minimum: 30) { (item: MessageCase) in item.recomputed() }
    }

    @Test func edgeCasesAreAsRecorded() throws {
        try RecordedCases.check("mime-edge-cases", minimum: 15) { (item: EdgeCase) in item.recomputed() }
    }

    /// What lets the boundary go unchecked: "=_" never occurs in an encoded part.
    @Test func quotedPrintableNeverWritesTheBoundaryPrefix() async {
        let pieces = ["=", "_", "=_", "a", " ", "\t", "\r\n", "\n", "é", "😀", "From ", String(repeating: "w", count: 74)]
        let text = Gen<String?>.element(of: pieces).array(of: 0...60).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 500, input: text) { text in
            let encoded = QuotedPrintable.encode(text)
            #expect(
                !zip(encoded, encoded.dropFirst()).contains { $0 == UInt8(ascii: "=") && $1 == UInt8(ascii: "_") },
                "\(text.debugDescription)")
        }
    }

    /// One header field written by `write`, as text.
    static func field(_ name: String, _ write: (inout HeaderWriter) -> Void) -> String {
        var header = HeaderWriter(reservingCapacity: 0)
        header.beginField(name)
        write(&header)
        header.endField()
        return String(decoding: header.bytes, as: UTF8.self)
    }
}
