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

    /// How a person named a contact, and the contacts that fit.
    public enum Match: Sendable, Equatable {
        case key, address, name
    }

    /// The contacts `query` names: those with it as their key, in every list; failing that, those
    /// with it as their address (in any case); failing that, those whose display name (the
    /// schema's `name:`) holds every word of it, in any case — `maria`, `Maria Lopez`.
    public func search(_ query: String) -> (match: Match, contacts: [(list: Int, contact: Int)]) {
        let byKey = find(query)
        if !byKey.isEmpty { return (.key, byKey) }
        let trimmed = query.trimmingSpaces
        if trimmed.contains("@") {
            let address = trimmed.lowercased()
            return (
                .address,
                scheduler.lists.indices.flatMap { listIndex in
                    scheduler.lists[listIndex].contacts.indices.filter {
                        scheduler.lists[listIndex].email(of: scheduler.lists[listIndex].contacts[$0])?.lowercased() == address
                    }.map { (list: listIndex, contact: $0) }
                }
            )
        }
        let words = Self.words(trimmed)
        guard !words.isEmpty else { return (.name, []) }
        var found: [(list: Int, contact: Int)] = []
        for (listIndex, list) in scheduler.lists.enumerated() where list.schema.displayName != nil {
            for contactIndex in list.contacts.indices {
                let name = Self.words(displayName(of: contactIndex, in: listIndex) ?? "")
                if words.allSatisfy(name.contains) { found.append((listIndex, contactIndex)) }
            }
        }
        return (.name, found)
    }

    /// The contact's display name as `To:` shows it, when its list's schema has a `name:`.
    public func displayName(of contactIndex: Int, in listIndex: Int) -> String? {
        let list = scheduler.lists[listIndex]
        guard let template = list.schema.displayName else { return nil }
        let context = TemplateContext(
            practiceName: scheduler.practice.name, practiceAddress: scheduler.practice.address, campaignTitle: "",
            unsubscribeURL: nil, sendDate: schedule.today, today: schedule.today, contactToken: nil)
        let name = TemplateRenderer().render(template, context: context, contact: list.resolver(for: list.contacts[contactIndex])).text
        let trimmed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The words of a name, lowercased, without the punctuation around them (`Smith, Jr.`).
    private static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," }).map { word in
            String(word.drop { $0 == "." || $0 == "\"" }.reversed().drop { $0 == "." || $0 == "\"" }.reversed())
        }.filter { !$0.isEmpty }
    }

    public func explain(list listIndex: Int, contact contactIndex: Int, campaign filter: String? = nil) -> String {
        let list = scheduler.lists[listIndex]
        let contact = list.contacts[contactIndex]
        let context = Context(scheduler: scheduler, asOf: schedule.asOf, horizonEnd: schedule.horizonEnd)
        let zone = context.zone(of: contact, in: list)
        var out =
            "\(contact.key) in '\(list.name)' (\(list.path):\(contact.row)), "
            + "\(list.email(of: contact) ?? "no address"), time zone \(zone.timeZone.identifier)\n"
        out +=
            "as of \(AsOf.format(schedule.asOf, offset: zone.offset(at: schedule.asOf))), "
            + "horizon to \(AsOf.format(schedule.horizonEnd, offset: zone.offset(at: schedule.horizonEnd)))\n"
        let outcomes = Outcomes(schedule: schedule, list: listIndex, contact: contactIndex)
        // By id, whatever the files are called.
        let campaigns = scheduler.campaigns.indices.sorted { scheduler.campaigns[$0].id < scheduler.campaigns[$1].id }
        for campaignIndex in campaigns where filter == nil || scheduler.campaigns[campaignIndex].id == filter {
            let campaign = scheduler.campaigns[campaignIndex]
            out += "\n\(campaign.id) (\(campaign.campaign.kind.rawValue))"
            if let reason = campaignReason(campaignIndex, list: listIndex, contact: contactIndex, context: context) {
                out += ": \(reason)\n"
                continue
            }
            out += "\n"
            let width = campaign.steps.map(\.id.count).max() ?? 0
            for stepIndex in campaign.steps.indices {
                let id = campaign.steps[stepIndex].id
                var label = "  " + id + String(repeating: " ", count: width - id.count) + "  "
                let kind = campaign.steps[stepIndex].kind
                if kind != campaign.campaign.kind { label += "(\(kind.rawValue)) " }
                let lines = stepLines(
                    campaign: campaignIndex, step: stepIndex, list: listIndex, contact: contactIndex, context: context, outcomes: outcomes)
                for (index, line) in lines.enumerated() {
                    out += (index == 0 ? label : String(repeating: " ", count: label.count)) + line.text + "\n"
                }
            }
        }
        return out
    }

    /// Whether one step goes to one contact, and if not, why, in `explain`'s words: `nil` when
    /// it is sent (a message of it is in the schedule), else the reason, such as `campaign
    /// 'welcome': its 'where' is false: status == "active" (status = "prospect")` or `the
    /// marketing frequency cap (1 per 7 days), used by news.december on 2026-12-08`.
    public func whyNot(campaign campaignIndex: Int, step stepIndex: Int, contact contactIndex: Int) -> String? {
        let campaign = scheduler.campaigns[campaignIndex]
        let listIndex = campaign.listIndex
        let context = Context(scheduler: scheduler, asOf: schedule.asOf, horizonEnd: schedule.horizonEnd)
        if let reason = campaignReason(campaignIndex, list: listIndex, contact: contactIndex, context: context) {
            return "campaign '\(campaign.id)': \(reason)"
        }
        let lines = stepLines(
            campaign: campaignIndex, step: stepIndex, list: listIndex, contact: contactIndex, context: context,
            outcomes: Outcomes(schedule: schedule, list: listIndex, contact: contactIndex))
        if lines.contains(where: \.isSent) { return nil }
        // The reason alone: whoever asks sees the message and its time already.
        return lines.map { line in
            guard line.text.hasPrefix("not sent") else { return line.text }
            let rest = line.text.dropFirst("not sent".count)
            guard let colon = rest.range(of: ": ") else { return line.text }
            return String(rest[colon.upperBound...])
        }.joined(separator: "; ")
    }

    /// What the schedule made of one contact's messages: sent, or dropped and why.
    private struct Outcomes {
        let sent: [String: ScheduledMessage]
        let dropped: [String: DropReason]

        init(schedule: Schedule, list: Int, contact: Int) {
            sent = Dictionary(
                schedule.messages.filter { $0.list == list && $0.contact == contact }.map { (schedule.messageID(of: $0), $0) },
                uniquingKeysWith: { first, _ in first })
            dropped = Dictionary(
                schedule.dropped.filter { $0.message.list == list && $0.message.contact == contact }
                    .map { (schedule.messageID(of: $0.message), $0.reason) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Why a campaign sends nothing to a contact, when it does not: a draft, not its audience, or
    /// its `where` is false.
    private func campaignReason(_ campaignIndex: Int, list listIndex: Int, contact contactIndex: Int, context: Context) -> String? {
        let campaign = scheduler.campaigns[campaignIndex]
        if campaign.campaign.isDraft { return "a draft (draft: true), never built" }
        guard campaign.listIndex == listIndex else { return "not in its audience, the list '\(campaign.campaign.audience)'" }
        let list = scheduler.lists[listIndex]
        let resolve = list.resolver(for: list.contacts[contactIndex])
        if let condition = campaign.condition, !context.condition(condition, resolve, list: list) {
            return "its 'where' is false: \(source(campaign.campaign.condition))\(values(condition, resolve))"
        }
        return nil
    }

    /// One line of a step's explanation, and whether it says the message is sent.
    private struct Line {
        let text: String
        var isSent = false
    }

    /// What becomes of each of the step's messages for a contact its campaign reaches.
    private func stepLines(
        campaign campaignIndex: Int, step stepIndex: Int, list listIndex: Int, contact contactIndex: Int, context: Context,
        outcomes: Outcomes
    ) -> [Line] {
        let list = scheduler.lists[listIndex]
        let contact = list.contacts[contactIndex]
        let zone = context.zone(of: contact, in: list)
        let step = scheduler.campaigns[campaignIndex].steps[stepIndex]
        let resolve = list.resolver(for: contact)
        if let condition = step.condition, !context.condition(condition, resolve, list: list) {
            return [Line(text: "not sent: the step's 'where' is false: \(source(step.step.condition))\(values(condition, resolve))")]
        }
        let occurrences = context.occurrences(campaign: campaignIndex, step: stepIndex, contact: contactIndex)
        if occurrences.isEmpty {
            return [Line(text: "not sent: \(noDateReason(step, contact: contact, list: list, zone: zone))")]
        }
        return occurrences.map { occurrence in
            let message = occurrence.message
            let when = AsOf.format(message.instant, offset: message.utcOffset)
            let moved = message.movedFrom.map { " (moved from \($0) by the send window)" } ?? ""
            let id = schedule.messageID(of: message)
            if outcomes.sent[id] != nil, message.instant < schedule.asOf {
                let until = message.instant + context.expiry[campaignIndex][stepIndex]
                return Line(
                    text: "due \(when), not delivered yet: delivery may still send it until "
                        + "\(AsOf.format(until, offset: zone.offset(at: until)))\(moved)", isSent: true)
            } else if outcomes.sent[id] != nil {
                let others = schedule.sameMinute.compactMap { pair -> String? in
                    if pair.first == message { return scheduler.campaigns[campaignIndex].steps[pair.second.step].id }
                    if pair.second == message { return scheduler.campaigns[campaignIndex].steps[pair.first.step].id }
                    return nil
                }
                let same = others.map { " (same minute as step '\($0)')" }.joined()
                return Line(text: "will be sent \(when)\(moved)\(same)", isSent: true)
            } else if case .dropped(.past) = occurrence.outcome,
                let delivery = deliveryState(id, campaign: campaignIndex, step: stepIndex)
            {
                return Line(text: "\(delivery.verb) \(when): \(delivery.reason)\(moved)")
            } else if let reason = outcomes.dropped[id] {
                let users =
                    switch reason {
                    case .frequencyCap: allowanceUsers(of: message)
                    case .suppressed: suppressionLine(of: message)
                    case .sharedAddress: household(of: message)
                    default: ""
                    }
                return Line(text: "not sent \(when): \(reason.description)\(users)\(moved)")
            } else if case .dropped(let reason) = occurrence.outcome {
                return Line(text: "not sent \(when): \(reason.description)\(moved)")
            }
            return Line(text: "not sent \(when)")
        }
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
