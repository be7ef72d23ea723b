import TouchpointCore
import TouchpointFrontEnd

/// `touchpoint plan` output: the schedule as a terminal wants it (grouped by day, counts per
/// campaign, what was dropped and why), or as CSV or JSON for tools.
public struct PlanFormatter: Sendable {
    public let scheduler: Scheduler
    public let schedule: Schedule

    public init(scheduler: Scheduler, schedule: Schedule) {
        self.scheduler = scheduler
        self.schedule = schedule
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private func key(_ message: ScheduledMessage) -> String {
        scheduler.lists[message.list].contacts[message.contact].key
    }

    private func campaign(_ message: ScheduledMessage) -> CheckedCampaign { scheduler.campaigns[message.campaign] }

    private func stepID(_ message: ScheduledMessage) -> String { campaign(message).steps[message.step].id }

    /// `notSent` gives the totals of messages not sent by reason, for the messages listed (by
    /// default the whole schedule's); `drafts` the campaigns that are drafts, listed at the end.
    public func text(messages: [ScheduledMessage], notSent: [DropReason: Int]? = nil, drafts: [CheckedCampaign] = []) -> String {
        let zone = ZonedTime(scheduler.practice.timeZone)
        let start = zone.local(schedule.asOf)
        let end = zone.local(schedule.horizonEnd)
        var out =
            "Schedule from \(start.date) to \(end.date) (\(scheduler.practice.timeZone.identifier)): "
            + "\(messages.count.grouped) \(messages.count == 1 ? "message" : "messages")\n"
        var currentDay: LocalDate?
        let idWidth = messages.map { campaign($0).id.count + 1 + stepID($0).count }.max() ?? 0
        for message in messages {
            if message.date != currentDay {
                currentDay = message.date
                out += "\n\(Self.weekdays[message.date.weekday.rawValue - 1]) \(message.date)\n"
            }
            let name = campaign(message).id + "." + stepID(message)
            var line = "  \(message.time)  " + name + String(repeating: " ", count: max(1, idWidth - name.count + 2)) + key(message)
            if let moved = message.movedFrom { line += "  (moved from \(moved))" }
            if message.utcOffset != zone.offset(at: message.instant) {
                line += "  (\(AsOf.format(message.instant, offset: message.utcOffset)))"
            }
            out += line + "\n"
        }
        var counts: [String: [String: Int]] = [:]
        for message in messages { counts[campaign(message).id, default: [:]][stepID(message), default: 0] += 1 }
        if !counts.isEmpty {
            out += "\nBy campaign:\n"
            let width = counts.keys.map(\.count).max() ?? 0
            // By id, as `explain` lists them, whatever the files are called.
            for campaign in scheduler.campaigns.sorted(by: { $0.id < $1.id }) where counts[campaign.id] != nil {
                let steps = counts[campaign.id] ?? [:]
                let total = steps.values.reduce(0, +)
                let detail = campaign.steps.compactMap { step in steps[step.id].map { "\(step.id) \($0.grouped)" } }
                out +=
                    "  " + campaign.id + String(repeating: " ", count: width - campaign.id.count)
                    + "  \(String(total.grouped).leftPadded(6))  (\(detail.joined(separator: ", ")))\n"
            }
        }
        let totals = (notSent ?? schedule.dropTotals).filter { $0.value > 0 }
        if !totals.isEmpty {
            out += "\nNot sent:\n"
            for reason in DropReason.allCases where totals[reason] != nil {
                out += "  \(String((totals[reason] ?? 0).grouped).leftPadded(6))  \(reason.description)\n"
            }
        }
        if !schedule.sameMinute.isEmpty {
            let listed = Set(messages)
            for pair in schedule.sameMinute where listed.contains(pair.first) && listed.contains(pair.second) {
                let moved = [pair.first, pair.second].filter { $0.movedFrom != nil }.map { "'\(stepID($0))'" }
                out +=
                    "\nwarning: \(campaign(pair.first).id) sends steps '\(stepID(pair.first))' and '\(stepID(pair.second))' to "
                    + "\(key(pair.first)) at the same minute, \(pair.first.date) \(pair.first.time): the send window moved "
                    + "\(moved.joined(separator: " and ")) there\n"
            }
        }
        if !drafts.isEmpty {
            out += "\nDrafts (checked, never built):\n"
            for draft in drafts {
                out += "  \(draft.id)  \(draft.campaign.file.path)\n"
            }
        }
        return out
    }

    public func csv(messages: [ScheduledMessage]) -> String {
        var out = "send_at,campaign,step,contact,to,kind,message_id\n"
        for message in messages {
            let list = scheduler.lists[message.list]
            let fields = [
                AsOf.format(message.instant, offset: message.utcOffset), campaign(message).id, stepID(message),
                key(message), list.email(of: list.contacts[message.contact]) ?? "",
                campaign(message).steps[message.step].kind.rawValue, "<\(schedule.messageID(of: message))>",
            ]
            out += fields.map(CSVText.quoted).joined(separator: ",") + "\n"
        }
        return out
    }

    /// How many contacts each campaign and step reaches within the horizon, for `check` on a
    /// terminal.
    public func reach() -> String {
        var contacts: [Int: [Int: Set<Int>]] = [:]
        for message in schedule.messages {
            contacts[message.campaign, default: [:]][message.step, default: []].insert(message.contact)
        }
        let zone = ZonedTime(scheduler.practice.timeZone)
        var out = "reach from \(zone.local(schedule.asOf).date) to \(zone.local(schedule.horizonEnd).date):\n"
        let width = scheduler.campaigns.flatMap { campaign in campaign.steps.map { campaign.id.count + 1 + $0.id.count } }.max() ?? 0
        for (index, campaign) in scheduler.campaigns.enumerated().sorted(by: { $0.element.id < $1.element.id }) {
            for (stepIndex, step) in campaign.steps.enumerated() {
                let name = campaign.id + "." + step.id
                let count = contacts[index]?[stepIndex]?.count ?? 0
                out += "  " + name + String(repeating: " ", count: width - name.count)
                // A draft is never scheduled: it reaches no one, and says why.
                out +=
                    campaign.campaign.isDraft
                    ? "   draft, never built\n" : "  \(String(count.grouped).leftPadded(6)) \(count == 1 ? "contact" : "contacts")\n"
            }
        }
        return out
    }

    /// The plan as one JSON document; `more` adds fields after the plan's own (already JSON).
    public func json(
        messages: [ScheduledMessage], notSent: [DropReason: Int]? = nil, drafts: [CheckedCampaign] = [], more: [(String, String)] = []
    ) -> String {
        var out =
            "{\"from\":\(JSON.string(AsOf.format(schedule.asOf, offset: 0))),"
            + "\"to\":\(JSON.string(AsOf.format(schedule.horizonEnd, offset: 0))),\"messages\":["
        for (index, message) in messages.enumerated() {
            out +=
                (index == 0 ? "\n" : ",\n")
                + JSON.object([
                    ("send_at", JSON.string(AsOf.format(message.instant, offset: message.utcOffset))),
                    ("campaign", JSON.string(campaign(message).id)), ("step", JSON.string(stepID(message))),
                    ("contact", JSON.string(key(message))), ("kind", JSON.string(campaign(message).steps[message.step].kind.rawValue)),
                    ("message_id", JSON.string("<\(schedule.messageID(of: message))>")),
                    ("moved_from", message.movedFrom.map { JSON.string($0.description) } ?? "null"),
                ])
        }
        let totals = notSent ?? schedule.dropTotals
        out += "\n],\"not_sent\":" + JSON.object(DropReason.allCases.map { ($0.rawValue, String(totals[$0] ?? 0)) })
        out += ",\"drafts\":[" + drafts.map { JSON.string($0.id) }.joined(separator: ",") + "]"
        // Two steps of one campaign the send window moved onto the same minute for one contact.
        let listed = Set(messages)
        let pairs = schedule.sameMinute.filter { listed.contains($0.first) && listed.contains($0.second) }
        out +=
            ",\"same_minute\":["
            + pairs.map { pair in
                JSON.object([
                    ("send_at", JSON.string(AsOf.format(pair.first.instant, offset: pair.first.utcOffset))),
                    ("campaign", JSON.string(campaign(pair.first).id)), ("contact", JSON.string(key(pair.first))),
                    ("steps", "[" + [stepID(pair.first), stepID(pair.second)].map(JSON.string).joined(separator: ",") + "]"),
                ])
            }.joined(separator: ",") + "]"
        for (name, value) in more { out += "," + JSON.string(name) + ":" + value }
        return out + "}\n"
    }
}
