import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox

/// A checked practice and its schedule: what `plan`, `explain`, `preview` and `build` show or
/// write, with the one renderer of its messages. When contacts are held back, `checked` is the
/// practice without them.
public struct ScheduledPractice: Sendable {
    public let checked: CheckedPractice
    public let scheduler: Scheduler
    public let schedule: Schedule
    /// The renderer of this schedule's messages: the checked templates, the practice's secret
    /// and layout, and `today` as the schedule has it.
    public let renderer: MessageRenderer
    /// The contacts held back because their rows have errors, when the schedule was made as a
    /// build that keeps going makes it: none of their messages is in the schedule.
    public let held: [HeldContact]
    /// The rows of the outbox's `schedule.csv` whose time is before as-of.
    let pastRows: [ScheduleRow]

    init(checked: CheckedPractice, scheduler: Scheduler, schedule: Schedule, held: [HeldContact] = [], pastRows: [ScheduleRow] = []) {
        self.checked = checked
        self.scheduler = scheduler
        self.schedule = schedule
        self.held = held
        self.renderer = MessageRenderer(checked, scheduler: scheduler, schedule: schedule)
        self.pastRows = pastRows
    }

    /// The messages the outbox lists whose time passed without delivery and that this schedule
    /// no longer keeps (they are past their lateness allowance, or delivery gave up on them):
    /// they will never be sent (SPEC §5: reported, never dropped silently).
    public var neverDelivered: NeverDelivered {
        let ledger = scheduler.ledger
        let kept = Set(schedule.messages.lazy.filter { $0.instant < self.schedule.asOf }.map { self.schedule.messageID(of: $0) })
        // A held-back contact's rows stay in the schedule as they are: delivery may still send them.
        let heldKeys = Set(held.map(\.key))
        var seen: Set<String> = []
        var items: [NeverDelivered.Item] = []
        for row in pastRows where seen.insert(row.messageID).inserted {
            guard !ledger.delivered.contains(row.messageID), !kept.contains(row.messageID), !heldKeys.contains(row.contact) else {
                continue
            }
            let state: NeverDelivered.State =
                ledger.uncertain.contains(row.messageID) ? .uncertain : ledger.failed.contains(row.messageID) ? .failed : .expired
            items.append(NeverDelivered.Item(row: row, state: state))
        }
        return NeverDelivered(items: items)
    }

    /// What the outbox writer takes: every message's place and digest, rendered when asked.
    public func plan() -> BuildPlanner.Planned {
        BuildPlanner(renderer: renderer).plan(schedule)
    }

    /// The schedule as a person reads it: text, CSV or JSON.
    public var formatter: PlanFormatter { PlanFormatter(scheduler: scheduler, schedule: schedule) }

    /// The scheduled messages, of one campaign and one contact when given.
    public func messages(campaign: String? = nil, contact: String? = nil) throws(RequestError) -> [ScheduledMessage] {
        if let campaign { _ = try campaignIndex(campaign) }
        return schedule.messages.filter { message in
            (campaign == nil || scheduler.campaigns[message.campaign].id == campaign)
                && (contact == nil || scheduler.lists[message.list].contacts[message.contact].key == contact)
        }
    }

    /// How many messages of one campaign and one contact, when given, are not sent, by reason:
    /// the totals `plan` shows beside the messages it lists.
    public func notSent(campaign: String? = nil, contact: String? = nil) throws(RequestError) -> [DropReason: Int] {
        guard campaign != nil || contact != nil else { return schedule.dropTotals }
        let index = try campaign.map { id throws(RequestError) in try campaignIndex(id) }
        var totals = scheduler.outOfRange(asOf: schedule.asOf, horizonEnd: schedule.horizonEnd, campaign: index, contact: contact)
        for drop in schedule.dropped
        where (index == nil || drop.message.campaign == index)
            && (contact == nil || scheduler.lists[drop.message.list].contacts[drop.message.contact].key == contact)
        {
            totals[drop.reason, default: 0] += 1
        }
        return totals
    }

    /// The drafts among the campaigns (all, or the one `campaign` names): checked, never built.
    public func drafts(campaign: String? = nil) -> [CheckedCampaign] {
        scheduler.campaigns.filter { $0.campaign.isDraft && (campaign == nil || $0.id == campaign) }.sorted { $0.id < $1.id }
    }

