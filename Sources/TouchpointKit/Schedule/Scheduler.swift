import Dispatch
import Foundation
internal import Synchronization

/// Computes the schedule (SPEC §4.1, §2): for an as-of instant and a horizon, every message the
/// campaigns' rules produce, after their conditions, in real time zones and inside the send
/// window, then the policy: consent and suppression for marketing, a valid address for all, the
/// marketing frequency cap, and what `out/sent.log` lists as delivered. Pure: no clock, no files.
public struct Scheduler: Sendable {
    public let practice: Practice
    public let lists: [ContactList]
    public let campaigns: [CheckedCampaign]
    public let suppression: SuppressionList?
    /// Message-IDs already delivered.
    public let sent: Set<String>

    public init(practice: Practice, lists: [ContactList], campaigns: [CheckedCampaign],
                suppression: SuppressionList?, sent: Set<String> = []) {
        self.practice = practice
        self.lists = lists
        self.campaigns = campaigns
        self.suppression = suppression
        self.sent = sent
    }

    /// The instant the horizon ends for a build as of `asOf`: the same wall time `horizon` later
    /// in the practice's zone.
    public func horizonEnd(asOf: Int, horizon: CalendarDuration) -> Int {
        let zone = ZonedTime(practice.timeZone)
        let local = zone.local(asOf)
        let end: LocalDate?
        switch horizon.unit {
        case .day: end = local.date.adding(days: horizon.value)
        case .week: end = local.date.adding(days: horizon.value * 7)
        case .month: end = local.date.adding(months: horizon.value)
        }
        let minutes = TimeOfDay(hour: local.minutes / 60, minute: local.minutes % 60) ?? .endOfDay
        return end.map { zone.instant($0, minutes) + local.seconds } ?? asOf
    }

    /// The whole schedule. Campaigns are computed in parallel; the result does not depend on it.
    public func schedule(asOf: Int, horizonEnd: Int) -> Schedule {
        let context = Context(scheduler: self, asOf: asOf, horizonEnd: horizonEnd)
        let partials = Mutex<[Int: Partial]>([:])
        DispatchQueue.concurrentPerform(iterations: campaigns.count) { index in
            var partial = Partial()
            let campaign = campaigns[index]
            let list = lists[campaign.listIndex]
            for contactIndex in list.contacts.indices {
                for occurrence in context.occurrences(campaign: index, contact: contactIndex) {
                    switch occurrence.outcome {
                    case .inRange: partial.candidates.append(occurrence.message)
                    case .dropped(let reason) where reason == .past || reason == .beyondHorizon:
                        partial.outOfRange[reason, default: 0] += 1
                    case .dropped(let reason): partial.dropped.append(DroppedMessage(message: occurrence.message, reason: reason))
                    }
                }
            }
            partials.withLock { $0[index] = partial }
        }
        var candidates: [ScheduledMessage] = []
        var dropped: [DroppedMessage] = []
        var outOfRange: [DropReason: Int] = [:]
        partials.withLock { all in
            candidates.reserveCapacity(all.values.reduce(0) { $0 + $1.candidates.count })
            for index in campaigns.indices {
                guard let partial = all.removeValue(forKey: index) else { continue }
                candidates += partial.candidates
                dropped += partial.dropped
                outOfRange.merge(partial.outOfRange, uniquingKeysWith: +)
            }
        }
        var (sendable, policyDrops) = applyPolicy(candidates)
        candidates = []
        dropped += policyDrops
        let rank = campaignRanks
        sendable.sort { order($0, $1, rank) }
        dropped.sort { order($0.message, $1.message, rank) }
        return Schedule(messages: sendable, dropped: dropped, outOfRange: outOfRange, asOf: asOf, horizonEnd: horizonEnd)
    }

    /// The deterministic order of a schedule: instant, campaign id, step, contact key.
    func order(_ lhs: ScheduledMessage, _ rhs: ScheduledMessage) -> Bool {
        order(lhs, rhs, campaignRanks)
    }

    /// Each campaign's place when campaigns are sorted by id.
    private var campaignRanks: [Int] {
        var ranks = Array(repeating: 0, count: campaigns.count)
        for (rank, index) in campaigns.indices.sorted(by: { campaigns[$0].id < campaigns[$1].id }).enumerated() {
            ranks[index] = rank
        }
        return ranks
    }

    private func order(_ lhs: ScheduledMessage, _ rhs: ScheduledMessage, _ ranks: [Int]) -> Bool {
        if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
        if lhs.campaign != rhs.campaign { return ranks[lhs.campaign] < ranks[rhs.campaign] }
        if lhs.step != rhs.step { return lhs.step < rhs.step }
        return lists[lhs.list].contacts[lhs.contact].key < lists[rhs.list].contacts[rhs.contact].key
    }

