/// One e-mail, ready to serialise as an RFC 5322 message with a `multipart/alternative` body
/// (plain text first, HTML second), both parts UTF-8 and quoted-printable, CRLF throughout.
public struct MailMessage: Sendable {
    public struct Unsubscribe: Sendable {
        /// The https (or http) page, if any; one-click when https.
        public var url: String?
        public var mailto: EmailAddress?

        public init(url: String?, mailto: EmailAddress?) {
            self.url = url
            self.mailto = mailto
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

    /// The message's bytes. `boundarySeed` (a content hash) makes the MIME boundary; the boundary is
    /// checked against both encoded parts and changed until it appears in neither.
    public func serialized(boundarySeed: String) -> [UInt8] {
        var head = ""
        head += HeaderEncoding.fold(name: "Date", tokens: [RFC5322Date.format(date, offset: utcOffset)])
        head += HeaderEncoding.fold(name: "From", tokens: HeaderEncoding.mailbox(displayName: from.displayName, address: from.address))
        if let replyTo {
            head += HeaderEncoding.fold(name: "Reply-To", tokens: HeaderEncoding.mailbox(displayName: replyTo.displayName, address: replyTo.address))
        }
        head += HeaderEncoding.fold(name: "To", tokens: HeaderEncoding.mailbox(displayName: to.displayName, address: to.address))
        head += HeaderEncoding.fold(name: "Subject", tokens: HeaderEncoding.unstructured(subject))
        head += HeaderEncoding.fold(name: "Message-ID", tokens: ["<\(messageID)>"])
        head += "MIME-Version: 1.0\r\n"
        head += HeaderEncoding.fold(name: "List-Id", tokens: ["<\(listID)>"])
        if let unsubscribe {
            var targets: [String] = []
            if let url = unsubscribe.url { targets.append("<\(url)>") }
            if let mailto = unsubscribe.mailto { targets.append("<mailto:\(mailto)?subject=unsubscribe>") }
            if !targets.isEmpty {
                head += HeaderEncoding.fold(name: "List-Unsubscribe", tokens: targets, separator: ",")
            }
            if let url = unsubscribe.url, url.lowercased().hasPrefix("https://") {
                head += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            }
        }
        let textPart = QuotedPrintable.encode(text)
        let htmlPart = QuotedPrintable.encode(html)
        var boundary = "=_tp_" + boundarySeed
        while contains(textPart, Array(boundary.utf8)) || contains(htmlPart, Array(boundary.utf8)) {
            boundary += "_"
        }
        head += HeaderEncoding.fold(name: "Content-Type", tokens: ["multipart/alternative;", "boundary=\"\(boundary)\""])
        head += "\r\n"
        var out = Array(head.utf8)
        out.reserveCapacity(out.count + textPart.count + htmlPart.count + 400)
        for (type, part) in [("text/plain", textPart), ("text/html", htmlPart)] {
            out += Array("--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            out += part
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

/// RFC 5322 §3.3 dates: `Tue, 01 Dec 2026 09:00:00 -0600`.
enum RFC5322Date {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ instant: Int, offset: Int) -> String {
        let wall = instant + offset
        let dayNumber = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let second = wall - dayNumber * 86_400
        let date = LocalDate(dayNumber: dayNumber) ?? .epoch
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset) / 60
        return "\(days[date.weekday.rawValue - 1]), \(two(date.day)) \(months[date.month - 1]) \(date.year) "
            + "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) \(sign)\(two(magnitude / 60))\(two(magnitude % 60))"
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}
