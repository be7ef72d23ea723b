import Crypto
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// One message's inputs: its step's, its contact, and the message (its send time and
/// Message-ID). The message is rendered from these and nothing else, so a digest of the three —
/// ``StepInputs/digest`` once a step, ``ContactDigest`` once a contact, ``MessageDigest`` once a
/// message — covers everything it is made from.
package struct RenderInput {
    package let step: StepInputs
    package let contact: Contact
    package let message: ScheduledMessage

    private var headers: HeaderInputs { step.headers }

    /// The subject, recipient and unsubscribe link of the message.
    func parts() -> MessageRenderer.Parts? {
        let list = headers.audience.list
        // Checked when the list was read; `nil` only when the contact has none.
        guard let address = contact[field: list.schema.emailField]?.emailAddress else { return nil }
        let resolve = list.resolver(for: contact)
        let token = headers.secret.map { MessageIdentity.token(list: list.name, contact: contact.key, key: $0.key) }
        var context = templateContext(token: token)
        let name = headers.audience.nameTemplate.map { TemplateRenderer().render($0.template, context: context, contact: resolve).text }
        let url = headers.unsubscribeURL.map { url in
            URLText.encodeMergedValues(TemplateRenderer().render(url.template, context: context, contact: resolve))
        }
        context.unsubscribeURL = url
        let subject = TemplateRenderer(foldsCase: list.schema.foldsCase).render(
            headers.subject.template, context: context, contact: resolve
        )
        .text
        return MessageRenderer.Parts(
            subject: subject, to: Mailbox(displayName: name.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0 }, address: address),
            from: headers.from.mailbox, replyTo: headers.replyTo?.mailbox, unsubscribeURL: url, isMarketing: headers.isMarketing,
            contactToken: context.contactToken)
    }

    /// The recipient's address and the subject. Only a subject that reads the unsubscribe URL or
    /// token costs their making.
    func addressAndSubject() -> (address: EmailAddress, subject: String)? {
        if headers.subjectReadsUnsubscribe {
            return parts().map { ($0.to.address, $0.subject) }
        }
        let list = headers.audience.list
        guard let address = contact[field: list.schema.emailField]?.emailAddress else { return nil }
        let text = TemplateRenderer(foldsCase: list.schema.foldsCase).render(
            headers.subject.template, context: templateContext(token: nil),
            contact: list.resolver(for: contact)
        ).text
        return (address, text)
    }

    /// What templates of the message see, without the unsubscribe URL (which is rendered from it).
    private func templateContext(token: String?) -> TemplateContext {
        TemplateContext(
            practiceName: headers.practiceName, practiceAddress: headers.practiceAddress,
            campaignTitle: headers.campaignTitle, unsubscribeURL: nil, sendDate: message.date,
            today: headers.today.date, contactToken: token)
    }

    /// The preheader's text on one line, when the step has one.
    func preheader(_ parts: MessageRenderer.Parts) -> String? {
        var context = templateContext(token: parts.contactToken)
        context.unsubscribeURL = parts.unsubscribeURL
        return preheader(context: context)
    }

    private func preheader(context: TemplateContext) -> String? {
        let list = headers.audience.list
        return step.preheader.map { preheader in
            TemplateRenderer(foldsCase: list.schema.foldsCase).render(
                preheader.template, context: context, contact: list.resolver(for: contact)
            ).text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
        }
    }

    /// The plain-text and HTML parts, inside the layout.
    func bodies(_ parts: MessageRenderer.Parts) -> (text: String, html: String) {
        let list = headers.audience.list
        var context = templateContext(token: parts.contactToken)
        context.unsubscribeURL = parts.unsubscribeURL
        let body = TemplateRenderer(foldsCase: list.schema.foldsCase).render(
            step.body.template, context: context, contact: list.resolver(for: contact))
        let document = MarkdownDocument(parsing: MarkdownEscaper.markdown(of: body), allowHTML: step.allowHTML)
        // A body that links to the unsubscribe page itself gets no second link from the footer.
        // (The address shown as text is no link: a merged value is never made one.)
        let bodyLinks = parts.unsubscribeURL.map { url in
            body.pieces.contains { piece in
                if case .value(let value) = piece { return value.contains(url) }
                return false
            } && document.links.contains { !$0.isImage && $0.url == url }
        }
        let unsubscribeLink =
            parts.isMarketing && bodyLinks != true
            ? (parts.unsubscribeURL
                ?? headers.unsubscribeMailto.map {
                    "mailto:\($0.address)" + MailMessage.Unsubscribe.mailtoQuery(token: parts.contactToken)
                }) : nil
        let notice =
            parts.isMarketing
            ? step.footer.map { TemplateRenderer().render($0.template, context: context, contact: { _ in nil }).text }
                ?? "You receive this e-mail from \(headers.practiceName)." : nil
        let footer = MessageLayout.Footer(
            practiceName: headers.practiceName, address: headers.practiceAddress, notice: notice,
            unsubscribe: unsubscribeLink)
        let preheader = preheader(context: context)
        let layout = MessageLayout()
        let html =
            step.layout.map { $0.layout.html(content: document.html, context: context, preheader: preheader.map(MessageLayout.preheader)) }
            ?? layout.html(content: document.html, title: parts.subject, preheader: preheader, footer: footer)
        return (layout.text(content: document.plainText(), footer: footer), html)
    }

    /// The message's bytes.
    func render(_ parts: MessageRenderer.Parts) -> [UInt8] {
        let (text, html) = bodies(parts)
        let unsubscribe =
            parts.isMarketing
            ? MailMessage.Unsubscribe(url: parts.unsubscribeURL, mailto: headers.unsubscribeMailto?.address, token: parts.contactToken)
            : nil
        let mail = MailMessage(
            date: message.instant, utcOffset: message.utcOffset, from: parts.from, replyTo: parts.replyTo, to: parts.to,
            subject: parts.subject, messageID: message.messageID(domain: headers.domain), listID: "\(headers.campaignID).\(headers.domain)",
            unsubscribe: unsubscribe, text: text, html: html)
        var hasher = SHA256()
        hasher.update(data: Array(text.utf8))
        hasher.update(data: Array(html.utf8))
        return mail.serialized(boundarySeed: Hex.string(hasher.finalize(), count: 12))
    }
}

