import TouchpointCore
import TouchpointFrontEnd

/// One message the rules produce for one contact at one instant.
///
/// A schedule holds hundreds of thousands of these, so the fields are kept narrow (indices,
/// offset and dates as 32-bit numbers, the date as a day number) and read through properties of
/// the ordinary types. No field is counted when a message is copied. The domain of its
/// Message-ID, which every message shares, is the schedule's (`Schedule.messageID(of:)`).
public struct ScheduledMessage: Sendable, Hashable {
    /// Seconds since 1970 (UTC).
    public let instant: Int
    /// The hash of the Message-ID: the same for the same campaign, step, contact and send date.
    package let identity: MessageIdentity.MessageHash
    private let campaignIndex: Int32
    private let stepIndex: Int32
    private let listIndex: Int32
    private let contactIndex: Int32
    private let offset: Int32
    /// ``LocalDate/dayNumber`` of `date`, and of `movedFrom` or `notMoved`.
    private let dayNumber: Int32
    private let movedFromDayNumber: Int32
    private let minutes: Int16

    private static let notMoved = Int32.min

    package init(
        campaign: Int, step: Int, list: Int, contact: Int, instant: Int, utcOffset: Int, date: LocalDate,
        time: TimeOfDay, movedFrom: LocalDate?, identity: MessageIdentity.MessageHash
    ) {
        self.instant = instant
        self.identity = identity
        campaignIndex = Int32(campaign)
        stepIndex = Int32(step)
        listIndex = Int32(list)
        contactIndex = Int32(contact)
        offset = Int32(utcOffset)
        dayNumber = Int32(date.dayNumber)
        movedFromDayNumber = movedFrom.map { Int32($0.dayNumber) } ?? Self.notMoved
        minutes = Int16(time.minutes)
    }

    public var campaign: Int { Int(campaignIndex) }
    public var step: Int { Int(stepIndex) }
    public var list: Int { Int(listIndex) }
    public var contact: Int { Int(contactIndex) }
    /// The contact's offset from UTC at `instant`, in seconds.
    public var utcOffset: Int { Int(offset) }
    /// The local date and time it goes out on, after any move for the send window.
    public var date: LocalDate { LocalDate(dayNumber: Int(dayNumber)) ?? .epoch }
    public var time: TimeOfDay { TimeOfDay(minutesSinceMidnight: Int(minutes)) }
    /// The day the rule gave before the send window moved it, when it moved.
    public var movedFrom: LocalDate? {
        movedFromDayNumber == Self.notMoved ? nil : LocalDate(dayNumber: Int(movedFromDayNumber))
    }
    /// ``LocalDate/dayNumber`` of `date`, without making the date.
    package var day: Int { Int(dayNumber) }

    /// `hash@domain`, where `domain` is the practice's.
    public func messageID(domain: String) -> String { identity.hex + "@" + domain }
}

/// Why a message the rules produced is not sent.
public enum DropReason: String, Sendable, CaseIterable, Comparable {
    /// Its time is before the as-of instant.
    case past
    /// Its time is after as-of plus the horizon.
    case beyondHorizon = "beyond-horizon"
    /// A `before` reminder that the send window would push onto or past its anchor.
    case window
    /// The send window would move it, and its step says `if_moved: skip`.
    case skipped = "if-moved-skip"
    /// A repetition of `every … until FIELD` that the send window would move past that date.
    case afterUntil = "after-until"
    /// Its time falls in the hour the clocks skip, and the send window has no minute left that
    /// night before the gap, nor after it.
    case clockChange = "clock-change"
    /// The marketing frequency cap for the address was reached by messages that rank higher.
    case frequencyCap = "frequency-cap"
    /// The address is on the suppression list: for marketing, any line; for care, a line whose
    /// reason stops all mail (a hard bounce, a complaint).
    case suppressed
    /// The contact's consent field is false (marketing only).
    case noConsent = "no-consent"
    /// The contact has no valid address.
    case noAddress = "no-address"
    /// `one_per_address`: another contact at the same address, first by key, gets the copy.
    case sharedAddress = "one-per-address"
    /// `out/sent.log` lists it as delivered.
    case alreadySent = "already-sent"

    public var description: String {
        switch self {
        case .past: "already past"
        case .beyondHorizon: "beyond the horizon"
        case .window: "it would arrive on or after its anchor, and a reminder must come before it"
        case .skipped: "the send window would move it to another day, and the step says 'if_moved: skip'"
        case .afterUntil: "the send window would move it past its 'until' date"
        case .clockChange: "the clocks skip the send window's hours that night"
        case .frequencyCap: "the marketing frequency cap"
        case .suppressed: "on the suppression list"
        case .noConsent: "not subscribed to marketing"
        case .noAddress: "no valid e-mail address"
        case .sharedAddress: "one copy per address: another contact at the address gets it"
        case .alreadySent: "already delivered"
        }
    }

    private var rank: Int { DropReason.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: DropReason, rhs: DropReason) -> Bool { lhs.rank < rhs.rank }
}

/// A produced message that is not sent, and why.
public struct DroppedMessage: Sendable, Hashable {
    public let message: ScheduledMessage
    public let reason: DropReason
}

/// What the rules produce for an as-of instant and a horizon.
public struct Schedule: Sendable {
    /// The messages to send, ordered by instant, campaign id, step, contact key.
    public let messages: [ScheduledMessage]
    /// The messages not sent, each with its reason, in the same order. Messages past or beyond
    /// the horizon are only counted (there are many), in `outOfRange`.
    public let dropped: [DroppedMessage]
    /// How many produced messages fell before as-of or after the horizon.
    public let outOfRange: [DropReason: Int]
    public let asOf: Int
    public let horizonEnd: Int
    /// The as-of date on the practice's clock: `today` in conditions and templates.
    public let today: LocalDate
    /// The practice's domain, which every Message-ID ends with.
    public let domain: String
    /// Under a frequency cap, the marketing messages that use an address's allowance without
    /// being in `messages`: delivered, before as-of, or after the horizon.
    public var allowanceUsers: [CapUse] = []
    /// Pairs of messages of two steps of one campaign to one contact at the same instant, at
    /// least one of them moved there by the send window, in the schedule's order.
    public var sameMinute: [(first: ScheduledMessage, second: ScheduledMessage)] = []

    /// `message`'s Message-ID, without angle brackets.
    public func messageID(of message: ScheduledMessage) -> String {
        message.messageID(domain: domain)
    }

    /// Totals of dropped messages by reason.
    public var dropTotals: [DropReason: Int] {
        var totals = outOfRange
        for drop in dropped { totals[drop.reason, default: 0] += 1 }
        return totals
    }
}

/// A marketing message that uses an address's allowance under the frequency cap without being
/// one of the schedule's messages.
public struct CapUse: Sendable, Hashable {
    public enum State: String, Sendable {
        /// Delivery recorded it as delivered.
        case delivered
        /// Its time is before as-of: it went, or would have gone, then.
        case past
        /// One of the schedule's messages.
        case scheduled
        /// Its time is after the horizon: a later build sends it.
        case later
    }

    /// The address, lowercased.
    public let address: String
    /// The contact's calendar day it is (or was) sent on.
    public let date: LocalDate
    public let campaign: String
    public let step: String
    public let contact: String
    public let state: State

    public init(address: String, date: LocalDate, campaign: String, step: String, contact: String, state: State) {
        self.address = address
        self.date = date
        self.campaign = campaign
        self.step = step
        self.contact = contact
        self.state = state
    }
}
