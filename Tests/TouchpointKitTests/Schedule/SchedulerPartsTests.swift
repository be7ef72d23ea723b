import Foundation
import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The schedule is worked out in parts side by side, contact keys are compared by number and
/// messages are sorted in halves; none of it may change a schedule. Each case is compared with a
/// plain computation: every campaign and contact in turn, the policy over all messages at once,
/// one sort comparing keys as strings.
@Suite("Scheduler: parts")
struct SchedulerPartsTests {
    static let iterations = 30
    static let seeds = Gen.int(in: 0...Int.max)

    /// A random practice grown to many contacts: copies of its patients under new keys, in a
    /// shuffled order, so that parts split campaigns, keys are not in order, addresses are
    /// shared by many contacts and many messages tie on everything but the contact.
    private func grown(_ seed: Int) -> (practice: SchedulePractice, asOf: String) {
        let random = RandomPractice(seed: seed)
        var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ 0x5EED)
        var practice = random.practice
        let copies = Int.random(in: 2...12, using: &generator)
        var patients: [SchedulePractice.Patient] = []
        for copy in 0..<copies {
            for patient in random.practice.patients {
                var twin = patient
                twin.id = "\(patient.id)-\(copy)"
                patients.append(twin)
            }
        }
        practice.patients = patients.shuffled(using: &generator)
        if Bool.random(using: &generator) {
            practice.suppressed = [Bool.random(using: &generator) ? "b@mail.example" : "b@mail.example  # 2026-12-01 bounced 5.1.1"]
        }
        return (practice, random.asOf)
    }

    @Test func partsOfAnySizeGiveThePlainSchedule() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (practice, asOf) = grown(seed)
            let loaded = try practice.load()
            let start = loaded.instant(asOf)
            let end = loaded.scheduler.horizonEnd(asOf: start, horizon: loaded.scheduler.practice.horizon)
            let plain = Self.plainSchedule(loaded.scheduler, asOf: start, horizonEnd: end)
            for size in [1, 2, 3, 7, 4_096] {
                let schedule = loaded.scheduler.schedule(asOf: start, horizonEnd: end, contactsPerPart: size)
                Self.expectSame(schedule.messages, plain.messages, "messages, parts of \(size)")
                Self.expectSame(schedule.dropped, plain.dropped, "dropped, parts of \(size)")
                #expect(schedule.outOfRange == plain.outOfRange, "parts of \(size)")
            }
        }
    }

    @Test func deliveredMessagesAreDroppedAsThePlainScheduleDropsThem() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (practice, asOf) = grown(seed)
            let first = try practice.load()
            let firstSchedule = first.schedule(asOf: asOf)
            let delivered = firstSchedule.messages.enumerated().filter { $0.offset % 3 == 0 }.map {
                firstSchedule.messageID(of: $0.element)
            }
            let loaded = try practice.load(sent: Set(delivered))
            let start = loaded.instant(asOf)
            let end = loaded.scheduler.horizonEnd(asOf: start, horizon: loaded.scheduler.practice.horizon)
            let plain = Self.plainSchedule(loaded.scheduler, asOf: start, horizonEnd: end)
            let schedule = loaded.scheduler.schedule(asOf: start, horizonEnd: end, contactsPerPart: 2)
            Self.expectSame(schedule.messages, plain.messages, "messages")
            Self.expectSame(schedule.dropped, plain.dropped, "dropped")
            #expect(delivered.isEmpty || schedule.dropTotals[.alreadySent] != nil)
        }
    }

    @Test func keysRankAsTheyCompare() {
        // Canonically equivalent keys are equal strings, so they share a place.
        let keys = ["b", "a", "e\u{301}", "\u{E9}", "a", "B", "", "p10", "p9", "zz", "Ω"]
        let ranks = Scheduler.keyRanks(keys)
        for left in keys.indices {
            for right in keys.indices {
                #expect((ranks[left] < ranks[right]) == (keys[left] < keys[right]), "\(keys[left]) and \(keys[right])")
            }
        }
        #expect(ranks[2] == ranks[3])
        #expect(Set(ranks) == Set((0..<Int32(Set(keys).count))))
    }

    /// The same elements in the same order; on a failure, where they first part.
    static func expectSame<Element: Equatable>(_ got: [Element], _ expected: [Element], _ what: String) {
        #expect(got.count == expected.count, "\(what): \(got.count) against \(expected.count)")
        if let index = (0..<min(got.count, expected.count)).first(where: { got[$0] != expected[$0] }) {
            Issue.record("\(what) differ first at \(index): \(got[index]) against \(expected[index])")
        }
    }

    /// The schedule as computed before it was cut into parts.
    static func plainSchedule(_ scheduler: Scheduler, asOf: Int, horizonEnd: Int) -> Schedule {
        let context = Context(scheduler: scheduler, asOf: asOf, horizonEnd: horizonEnd)
        let domain = scheduler.practice.domain
        let capped = scheduler.practice.marketingCap != nil
        var candidates: [ScheduledMessage] = []
        // Out of range, but weighed by the cap.
        var outside: [ScheduledMessage] = []
        var dropped: [DroppedMessage] = []
        var outOfRange: [DropReason: Int] = [:]
        // For one copy per address: out-of-range messages of such campaigns, policy unchecked.
        var householdOutside: [ScheduledMessage] = []
        for (index, campaign) in scheduler.campaigns.enumerated() {
            let list = scheduler.lists[campaign.listIndex]
            for (contactIndex, contact) in list.contacts.enumerated() {
                let resolve = list.resolver(for: contact)
                guard context.condition(campaign.condition, resolve) else { continue }
                for (stepIndex, step) in campaign.steps.enumerated() where context.condition(step.condition, resolve) {
                    for occurrence in context.occurrences(campaign: index, step: stepIndex, contact: contactIndex) {
                        let message = occurrence.message
                        switch occurrence.outcome {
                        case .inRange: candidates.append(message)
                        case .dropped(let reason) where reason == .past || reason == .beyondHorizon:
                            if reason == .beyondHorizon || (message.movedFrom ?? message.date) >= context.countFrom {
                                outOfRange[reason, default: 0] += 1
                            }
                            if capped, step.kind == .marketing { outside.append(message) }
                            if campaign.onePerAddress { householdOutside.append(message) }
                        case .dropped(let reason): dropped.append(DroppedMessage(message: message, reason: reason))
                        }
                    }
                }
            }
        }
        var kept: [ScheduledMessage] = []
        var groupOfAddress: [String: Int] = [:]
        var groups: [[ScheduledMessage]] = []
        var usedDays: [String: [Int]] = [:]
        var producedDelivered: Set<String> = []
        func address(_ message: ScheduledMessage) -> String? {
            let list = scheduler.lists[message.list]
            return list.email(of: list.contacts[message.contact])?.lowercased()
        }
        func group(_ message: ScheduledMessage, _ address: String) {
            if let group = groupOfAddress[address] {
                groups[group].append(message)
            } else {
                groupOfAddress[address] = groups.count
                groups.append([message])
            }
        }
        /// Whether the policy lets a message go to its address, apart from delivery and the cap.
        func passesPolicy(_ message: ScheduledMessage, _ address: String) -> Bool {
            let list = scheduler.lists[message.list]
            guard scheduler.campaigns[message.campaign].steps[message.step].kind == .marketing else {
                return scheduler.suppression?.stopsAllMail(to: address) != true
            }
            if let consent = list.schema.consentField, case .boolean(false) = list.contacts[message.contact][field: consent] {
                return false
            }
            return scheduler.suppression?.contains(address) != true
        }
        // What passes the policy, before one copy per address and the cap.
        var passed: [ScheduledMessage] = []
        for message in candidates + outside {
            let inRange = message.instant >= asOf && message.instant <= horizonEnd
            let kind = scheduler.campaigns[message.campaign].steps[message.step].kind
            let list = scheduler.lists[message.list]
            let contact = list.contacts[message.contact]
            guard let address = address(message) else {
                if inRange { dropped.append(DroppedMessage(message: message, reason: .noAddress)) }
                continue
            }
            let id = message.messageID(domain: domain)
            if scheduler.ledger.delivered.contains(id) {
                if inRange { dropped.append(DroppedMessage(message: message, reason: .alreadySent)) }
                if capped, kind == .marketing {
                    usedDays[address, default: []].append(message.date.dayNumber)
                    producedDelivered.insert(id)
                }
                continue
            }
            if !inRange, scheduler.ledger.undelivered.contains(id) { continue }
            guard kind == .marketing else {
                // A bounce or a complaint stops care too.
                if scheduler.suppression?.stopsAllMail(to: address) == true {
                    if inRange { dropped.append(DroppedMessage(message: message, reason: .suppressed)) }
                    continue
                }
                passed.append(message)
                continue
            }
            if let consent = list.schema.consentField, case .boolean(false) = contact[field: consent] {
                if inRange { dropped.append(DroppedMessage(message: message, reason: .noConsent)) }
                continue
            }
            if scheduler.suppression?.contains(address) == true {
                if inRange { dropped.append(DroppedMessage(message: message, reason: .suppressed)) }
                continue
            }
            passed.append(message)
        }
        // One copy per address: each step's copy of a day goes to the first contact by key of
        // those at the address the policy sends it to, in range or not.
        func copy(_ message: ScheduledMessage) -> String? {
            guard scheduler.campaigns[message.campaign].onePerAddress, let address = address(message) else { return nil }
            return "\(message.campaign) \(message.step) \(message.date) \(address)"
        }
        func key(_ message: ScheduledMessage) -> String { scheduler.lists[message.list].contacts[message.contact].key }
        var firstKey: [String: String] = [:]
        let household = passed + householdOutside.filter { message in address(message).map { passesPolicy(message, $0) } ?? false }
        for message in household {
            guard let copy = copy(message) else { continue }
            if firstKey[copy].map({ key(message) < $0 }) ?? true { firstKey[copy] = key(message) }
        }
        for message in passed {
            if let copy = copy(message), firstKey[copy] != key(message) {
                if message.instant >= asOf && message.instant <= horizonEnd {
                    dropped.append(DroppedMessage(message: message, reason: .sharedAddress))
                }
                continue
            }
            if scheduler.campaigns[message.campaign].steps[message.step].kind == .marketing, let address = address(message) {
                group(message, address)
            } else {
                kept.append(message)
            }
        }
        for record in scheduler.ledger.marketing where capped && !producedDelivered.contains(record.messageID) {
            usedDays[record.address, default: []].append(record.date.dayNumber)
        }
        for group in groups {
            guard let cap = scheduler.practice.marketingCap else {
                kept += group
                continue
            }
            let ranked = group.enumerated().sorted { lhs, rhs in
                let left = scheduler.campaigns[lhs.element.campaign]
                let right = scheduler.campaigns[rhs.element.campaign]
                let leftEarlier = lhs.element.instant < context.startOfToday
                let rightEarlier = rhs.element.instant < context.startOfToday
                if leftEarlier != rightEarlier { return leftEarlier }
                if leftEarlier, lhs.element.instant != rhs.element.instant { return lhs.element.instant < rhs.element.instant }
                if left.campaign.priority != right.campaign.priority { return left.campaign.priority > right.campaign.priority }
                if lhs.element.instant != rhs.element.instant { return lhs.element.instant < rhs.element.instant }
                if left.id != right.id { return left.id < right.id }
                if lhs.element.step != rhs.element.step { return lhs.element.step < rhs.element.step }
                return lhs.offset < rhs.offset
            }
            var accepted = address(group[0]).flatMap { usedDays[$0] } ?? []
            for (_, message) in ranked {
                let inRange = message.instant >= asOf && message.instant <= horizonEnd
                if Scheduler.fits(message.date.dayNumber, into: accepted, cap: cap.count, window: cap.days) {
                    accepted.append(message.date.dayNumber)
                    if inRange { kept.append(message) }
                } else if inRange {
                    dropped.append(DroppedMessage(message: message, reason: .frequencyCap))
                }
            }
        }
        // Sorted as insertion sort would, so that equal messages keep their order.
        let sortedKept = kept.enumerated().sorted { lhs, rhs in
            scheduler.order(lhs.element, rhs.element) || (!scheduler.order(rhs.element, lhs.element) && lhs.offset < rhs.offset)
        }.map(\.element)
        let sortedDropped = dropped.enumerated().sorted { lhs, rhs in
            scheduler.order(lhs.element.message, rhs.element.message)
                || (!scheduler.order(rhs.element.message, lhs.element.message) && lhs.offset < rhs.offset)
        }.map(\.element)
        return Schedule(
            messages: sortedKept, dropped: sortedDropped, outOfRange: outOfRange, asOf: asOf, horizonEnd: horizonEnd,
            today: context.today, domain: scheduler.practice.domain)
    }
}
