import Crypto
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Turns a scheduled message into its e-mail: subject and body rendered with the contact's values
/// (always as literal text), the body's Markdown into HTML and plain text inside the layout, and
/// the headers of SPEC §5.
public struct MessageRenderer: Sendable {
    public let scheduler: Scheduler
    /// The secret for unsubscribe tokens, when configured.
    public let secret: [UInt8]?
    /// The as-of date, which templates see as `today`.
    public let today: LocalDate
    private let nameTemplates: [Template?]
    private let unsubscribeTemplate: Template?
    private let layout = MessageLayout()
    /// The secret, ready to make tokens with.
    private let tokenKey: MessageIdentity.TokenKey?
    /// For each campaign's steps, whether the subject reads the unsubscribe URL or token.
    private let subjectReadsUnsubscribe: [[Bool]]

    /// The practice's own layout, when it has one.
    public let customLayout: CustomLayout?

    public init(scheduler: Scheduler, secret: [UInt8]?, today: LocalDate, layout: CustomLayout? = nil) {
        self.scheduler = scheduler
        self.customLayout = layout
        self.secret = secret
        self.tokenKey = secret.map(MessageIdentity.TokenKey.init)
        self.subjectReadsUnsubscribe = scheduler.campaigns.map { campaign in
            campaign.steps.map { $0.subject.reads(.unsubscribeURL) || $0.subject.reads(.contactToken) }
        }
        self.today = today
        self.nameTemplates = scheduler.lists.map { list in
            list.schema.nameTemplate.map { text in
                var ignored = DiagnosticBag()
                return TemplateParser().parse(ScalarTextMap(file: SourceFile(path: list.schema.path, text: text)),
                                              diagnostics: &ignored)
            }
        }
        self.unsubscribeTemplate = scheduler.practice.unsubscribe.url.map { text in
            var ignored = DiagnosticBag()
            return TemplateParser().parse(ScalarTextMap(file: SourceFile(path: "touchpoint.yaml", text: text)), diagnostics: &ignored)
        }
    }

    /// Everything a message is made from, in one place: the inputs of its digest and of its
    /// rendering.
    public struct Parts: Sendable {
        public let subject: String
        public let to: Mailbox
        public let from: Mailbox
        public let replyTo: Mailbox?
        public let unsubscribeURL: String?
        public let isMarketing: Bool
        /// The contact's unsubscribe token, when there is a secret; made once a message.
        package let contactToken: String?
    }

