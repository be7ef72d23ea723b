import Foundation
import TouchpointCore

/// The practice as `touchpoint.yaml` describes it (SPEC §2), checked.
public struct Practice: Sendable {
    public var name: String
    public var from: Mailbox
    public var replyTo: Mailbox?
    public var address: String
    public var timeZone: TimeZone
    public var domain: String
    public var bounce: EmailAddress
    public var allowHTML: Bool
    public var sendWindow: SendWindow
    public var marketingCap: FrequencyCap?
    public var horizon: CalendarDuration
    public var unsubscribe: Unsubscribe
    /// The suppression list's path, relative to the practice root.
    public var suppression: String?
    /// The share of the still-due messages a build may remove on its own, in percent
    /// (`limits: max_removed`); more stops the build unless the removal is accepted.
    public var maxRemovedPercent: Int = Practice.defaultMaxRemovedPercent
    /// Whether the owner's group may read the outbox too (`outbox: mode: group`): folders 0750
    /// and files 0640 instead of 0700 and 0600.
    public var outboxGroupReadable: Bool = false
    /// Whether a build keeps going past contact rows with errors (`keep_going: true`), as
    /// `build --keep-going` does: it holds back those contacts only and builds everyone else's
    /// messages.
    public var keepGoing: Bool = false
    /// How `touchpoint deliver` hands messages on (`delivery:`).
    public var delivery: DeliverySettings = .standard
    /// `footer:`, the sentence a marketing message's footer says before its unsubscribe link;
    /// its template, parsed and checked, is ``footer``. Without it the footer says "You receive
    /// this e-mail from" and the practice's name.
    public var footerNode: YAMLNode?
    public var footer: Template?
    /// Whether a household that shares an address gets one copy of each message
    /// (`one_per_address: true`); a campaign may say otherwise.
    public var onePerAddress: Bool = false

    public static let defaultMaxRemovedPercent = 20
}

/// When messages may go out: which days, between which hours, never on a holiday.
public struct SendWindow: Sendable {
    public var days: Set<Weekday>
    public var start: TimeOfDay
    public var end: TimeOfDay
    public var holidays: Set<LocalDate>

    /// Monday to Friday, 08:00 to 18:00, no holidays: what a practice file without
    /// `send_window` gets.
    public static let standard = SendWindow(
        days: [.monday, .tuesday, .wednesday, .thursday, .friday],
        start: TimeOfDay(hour: 8, minute: 0) ?? .endOfDay,
        end: TimeOfDay(hour: 18, minute: 0) ?? .endOfDay,
        holidays: [])
}

/// At most `count` marketing messages per contact in any `days` consecutive days.
public struct FrequencyCap: Sendable, Equatable {
    public var count: Int
    public var days: Int
}

/// How a patient unsubscribes: a web page (a template that may use `{{ contact.token }}`), a
/// mailbox, or both.
public struct Unsubscribe: Sendable {
    public var url: String?
    public var mailto: EmailAddress?
    /// The URL template's node, for the template checks and positions.
    public var urlNode: YAMLNode?
}
