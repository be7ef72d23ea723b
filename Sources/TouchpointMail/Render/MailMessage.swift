import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// One e-mail, ready to serialise as an RFC 5322 message with a `multipart/alternative` body
/// (plain text first, HTML second), both parts UTF-8 and quoted-printable, CRLF throughout.
public struct MailMessage: Sendable {
    public struct Unsubscribe: Sendable {
        /// The https (or http) page, if any; one-click when https.
        public var url: String?
        public var mailto: EmailAddress?
        /// The contact's token, carried in the mailto link's subject so that a request sent from
        /// another address still names the contact; `nil` without a secret.
        public var token: String?

        public init(url: String?, mailto: EmailAddress?, token: String? = nil) {
            self.url = url
            self.mailto = mailto
            self.token = token
        }

        /// The mailto link's query: `?subject=unsubscribe`, and the token after `%20` when known.
        public static func mailtoQuery(token: String?) -> String {
            "?subject=unsubscribe" + (token.map { "%20" + PercentEncoding.encode($0) } ?? "")
        }
    }

    /// Seconds since 1970 (UTC) and the sender's offset from UTC at that instant.
    public var date: Int
    public var utcOffset: Int
    public var from: Mailbox
    public var replyTo: Mailbox?
    public var to: Mailbox
    public var subject: String
    /// Without angle brackets: `hash@domain`.
    public var messageID: String
    /// Without angle brackets: `campaign.domain`.
    public var listID: String
    /// Marketing messages carry List-Unsubscribe; care messages do not.
    public var unsubscribe: Unsubscribe?
    public var text: String
    public var html: String

    public init(
        date: Int, utcOffset: Int, from: Mailbox, replyTo: Mailbox?, to: Mailbox, subject: String,
        messageID: String, listID: String, unsubscribe: Unsubscribe?, text: String, html: String
    ) {
        self.date = date
        self.utcOffset = utcOffset
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.messageID = messageID
        self.listID = listID
        self.unsubscribe = unsubscribe
        self.text = text
        self.html = html
    }

    /// The message's bytes, written into one buffer. `boundarySeed` (a content hash) makes the MIME
    /// boundary, "=_tp_" and the seed: quoted-printable never writes "=_", so the boundary cannot
    /// occur in either part.
    public func serialized(boundarySeed: String) -> [UInt8] {
        var writer = HeaderWriter(reservingCapacity: 1024 + (text.utf8.count + html.utf8.count) * 9 / 8)
        writer.beginField("Date")
        writer.beginToken()
        RFC5322Date.append(date, offset: utcOffset, to: &writer.bytes)
        writer.endToken()
        writer.endField()
        writer.beginField("From")
        HeaderEncoding.mailbox(displayName: from.displayName, address: from.address, into: &writer)
        writer.endField()
        if let replyTo {
            writer.beginField("Reply-To")
            HeaderEncoding.mailbox(displayName: replyTo.displayName, address: replyTo.address, into: &writer)
            writer.endField()
        }
        writer.beginField("To")
        HeaderEncoding.mailbox(displayName: to.displayName, address: to.address, into: &writer)
        writer.endField()
        writer.beginField("Subject")
        HeaderEncoding.unstructured(subject, into: &writer)
        writer.endField()
        writer.beginField("Message-ID")
        writer.angleBracketedToken(messageID)
        writer.endField()
        writer.bytes.append(contentsOf: "MIME-Version: 1.0\r\n".utf8)
        writer.beginField("List-Id")
        writer.angleBracketedToken(listID)
        writer.endField()
        if let unsubscribe {
            let url = unsubscribe.url.map(Self.headerURL).flatMap { $0.utf8.count <= Self.longestHeaderURL ? $0 : nil }
            if url != nil || unsubscribe.mailto != nil {
                writer.beginField("List-Unsubscribe")
                if let url {
                    // The comma between the targets belongs to the token before it.
                    writer.angleBracketedToken(url, separator: unsubscribe.mailto != nil ? "," : "")
                }
                if let mailto = unsubscribe.mailto {
                    writer.beginToken()
                    writer.bytes.append(contentsOf: "<mailto:".utf8)
                    mailto.appendUTF8(to: &writer.bytes)
                    writer.bytes.append(contentsOf: Unsubscribe.mailtoQuery(token: unsubscribe.token).utf8)
                    writer.bytes.append(UInt8(ascii: ">"))
                    writer.endToken()
                }
                writer.endField()
            }
            if let url, Self.isHTTPS(url) {
                writer.bytes.append(contentsOf: "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n".utf8)
            }
        }
        let boundary = "=_tp_" + boundarySeed
        writer.beginField("Content-Type")
        writer.token("multipart/alternative;")
        writer.beginToken()
        writer.bytes.append(contentsOf: "boundary=\"".utf8)
        writer.bytes.append(contentsOf: boundary.utf8)
        writer.bytes.append(UInt8(ascii: "\""))
        writer.endToken()
        writer.endField()
        writer.bytes.append(contentsOf: "\r\n".utf8)
        Self.appendPart(type: "text/plain", text, boundary: boundary, to: &writer.bytes)
        Self.appendPart(type: "text/html", html, boundary: boundary, to: &writer.bytes)
        writer.bytes.append(contentsOf: "--".utf8)
        writer.bytes.append(contentsOf: boundary.utf8)
        writer.bytes.append(contentsOf: "--\r\n".utf8)
        return writer.bytes
    }

