import TouchpointCore

/// What one received message says, as `touchpoint feedback` reads it: a delivery status
/// notification (RFC 3464), a complaint (an ARF feedback report, RFC 5965), a patient's request to
/// unsubscribe sent to the `mailto:` address, or none of these.
public enum FeedbackMail: Sendable, Equatable {
    case bounce(DeliveryReport)
    case complaint(ComplaintReport)
    case unsubscribe(UnsubscribeRequest)
    /// Not something feedback acts on; the reason says what it looked like.
    case unrecognized(String)
    /// Looked like a report but could not be read; the reason says what is wrong.
    case malformed(String)

    /// One recipient's line of a delivery status notification.
    public struct RecipientStatus: Sendable, Equatable {
        /// The recipient, lowercased: `Final-Recipient`, else `Original-Recipient`.
        public let address: String?
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`, lowercased.
        public let action: String
        /// The enhanced status code (RFC 3463), such as `5.1.1`.
        public let status: String?
        /// The remote server's words, when given.
        public let diagnostic: String?

        /// A permanent failure: `failed` with a 5.x.x status.
        public var isHard: Bool { action == "failed" && status?.hasPrefix("5.") == true }
        /// A temporary failure given up on: `failed` with a 4.x.x status.
        public var isSoft: Bool { action == "failed" && status?.hasPrefix("4.") == true }
    }

    public struct DeliveryReport: Sendable, Equatable {
        public let recipients: [RecipientStatus]
        /// The token in the returned message's `List-Unsubscribe`, when it came back with it.
        public let token: String?
        /// When the report was made: its `Date`, else the `Arrival-Date` it reports.
        public let instant: Int?
    }

    public struct ComplaintReport: Sendable, Equatable {
        /// `abuse`, `fraud`, `virus`, `other` or `not-spam`, lowercased.
        public let feedbackType: String
        /// The complaining recipient: `Original-Rcpt-To`, else the returned message's `To` (mail
        /// providers often redact both).
        public let address: String?
        /// The token in the returned message's `List-Unsubscribe`.
        public let token: String?
        public let instant: Int?
    }

    public struct UnsubscribeRequest: Sendable, Equatable {
        /// The sender, lowercased.
        public let from: String?
        /// The token in the subject (`unsubscribe 01ccd29a…`), when the link put it there.
        public let token: String?
        public let instant: Int?
    }

    /// Reads one message. `unsubscribeAddress` is the practice's `mailto:` address: a message to
    /// it, or one whose subject asks to unsubscribe, is a request.
    public static func read(_ bytes: [UInt8], unsubscribeAddress: String?) -> FeedbackMail {
        let message = MailEntity(parsing: bytes)
        guard !message.fields.isEmpty else { return .malformed("no header fields: not an e-mail message") }
        let date = message.header("Date").flatMap(MailDate.instant)
        if message.mediaType == "multipart/report" {
            let reportType = message.contentTypeParameter("report-type")?.lowercased()
            let parts = message.parts
            if reportType == "feedback-report" || parts.contains(where: { $0.mediaType == "message/feedback-report" }) {
                return complaint(message, parts: parts, date: date)
            }
            if reportType == "delivery-status" || parts.contains(where: { isDeliveryStatus($0.mediaType) }) {
                return bounce(message, parts: parts, date: date)
            }
            return .unrecognized("a report of type '\(reportType ?? "none")'")
        }
        if let automatic = message.header("Auto-Submitted")?.lowercased(), !automatic.hasPrefix("no") {
            return .unrecognized("an automatic reply (Auto-Submitted: \(automatic))")
        }
        let subject = MIMEHeader.decodingEncodedWords(message.header("Subject") ?? "")
        let recipients = (message.headers("To") + message.headers("Delivered-To") + message.headers("X-Original-To"))
            .flatMap(MIMEHeader.addresses)
        let toUnsubscribeAddress = unsubscribeAddress.map { recipients.contains($0.lowercased()) } ?? false
        guard toUnsubscribeAddress || subject.lowercased().contains("unsubscribe") else {
            return .unrecognized("neither a report nor a request to unsubscribe")
        }
        let from = message.header("From").flatMap { MIMEHeader.addresses(in: $0).first }
        return .unsubscribe(UnsubscribeRequest(from: from, token: MIMEHeader.token(in: subject), instant: date))
    }

    private static func isDeliveryStatus(_ type: String) -> Bool {
        type == "message/delivery-status" || type == "message/global-delivery-status"
    }

    /// The token in the `List-Unsubscribe` of the message a report returned, if it came back.
    private static func returnedToken(_ parts: [MailEntity]) -> (token: String?, to: String?) {
        for part in parts {
            guard let original = part.enclosedMessage else { continue }
            let token = original.header("List-Unsubscribe").flatMap(MIMEHeader.token)
            let to = original.header("To").flatMap { MIMEHeader.addresses(in: $0).first }
            return (token, to)
        }
        return (nil, nil)
    }

    private static func bounce(_ message: MailEntity, parts: [MailEntity], date: Int?) -> FeedbackMail {
        guard let status = parts.first(where: { isDeliveryStatus($0.mediaType) }) else {
            return .malformed("a delivery report without its 'message/delivery-status' part")
        }
        let blocks = statusBlocks(status.decodedBody)
        guard let perMessage = blocks.first else { return .malformed("an empty 'message/delivery-status' part") }
        var recipients: [RecipientStatus] = []
        for block in blocks.dropFirst() {
            let action = block.header("Action")?.lowercased().trimmingSpaces
            let address = (block.header("Final-Recipient") ?? block.header("Original-Recipient")).flatMap {
                MIMEHeader.addresses(in: $0).first
            }
            guard let action, !action.isEmpty else { continue }
            recipients.append(
                RecipientStatus(
                    address: address, action: action, status: statusCode(block.header("Status")),
                    diagnostic: block.header("Diagnostic-Code")))
        }
        // Some reporters leave out the empty line, so the one block holds the recipient's fields.
        if recipients.isEmpty, let action = perMessage.header("Action")?.lowercased() {
            let address = (perMessage.header("Final-Recipient") ?? perMessage.header("Original-Recipient")).flatMap {
                MIMEHeader.addresses(in: $0).first
            }
            recipients.append(
                RecipientStatus(
                    address: address, action: action, status: statusCode(perMessage.header("Status")),
                    diagnostic: perMessage.header("Diagnostic-Code")))
        }
        guard !recipients.isEmpty else { return .malformed("a delivery report that names no recipient with an 'Action'") }
        let known: Set = ["failed", "delayed", "delivered", "relayed", "expanded"]
        guard recipients.contains(where: { known.contains($0.action) }) else {
            let actions = recipients.map { "'\($0.action)'" }.joined(separator: ", ")
            return .malformed("a delivery report whose 'Action' is none of RFC 3464's (\(actions))")
        }
        // When the report was made; a report without a date goes by when the message arrived.
        let arrival = perMessage.header("Arrival-Date").flatMap(MailDate.instant)
        return .bounce(DeliveryReport(recipients: recipients, token: returnedToken(parts).token, instant: date ?? arrival))
    }

    private static func complaint(_ message: MailEntity, parts: [MailEntity], date: Int?) -> FeedbackMail {
        guard let report = parts.first(where: { $0.mediaType == "message/feedback-report" }) else {
            return .malformed("a feedback report without its 'message/feedback-report' part")
        }
        let fields = MailEntity(parsing: report.decodedBody + [0x0A])
        guard let type = fields.header("Feedback-Type")?.lowercased().trimmingSpaces, !type.isEmpty else {
            return .malformed("a feedback report without a 'Feedback-Type'")
        }
        let returned = returnedToken(parts)
        let address = fields.header("Original-Rcpt-To").flatMap { MIMEHeader.addresses(in: $0).first } ?? returned.to
        let arrival = (fields.header("Arrival-Date") ?? fields.header("Received-Date")).flatMap(MailDate.instant)
        return .complaint(ComplaintReport(feedbackType: type, address: address, token: returned.token, instant: date ?? arrival))
    }

    /// The groups of fields of a `message/delivery-status` body, split at empty lines.
    private static func statusBlocks(_ body: [UInt8]) -> [MailEntity] {
        var blocks: [MailEntity] = []
        var current: [UInt8] = []
        var lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        lines.append([])
        for line in lines {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                if !current.isEmpty {
                    let block = MailEntity(parsing: current + [0x0A])
                    if !block.fields.isEmpty { blocks.append(block) }
                    current = []
                }
            } else {
                current += line
                current.append(0x0A)
            }
        }
        return blocks
    }

    /// The `x.y.z` code at the start of a `Status` field (`5.1.1 (user unknown)` → `5.1.1`).
    private static func statusCode(_ value: String?) -> String? {
        guard let word = value?.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" }).first else { return nil }
        let numbers = word.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, ["2", "4", "5"].contains(numbers[0]),
            numbers.dropFirst().allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(word)
    }
}