    private struct Partial {
        var candidates: [ScheduledMessage] = []
        var dropped: [DroppedMessage] = []
        var outOfRange: [DropReason: Int] = [:]
    }

    /// Address, consent, suppression and delivered messages; then the frequency cap, applied per
    /// address in order of priority (higher first), then send time, then campaign id.
    func applyPolicy(_ candidates: [ScheduledMessage]) -> (kept: [ScheduledMessage], dropped: [DroppedMessage]) {
        var kept: [ScheduledMessage] = []
        kept.reserveCapacity(candidates.count)
        var dropped: [DroppedMessage] = []
        // Marketing messages by address (lowercased), as indices into `candidates`.
        var groupOfAddress: [String: Int] = [:]
        var groups: [[Int]] = []
        for (index, message) in candidates.enumerated() {
            let campaign = campaigns[message.campaign].campaign
            let list = lists[message.list]
            let contact = list.contacts[message.contact]
            guard let written = list.email(of: contact) else {
                dropped.append(DroppedMessage(message: message, reason: .noAddress))
                continue
            }
            if !sent.isEmpty, sent.contains(message.messageID) {
                dropped.append(DroppedMessage(message: message, reason: .alreadySent))
                continue
            }
            guard campaign.kind == .marketing else {
                kept.append(message)
                continue
            }
            let address = written.lowercased()
            if let consent = list.schema.consentField, case .boolean(false) = contact[field: consent] {
                dropped.append(DroppedMessage(message: message, reason: .noConsent))
                continue
            }
            if suppression?.contains(address) == true {
                dropped.append(DroppedMessage(message: message, reason: .suppressed))
                continue
            }
            if let group = groupOfAddress[address] {
                groups[group].append(index)
            } else {
                groupOfAddress[address] = groups.count
                groups.append([index])
            }
        }
        guard let cap = practice.marketingCap else {
            for group in groups { kept += group.map { candidates[$0] } }
            return (kept, dropped)
        }
        // The cap counts calendar days, the contact's: "2 per 7 days" allows two messages in any
        // seven consecutive days, whatever their hours and however long daylight saving makes a week.
        for group in groups {
            let ranked = group.map { candidates[$0] }.sorted { lhs, rhs in
                let left = campaigns[lhs.campaign]
                let right = campaigns[rhs.campaign]
                if left.campaign.priority != right.campaign.priority { return left.campaign.priority > right.campaign.priority }
                if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
                if left.id != right.id { return left.id < right.id }
                return lhs.step < rhs.step
            }
            var accepted: [Int] = []
            for message in ranked {
                if Self.fits(message.day, into: accepted, cap: cap.count, window: cap.days) {
                    accepted.append(message.day)
                    kept.append(message)
                } else {
                    dropped.append(DroppedMessage(message: message, reason: .frequencyCap))
                }
            }
        }
        return (kept, dropped)
    }

    /// Whether one more message on day `day` keeps every window of `window` consecutive days at
    /// `cap` or fewer messages, given the days of those already accepted.
    static func fits(_ day: Int, into accepted: [Int], cap: Int, window: Int) -> Bool {
        // Only windows that contain `day` change; each starts at or after day - window + 1.
        let nearby = accepted.filter { abs($0 - day) < window }.sorted()
        if nearby.count < cap { return true }
        for start in nearby + [day] where start <= day && start > day - window {
            let inWindow = nearby.count { $0 >= start && $0 < start + window }
            if inWindow + 1 > cap { return false }
        }
        return true
    }
}

/// One message the rules produced for a contact, and whether it falls in range.
struct Occurrence {
    enum Outcome {
        case inRange
        case dropped(DropReason)
    }

    let message: ScheduledMessage
    let outcome: Outcome
}

/// What every occurrence computation shares for one schedule run.
struct Context: Sendable {
    let scheduler: Scheduler
    let asOf: Int
    let horizonEnd: Int
    let today: LocalDate
    let firstDay: LocalDate
    let lastDay: LocalDate
    let practiceZone: ZonedTime
    let zones: [String: ZonedTime]
    /// Every campaign's and step's condition, compiled once against its list's schema.
    let conditions: ExpressionEvaluator.Program
    /// The node of each campaign's condition, and of each of its steps'; `nil` where there is none.
    let campaignConditions: [Int?]
    let stepConditions: [[Int?]]

    /// Candidates are looked for at least this many days beyond range, so the counts of past and
    /// beyond-horizon messages cover a fortnight either side; further when the send window is
    /// closed for longer next to the range, since it can move a send that far into it.
    static let slack = 14

