import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Turns a scheduled message into its e-mail: subject and body rendered with the contact's values
/// (always as literal text), the body's Markdown into HTML and plain text inside the layout, and
/// the headers of SPEC §5.
///
/// Everything a message is rendered from is gathered first, once a step, into ``StepInputs``;
/// the message is then rendered from those, its contact and itself (``RenderInput``) and from
/// nothing else, so that an incremental build's digest of the same (``StepInputs/digest``)
/// covers every input without a list of them kept anywhere.
public struct MessageRenderer: Sendable {
    public let scheduler: Scheduler
    /// The secret for unsubscribe tokens, when configured.
    public let secret: [UInt8]?
    /// The as-of date, which templates see as `today`.
    public let today: LocalDate
    /// The practice's own layout, when it has one.
    public let customLayout: CustomLayout?
    /// What each step's messages are rendered from, by campaign and step.
    package let steps: [[StepInputs]]

    /// Bump when the rendering changes, so every message is rendered again.
    package static let version = "touchpoint-render-5"

    /// The renderer of a checked practice's messages, for a schedule made of it: `today` is the
    /// schedule's, and every template is the checked one.
    public init(_ checked: CheckedPractice, scheduler: Scheduler, schedule: Schedule) {
        self.init(
            scheduler: scheduler, today: schedule.today, secret: checked.secret, layout: checked.layout,
            unsubscribeURL: checked.unsubscribeURL)
    }

    package init(scheduler: Scheduler, today: LocalDate, secret: [UInt8]?, layout: CustomLayout?, unsubscribeURL: Template?) {
        self.scheduler = scheduler
        self.customLayout = layout
        self.secret = secret
        self.today = today
        let practice = scheduler.practice
        let secretInput = secret.map(SecretInput.init)
        let audiences = scheduler.lists.map(AudienceInput.init)
        let unsubscribeURL = unsubscribeURL.flatMap { template in
            practice.unsubscribe.url.map { TemplateInput(template, source: $0) }
        }
        let footer = practice.footer.flatMap { template in
            practice.footerNode?.scalar.map { TemplateInput(template, source: $0.value) }
        }
        self.steps = scheduler.campaigns.map { campaign in
            campaign.steps.map { step in
                let headers = HeaderInputs(
                    practice: practice, campaign: campaign, step: step, unsubscribeURL: unsubscribeURL,
                    audience: audiences[campaign.listIndex], secret: secretInput, today: today)
                let preheader = step.preheader.flatMap { template in
                    step.step.preheader?.scalar.map { TemplateInput(template, source: $0.value) }
                }
                return StepInputs(
                    headers: headers, body: TemplateInput(step.body, source: step.bodyMap.text),
                    allowHTML: practice.allowHTML, layout: layout.map(LayoutInput.init), preheader: preheader, footer: footer)
            }
        }
    }

    /// The message's inputs.
    package func input(of message: ScheduledMessage) -> RenderInput {
        let step = steps[message.campaign][message.step]
        return RenderInput(step: step, contact: step.headers.audience.list.contacts[message.contact], message: message)
    }

    /// A message's subject, addresses and unsubscribe link, rendered once for its headers and
    /// used again for its body.
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
        input(of: message).parts()
    }

    /// The recipient's address and the subject: what a row of `schedule.csv` needs. Only a
    /// subject that reads the unsubscribe URL or token costs their making.
    public func addressAndSubject(of message: ScheduledMessage) -> (address: EmailAddress, subject: String)? {
        input(of: message).addressAndSubject()
    }

    /// The plain-text and HTML parts, inside the layout.
    public func bodies(_ message: ScheduledMessage, parts: Parts) -> (text: String, html: String) {
        input(of: message).bodies(parts)
    }

    /// The hidden line an inbox list shows after the subject, when the step has a `preheader:`.
    public func preheader(_ message: ScheduledMessage, parts: Parts) -> String? {
        input(of: message).preheader(parts)
    }

    /// The message's bytes.
    public func render(_ message: ScheduledMessage, parts: Parts) -> [UInt8] {
        input(of: message).render(parts)
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
