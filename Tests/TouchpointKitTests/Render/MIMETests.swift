import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("MIME writing")
struct MIMETests {
    private func mailbox(_ name: String?, _ address: String) -> Mailbox {
        guard case .success(let parsed) = EmailAddress.parse(address) else {
            Issue.record("bad test address \(address)")
            return Mailbox(displayName: nil, address: EmailAddress(localPart: "x", domain: "example.com"))
        }
        return Mailbox(displayName: name, address: parsed)
    }

    private func message(
        subject: String, toName: String?, text: String = "Hello", html: String = "<p>Hello</p>",
        url: String? = "https://lincolnpt.example/u?c=abc"
    ) -> MailMessage {
        MailMessage(
            date: 1_796_137_200, utcOffset: -21_600, from: mailbox("Lincoln Physical Therapy", "care@lincolnpt.example"),
            replyTo: nil, to: mailbox(toName, "jane@example.com"), subject: subject,
            messageID: "0123abcd@lincolnpt.example", listID: "newsletter.lincolnpt.example",
            unsubscribe: MailMessage.Unsubscribe(url: url, mailto: EmailAddress(localPart: "unsubscribe", domain: "lincolnpt.example")),
            text: text, html: html)
    }

    private func headerLines(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n")
    }

    @Test func dateHasANumericOffset() {
        #expect(RFC5322Date.format(1_796_137_200, offset: -21_600) == "Tue, 01 Dec 2026 09:00:00 -0600")
        #expect(RFC5322Date.format(0, offset: 19_800) == "Thu, 01 Jan 1970 05:30:00 +0530")
    }

    /// Found by the MIME fuzzer: a practice's unsubscribe URL went into List-Unsubscribe as written,
    /// so a non-ASCII letter made an 8-bit header and a line break in it ended the header block.
    @Test func theUnsubscribeURLIsPercentEncodedInItsHeader() {
        let bytes = message(subject: "Hi", toName: nil, url: "https://physio-müller.example/ab melden\r\n\r\nX: <y>").serialized(
            boundarySeed: "abc")
        let lines = headerLines(bytes)
        #expect(lines.allSatisfy { $0.allSatisfy(\.isASCII) })
        #expect(!lines.contains { $0.hasPrefix("X:") })
        #expect(lines.contains("List-Unsubscribe: <https://physio-m%C3%BCller.example/ab%20melden%0D%0A%0D%0AX:%20%3Cy%3E>,"))
        #expect(MailMessage.headerURL("https://a.example/u?c=tok&x=%41") == "https://a.example/u?c=tok&x=%41")
    }

