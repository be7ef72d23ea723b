import Foundation
import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// What must hold for every practice (SPEC §2, §4.1): random zones, windows, caps, contacts and
/// rules; the input reported on a failure is the seed of `RandomPractice`.
@Suite("Scheduler: properties")
struct SchedulerPropertyTests {
    static let iterations = 40
    static let seeds = Gen.int(in: 0...Int.max)

    private func load(_ random: RandomPractice) throws -> (Loaded, Schedule) {
        let loaded = try random.practice.load()
        return (loaded, loaded.schedule(asOf: random.asOf))
    }

    private func anchorDate(_ loaded: Loaded, _ message: ScheduledMessage) -> LocalDate? {
        let step = loaded.scheduler.campaigns[message.campaign].steps[message.step]
        let contact = loaded.scheduler.lists[message.list].contacts[message.contact]
        guard let field = step.anchorField, case .date(let date) = contact[field: field] else { return nil }
        return date
    }

    private func isBefore(_ loaded: Loaded, _ message: ScheduledMessage) -> Bool {
        if case .relative(_, _, .before, _) = loaded.scheduler.campaigns[message.campaign].steps[message.step].send.timing {
            return true
        }
        return false
    }

    @Test func aBeforeSendIsNeverOnOrAfterItsAnchor() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (loaded, schedule) = try load(RandomPractice(seed: seed))
            for message in schedule.messages {
                if isBefore(loaded, message) {
                    let anchor = try #require(anchorDate(loaded, message))
                    #expect(message.date < anchor, "\(loaded.line(message)) is not before \(anchor)")
                }
                // The window moves a send the way the step's `if_moved` says: by default away from
                // the anchor's wrong side.
                if let movedFrom = message.movedFrom {
                    switch loaded.scheduler.campaigns[message.campaign].steps[message.step].movePolicy {
                    case .earlier: #expect(message.date < movedFrom)
                    case .later: #expect(message.date > movedFrom)
                    case .skip, .send: Issue.record("\(loaded.line(message)) moved, but its step does not move sends")
                    }
                }
            }
            for drop in schedule.dropped where drop.reason == .window {
                #expect(isBefore(loaded, drop.message))
                #expect(anchorDate(loaded, drop.message).map { drop.message.date >= $0 } == true)
            }
        }
    }

    /// Whether `minutes` past midnight on `date` exist in `zone`; when they do not (a
    /// spring-forward gap), how long the gap is. Worked out from the zone's offsets directly.
    private func gap(_ date: LocalDate, _ minutes: Int, in zone: TimeZone) -> Int {
        let wall = date.dayNumber * 86_400 + minutes * 60
        func offset(_ instant: Int) -> Int { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))) }
        let before = offset(wall - 86_400)
        let after = offset(wall + 86_400)
        if offset(wall - before) == before || offset(wall - after) == after { return 0 }
        return (after - before) / 60
    }

    /// Every send is on a day its step's window allows (unless the step says `if_moved: send`),
    /// at the rule's time (or the window's start), which the check keeps inside the window's
    /// half-open hours. A time that does not exist that day goes out later by the length of the
    /// gap (SPEC §4.1) — but a send never leaves its window: when that would, it goes at the last
    /// minute before the gap that the window holds.
    @Test func everySendIsOnAnAllowedDayAtItsTime() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (loaded, schedule) = try load(RandomPractice(seed: seed))
            let context = Context(scheduler: loaded.scheduler, asOf: schedule.asOf, horizonEnd: schedule.horizonEnd)
            for message in schedule.messages {
                let list = loaded.scheduler.lists[message.list]
                let step = loaded.scheduler.campaigns[message.campaign].steps[message.step]
                let window = step.window
                let zone = context.zone(of: list.contacts[message.contact], in: list)
                let requested = step.send.time ?? window.start
                if step.movePolicy != .send {
                    #expect(window.allows(message.date), "\(loaded.line(message)) is on a day the window does not allow")
                }
                #expect(window.start <= requested && requested < window.end)
                let shift = gap(message.date, requested.minutes, in: zone.timeZone)
                var expected = requested.minutes + shift
                if shift > 0, !window.contains(TimeOfDay(minutesSinceMidnight: expected)) {
                    expected = (window.start.minutes..<requested.minutes).last { gap(message.date, $0, in: zone.timeZone) == 0 } ?? -1
                }
                #expect(message.time.minutes == expected, "\(loaded.line(message)) for \(requested)")
                #expect(window.contains(message.time), "\(loaded.line(message)) leaves its window")
                // The date, time and offset are those of the instant in the contact's zone.
                let local = zone.local(message.instant)
                #expect(local.date == message.date && local.minutes == message.time.minutes && local.seconds == 0)
                #expect(local.offset == message.utcOffset)
                #expect(schedule.asOf <= message.instant && message.instant <= schedule.horizonEnd)
            }
        }
    }

    @Test func noAddressGetsMoreMarketingThanTheCap() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (loaded, schedule) = try load(RandomPractice(seed: seed))
            guard let cap = loaded.scheduler.practice.marketingCap else { return }
            var days: [String: [Int]] = [:]
            for message in schedule.messages where loaded.scheduler.campaigns[message.campaign].campaign.kind == .marketing {
                let list = loaded.scheduler.lists[message.list]
                let address = try #require(list.email(of: list.contacts[message.contact])).lowercased()
                days[address, default: []].append(message.date.dayNumber)
            }
            for (address, sent) in days {
                let sorted = sent.sorted()
                for first in sorted {
                    let inWindow = sorted.count { $0 >= first && $0 < first + cap.days }
                    #expect(inWindow <= cap.count, "\(address): \(inWindow) messages in \(cap.days) days from day \(first)")
                }
            }
        }
    }

    /// A recurring broadcast's day, before the window moved it, is one its rule names: worked out
    /// here from the calendar, day by day.
    @Test func recurringBroadcastsGoOnTheirRulesDays() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (loaded, schedule) = try load(RandomPractice(seed: seed))
            for message in schedule.messages + schedule.dropped.map(\.message) {
                let day = message.movedFrom ?? message.date
                let length = LocalDate.daysIn(month: day.month, year: day.year)
                switch loaded.scheduler.campaigns[message.campaign].steps[message.step].send.timing {
                case .monthly(.day(let number), _):
                    #expect(day.day == min(number, length), "\(loaded.line(message))")
                case .monthly(.lastDay, _):
                    #expect(day.day == length, "\(loaded.line(message))")
                case .monthly(.weekday(let ordinal, let weekday), _):
                    #expect(day.weekday == weekday, "\(loaded.line(message))")
                    #expect(ordinal > 0 ? (day.day - 1) / 7 == ordinal - 1 : day.day + 7 > length, "\(loaded.line(message))")
                case .weekly(let amount, let weekday, let starting):
                    #expect(day.weekday == weekday, "\(loaded.line(message))")
                    var first = starting ?? LocalDate(year: 2001, month: 1, day: 1) ?? .epoch
                    while first.weekday != weekday { first = first.adding(days: 1) ?? first }
                    #expect(day >= first && first.days(to: day) % (7 * amount) == 0, "\(loaded.line(message)) from \(first)")
                default:
                    break
                }
            }
        }
    }

    /// With `one_per_address`, an address gets at most one message of a step a day, and it is
    /// the first contact by key at that address who gets it.
    @Test func onePerAddressSendsOneCopyToTheFirstContactByKey() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let (loaded, schedule) = try load(RandomPractice(seed: seed))
            var copies: [String: String] = [:]
            for message in schedule.messages where loaded.scheduler.campaigns[message.campaign].onePerAddress {
                let list = loaded.scheduler.lists[message.list]
                let address = try #require(list.email(of: list.contacts[message.contact])).lowercased()
                let copy = "\(message.campaign) \(message.step) \(message.date) \(address)"
                #expect(copies[copy] == nil, "\(loaded.line(message)): a second copy to \(address)")
                copies[copy] = loaded.key(message)
            }
            for drop in schedule.dropped where drop.reason == .sharedAddress {
                let list = loaded.scheduler.lists[drop.message.list]
                let address = try #require(list.email(of: list.contacts[drop.message.contact])).lowercased()
                let copy = "\(drop.message.campaign) \(drop.message.step) \(drop.message.date) \(address)"
                // Another contact at the address got the day's copy, or the cap took it after.
                if let receiver = copies[copy] { #expect(receiver < loaded.key(drop.message)) }
            }
        }
    }

    @Test func theSameInputsGiveTheSameSchedule() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let random = RandomPractice(seed: seed)
            let (loaded, schedule) = try load(random)
            let again = loaded.schedule(asOf: random.asOf)
            #expect(again.messages == schedule.messages)
            #expect(again.dropped == schedule.dropped)
            #expect(again.outOfRange == schedule.outOfRange)
            // Read from files again, in a new folder.
            let (reloaded, fresh) = try load(random)
            #expect(reloaded.lines(fresh) == loaded.lines(schedule))
            #expect(fresh.messages.map(fresh.messageID(of:)) == schedule.messages.map(schedule.messageID(of:)))
            #expect(reloaded.droppedLines(fresh) == loaded.droppedLines(schedule))
            #expect(Set(schedule.messages.map(schedule.messageID(of:))).count == schedule.messages.count)
        }
    }

    /// A day later, sends that became past leave and sends that entered the horizon join; what
    /// lies in both ranges is the same. The frequency cap picks among the messages in range, so
    /// with a cap it is the messages the rules produce (sent or capped) that stay the same.
    @Test func aDayLaterOnlyTheEndsOfTheRangeChange() async {
        await propertyCheck(count: Self.iterations, input: Self.seeds) { seed in
            let random = RandomPractice(seed: seed)
            let loaded = try random.practice.load()
            let asOf = loaded.instant(random.asOf)
            let today = loaded.schedule(asOf: asOf)
            let tomorrow = loaded.schedule(asOf: asOf + 86_400)
            func inBoth(_ message: ScheduledMessage) -> Bool {
                message.instant >= tomorrow.asOf && message.instant <= today.horizonEnd
            }
            func overlap(_ schedule: Schedule) -> [String] {
                var produced = schedule.messages
                if loaded.scheduler.practice.marketingCap != nil {
                    produced += schedule.dropped.filter { $0.reason == .frequencyCap }.map(\.message)
                    produced.sort(by: loaded.scheduler.order)
                }
                return produced.filter(inBoth).map { loaded.line($0) + " " + schedule.messageID(of: $0) }
            }
            func otherDrops(_ schedule: Schedule) -> [String] {
                schedule.dropped.filter { $0.reason != .frequencyCap && inBoth($0.message) }.map {
                    "\($0.reason) \(loaded.line($0.message))"
                }
            }
            #expect(overlap(today) == overlap(tomorrow))
            #expect(otherDrops(today) == otherDrops(tomorrow))
            for message in today.messages where !inBoth(message) {
                #expect(message.instant < tomorrow.asOf)
            }
            for message in tomorrow.messages where !inBoth(message) {
                #expect(message.instant > today.horizonEnd)
            }
        }
    }
}
