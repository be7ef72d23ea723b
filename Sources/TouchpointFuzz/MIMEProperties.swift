import TouchpointKit

/// The MIME writer, for any subject, display names, bodies and unsubscribe address (any Unicode,
/// control characters, very long words): the message it writes passes ``MailAudit``, our own
/// strict reading, with exactly its one recipient. (The suite also has Python's
/// `email.policy.strict` read the messages of the corpus — see ``message(_:)``.)
///
/// The input's parts, between NUL bytes: subject, the recipient's display name, the sender's
/// display name, the plain-text body, the HTML body, the unsubscribe URL.
public enum MIMEProperties {
    static let recipient = EmailAddress(localPart: "pat", domain: "mail.example")

    static func problems(_ input: [UInt8]) -> [String] {
        MailAudit.problems(message(input), recipient: recipient)
    }

    /// The message the harness writes for `input`.
    public static func message(_ input: [UInt8]) -> [UInt8] {
        let parts = FuzzInput(input)
        let url = parts[5, or: ""]
        let message = MailMessage(
            date: 1_796_137_200, utcOffset: -21_600,
            from: Mailbox(displayName: parts[2, or: "Prairie Motion"], address: EmailAddress(localPart: "care", domain: "clinic.example")),
            replyTo: nil, to: Mailbox(displayName: parts[1, or: ""], address: recipient), subject: parts[0, or: ""],
            messageID: "fuzz.0123abcd@clinic.example", listID: "fuzz.clinic.example",
            unsubscribe: MailMessage.Unsubscribe(
                url: url.isEmpty ? nil : url, mailto: EmailAddress(localPart: "unsubscribe", domain: "clinic.example")),
            text: parts[3, or: "Hello"], html: parts[4, or: "<p>Hello</p>"])
        return message.serialized(boundarySeed: "0123abcd")
    }
}