    /// Why each step is or is not sent to the contact `query` names: its key (in every list that
    /// has it), else its e-mail address, else its name. Several contacts with that address or
    /// name are listed, for the person to pick one by key.
    public func explain(_ query: String, campaign: String? = nil) throws(RequestError) -> String {
        if let campaign { _ = try campaignIndex(campaign) }
        let explainer = Explainer(scheduler: scheduler, schedule: schedule)
        let (match, found) = explainer.search(query)
        switch (match, found.count) {
        case (_, 0):
            throw RequestError(
                query.contains("@")
                    ? "no contact with the address '\(query)' in any list"
                    : "no contact with the key '\(query)' in any list, nor one whose name is like it")
        case (.key, _), (_, 1):
            return found.map { explainer.explain(list: $0.list, contact: $0.contact, campaign: campaign) }.joined(separator: "\n")
        default:
            let what = match == .address ? "the address" : "a name like"
            let rows = found.map { found in
                let list = scheduler.lists[found.list]
                let contact = list.contacts[found.contact]
                let name = explainer.displayName(of: found.contact, in: found.list).map { "  \($0)" } ?? ""
                return "  \(contact.key)\(name)  \(list.email(of: contact) ?? "no address")  ('\(list.name)', \(list.path):\(contact.row))"
            }
            var choices = RequestError(
                "\(found.count) contacts have \(what) '\(query)'; explain one of them by its key:\n" + rows.joined(separator: "\n"))
            choices.listsChoices = true
            throw choices
        }
    }

    /// One message as it will be built.
    public struct Preview: Sendable {
        public let message: ScheduledMessage
        public let parts: MessageRenderer.Parts
        /// The whole `.eml`.
        public let eml: [UInt8]
        /// The plain-text and HTML parts.
        public let text: String
        public let html: String
        /// The hidden line an inbox list shows after the subject, when the step has one.
        public let preheader: String?
        /// When the contact will not receive this message: why, as `explain` says it.
        public let notSent: String?
        /// The key of the contact it is for.
        public let contactKey: String
    }

    /// The message of `target` (`campaign` or `campaign.step`, default its first step) for the
    /// contact with `key`, or for the first contact the step reaches within the horizon.
    public func preview(_ target: String, contact key: String? = nil) throws(RequestError) -> Preview {
        let names = target.split(separator: ".", maxSplits: 1).map(String.init)
        let campaignIndex = try campaignIndex(names.first ?? target)
        let campaign = scheduler.campaigns[campaignIndex]
        var stepIndex = 0
        if names.count == 2 {
            guard let index = campaign.steps.firstIndex(where: { $0.id == names[1] }) else {
                throw RequestError(
                    "campaign '\(campaign.id)' has no step '\(names[1])'; its steps are: "
                        + campaign.steps.map(\.id).joined(separator: ", "))
            }
            stepIndex = index
        }
        let list = scheduler.lists[campaign.listIndex]
        let message: ScheduledMessage
        if let key {
            guard let contactIndex = list.contacts.firstIndex(where: { $0.key == key }) else {
                throw RequestError("no contact '\(key)' in '\(list.name)', the audience of '\(campaign.id)'")
            }
            // The step's first message the contact gets, when it gets one; else the one it would.
            message =
                schedule.messages.first {
                    $0.campaign == campaignIndex && $0.step == stepIndex && $0.list == campaign.listIndex && $0.contact == contactIndex
                } ?? scheduler.preview(campaign: campaignIndex, step: stepIndex, contact: contactIndex, asOf: schedule.asOf)
        } else if campaign.campaign.isDraft {
            // A draft is never scheduled: the first contact its rules would send to in range.
            guard
                let contactIndex = scheduler.firstReached(
                    campaign: campaignIndex, step: stepIndex, asOf: schedule.asOf, horizonEnd: schedule.horizonEnd)
            else {
                throw RequestError(
                    "no contact would get '\(campaign.id).\(campaign.steps[stepIndex].id)' within the horizon; "
                        + "name one with --contact")
            }
            message = scheduler.preview(campaign: campaignIndex, step: stepIndex, contact: contactIndex, asOf: schedule.asOf)
        } else {
            guard let first = schedule.messages.first(where: { $0.campaign == campaignIndex && $0.step == stepIndex }) else {
                throw RequestError(
                    "no contact gets '\(campaign.id).\(campaign.steps[stepIndex].id)' within the horizon; "
                        + "name one with --contact")
            }
            message = first
        }
        guard let parts = renderer.parts(of: message) else { throw RequestError("the contact has no valid e-mail address") }
        let bodies = renderer.bodies(message, parts: parts)
        let id = schedule.messageID(of: message)
        let isSent = schedule.messages.contains { $0.campaign == campaignIndex && schedule.messageID(of: $0) == id }
        let notSent =
            isSent
            ? nil
            : Explainer(scheduler: scheduler, schedule: schedule).whyNot(campaign: campaignIndex, step: stepIndex, contact: message.contact)
                ?? "its time, \(AsOf.format(message.instant, offset: message.utcOffset)), is not within the horizon"
        return Preview(
            message: message, parts: parts, eml: renderer.render(message, parts: parts),
            text: bodies.text, html: bodies.html, preheader: renderer.preheader(message, parts: parts), notSent: notSent,
            contactKey: list.contacts[message.contact].key)
    }

    private func campaignIndex(_ id: String) throws(RequestError) -> Int {
        guard let index = scheduler.campaigns.firstIndex(where: { $0.id == id }) else {
            throw RequestError("no campaign '\(id)'")
        }
        return index
    }
}