    /// One body part: the boundary line, the part's headers, and `text` quoted-printable.
    private static func appendPart(type: String, _ text: String, boundary: String, to out: inout [UInt8]) {
        out.append(contentsOf: "--".utf8)
        out.append(contentsOf: boundary.utf8)
        out.append(contentsOf: "\r\nContent-Type: ".utf8)
        out.append(contentsOf: type.utf8)
        out.append(contentsOf: "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
        QuotedPrintable.encode(text, into: &out)
    }

    /// Whether `url` starts with "https://" in any case. ASCII is lowercased byte by byte; other
    /// text goes through `String.lowercased()`, which may change its length.
    /// The URL as a header holds it (RFC 2369, RFC 3986): a byte that is not visible ASCII — a
    /// space, a control character, a line break, any byte of a non-ASCII letter — or that would
    /// end the angle brackets is percent-encoded, so a practice's URL can neither put 8-bit text in
    /// the header nor end it.
    ///
    /// A URL is never folded (RFC 2369 §2: nothing may insert white space inside the brackets, and
    /// mail providers ignore a field that has some), so one longer than ``longestHeaderURL`` is
    /// left out of `List-Unsubscribe` rather than make a line over RFC 5322's 998 octets; `check`
    /// refuses a practice's URL long enough for that (`invalid-url`), and the body's link still
    /// carries it.
    package static func headerURL(_ url: String) -> String {
        PercentEncoding.encode(url) { byte in
            (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"")
        }
    }

    /// The longest URL `List-Unsubscribe: <URL>,` holds on one line of 998 octets.
    package static let longestHeaderURL = 998 - "List-Unsubscribe: <>,".utf8.count

    private static func isHTTPS(_ url: String) -> Bool {
        let bytes = url.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return url.lowercased().hasPrefix("https://") }
        let lowercased = bytes.lazy.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return lowercased.starts(with: "https://".utf8)
    }
}

/// RFC 5322 §3.3 dates: `Tue, 01 Dec 2026 09:00:00 -0600`.
package enum RFC5322Date {
    private static let days = Array("SunMonTueWedThuFriSat".utf8)
    private static let months = Array("JanFebMarAprMayJunJulAugSepOctNovDec".utf8)

    package static func format(_ instant: Int, offset: Int) -> String {
        var bytes: [UInt8] = []
        append(instant, offset: offset, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `format(instant, offset: offset)` as bytes.
    package static func append(_ instant: Int, offset: Int, to bytes: inout [UInt8]) {
        let wall = instant + offset
        let dayNumber = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let second = wall - dayNumber * 86_400
        let date = LocalDate(dayNumber: dayNumber) ?? .epoch
        let magnitude = abs(offset) / 60
        let day = (date.weekday.rawValue - 1) * 3
        bytes.append(contentsOf: days[day..<(day + 3)])
        bytes.append(contentsOf: ", ".utf8)
        two(date.day, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        let month = (date.month - 1) * 3
        bytes.append(contentsOf: months[month..<(month + 3)])
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: String(date.year).utf8)
        bytes.append(UInt8(ascii: " "))
        two(second / 3600, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        two(second / 60 % 60, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        two(second % 60, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        two(magnitude / 60, to: &bytes)
        two(magnitude % 60, to: &bytes)
    }

    /// At least two digits.
    private static func two(_ value: Int, to bytes: inout [UInt8]) {
        if value < 10 { bytes.append(UInt8(ascii: "0")) }
        bytes.append(contentsOf: String(value).utf8)
    }
}
