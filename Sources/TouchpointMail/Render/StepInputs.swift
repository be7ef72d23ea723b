import Crypto
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Everything the messages of one step are rendered from, but the contact and the message
/// itself: ``RenderInput`` renders from these and from nothing else, and a build's digest of a
/// step is ``digest``, made from every stored property here (``InputDigest``). A new input of
/// the rendering is a new property here, digested with the others without anyone listing it.
package final class StepInputs: Encodable, Sendable {
    /// What the headers are made from, and the rows of `schedule.csv`.
    package let headers: HeaderInputs
    package let body: TemplateInput
    /// Whether the body's Markdown may hold raw HTML.
    package let allowHTML: Bool
    /// The practice's own layout; `nil` for the built-in one.
    package let layout: LayoutInput?
    /// The step's `preheader:`.
    package let preheader: TemplateInput?
    /// The practice's `footer:`; `nil` for the built-in sentence.
    package let footer: TemplateInput?

    package init(
        headers: HeaderInputs, body: TemplateInput, allowHTML: Bool, layout: LayoutInput?, preheader: TemplateInput? = nil,
        footer: TemplateInput? = nil
    ) {
        self.headers = headers
        self.body = body
        self.allowHTML = allowHTML
        self.layout = layout
        self.preheader = preheader
        self.footer = footer
    }

    /// A digest of every input, `today` only when a template reads it.
    package var digest: [UInt8] { InputDigest.sha256(of: self) }
}

/// What a step's messages' headers are made from: the subject, the addresses, the list's and
/// unsubscribe headers. `schedule.csv`'s rows are made from these alone, so an edited body or
/// layout leaves the schedule as it was.
package struct HeaderInputs: Encodable, Sendable {
    /// ``MessageRenderer/version``: bumped when the rendering changes, so that every message is
    /// rendered again.
    package let rendering: String
    package let practiceName: String
    package let practiceAddress: String
    /// The practice's domain: the List-Id's, and the Message-ID's.
    package let domain: String
    package let campaignID: String
    package let campaignTitle: String
    package let isMarketing: Bool
    package let from: MailboxInput
    package let replyTo: MailboxInput?
    package let subject: TemplateInput
    /// Whether the subject reads the unsubscribe URL or the contact's token, which are then made
    /// for a row of `schedule.csv`.
    package let subjectReadsUnsubscribe: Bool
    package let unsubscribeURL: TemplateInput?
    package let unsubscribeMailto: AddressInput?
    package let audience: AudienceInput
    /// The secret for unsubscribe tokens, when there is one.
    package let secret: SecretInput?
    /// The as-of date, for `today` in conditions.
    package let today: TodayInput

    package init(
        practice: Practice, campaign: CheckedCampaign, step: CheckedStep, unsubscribeURL: TemplateInput?,
        audience: AudienceInput, secret: SecretInput?, today: LocalDate
    ) {
        rendering = MessageRenderer.version
        practiceName = practice.name
        practiceAddress = practice.address
        domain = practice.domain
        campaignID = campaign.id
        campaignTitle = campaign.campaign.title
        isMarketing = step.isMarketing
        from = MailboxInput(campaign.campaign.from ?? practice.from)
        replyTo = (campaign.campaign.replyTo ?? practice.replyTo).map(MailboxInput.init)
        subject = TemplateInput(step.subject, source: step.step.subject.scalar?.value ?? "")
        subjectReadsUnsubscribe = step.subject.reads(.unsubscribeURL) || step.subject.reads(.contactToken)
        self.unsubscribeURL = unsubscribeURL
        unsubscribeMailto = practice.unsubscribe.mailto.map(AddressInput.init)
        self.audience = audience
        self.secret = secret
        self.today = TodayInput(date: today)
    }

    /// A digest of every input, `today` only when a template reads it.
    package var digest: [UInt8] { InputDigest.sha256(of: self) }
}

/// A parsed template and the text it was parsed from, which is what is digested: the same text
/// parses to the same template.
package struct TemplateInput: Encodable, Sendable {
    package let template: Template
    package let source: String

    package init(_ template: Template, source: String) {
        self.template = template
        self.source = source
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
        if template.usesToday, let encoder = encoder as? DigestEncoder { encoder.readsToday = true }
    }
}

/// `campaigns/layout.html`, digested as its text.
package struct LayoutInput: Encodable, Sendable {
    package let layout: CustomLayout

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(decoding: layout.file.bytes, as: UTF8.self))
        if layout.before.usesToday || layout.after.usesToday, let encoder = encoder as? DigestEncoder {
            encoder.readsToday = true
        }
    }
}

/// The as-of date, which templates see as `today`: digested only when one of them reads it, so a
/// message is not rendered again each day for nothing.
package struct TodayInput: Encodable, Sendable {
    package let date: LocalDate

    package func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? DigestEncoder { encoder.today = date }
    }
}

/// A display name and an address.
package struct MailboxInput: Encodable, Sendable {
    package let mailbox: Mailbox

    package init(_ mailbox: Mailbox) {
        self.mailbox = mailbox
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(mailbox.displayName)
        try container.encode(mailbox.address.description)
    }
}

/// An address without a display name.
package struct AddressInput: Encodable, Sendable {
    package let address: EmailAddress

    package init(_ address: EmailAddress) {
        self.address = address
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(address.description)
    }
}

/// The secret, ready to make tokens with; digested as its SHA-256.
package struct SecretInput: Encodable, Sendable {
    package let key: MessageIdentity.TokenKey
    private let digest: [UInt8]

    package init(_ secret: [UInt8]) {
        key = MessageIdentity.TokenKey(secret)
        digest = Array(SHA256.hash(data: secret))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(digest)
    }
}

/// The list a campaign writes to, and its display-name template. Its contacts are digested one
/// by one (``ContactDigest``); of the list, what decides how a contact's values are found and
/// shown: its name (which tokens are made from), its fields' names and types, the address field.
package struct AudienceInput: Encodable, Sendable {
    package let list: ContactList
    package let nameTemplate: TemplateInput?

    package init(_ list: ContactList) {
        self.list = list
        // The display name as it was parsed and checked with the schema.
        nameTemplate = list.schema.displayName.flatMap { template in
            list.schema.nameTemplate.map { TemplateInput(template, source: $0) }
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(list.name)
        try container.encode(list.schema.emailField)
        // `case: insensitive` changes what conditions decide; said only where given, so digests
        // of schemas without it stay as they were.
        try container.encode(list.schema.fields.map { [$0.name, $0.type.rawValue] + ($0.caseInsensitive ? ["case: insensitive"] : []) })
        try container.encode(nameTemplate)
    }
}