    /// Found by the MIME fuzzer: a URL is one token that is never folded, so a long one (each
    /// non-ASCII letter is six characters percent-encoded) made a List-Unsubscribe line over 998
    /// octets. The longest that fits stays; a longer one is left out, with the one-click field.
    @Test func anUnsubscribeURLTooLongForOneLineIsLeftOutOfTheHeader() {
        let fits = "https://a.example/" + String(repeating: "u", count: MailMessage.longestHeaderURL - 18)
        let fitting = headerLines(message(subject: "Hi", toName: nil, url: fits).serialized(boundarySeed: "abc"))
        #expect(fitting.contains("List-Unsubscribe: <\(fits)>,"))
        #expect(fitting.contains { $0.count == 998 })
        #expect(fitting.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        let long = "https://a.example/" + String(repeating: "é", count: 200)
        let lines = headerLines(message(subject: "Hi", toName: nil, url: long).serialized(boundarySeed: "abc"))
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines)")
        #expect(lines.contains("List-Unsubscribe: <mailto:unsubscribe@lincolnpt.example?subject=unsubscribe>"))
        #expect(!lines.contains { $0.hasPrefix("List-Unsubscribe-Post") })
    }

    @Test func everyLineEndsInCRLFAndHeadersAreASCII() {
        let bytes = message(subject: "Café ☕️ for Zoë 😀", toName: "José Núñez").serialized(boundarySeed: "abc")
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D)
        }
        for line in headerLines(bytes) {
            #expect(line.allSatisfy { $0.isASCII })
            #expect(line.count <= 78)
        }
    }

    @Test func encodedWordsStayShortAndWhole() {
        let subject = String(repeating: "Grüße 😀 中文 ", count: 20)
        var header = HeaderWriter(reservingCapacity: 0)
        header.beginField("Subject")
        HeaderEncoding.unstructured(subject, into: &header)
        header.endField()
        // Encoded words hold no white space, so the field's words after "Subject:" are its tokens.
        let words = String(decoding: header.bytes, as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\r\n" }).dropFirst().map(String.init)
        #expect(words.count > 3)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?Q?") && word.hasSuffix("?="))
            // Each word decodes on its own: no UTF-8 sequence is split between words.
            let body = word.dropFirst(10).dropLast(2)
            var bytes: [UInt8] = []
            var iterator = Array(body.utf8).makeIterator()
            while let byte = iterator.next() {
                if byte == UInt8(ascii: "=") {
                    let high = iterator.next() ?? 0
                    let low = iterator.next() ?? 0
                    bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
                } else if byte == UInt8(ascii: "_") {
                    bytes.append(0x20)
                } else {
                    bytes.append(byte)
                }
            }
            #expect(String(validating: bytes, as: UTF8.self) != nil)
        }
    }

    @Test func headerInjectionIsImpossible() {
        let bytes = message(subject: "Hi\r\nBcc: x@evil.example", toName: "=?UTF-8?Q?=0A?=Bcc: x@evil\u{2028}X").serialized(
            boundarySeed: "s")
        let lines = headerLines(bytes)
        #expect(!lines.contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(lines.allSatisfy { $0.first != nil })
    }

    @Test func longURLIsNeverFolded() {
        let url = "https://lincolnpt.example/unsubscribe?c=" + String(repeating: "a1", count: 80)
        let lines = headerLines(message(subject: "News", toName: nil, url: url).serialized(boundarySeed: "b"))
        #expect(lines.contains { $0.contains("<\(url)>") })
        #expect(lines.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(lines.allSatisfy { $0.count <= 998 })
    }

    @Test func quotedPrintableLinesStayWithin76() {
        let text = String(repeating: "Ünïcödé and a long line with = signs and trailing space ", count: 10) + " \nFrom here\n"
        let encoded = String(decoding: QuotedPrintable.encode(text), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.contains { $0.hasPrefix("=46rom here") })
        #expect(!lines.contains { $0.hasSuffix(" ") })
    }

    @Test func boundaryIsAbsentFromTheParts() {
        let bytes = message(subject: "x", toName: nil, text: "--=_tp_seed", html: "=_tp_seed").serialized(boundarySeed: "seed")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("boundary=\"=_tp_seed\""))
        #expect(text.components(separatedBy: "--=_tp_seed\r\n").count == 3)
    }

    @Test func pythonEmailParsesTheMessageStrictly() throws {
        let bytes = message(
            subject: "Ihre Übungen für Woche 3 — 😀", toName: "Zoë \"Z\" O'Brien, PT",
            text: "Hi Zoë,\n\n* one\n* two\n", html: "<p>Hi Zoë</p>"
        ).serialized(boundarySeed: "py")
        let script = """
            import sys, email, email.policy
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.strict)
            assert not msg.defects, msg.defects
            print(msg['Subject']); print(msg['To'])
            for part in msg.iter_parts():
                assert not part.defects, part.defects
                print(part.get_content_type(), part.get_content().strip().splitlines()[0])
            """
        let python = try Python.run(script, input: Data(bytes), mergingErrors: true)
        let printed = python.text
        #expect(python.status == 0, "python said: \(printed)")
        #expect(
            printed == """
                Ihre Übungen für Woche 3 — 😀
                "Zoë \\"Z\\" O'Brien, PT" <jane@example.com>
                text/plain Hi Zoë,
                text/html <p>Hi Zoë</p>

                """)
    }
}