    init(scheduler: Scheduler, asOf: Int, horizonEnd: Int) {
        self.scheduler = scheduler
        self.asOf = asOf
        self.horizonEnd = horizonEnd
        practiceZone = ZonedTime(scheduler.practice.timeZone)
        today = practiceZone.local(asOf).date
        // Contacts may be in zones up to a day away from the practice's.
        let window = scheduler.practice.sendWindow
        let start = practiceZone.local(asOf).date.adding(days: -1) ?? .epoch
        let end = practiceZone.local(horizonEnd).date.adding(days: 1) ?? .epoch
        firstDay = start.adding(days: -max(Context.slack, window.closedDays(nextTo: start, earlier: true))) ?? .epoch
        lastDay = end.adding(days: max(Context.slack, window.closedDays(nextTo: end, earlier: false))) ?? .epoch
        var zones: [String: ZonedTime] = [:]
        for list in scheduler.lists {
            guard let field = list.schema.timeZoneField else { continue }
            for contact in list.contacts {
                if case .timeZone(let name) = contact[field: field], zones[name] == nil,
                   let zone = TimeZone(identifier: name) {
                    zones[name] = ZonedTime(zone)
                }
            }
        }
        self.zones = zones
        var program = ExpressionEvaluator.Program()
        var campaignConditions: [Int?] = []
        var stepConditions: [[Int?]] = []
        for campaign in scheduler.campaigns {
            let schema = scheduler.lists[campaign.listIndex].schema
            func add(_ condition: Expression?) -> Int? {
                condition.map { program.add($0) { reference in reference.contactField.flatMap { schema.index(of: $0) } } }
            }
            campaignConditions.append(add(campaign.condition))
            stepConditions.append(campaign.steps.map { add($0.condition) })
        }
        conditions = program
        self.campaignConditions = campaignConditions
        self.stepConditions = stepConditions
    }

    func zone(of contact: Contact, in list: ContactList) -> ZonedTime {
        if let field = list.schema.timeZoneField, case .timeZone(let name) = contact[field: field], let zone = zones[name] {
            return zone
        }
        return practiceZone
    }

    func condition(_ expression: Expression?, _ resolve: (String) -> Value?) -> Bool {
        guard let expression else { return true }
        return ExpressionEvaluator(today: today).evaluate(expression, contact: resolve)
    }

    /// Every message a campaign's steps produce for one contact, in range or not.
    func occurrences(campaign index: Int, contact contactIndex: Int) -> [Occurrence] {
        let campaign = scheduler.campaigns[index]
        let values = scheduler.lists[campaign.listIndex].contacts[contactIndex].values
        let steps = conditions.withContents { program in
            values.withUnsafeBufferPointer { values -> [Int] in
                let evaluator = ExpressionEvaluator(today: today)
                func passes(_ node: Int?) -> Bool {
                    guard let node else { return true }
                    return evaluator.decide(node, in: program) { values.indices.contains($0) ? values[$0]?.expressionValue : nil }
                }
                guard passes(campaignConditions[index]) else { return [] }
                return stepConditions[index].indices.filter { passes(stepConditions[index][$0]) }
            }
        }
        var result: [Occurrence] = []
        for stepIndex in steps {
            result += occurrences(campaign: index, step: stepIndex, contact: contactIndex)
        }
        return result
    }

    /// The messages one step produces for one contact (its conditions already hold).
    func occurrences(campaign index: Int, step stepIndex: Int, contact contactIndex: Int) -> [Occurrence] {
        let campaign = scheduler.campaigns[index]
        let step = campaign.steps[stepIndex]
        let list = scheduler.lists[campaign.listIndex]
        let contact = list.contacts[contactIndex]
        let window = scheduler.practice.sendWindow
        let time = step.send.time ?? window.start
        let zone = zone(of: contact, in: list)
        let isBefore: Bool
        if case .relative(_, _, .before, _) = step.send.timing { isBefore = true } else { isBefore = false }
        var result: [Occurrence] = []
        var previousDay: LocalDate?
        for (raw, anchor) in dates(step, contact) {
            guard let day = window.nearestAllowedDay(from: raw, earlier: isBefore) else { continue }
            // Repetitions the window moves onto one day are one message, that day's own when it
            // has one. Dates come in order and moving keeps it, so such repetitions are neighbours.
            let isRepeat = day == previousDay
            guard !isRepeat || day == raw else { continue }
            let next = occurrence(campaign: index, step: stepIndex, contact: contactIndex, day: day, raw: raw,
                                  anchor: anchor, isBefore: isBefore, time: time, zone: zone)
            if isRepeat { result[result.count - 1] = next } else { result.append(next) }
            previousDay = day
        }
        return result
    }