/// What a message's digest takes of its contact: the key (which its token is made from) and
/// every value, each with its kind, so that two values that show as the same text (a list of
/// one item "a, b" and one of "a" and "b") differ. Made once a contact.
package enum ContactDigest {
    package static func append(_ contact: Contact, to input: inout [UInt8]) {
        text(contact.key, to: &input)
        integer(contact.values.count, to: &input)
        for value in contact.values {
            guard let value else {
                input.append(0)
                continue
            }
            switch value {
            case .string(let text):
                input.append(1)
                Self.text(text, to: &input)
            case .email(let text):
                input.append(2)
                Self.text(text, to: &input)
            case .date(let date):
                input.append(3)
                integer(date.dayNumber, to: &input)
            case .datetime(let value):
                input.append(4)
                for number in [value.date.dayNumber, value.hour, value.minute, value.second, value.utcOffsetSeconds ?? Int.min] {
                    integer(number, to: &input)
                }
            case .integer(let number):
                input.append(5)
                integer(number, to: &input)
            case .number(let number):
                input.append(6)
                Self.text(number.text, to: &input)
            case .boolean(let flag):
                input += [7, flag ? 1 : 0]
            case .enumCase(let text):
                input.append(8)
                Self.text(text, to: &input)
            case .list(let items):
                input.append(9)
                integer(items.count, to: &input)
                for item in items { Self.text(item, to: &input) }
            case .timeZone(let text):
                input.append(10)
                Self.text(text, to: &input)
            }
        }
    }

    private static func text(_ text: String, to input: inout [UInt8]) {
        integer(text.utf8.count, to: &input)
        input += text.utf8
    }

    private static func integer(_ value: Int, to input: inout [UInt8]) {
        withUnsafeBytes(of: Int64(value).littleEndian) { input += $0 }
    }
}

/// What a message's digest takes of the message itself: its send instant and offset, the local
/// day (the date templates see) and the Message-ID's hash (its domain is the step's).
package enum MessageDigest {
    /// The numbers, appended to those of other messages for a digest of many at once.
    package static func append(numbersOf message: ScheduledMessage, to numbers: inout [Int64]) {
        numbers.append(Int64(message.instant))
        numbers.append(Int64(message.utcOffset))
        numbers.append(Int64(message.day))
    }

    /// The numbers and the Message-ID's hash.
    package static func append(_ message: ScheduledMessage, to input: inout [UInt8]) {
        for number in [message.instant, message.utcOffset, message.day] {
            withUnsafeBytes(of: Int64(number).littleEndian) { input += $0 }
        }
        message.identity.append(to: &input)
    }
}