    /// The subject, recipient and unsubscribe link of a message: what the schedule needs.
    public func parts(of message: ScheduledMessage) -> Parts? {
        let checked = scheduler.campaigns[message.campaign]
        let list = scheduler.lists[message.list]
        let contact = list.contacts[message.contact]
        // Checked when the list was read; `nil` only when the contact has none.
        guard let address = contact[field: list.schema.emailField]?.emailAddress else { return nil }
        let resolve = list.resolver(for: contact)
        let token = tokenKey.map { MessageIdentity.token(list: list.name, contact: contact.key, key: $0) }
        var context = templateContext(message, token: token)
        let name = nameTemplates[message.list].map { TemplateRenderer().render($0, context: context, contact: resolve).text }
        let isMarketing = checked.campaign.kind == .marketing
        let url = unsubscribeTemplate.map { template in
            URLText.encodeMergedValues(TemplateRenderer().render(template, context: context, contact: resolve))
        }
        context.unsubscribeURL = url
        let subject = TemplateRenderer().render(checked.steps[message.step].subject, context: context, contact: resolve).text
        return Parts(subject: subject, to: Mailbox(displayName: name.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0 }, address: address),
                     from: checked.campaign.from ?? scheduler.practice.from,
                     replyTo: checked.campaign.replyTo ?? scheduler.practice.replyTo,
                     unsubscribeURL: url, isMarketing: isMarketing, contactToken: context.contactToken)
    }

    /// The recipient's address and the subject: what a row of `schedule.csv` needs. Only a
    /// subject that reads the unsubscribe URL or token costs their making.
    public func addressAndSubject(of message: ScheduledMessage) -> (address: EmailAddress, subject: String)? {
        let checked = scheduler.campaigns[message.campaign]
        let subject = checked.steps[message.step].subject
        if subjectReadsUnsubscribe[message.campaign][message.step] {
            return parts(of: message).map { ($0.to.address, $0.subject) }
        }
        let list = scheduler.lists[message.list]
        let contact = list.contacts[message.contact]
        guard let address = contact[field: list.schema.emailField]?.emailAddress else { return nil }
        let text = TemplateRenderer().render(subject, context: templateContext(message, token: nil),
                                             contact: list.resolver(for: contact)).text
        return (address, text)
    }

    /// What templates of the message see, without the unsubscribe URL (which is rendered from it).
    private func templateContext(_ message: ScheduledMessage, token: String?) -> TemplateContext {
        TemplateContext(
            practiceName: scheduler.practice.name, practiceAddress: scheduler.practice.address,
            campaignTitle: scheduler.campaigns[message.campaign].campaign.title, unsubscribeURL: nil, sendDate: message.date,
            today: today, contactToken: token)
    }

    /// The plain-text and HTML parts, inside the layout.
    public func bodies(_ message: ScheduledMessage, parts: Parts) -> (text: String, html: String) {
        let checked = scheduler.campaigns[message.campaign]
        let step = checked.steps[message.step]
        let list = scheduler.lists[message.list]
        let resolve = list.resolver(for: list.contacts[message.contact])
        var context = templateContext(message, token: parts.contactToken)
        context.unsubscribeURL = parts.unsubscribeURL
        let body = TemplateRenderer().render(step.body, context: context, contact: resolve)
        let document = MarkdownDocument(parsing: MarkdownEscaper.markdown(of: body), allowHTML: scheduler.practice.allowHTML)
        let unsubscribeLink = parts.isMarketing
            ? (parts.unsubscribeURL ?? scheduler.practice.unsubscribe.mailto.map { "mailto:\($0)?subject=unsubscribe" }) : nil
        let footer = MessageLayout.Footer(practiceName: scheduler.practice.name, address: scheduler.practice.address,
                                          unsubscribe: unsubscribeLink)
        let html = customLayout.map { $0.html(content: document.html, context: context) }
            ?? layout.html(content: document.html, title: parts.subject, footer: footer)
        return (layout.text(content: document.plainText(), footer: footer), html)
    }

    /// The message's bytes.
    public func render(_ message: ScheduledMessage, parts: Parts) -> [UInt8] {
        let checked = scheduler.campaigns[message.campaign]
        let (text, html) = bodies(message, parts: parts)
        let mail = MailMessage(
            date: message.instant, utcOffset: message.utcOffset, from: parts.from, replyTo: parts.replyTo, to: parts.to,
            subject: parts.subject, messageID: message.messageID, listID: "\(checked.id).\(scheduler.practice.domain)",
            unsubscribe: parts.isMarketing
                ? MailMessage.Unsubscribe(url: parts.unsubscribeURL, mailto: scheduler.practice.unsubscribe.mailto) : nil,
            text: text, html: html)
        var hasher = SHA256()
        hasher.update(data: Array(text.utf8))
        hasher.update(data: Array(html.utf8))
        return mail.serialized(boundarySeed: Hex.string(hasher.finalize(), count: 12))
    }
}

/// Merged values inside a URL: percent-encoded so a value can never end the URL, add a
/// parameter or break the header it stands in.
package enum URLText {
    package static func encodeMergedValues(_ output: TemplateOutput) -> String {
        var out = ""
        for piece in output.pieces {
            switch piece {
            case .source(let text): out += text
            case .value(let value): out += PercentEncoding.encode(value)
            }
        }
        return out
    }
}
