import Foundation
import TouchpointCore
import TouchpointFrontEnd

/// Computes the schedule (SPEC §4.1, §2): for an as-of instant and a horizon, every message the
/// campaigns' rules produce, after their conditions, in real time zones and inside the send
/// window, then the policy: consent and suppression for marketing, a valid address for all, the
/// marketing frequency cap, and what delivery recorded (`DeliveryLedger`). Pure: no clock, no files.
public struct Scheduler: Sendable {
    public let practice: Practice
    public let lists: [ContactList]
    public let campaigns: [CheckedCampaign]
    public let suppression: SuppressionList?
    /// What delivery has recorded: messages already delivered are not emitted again, and
    /// delivered marketing counts towards the frequency cap.
    public let ledger: DeliveryLedger

    /// The scheduler of a practice that checked without errors; `nil` when it has errors.
    public init?(_ checked: CheckedPractice, ledger: DeliveryLedger) {
        guard checked.errorCount == 0, let practice = checked.practice else { return nil }
        self.init(
            practice: practice, lists: checked.lists, campaigns: checked.campaigns,
            suppression: checked.suppression, ledger: ledger)
    }

    package init(
        practice: Practice, lists: [ContactList], campaigns: [CheckedCampaign],
        suppression: SuppressionList?, ledger: DeliveryLedger = .empty
    ) {
        self.practice = practice
        self.lists = lists
        self.campaigns = campaigns
        self.suppression = suppression
        self.ledger = ledger
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

    /// The whole schedule. It is worked out in parts that run side by side; the result does not
    /// depend on it.
    public func schedule(asOf: Int, horizonEnd: Int) -> Schedule {
        schedule(asOf: asOf, horizonEnd: horizonEnd, contactsPerPart: 4_096)
    }

    /// The schedule worked out in parts of at most `contactsPerPart` contacts of one list, for
    /// all of the list's campaigns (so a contact is read once, not once a campaign). Messages are
    /// taken from the parts in campaign and contact order, and everything after runs over that
    /// order, so the result is the same for any size of part.
    package func schedule(asOf: Int, horizonEnd: Int, contactsPerPart: Int) -> Schedule {
        let context = Context(scheduler: self, asOf: asOf, horizonEnd: horizonEnd)
        let size = max(1, contactsPerPart)
        // Each list's campaigns in order, drafts left out, and each list's parts, in contact order.
        let campaignsOfList = lists.indices.map { list in
            campaigns.indices.filter { campaigns[$0].listIndex == list && !campaigns[$0].campaign.isDraft }
        }
        let pieces = lists.indices.flatMap { list in
            let count = campaignsOfList[list].isEmpty ? 0 : lists[list].contacts.count
            return stride(from: 0, to: count, by: size).map { (list: list, contacts: $0..<min(count, $0 + size)) }
        }
        var parts = Parallel.map(pieces.count, chunkSize: 1) { range in
            range.map { SchedulePart(context: context, campaigns: campaignsOfList[pieces[$0].list], contacts: pieces[$0].contacts) }
        }
        let partsOfList = lists.indices.map { list in pieces.indices.filter { pieces[$0].list == list } }
        // The place of each campaign among its list's.
        var place = Array(repeating: 0, count: campaigns.count)
        for list in campaignsOfList {
            for (position, campaign) in list.enumerated() { place[campaign] = position }
        }
        // One copy of the messages at a time: each part's arrays are let go once moved on.
        func total(_ count: (SchedulePart.Run) -> Int) -> Int {
            parts.reduce(0) { sum, part in part.runs.reduce(sum) { $0 + count($1) } }
        }
        var sendable: [ScheduledMessage] = []
        sendable.reserveCapacity(total { $0.kept.count + $0.marketing.count })
        var marketing: [ScheduledMessage] = []
        marketing.reserveCapacity(total(\.marketing.count))
        var addresses: [Int32] = []
        addresses.reserveCapacity(marketing.capacity)
        var dropped: [DroppedMessage] = []
        dropped.reserveCapacity(total { $0.dropped.count + $0.policyDropped.count })
        var policyDropped: [DroppedMessage] = []
        policyDropped.reserveCapacity(total(\.policyDropped.count))
        var delivered: [ScheduledMessage] = []
        var deliveredAddresses: [Int32] = []
        var householdCopies: [ScheduledMessage] = []
        // A part numbers the addresses it meets; the cap needs one number for an address across parts.
        var addressNumbers: [String: Int32] = [:]
        let numbers = parts.map { part in
            part.addresses.map { address in
                if let number = addressNumbers[address] { return number }
                let number = Int32(addressNumbers.count)
                addressNumbers[address] = number
                return number
            }
        }
        for campaign in campaigns.indices where !campaigns[campaign].campaign.isDraft {
            for index in partsOfList[campaigns[campaign].listIndex] {
                let run = parts[index].runs[place[campaign]]
                parts[index].runs[place[campaign]] = SchedulePart.Run()
                sendable += run.kept
                marketing += run.marketing
                addresses += run.marketingAddresses.lazy.map { numbers[index][Int($0)] }
                dropped += run.dropped
                policyDropped += run.policyDropped
                delivered += run.delivered
                deliveredAddresses += run.deliveredAddresses.lazy.map { numbers[index][Int($0)] }
                householdCopies += run.householdCopies
            }
        }
        dropped += policyDropped
        policyDropped = []
        let past = parts.reduce(0) { $0 + $1.past }
        let beyondHorizon = parts.reduce(0) { $0 + $1.beyondHorizon }
        parts = []
        if campaigns.contains(where: \.onePerAddress) {
            keepOnePerAddress(
                sendable: &sendable, marketing: &marketing, addresses: &addresses, outside: householdCopies, context: context,
                dropped: &dropped)
        }
        let uses = capUses(delivered: delivered, addresses: deliveredAddresses, addressNumbers: addressNumbers)
        var outside: [ScheduledMessage] = []
        applyCap(
            marketing, addresses: addresses, addressCount: addressNumbers.count, used: uses.map(\.use), context: context,
            kept: &sendable, dropped: &dropped, outside: &outside)
        marketing = []
        var outOfRange: [DropReason: Int] = [:]
        if past > 0 { outOfRange[.past] = past }
        if beyondHorizon > 0 { outOfRange[.beyondHorizon] = beyondHorizon }
        let inOrder = numericOrder()
        Parallel.sort(&sendable, by: inOrder)
        Parallel.sort(&dropped) { inOrder($0.message, $1.message) }
        var allowance = uses.map(\.record)
        if practice.marketingCap != nil {
            var addressOf = Array(repeating: "", count: addressNumbers.count)
            for (address, number) in addressNumbers { addressOf[Int(number)] = address }
            let lowercased = lists.map { list in list.contacts.map { list.email(of: $0)?.lowercased() ?? "" } }
            allowance += outside.map { message in
                capUse(message, address: lowercased[message.list][message.contact], state: message.instant < asOf ? .past : .later)
            }
        }
        return Schedule(
            messages: sendable, dropped: dropped, outOfRange: outOfRange, asOf: asOf, horizonEnd: horizonEnd,
            today: context.today, domain: practice.domain, allowanceUsers: allowance, sameMinute: Self.sameMinute(sendable))
    }

    /// Messages of two steps of one campaign to one contact at one instant, where the send
    /// window moved at least one of them: each with the first of its minute, in order.
    private static func sameMinute(_ messages: [ScheduledMessage]) -> [(first: ScheduledMessage, second: ScheduledMessage)] {
        struct Slot: Hashable {
            let campaign: Int
            let list: Int
            let contact: Int
            let instant: Int
            init(_ message: ScheduledMessage) {
                campaign = message.campaign
                list = message.list
                contact = message.contact
                instant = message.instant
            }
        }
        let moved = Set(messages.lazy.filter { $0.movedFrom != nil }.map(Slot.init))
        guard !moved.isEmpty else { return [] }
        var first: [Slot: ScheduledMessage] = [:]
        var pairs: [(first: ScheduledMessage, second: ScheduledMessage)] = []
        for message in messages {
            let slot = Slot(message)
            guard moved.contains(slot) else { continue }
            if let earlier = first[slot] {
                if earlier.step != message.step { pairs.append((earlier, message)) }
            } else {
                first[slot] = message
            }
        }
        return pairs
    }

    /// `one_per_address`: of the messages one step of such a campaign sends on one day to
    /// contacts sharing an address (in any case), only the one to the first contact by key is
    /// kept; the others are dropped (`sharedAddress`), or, when out of range, left out of the
    /// cap's weighing. `outside` holds the messages out of range the policy would send: the first
    /// contact is chosen among them too, so the copy goes to the same contact whatever the range
    /// (a copy that went yesterday is not sent to someone else today).
    private func keepOnePerAddress(
        sendable: inout [ScheduledMessage], marketing: inout [ScheduledMessage], addresses: inout [Int32],
        outside: [ScheduledMessage], context: Context, dropped: inout [DroppedMessage]
    ) {
        struct Copy: Hashable {
            let campaign: Int
            let step: Int
            let day: Int
            let address: String
        }
        func key(_ message: ScheduledMessage) -> String { lists[message.list].contacts[message.contact].key }
        func copy(_ message: ScheduledMessage) -> Copy? {
            guard campaigns[message.campaign].onePerAddress else { return nil }
            let list = lists[message.list]
            guard let address = list.email(of: list.contacts[message.contact]) else { return nil }
            return Copy(campaign: message.campaign, step: message.step, day: message.day, address: address.lowercased())
        }
        var first: [Copy: String] = [:]
        for message in [sendable, marketing, outside].joined() {
            guard let copy = copy(message) else { continue }
            let contact = key(message)
            if first[copy].map({ contact < $0 }) ?? true { first[copy] = contact }
        }
        func keeps(_ message: ScheduledMessage) -> Bool {
            guard let copy = copy(message) else { return true }
            return first[copy] == key(message)
        }
        func drop(_ message: ScheduledMessage) {
            let inRange = (message.instant >= context.asOf || context.isLate(message)) && message.instant <= context.horizonEnd
            if inRange { dropped.append(DroppedMessage(message: message, reason: .sharedAddress)) }
        }
        var keptCare: [ScheduledMessage] = []
        keptCare.reserveCapacity(sendable.count)
        for message in sendable {
            if keeps(message) { keptCare.append(message) } else { drop(message) }
        }
        sendable = keptCare
        var keptMarketing: [ScheduledMessage] = []
        var keptAddresses: [Int32] = []
        for (message, address) in zip(marketing, addresses) {
            if keeps(message) {
                keptMarketing.append(message)
                keptAddresses.append(address)
            } else {
                drop(message)
            }
        }
        marketing = keptMarketing
        addresses = keptAddresses
    }

    /// What delivered marketing takes of the cap's allowance: the delivered messages the rules
    /// still produce, and the ones the ledger records that they no longer do (a contact's data
    /// or a campaign changed since). Each use is an address's number and a day.
    private func capUses(delivered: [ScheduledMessage], addresses: [Int32], addressNumbers: [String: Int32])
        -> [(use: (address: Int32, day: Int), record: CapUse)]
    {
        guard practice.marketingCap != nil else { return [] }
        var addressOf = Array(repeating: "", count: addressNumbers.count)
        for (address, number) in addressNumbers { addressOf[Int(number)] = address }
        var uses = zip(delivered, addresses).map { message, address in
            ((address, message.day), capUse(message, address: addressOf[Int(address)], state: .delivered))
        }
        let produced = Set(delivered.map { $0.messageID(domain: practice.domain) })
        for record in ledger.marketing where !produced.contains(record.messageID) {
            guard let number = addressNumbers[record.address] else { continue }
            uses.append(
                (
                    (number, record.date.dayNumber),
                    CapUse(
                        address: record.address, date: record.date, campaign: record.campaign, step: record.step,
                        contact: record.contact, state: .delivered)
                ))
        }
        return uses
    }

    private func capUse(_ message: ScheduledMessage, address: String, state: CapUse.State) -> CapUse {
        let campaign = campaigns[message.campaign]
        return CapUse(
            address: address, date: message.date, campaign: campaign.id, step: campaign.steps[message.step].id,
            contact: lists[message.list].contacts[message.contact].key, state: state)
    }

    /// The deterministic order of a schedule: instant, campaign id, step, contact key.
    package func order(_ lhs: ScheduledMessage, _ rhs: ScheduledMessage) -> Bool {
        order(lhs, rhs, campaignRanks)
    }

    /// Each campaign's place among the campaigns' ids in order. Ids are unique once checked;
    /// equal ones would share a place.
    private var campaignRanks: [Int] {
        var ranks: [String: Int] = [:]
        for id in campaigns.map(\.id).sorted() where ranks[id] == nil { ranks[id] = ranks.count }
        return campaigns.map { ranks[$0.id] ?? 0 }
    }

    private func order(_ lhs: ScheduledMessage, _ rhs: ScheduledMessage, _ ranks: [Int]) -> Bool {
        if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
        if lhs.campaign != rhs.campaign { return ranks[lhs.campaign] < ranks[rhs.campaign] }
        if lhs.step != rhs.step { return lhs.step < rhs.step }
        return lists[lhs.list].contacts[lhs.contact].key < lists[rhs.list].contacts[rhs.contact].key
    }

    /// `order` without comparing strings: contact keys compare by their places among their list's
    /// keys in order, worked out once. (A campaign's messages are all of its one list.)
    private func numericOrder() -> @Sendable (ScheduledMessage, ScheduledMessage) -> Bool {
        let campaignRank = campaignRanks
        var offsets = Array(repeating: 0, count: lists.count)
        var ranks: [Int32] = []
        for listIndex in Set(campaigns.map(\.listIndex)).sorted() {
            offsets[listIndex] = ranks.count
            ranks += Self.keyRanks(lists[listIndex].contacts.map(\.key))
        }
        let listOffset = offsets
        let keyRank = ranks
        return { lhs, rhs in
            if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
            if lhs.campaign != rhs.campaign { return campaignRank[lhs.campaign] < campaignRank[rhs.campaign] }
            if lhs.step != rhs.step { return lhs.step < rhs.step }
            return keyRank[listOffset[lhs.list] + lhs.contact] < keyRank[listOffset[rhs.list] + rhs.contact]
        }
    }

    /// Each key's place among the keys in order; equal keys share a place.
    package static func keyRanks(_ keys: [String]) -> [Int32] {
        var byKey = Array(keys.indices)
        Parallel.sort(&byKey) { keys[$0] < keys[$1] }
        var ranks = Array(repeating: Int32(0), count: keys.count)
        var rank: Int32 = 0
        for (place, index) in byKey.enumerated() {
            if place > 0, keys[byKey[place - 1]] < keys[index] { rank += 1 }
            ranks[index] = rank
        }
        return ranks
    }

    /// The frequency cap, applied per address. `marketing` holds the marketing messages that
    /// passed every other check, in the order the rules produced them — with a cap, also those
    /// before as-of and after the horizon that would otherwise go; `addresses` numbers each one's
    /// address (lowercased), `0..<addressCount`; `used` is what delivered messages took of each
    /// address's allowance, on which day.
    ///
    /// The messages of earlier days than today come first, as they were or would have been
    /// sent; then today's and later ones in order of priority (higher first), send time,
    /// campaign id and step. So whether a message fits depends on the day a build runs, never its
    /// hour. Addresses are taken in the order they first appear; a message in range the cap
    /// keeps is added to `kept`, one it drops to `dropped`, and one out of range it keeps (which
    /// uses the allowance without being sent now) to `outside`.
    package func applyCap(
        _ marketing: [ScheduledMessage], addresses: [Int32], addressCount: Int, used: [(address: Int32, day: Int)],
        context: Context, kept: inout [ScheduledMessage], dropped: inout [DroppedMessage], outside: inout [ScheduledMessage]
    ) {
        // Group the messages by address, keeping their order within a group (a counting sort).
        var group = Array(repeating: Int32(-1), count: addressCount)
        var sizes: [Int] = []
        for address in addresses {
            if group[Int(address)] < 0 {
                group[Int(address)] = Int32(sizes.count)
                sizes.append(0)
            }
            sizes[Int(group[Int(address)])] += 1
        }
        var starts = Array(repeating: 0, count: sizes.count + 1)
        for (index, size) in sizes.enumerated() { starts[index + 1] = starts[index] + size }
        var next = starts
        var members = Array(repeating: Int32(0), count: marketing.count)
        for (index, address) in addresses.enumerated() {
            let number = Int(group[Int(address)])
            members[next[number]] = Int32(index)
            next[number] += 1
        }
        guard let cap = practice.marketingCap else {
            kept += members.lazy.map { marketing[Int($0)] }
            return
        }
        var usedDays = Array(repeating: [Int](), count: sizes.count)
        for use in used where group[Int(use.address)] >= 0 {
            usedDays[Int(group[Int(use.address)])].append(use.day)
        }
        let priority = campaigns.map(\.campaign.priority)
        let idRank = campaignRanks
        let startOfToday = context.startOfToday
        // The cap counts calendar days, the contact's: "2 per 7 days" allows two messages in any
        // seven consecutive days, whatever their hours and however long daylight saving makes a week.
        var accepted: [Int] = []
        for number in sizes.indices {
            members[starts[number]..<starts[number + 1]].sort { left, right in
                let lhs = marketing[Int(left)]
                let rhs = marketing[Int(right)]
                let lhsEarlier = lhs.instant < startOfToday
                if lhsEarlier != (rhs.instant < startOfToday) { return lhsEarlier }
                if lhsEarlier, lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
                if priority[lhs.campaign] != priority[rhs.campaign] { return priority[lhs.campaign] > priority[rhs.campaign] }
                if lhs.instant != rhs.instant { return lhs.instant < rhs.instant }
                if idRank[lhs.campaign] != idRank[rhs.campaign] { return idRank[lhs.campaign] < idRank[rhs.campaign] }
                if lhs.step != rhs.step { return lhs.step < rhs.step }
                return left < right
            }
            accepted = usedDays[number]
            for member in members[starts[number]..<starts[number + 1]] {
                let message = marketing[Int(member)]
                let inRange = (message.instant >= context.asOf || context.isLate(message)) && message.instant <= context.horizonEnd
                if Self.fits(message.day, into: accepted, cap: cap.count, window: cap.days) {
                    accepted.append(message.day)
                    if inRange { kept.append(message) } else { outside.append(message) }
                } else if inRange {
                    dropped.append(DroppedMessage(message: message, reason: .frequencyCap))
                }
            }
        }
    }

    /// Whether one more message on day `day` keeps every window of `window` consecutive days at
    /// `cap` or fewer messages, given the days of those already accepted.
    package static func fits(_ day: Int, into accepted: [Int], cap: Int, window: Int) -> Bool {
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
package struct Occurrence {
    package enum Outcome {
        case inRange
        case dropped(DropReason)
    }

    package let message: ScheduledMessage
    package let outcome: Outcome
}

/// What every occurrence computation shares for one schedule run.
package struct Context: Sendable {
    package let scheduler: Scheduler
    package let asOf: Int
    package let horizonEnd: Int
    package let today: LocalDate
    /// The instant today began on the practice's clock: the frequency cap takes the messages
    /// of earlier days as given, and weighs today's and later ones together, whatever the hour.
    package let startOfToday: Int
    /// The days the rules' dates are worked out for.
    package let firstDay: LocalDate
    package let lastDay: LocalDate
    /// Past messages are counted from this day on (`firstDay` is earlier when the frequency cap
    /// looks further back).
    package let countFrom: LocalDate
    package let practiceZone: ZonedTime
    /// The zones contacts name, by number; the practice's is number 0.
    package let zones: [ZonedTime]
    package let zoneNumbers: [String: Int]
    /// Every campaign's and step's condition, compiled once against its list's schema.
    package let conditions: ExpressionEvaluator.Program
    /// The node of each campaign's condition, and of each of its steps'; `nil` where there is none.
    package let campaignConditions: [Int?]
    package let stepConditions: [[Int?]]
    /// How late each campaign's steps' messages may still go out, in seconds.
    package let expiry: [[Int]]
    /// What delivery has not yet done of the messages the outbox lists as due before as-of.
    private let outstanding: Set<String>

    /// Candidates are looked for at least this many days beyond range, so the counts of past and
    /// beyond-horizon messages cover a fortnight either side; further when the send window is
    /// closed for longer next to the range, since it can move a send that far into it.
    package static let slack = 14

    /// How far back the frequency cap looks for messages of earlier days: its window, up to a
    /// year (a longer window counts only the last year's).
    package static let capLookBack = 366

    package init(scheduler: Scheduler, asOf: Int, horizonEnd: Int) {
        self.scheduler = scheduler
        self.asOf = asOf
        self.horizonEnd = horizonEnd
        practiceZone = ZonedTime(scheduler.practice.timeZone)
        today = practiceZone.local(asOf).date
        // Contacts may be in zones up to a day away from the practice's.
        let windows = [scheduler.practice.sendWindow] + scheduler.campaigns.flatMap { $0.steps.map(\.window) }
        let start = practiceZone.local(asOf).date.adding(days: -1) ?? .epoch
        let end = practiceZone.local(horizonEnd).date.adding(days: 1) ?? .epoch
        let closedBefore = windows.map { $0.closedDays(nextTo: start, earlier: true) }.max() ?? 0
        let closedAfter = windows.map { $0.closedDays(nextTo: end, earlier: false) }.max() ?? 0
        countFrom = start.adding(days: -max(Context.slack, closedBefore)) ?? .epoch
        let capDays = min(scheduler.practice.marketingCap?.days ?? 0, Context.capLookBack)
        firstDay = min(countFrom, start.adding(days: -capDays) ?? .epoch)
        lastDay = end.adding(days: max(Context.slack, closedAfter)) ?? .epoch
        startOfToday = practiceZone.instant(today, TimeOfDay(hour: 0, minute: 0) ?? .endOfDay)
        var zones = [practiceZone]
        var zoneNumbers: [String: Int] = [:]
        for list in scheduler.lists {
            guard let field = list.schema.timeZoneField else { continue }
            for contact in list.contacts {
                if case .timeZone(let name) = contact[field: field], zoneNumbers[name] == nil,
                    let zone = TimeZone(identifier: name)
                {
                    zoneNumbers[name] = zones.count
                    zones.append(ZonedTime(zone))
                }
            }
        }
        self.zones = zones
        self.zoneNumbers = zoneNumbers
        var program = ExpressionEvaluator.Program()
        var campaignConditions: [Int?] = []
        var stepConditions: [[Int?]] = []
        for campaign in scheduler.campaigns {
            let schema = scheduler.lists[campaign.listIndex].schema
            func add(_ condition: TouchpointFrontEnd.Expression?) -> Int? {
                condition.map {
                    program.add(
                        $0, field: { reference in reference.contactField.flatMap { schema.index(of: $0) } },
                        foldsCase: schema.foldsCase)
                }
            }
            campaignConditions.append(add(campaign.condition))
            stepConditions.append(campaign.steps.map { add($0.condition) })
        }
        conditions = program
        self.campaignConditions = campaignConditions
        self.stepConditions = stepConditions
        expiry = scheduler.campaigns.map { campaign in campaign.steps.map { campaign.campaign.expiry(ofStep: $0.id).seconds } }
        outstanding = scheduler.ledger.outstanding
    }

    /// Whether a message whose time is before as-of is still to be sent: the outbox holds it
    /// undelivered, and it is within its lateness allowance (`expires:`), so delivery may still
    /// send it.
    package func isLate(_ message: ScheduledMessage) -> Bool {
        guard !outstanding.isEmpty, message.instant < asOf, message.instant >= asOf - expiry[message.campaign][message.step] else {
            return false
        }
        return outstanding.contains(message.messageID(domain: scheduler.practice.domain))
    }

    package func zone(of contact: Contact, in list: ContactList) -> ZonedTime {
        zones[zoneNumber(of: contact, in: list)]
    }

    /// The number of the contact's zone in `zones`.
    package func zoneNumber(of contact: Contact, in list: ContactList) -> Int {
        if let field = list.schema.timeZoneField, case .timeZone(let name) = contact[field: field],
            let number = zoneNumbers[name]
        {
            return number
        }
        return 0
    }

    /// Whether a condition of a campaign or step of `list` holds for a contact; the list's
    /// schema says which fields compare in any case.
    package func condition(_ expression: TouchpointFrontEnd.Expression?, _ resolve: (String) -> Value?, list: ContactList? = nil) -> Bool {
        guard let expression else { return true }
        return ExpressionEvaluator(today: today).evaluate(expression, contact: resolve, foldsCase: { list?.schema.foldsCase($0) ?? false })
    }

    /// Appends the campaign's steps whose conditions hold for a contact, when the campaign's does.
    package func appendPassingSteps(campaign index: Int, values: [FieldValue?], to steps: inout [Int]) {
        conditions.withContents { program in
            values.withUnsafeBufferPointer { values in
                let evaluator = ExpressionEvaluator(today: today)
                func passes(_ node: Int?) -> Bool {
                    guard let node else { return true }
                    return evaluator.decide(node, in: program) { values.indices.contains($0) ? values[$0]?.expressionValue : nil }
                }
                guard passes(campaignConditions[index]) else { return }
                for (step, condition) in stepConditions[index].enumerated() where passes(condition) {
                    steps.append(step)
                }
            }
        }
    }

    /// The messages one step produces for one contact (its conditions already hold).
    package func occurrences(campaign index: Int, step stepIndex: Int, contact contactIndex: Int) -> [Occurrence] {
        let plan = StepPlan(context: self, campaign: index, step: stepIndex)
        let list = scheduler.lists[plan.list]
        let contact = list.contacts[contactIndex]
        var walls = WallCache()
        var dates: [(date: LocalDate, anchor: LocalDate?)] = []
        var result: [Occurrence] = []
        appendOccurrences(
            plan, contact: contact, index: contactIndex, zone: zoneNumber(of: contact, in: list),
            walls: &walls, dates: &dates, to: &result)
        return result
    }

    /// Appends the messages one step produces for one contact (its conditions already hold).
    /// `dates` is room to work in.
    package func appendOccurrences(
        _ plan: StepPlan, contact: Contact, index contactIndex: Int, zone: Int, walls: inout WallCache,
        dates: inout [(date: LocalDate, anchor: LocalDate?)], to result: inout [Occurrence]
    ) {
        if plan.isHours {
            appendHoursOccurrence(plan, contact: contact, index: contactIndex, zone: zone, to: &result)
            return
        }
        let window = plan.window
        var previousDay: LocalDate?
        let zoned = zones[zone]
        self.dates(plan.step, contact, zone: zoned, into: &dates)
        // A before rule from a date and time must send before that time; from a date, before its day.
        var anchorInstant: Int?
        if plan.isBefore, let field = plan.step.anchorField, case .datetime(let value) = contact[field: field] {
            anchorInstant = value.instant(in: zoned)
        }
        // An `every … until FIELD` repetition moved past that date is not sent.
        var until: LocalDate?
        if case .recurring(_, _, _, .some) = plan.step.send.timing, let field = plan.step.untilField {
            switch contact[field: field] {
            case .date(let date): until = date
            case .datetime(let value): until = value.localDate(in: zoned)
            default: break
            }
        }
        for (raw, anchor) in dates {
            let day: LocalDate
            if window.allows(raw) {
                day = raw
            } else {
                switch plan.policy {
                case .earlier, .later:
                    guard let moved = window.nearestAllowedDay(from: raw, earlier: plan.policy == .earlier) else { continue }
                    day = moved
                case .send:
                    day = raw
                case .skip:
                    let wall = walls.wall(on: raw, at: plan.time, zone: zone, in: self)
                    let skipped = message(plan, contact: contact, index: contactIndex, day: raw, raw: raw, wall: wall)
                    result.append(Occurrence(message: skipped, outcome: outOfRange(skipped) ?? .dropped(.skipped)))
                    continue
                }
            }
            // Repetitions the window moves onto one day are one message, that day's own when it
            // has one. Dates come in order and moving keeps it, so such repetitions are neighbours.
            let isRepeat = day == previousDay
            guard !isRepeat || day == raw else { continue }
            var next = occurrence(
                plan, contact: contact, index: contactIndex, day: day, raw: raw, anchor: anchor,
                anchorInstant: anchorInstant, wall: wall(plan, on: day, zone: zone, walls: &walls))
            if let until, raw <= until, day > until, case .inRange = next.outcome {
                next = Occurrence(message: next.message, outcome: .dropped(.afterUntil))
            }
            if isRepeat { result[result.count - 1] = next } else { result.append(next) }
            previousDay = day
        }
    }

    /// The wall clock a step sends at on `day`: its time, moved forward by a gap the clocks skip
    /// when that stays inside the step's window; else the window's last minute before the gap.
    /// `nil` time (a `.clockChange` drop) when neither exists.
    private func wall(_ plan: StepPlan, on day: LocalDate, zone: Int, walls: inout WallCache) -> WallCache.Wall {
        let wall = walls.wall(on: day, at: plan.time, zone: zone, in: self)
        let isMoved = wall.date != day || wall.time != plan.time
        guard isMoved, wall.date != day || !plan.window.contains(wall.time) else { return wall }
        // The last minute before the gap that exists that day, inside the window.
        var minutes = plan.time.minutes - 1
        while minutes >= plan.window.start.minutes {
            let before = walls.wall(on: day, at: TimeOfDay(minutesSinceMidnight: minutes), zone: zone, in: self)
            if before.date == day, before.time.minutes == minutes { return before }
            minutes -= 1
        }
        return WallCache.Wall(instant: wall.instant, offset: wall.offset, date: wall.date, time: wall.time, isInGap: true)
    }

    /// Why a message falls out of range (before as-of and not late, or after the horizon); `nil`
    /// when it is in range.
    private func outOfRange(_ message: ScheduledMessage) -> Occurrence.Outcome? {
        if message.instant < asOf, !isLate(message) { return .dropped(.past) }
        if message.instant > horizonEnd { return .dropped(.beyondHorizon) }
        return nil
    }

    private func message(
        _ plan: StepPlan, contact: Contact, index contactIndex: Int, day: LocalDate, raw: LocalDate, wall: WallCache.Wall
    ) -> ScheduledMessage {
        ScheduledMessage(
            campaign: plan.campaign, step: plan.stepIndex, list: plan.list, contact: contactIndex, instant: wall.instant,
            utcOffset: wall.offset, date: wall.date, time: wall.time, movedFrom: day == raw ? nil : raw,
            identity: MessageIdentity.messageHash(
                campaign: plan.campaignID, step: plan.step.id, list: plan.listName,
                contact: contact.key, date: day))
    }

    /// The message a step sends on `day` (the rule gave `raw`), and whether it falls in range.
    private func occurrence(
        _ plan: StepPlan, contact: Contact, index contactIndex: Int, day: LocalDate, raw: LocalDate,
        anchor: LocalDate?, anchorInstant: Int?, wall: WallCache.Wall
    ) -> Occurrence {
        let message = message(plan, contact: contact, index: contactIndex, day: day, raw: raw, wall: wall)
        if let outcome = outOfRange(message) {
            return Occurrence(message: message, outcome: outcome)
        } else if wall.isInGap {
            return Occurrence(message: message, outcome: .dropped(.clockChange))
        } else if plan.isBefore, let anchorInstant, wall.instant >= anchorInstant {
            return Occurrence(message: message, outcome: .dropped(.window))
        } else if plan.isBefore, anchorInstant == nil, let anchor, day >= anchor {
            return Occurrence(message: message, outcome: .dropped(.window))
        }
        return Occurrence(message: message, outcome: .inRange)
    }

    /// The rule's dates for a contact near the range, each with the anchor date it counts from,
    /// in place of what `result` held.
    ///
    /// A date-time field counts by its date in the contact's `zone`.
    private func dates(
        _ step: CheckedStep, _ contact: Contact, zone: ZonedTime, into result: inout [(date: LocalDate, anchor: LocalDate?)]
    ) {
        result.removeAll(keepingCapacity: true)
        func date(_ field: Int?) -> LocalDate? {
            switch field.flatMap({ contact[field: $0] }) {
            case .date(let date): date
            case .datetime(let value): value.localDate(in: zone)
            default: nil
            }
        }
        func inRange(_ day: LocalDate) -> Bool { day >= firstDay && day <= lastDay }
        switch step.send.timing {
        case .onDate(let day):
            if inRange(day) { result.append((day, nil)) }
        case .monthly(let monthDay, _):
            var year = firstDay.year
            var month = firstDay.month
            while year < lastDay.year || (year == lastDay.year && month <= lastDay.month) {
                if let day = monthDay.date(year: year, month: month), inRange(day) { result.append((day, nil)) }
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        case .weekly(let amount, let weekday, let starting):
            // The first such weekday on or after `starting` (or the week count's start) is week 0.
            let from = starting ?? SendRule.weekCountStart
            guard let reference = from.adding(days: (weekday.rawValue - from.weekday.rawValue + 7) % 7) else { return }
            let stride = 7 * max(1, amount)
            let offset = reference.days(to: firstDay)
            var k = offset <= 0 ? 0 : (offset + stride - 1) / stride
            while let day = reference.adding(days: k * stride), day <= lastDay {
                if day >= firstDay { result.append((day, nil)) }
                k += 1
            }
        case .onField(_, let everyYear):
            guard let anchor = date(step.anchorField) else { return }
            guard everyYear else {
                if inRange(anchor) { result.append((anchor, anchor)) }
                return
            }
            for year in firstDay.year...lastDay.year {
                if let day = anchor.anniversary(in: year), inRange(day), day >= anchor { result.append((day, anchor)) }
            }
        case .relative(let amount, let unit, let direction, _):
            guard let anchor = date(step.anchorField) else { return }
            let signed = direction == .before ? -amount : amount
            let day: LocalDate?
            switch unit {
            case .day: day = anchor.adding(days: signed)
            case .week: day = anchor.adding(days: signed * 7)
            case .month: day = anchor.adding(months: signed)
            }
            if let day, inRange(day) { result.append((day, anchor)) }
        case .hours:
            // Counted from the instant, not the day: see `appendHoursOccurrence`.
            break
        case .recurring(let amount, let unit, _, let until):
            guard let anchor = date(step.anchorField), amount > 0 else { return }
            let limit = min(until == nil ? lastDay : (date(step.untilField) ?? lastDay), lastDay)
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
        }
    }
}

/// What all of one step's messages share, worked out once for many contacts. A class, so that
/// handing it on does not copy the step.
package final class StepPlan: Sendable {
    package let campaign: Int
    package let stepIndex: Int
    package let list: Int
    package let step: CheckedStep
    package let campaignID: String
    package let listName: String
    /// The time of day it sends at, before any gap in the contact's zone moves it.
    package let time: TimeOfDay
    /// A `before` rule: the send window moves it earlier, never onto its anchor.
    package let isBefore: Bool
    /// A rule that counts hours from a date-time (`2 hours before appointment`).
    package let isHours: Bool
    /// The step's send window, and what it does when the window would move a send.
    package let window: SendWindow
    package let policy: MovePolicy

    package init(context: Context, campaign index: Int, step stepIndex: Int) {
        let campaign = context.scheduler.campaigns[index]
        self.campaign = index
        self.stepIndex = stepIndex
        list = campaign.listIndex
        step = campaign.steps[stepIndex]
        campaignID = campaign.id
        listName = context.scheduler.lists[campaign.listIndex].name
        time = step.send.time ?? step.window.start
        isBefore = step.send.isBefore
        window = step.window
        policy = step.movePolicy
        if case .hours = step.send.timing { isHours = true } else { isHours = false }
    }
}

/// The instant and wall clock of a time on a day in a zone, kept for the contacts that share
/// them: `ZonedTime` asks the time-zone database five times for each.
package struct WallCache {
    package struct Wall {
        package let instant: Int
        /// At `instant`: the offset from UTC, the date, and the time (later than the one asked
        /// for when that falls in a gap).
        package let offset: Int
        package let date: LocalDate
        package let time: TimeOfDay
        /// The time fell in a gap the clocks skip and no minute of the window is left that
        /// night: the message cannot go.
        package var isInGap = false
    }

    private var walls: [Int: Wall] = [:]

    package mutating func wall(on day: LocalDate, at time: TimeOfDay, zone: Int, in context: Context) -> Wall {
        // Day numbers of years 1-9999 lie within ±4,000,000, minutes within 0...1440.
        let key = zone << 36 | time.minutes << 24 | (day.dayNumber + 8_000_000)
        if let wall = walls[key] { return wall }
        let zoned = context.zones[zone]
        let instant = zoned.instant(day, time)
        let local = zoned.local(instant)
        let wall = Wall(
            instant: instant, offset: local.offset, date: local.date,
            time: TimeOfDay(hour: local.minutes / 60, minute: local.minutes % 60) ?? time)
        walls[key] = wall
        return wall
    }
}

extension Scheduler {
    /// How many of the messages the rules produce fall before as-of or after the horizon, for the
    /// campaigns `campaign` selects (all when `nil`) and the contact with the key `contact` (all
    /// when `nil`), counted as ``Schedule/outOfRange`` counts them for the whole practice.
    public func outOfRange(asOf: Int, horizonEnd: Int, campaign: Int?, contact key: String?) -> [DropReason: Int] {
        let context = Context(scheduler: self, asOf: asOf, horizonEnd: horizonEnd)
        var counts: [DropReason: Int] = [:]
        var steps: [Int] = []
        var walls = WallCache()
        var dates: [(date: LocalDate, anchor: LocalDate?)] = []
        var occurrences: [Occurrence] = []
        for index in campaigns.indices where (campaign == nil || campaign == index) && !campaigns[index].campaign.isDraft {
            let list = lists[campaigns[index].listIndex]
            let plans = campaigns[index].steps.indices.map { StepPlan(context: context, campaign: index, step: $0) }
            let contacts = key.map { key in list.contacts.indices.filter { list.contacts[$0].key == key } } ?? Array(list.contacts.indices)
            for contact in contacts {
                steps.removeAll(keepingCapacity: true)
                context.appendPassingSteps(campaign: index, values: list.contacts[contact].values, to: &steps)
                let zone = context.zoneNumber(of: list.contacts[contact], in: list)
                for step in steps {
                    occurrences.removeAll(keepingCapacity: true)
                    context.appendOccurrences(
                        plans[step], contact: list.contacts[contact], index: contact, zone: zone, walls: &walls, dates: &dates,
                        to: &occurrences)
                    for occurrence in occurrences {
                        guard case .dropped(let reason) = occurrence.outcome else { continue }
                        let message = occurrence.message
                        if reason == .beyondHorizon || (reason == .past && (message.movedFrom ?? message.date) >= context.countFrom) {
                            counts[reason, default: 0] += 1
                        }
                    }
                }
            }
        }
        return counts
    }

    /// The first contact, in the list's order, whose conditions hold and to whom the step's rule
    /// sends within the horizon, before consent, suppression and the cap: who a draft's preview
    /// shows, since a draft is not scheduled.
    public func firstReached(campaign: Int, step: Int, asOf: Int, horizonEnd: Int) -> Int? {
        let context = Context(scheduler: self, asOf: asOf, horizonEnd: horizonEnd)
        let list = lists[campaigns[campaign].listIndex]
        var steps: [Int] = []
        for contact in list.contacts.indices {
            steps.removeAll(keepingCapacity: true)
            context.appendPassingSteps(campaign: campaign, values: list.contacts[contact].values, to: &steps)
            guard steps.contains(step) else { continue }
            let reached = context.occurrences(campaign: campaign, step: step, contact: contact).contains { occurrence in
                if case .inRange = occurrence.outcome { true } else { false }
            }
            if reached { return contact }
        }
        return nil
    }

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
        let time = checked.steps[step].send.time ?? checked.steps[step].window.start
        let instant = zone.instant(day, time)
        return ScheduledMessage(
            campaign: campaign, step: step, list: checked.listIndex, contact: contact, instant: instant,
            utcOffset: zone.offset(at: instant), date: day, time: time, movedFrom: nil,
            identity: MessageIdentity.messageHash(
                campaign: checked.id, step: checked.steps[step].id, list: list.name,
                contact: list.contacts[contact].key, date: day))
    }
}
