import TouchpointCore
import TouchpointFrontEnd

/// `touchpoint explain`: for one contact, every campaign and step, and whether it is sent, when,
/// and if not, why — "why did Mrs. Smith not get the birthday e-mail?".
public struct Explainer: Sendable {
    public let scheduler: Scheduler
    public let schedule: Schedule

    public init(scheduler: Scheduler, schedule: Schedule) {
        self.scheduler = scheduler
        self.schedule = schedule
    }

    /// The lists holding a contact with this key, with its index.
    public func find(_ key: String) -> [(list: Int, contact: Int)] {
        scheduler.lists.enumerated().compactMap { listIndex, list in
            list.contacts.firstIndex { $0.key == key }.map { (listIndex, $0) }
        }
    }

    public func explain(list listIndex: Int, contact contactIndex: Int, campaign filter: String? = nil) -> String {
        let list = scheduler.lists[listIndex]
        let contact = list.contacts[contactIndex]
        let context = Context(scheduler: scheduler, asOf: schedule.asOf, horizonEnd: schedule.horizonEnd)
        let zone = context.zone(of: contact, in: list)
        let resolve = list.resolver(for: contact)
        var out =
            "\(contact.key) in '\(list.name)' (\(list.path):\(contact.row)), "
            + "\(list.email(of: contact) ?? "no address"), time zone \(zone.timeZone.identifier)\n"
        out +=
            "as of \(AsOf.format(schedule.asOf, offset: zone.offset(at: schedule.asOf))), "
            + "horizon to \(AsOf.format(schedule.horizonEnd, offset: zone.offset(at: schedule.horizonEnd)))\n"
        let sent = Dictionary(
            schedule.messages.filter { $0.list == listIndex && $0.contact == contactIndex }
                .map { (schedule.messageID(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
        let dropped = Dictionary(
            schedule.dropped.filter { $0.message.list == listIndex && $0.message.contact == contactIndex }
                .map { (schedule.messageID(of: $0.message), $0.reason) }, uniquingKeysWith: { first, _ in first })
        for (campaignIndex, campaign) in scheduler.campaigns.enumerated() where filter == nil || campaign.id == filter {
            out += "\n\(campaign.id) (\(campaign.campaign.kind.rawValue))"
            guard campaign.listIndex == listIndex else {
                out += ": not in its audience, the list '\(campaign.campaign.audience)'\n"
                continue
            }
            if let condition = campaign.condition, !context.condition(condition, resolve) {
                out += ": its 'where' is false: \(source(campaign.campaign.condition))\(values(condition, resolve))\n"
                continue
            }
            out += "\n"
            let width = campaign.steps.map(\.id.count).max() ?? 0
            for (stepIndex, step) in campaign.steps.enumerated() {
                var label = "  " + step.id + String(repeating: " ", count: width - step.id.count) + "  "
                if step.kind != campaign.campaign.kind { label += "(\(step.kind.rawValue)) " }
                if let condition = step.condition, !context.condition(condition, resolve) {
                    out += label + "not sent: the step's 'where' is false: \(source(step.step.condition))\(values(condition, resolve))\n"
                    continue
                }
                let occurrences = context.occurrences(campaign: campaignIndex, step: stepIndex, contact: contactIndex)
                if occurrences.isEmpty {
                    out += label + "not sent: \(noDateReason(step, contact: contact, list: list, zone: zone))\n"
                    continue
                }
                for (index, occurrence) in occurrences.enumerated() {
                    let message = occurrence.message
                    let prefix = index == 0 ? label : String(repeating: " ", count: label.count)
                    let when = AsOf.format(message.instant, offset: message.utcOffset)
                    let moved = message.movedFrom.map { " (moved from \($0) by the send window)" } ?? ""
                    let id = schedule.messageID(of: message)
                    if sent[id] != nil, message.instant < schedule.asOf {
                        let until = message.instant + context.expiry[campaignIndex][stepIndex]
                        out +=
                            prefix + "due \(when), not delivered yet: delivery may still send it until "
                            + "\(AsOf.format(until, offset: zone.offset(at: until)))\(moved)\n"
                    } else if sent[id] != nil {
                        let others = schedule.sameMinute.compactMap { pair -> String? in
                            if pair.first == message { return scheduler.campaigns[campaignIndex].steps[pair.second.step].id }
                            if pair.second == message { return scheduler.campaigns[campaignIndex].steps[pair.first.step].id }
                            return nil
                        }
                        let same = others.map { " (same minute as step '\($0)')" }.joined()
                        out += prefix + "will be sent \(when)\(moved)\(same)\n"
                    } else if case .dropped(.past) = occurrence.outcome,
                        let delivery = deliveryState(id, campaign: campaignIndex, step: stepIndex)
                    {
                        out += prefix + "\(delivery.verb) \(when): \(delivery.reason)\(moved)\n"
                    } else if let reason = dropped[id] {
                        let users =
                            switch reason {
                            case .frequencyCap: allowanceUsers(of: message)
                            case .suppressed: suppressionLine(of: message)
                            case .sharedAddress: household(of: message)
                            default: ""
                            }
                        out += prefix + "not sent \(when): \(reason.description)\(users)\(moved)\n"
                    } else if case .dropped(let reason) = occurrence.outcome {
                        out += prefix + "not sent \(when): \(reason.description)\(moved)\n"
                    } else {
                        out += prefix + "not sent \(when)\n"
                    }
                }
            }
        }
        return out
    }

    /// What delivery recorded of a message whose time has passed, when anything: delivered,
    /// interrupted, given up on, or left to expire.
    private func deliveryState(_ id: String, campaign: Int, step: Int) -> (verb: String, reason: String)? {
        let ledger = scheduler.ledger
        if ledger.delivered.contains(id) { return ("sent", "delivered") }
        if ledger.uncertain.contains(id) {
            return ("uncertain", "delivery was interrupted while handing it on; whether it arrived is unknown")
        }
        if ledger.failed.contains(id) { return ("not sent", "failed: the mail command refused it, never delivered") }
        if ledger.undelivered.contains(id) || ledger.outstanding.contains(id) {
            let allowance = TimeSpan.describe(
                seconds: scheduler.campaigns[campaign].campaign.expiry(ofStep: scheduler.campaigns[campaign].steps[step].id).seconds)
            return ("not sent", "expired, never delivered: not sent within \(allowance) of its time")
        }
        return nil
    }

    /// For a message the frequency cap dropped: the cap, and the messages to the same address that
    /// used its allowance (campaign.step, the contact's key when another contact's, and the day).
    private func allowanceUsers(of dropped: ScheduledMessage) -> String {
        guard let cap = scheduler.practice.marketingCap else { return "" }
        func address(_ message: ScheduledMessage) -> String? {
            let list = scheduler.lists[message.list]
            return list.contacts[message.contact][field: list.schema.emailField]?.emailAddress?.description.lowercased()
        }
        guard let droppedAddress = address(dropped) else { return "" }
        let droppedKey = scheduler.lists[dropped.list].contacts[dropped.contact].key
        let scheduled = schedule.messages.filter { message in
            scheduler.campaigns[message.campaign].steps[message.step].isMarketing && abs(message.day - dropped.day) < cap.days
                && address(message) == droppedAddress
        }.map { message in
            let campaign = scheduler.campaigns[message.campaign]
            return CapUse(
                address: droppedAddress, date: message.date, campaign: campaign.id, step: campaign.steps[message.step].id,
                contact: scheduler.lists[message.list].contacts[message.contact].key, state: .scheduled)
        }
        let others = schedule.allowanceUsers.filter { use in
            use.address == droppedAddress && abs(use.date.dayNumber - dropped.day) < cap.days
        }
        let users = (others + scheduled).sorted {
            ($0.date, $0.campaign, $0.step, $0.contact) < ($1.date, $1.campaign, $1.step, $1.contact)
        }
        .map { use in
            let key = use.contact != droppedKey ? " to \(use.contact)" : ""
            let state =
                switch use.state {
                case .delivered: " (delivered)"
                case .past: " (already past)"
                case .scheduled: ""
                case .later: " (after the horizon)"
                }
            return "\(use.campaign).\(use.step)\(key) on \(use.date)\(state)"
        }
        let limit = "\(cap.count) per \(cap.days) \(cap.days == 1 ? "day" : "days")"
        return users.isEmpty ? " (\(limit))" : " (\(limit)), used by " + users.joined(separator: ", ")
    }

    /// For a message `one_per_address` dropped: who at the address gets the copy.
    private func household(of dropped: ScheduledMessage) -> String {
        func address(_ message: ScheduledMessage) -> String? {
            let list = scheduler.lists[message.list]
            return list.email(of: list.contacts[message.contact])?.lowercased()
        }
        guard let shared = address(dropped) else { return "" }
        guard
            let copy = schedule.messages.first(where: {
                $0.campaign == dropped.campaign && $0.step == dropped.step && $0.day == dropped.day && address($0) == shared
            })
        else { return " (the first by key of the contacts at \(shared) gets it, outside this range, or the cap took it)" }
        return " (\(scheduler.lists[copy.list].contacts[copy.contact].key) gets the copy: the first by key of the contacts at \(shared))"
    }

    /// For a message the suppression list stopped: the line that stopped it, its reason, and what
    /// such a line stops: ` (contacts/unsubscribed.txt:7: 2026-12-07 bounced 5.1.1; stops all mail)`.
    private func suppressionLine(of message: ScheduledMessage) -> String {
        let list = scheduler.lists[message.list]
        guard let suppression = scheduler.suppression, let address = list.email(of: list.contacts[message.contact]),
            let entry = suppression.entry(for: address)
        else { return "" }
        let reason = entry.reason.map { ": \($0)" } ?? ""
        let scope = entry.scope == .allMail ? "stops all mail" : "stops marketing"
        return " (\(suppression.path):\(entry.line)\(reason); \(scope))"
    }

    private func source(_ node: YAMLNode?) -> String {
        node?.scalar?.value.split(whereSeparator: \.isNewline).joined(separator: " ") ?? ""
    }

    /// The contact's values of the fields a condition reads: ` (status = "lapsed", nps empty)`.
    private func values(_ expression: Expression, _ resolve: (String) -> Value?) -> String {
        var seen: Set<String> = []
        var parts: [String] = []
        for (reference, _) in expression.fields {
            guard let name = reference.contactField, seen.insert(name).inserted else { continue }
            if let value = resolve(name), !value.isEmpty {
                if case .string(let text) = value {
                    parts.append("\(name) = \(Expression.quoted(text))")
                } else {
                    parts.append("\(name) = \(value.text)")
                }
            } else {
                parts.append("\(name) is empty")
            }
        }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    private func noDateReason(_ step: CheckedStep, contact: Contact, list: ContactList, zone: ZonedTime) -> String {
        guard let field = step.anchorField else { return "its date is not within the horizon" }
        let anchor: LocalDate
        switch contact[field: field] {
        case .date(let date): anchor = date
        case .datetime(let value): anchor = value.localDate(in: zone)
        default: return "'\(list.schema.fields[field].name)' is empty, so the rule has no date"
        }
        let asOfDate = schedule.today
        let day: LocalDate?
        switch step.send.timing {
        case .hours(let amount, let direction, _):
            guard case .datetime(let value) = contact[field: field] else { return "its date is not within the horizon" }
            day = zone.local(value.instant(in: zone) + (direction == .before ? -amount : amount) * 3_600).date
        case .relative(let amount, let unit, let direction, _):
            let signed = direction == .before ? -amount : amount
            switch unit {
            case .day: day = anchor.adding(days: signed)
            case .week: day = anchor.adding(days: signed * 7)
            case .month: day = anchor.adding(months: signed)
            }
        case .onField(_, false): day = anchor
        default: day = nil
        }
        guard let day else { return "no repetition falls within the horizon" }
        return day < asOfDate ? "its date, \(day), is already past" : "its date, \(day), is beyond the horizon"
    }
}