    /// The message a step sends on `day` (the rule gave `raw`), and whether it falls in range.
    private func occurrence(campaign index: Int, step stepIndex: Int, contact contactIndex: Int, day: LocalDate, raw: LocalDate,
                            anchor: LocalDate?, isBefore: Bool, time: TimeOfDay, zone: ZonedTime) -> Occurrence {
        let campaign = scheduler.campaigns[index]
        let list = scheduler.lists[campaign.listIndex]
        let contact = list.contacts[contactIndex]
        let instant = zone.instant(day, time)
        // The wall clock at that instant: later than `time` when `time` falls in a gap.
        let wall = zone.local(instant)
        let message = ScheduledMessage(
            campaign: index, step: stepIndex, list: campaign.listIndex, contact: contactIndex, instant: instant,
            utcOffset: wall.offset, date: wall.date, time: TimeOfDay(hour: wall.minutes / 60, minute: wall.minutes % 60) ?? time,
            movedFrom: day == raw ? nil : raw,
            identity: MessageIdentity.messageHash(campaign: campaign.id, step: campaign.steps[stepIndex].id, list: list.name,
                                                  contact: contact.key, date: day),
            domain: scheduler.practice.domain)
        if instant < asOf {
            return Occurrence(message: message, outcome: .dropped(.past))
        } else if instant > horizonEnd {
            return Occurrence(message: message, outcome: .dropped(.beyondHorizon))
        } else if isBefore, let anchor, day >= anchor {
            return Occurrence(message: message, outcome: .dropped(.window))
        }
        return Occurrence(message: message, outcome: .inRange)
    }

    /// The rule's dates for a contact near the range, each with the anchor date it counts from.
    private func dates(_ step: CheckedStep, _ contact: Contact) -> [(date: LocalDate, anchor: LocalDate?)] {
        func date(_ field: Int?) -> LocalDate? {
            guard let field, case .date(let date) = contact[field: field] else { return nil }
            return date
        }
        func inRange(_ day: LocalDate) -> Bool { day >= firstDay && day <= lastDay }
        switch step.send.timing {
        case .onDate(let day):
            return inRange(day) ? [(day, nil)] : []
        case .onField(_, let everyYear):
            guard let anchor = date(step.anchorField) else { return [] }
            guard everyYear else { return inRange(anchor) ? [(anchor, anchor)] : [] }
            return (firstDay.year...lastDay.year).compactMap { anchor.anniversary(in: $0) }
                .filter { inRange($0) && $0 >= anchor }.map { ($0, anchor) }
        case .relative(let amount, let unit, let direction, _):
            guard let anchor = date(step.anchorField) else { return [] }
            let signed = direction == .before ? -amount : amount
            let day: LocalDate?
            switch unit {
            case .day: day = anchor.adding(days: signed)
            case .week: day = anchor.adding(days: signed * 7)
            case .month: day = anchor.adding(months: signed)
            }
            guard let day, inRange(day) else { return [] }
            return [(day, anchor)]
        case .recurring(let amount, let unit, _, let until):
            guard let anchor = date(step.anchorField), amount > 0 else { return [] }
            let limit = min(until == nil ? lastDay : (date(step.untilField) ?? lastDay), lastDay)
            var result: [(LocalDate, LocalDate?)] = []
            switch unit {
            case .day, .week:
                let stride = amount * (unit == .week ? 7 : 1)
                let first = max(1, (anchor.days(to: firstDay) + stride - 1) / stride)
                var k = first
                while let day = anchor.adding(days: k * stride), day <= limit {
                    if day >= firstDay { result.append((day, anchor)) }
                    k += 1
                }
            case .month:
                var k = 1
                while let day = anchor.adding(months: k * amount), day <= limit {
                    if day >= firstDay { result.append((day, anchor)) }
                    k += 1
                }
            }
            return result
        }
    }
}

extension Scheduler {
    /// The message one step makes for one contact, for a preview: its first date in range when it
    /// has one, else its first date at all, else as of `asOf` in the practice's window.
    public func preview(campaign: Int, step: Int, contact: Int, asOf: Int) -> ScheduledMessage {
        let context = Context(scheduler: self, asOf: asOf, horizonEnd: horizonEnd(asOf: asOf, horizon: practice.horizon))
        let occurrences = context.occurrences(campaign: campaign, step: step, contact: contact)
        if let inRange = occurrences.first(where: { if case .inRange = $0.outcome { true } else { false } }) {
            return inRange.message
        }
        if let first = occurrences.first { return first.message }
        let checked = campaigns[campaign]
        let list = lists[checked.listIndex]
        let zone = context.zone(of: list.contacts[contact], in: list)
        let day = zone.local(asOf).date
        let time = checked.steps[step].send.time ?? practice.sendWindow.start
        let instant = zone.instant(day, time)
        return ScheduledMessage(
            campaign: campaign, step: step, list: checked.listIndex, contact: contact, instant: instant,
            utcOffset: zone.offset(at: instant), date: day, time: time, movedFrom: nil,
            identity: MessageIdentity.messageHash(campaign: checked.id, step: checked.steps[step].id, list: list.name,
                                                  contact: list.contacts[contact].key, date: day),
            domain: practice.domain)
    }
}
