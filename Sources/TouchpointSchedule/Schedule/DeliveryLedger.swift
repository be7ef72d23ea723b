import TouchpointCore

/// What delivery has recorded (`out/sent.log`, SPEC §6), as the scheduler needs it: which
/// messages have gone out, so that none is emitted again, and when and to whom each delivered
/// marketing message went, so that the frequency cap counts it in later builds.
public struct DeliveryLedger: Sendable {
    /// The Message-IDs (without angle brackets) of messages handed on.
    public var delivered: Set<String>
    /// The Message-IDs of hand-offs begun and never confirmed: the process stopped between
    /// `sending` and `sent`. Whether they arrived is unknown; delivery reports them.
    public var uncertain: Set<String>
    /// The Message-IDs delivery gave up on: failed for good, or expired before they could go.
    /// They never reached anyone, so they use none of the cap's allowance.
    public var undelivered: Set<String>
    /// The delivered marketing messages whose record says what the cap needs.
    public var marketing: [DeliveredMessage]

    public init(
        delivered: Set<String> = [], uncertain: Set<String> = [], undelivered: Set<String> = [],
        marketing: [DeliveredMessage] = []
    ) {
        self.delivered = delivered
        self.uncertain = uncertain
        self.undelivered = undelivered
        self.marketing = marketing
    }

    /// Nothing delivered.
    public static let empty = DeliveryLedger()
}

/// One delivered message, as recorded: what the frequency cap needs of it.
public struct DeliveredMessage: Sendable, Hashable {
    public let messageID: String
    /// The instant it was scheduled for, and the contact's offset from UTC then.
    public let sendAt: Int
    public let utcOffset: Int
    /// The recipient, as the schedule wrote it.
    public let address: String
    public let campaign: String
    public let step: String
    public let contact: String

    public init(
        messageID: String, sendAt: Int, utcOffset: Int, address: String, campaign: String, step: String, contact: String
    ) {
        self.messageID = messageID
        self.sendAt = sendAt
        self.utcOffset = utcOffset
        self.address = address
        self.campaign = campaign
        self.step = step
        self.contact = contact
    }

    /// The contact's calendar day it was scheduled on: the day the cap counts it on.
    public var date: LocalDate {
        let wall = sendAt + utcOffset
        return LocalDate(dayNumber: wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400) ?? .epoch
    }
}
