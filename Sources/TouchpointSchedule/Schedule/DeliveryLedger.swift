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
    /// Of `undelivered`, those that failed (the rest expired).
    public var failed: Set<String>
    /// The delivered marketing messages whose record says what the cap needs.
    public var marketing: [DeliveredMessage]
    /// The Message-IDs of messages the outbox lists as due before the schedule's as-of instant
    /// and that delivery has not recorded as delivered or given up on. The scheduler keeps such a
    /// message while it is within its lateness allowance (`expires:`), so that a build never
    /// takes away what delivery may still send.
    public var outstanding: Set<String>

    public init(
        delivered: Set<String> = [], uncertain: Set<String> = [], undelivered: Set<String> = [],
        failed: Set<String> = [], marketing: [DeliveredMessage] = [], outstanding: Set<String> = []
    ) {
        self.delivered = delivered
        self.uncertain = uncertain
        self.undelivered = undelivered
        self.failed = failed
        self.marketing = marketing
        self.outstanding = outstanding
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
