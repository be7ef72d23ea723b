import Foundation
import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The marketing frequency cap holds across builds (issue S2): what delivery recorded in
/// `sent.log` and what was scheduled in the past part of the cap's window use its allowance, and
/// the schedule does not depend on the hour a build runs.
@Suite("Scheduler: the cap across builds")
struct CapAcrossBuildsTests {
    typealias Patient = SchedulePractice.Patient
    typealias Step = SchedulePractice.Step
    typealias CampaignFile = SchedulePractice.CampaignFile

    /// A household, p1 and p2 at one address, and three marketing messages to it in six days
    /// against "2 per 7 days": an offer to p1 on Tuesday, news to p2 on Friday, an event
    /// invitation to p2 on Sunday.
    private var household: SchedulePractice {
        var practice = SchedulePractice()
        practice.days = SchedulePractice.allDays
        practice.cap = "2 per 7 days"
        practice.patients = [
            Patient("p1", email: "family@mail.example"),
            Patient("p2", email: "Family@Mail.Example"),
            Patient("p3", email: "p3@mail.example"),
        ]
        practice.campaigns = [
            CampaignFile("offer", kind: "marketing", where: "id == \"p1\"", steps: [Step("one", "on 2026-12-01 at 09:00")]),
            CampaignFile("news", kind: "marketing", where: "id != \"p1\"", steps: [Step("one", "on 2026-12-04 at 09:00")]),
            CampaignFile("event", kind: "marketing", where: "id != \"p1\"", steps: [Step("one", "on 2026-12-06 at 09:00")]),
        ]
        return practice
    }

    /// What `touchpoint deliver` appends after handing `message` on.
    private func sentRecord(_ message: ScheduledMessage, in loaded: Loaded) -> SentLog.Record {
        let scheduler = loaded.scheduler
        let campaign = scheduler.campaigns[message.campaign]
        let list = scheduler.lists[message.list]
        let contact = list.contacts[message.contact]
        return SentLog.Record(
            loggedAt: AsOf.format(message.instant + 2, offset: message.utcOffset), event: .sent,
            messageID: message.messageID(domain: scheduler.practice.domain),
            message: SentLog.Message(
                sendAt: AsOf.format(message.instant, offset: message.utcOffset), to: list.email(of: contact) ?? "",
                kind: campaign.campaign.kind.rawValue, campaign: campaign.id, step: campaign.steps[message.step].id,
                contact: contact.key, file: "2026-12-01/0900-offer-one-\(contact.key).eml"))
    }

    @Test func aHouseholdCapHoldsAcrossADelivery() throws {
        let practice = household
        let before = try practice.load()
        let first = before.schedule(asOf: "2026-11-30")
        // Built the day before, the cap keeps two of the three.
        #expect(
            before.lines(first) == [
                "offer.one p1 2026-12-01T09:00:00-06:00",
                "news.one p2 2026-12-04T09:00:00-06:00",
                "news.one p3 2026-12-04T09:00:00-06:00",
                "event.one p3 2026-12-06T09:00:00-06:00",
            ])
        #expect(before.droppedLines(first) == ["frequency-cap event.one p2 2026-12-06T09:00:00-06:00"])

        // The offer is delivered on Tuesday; Wednesday's build must not hand its allowance on.
        let offer = try #require(first.messages.first)
        let outbox = before.pipeline.folder.outbox
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let log = SentLog.header + sentRecord(offer, in: before).line
        try Data(log.utf8).write(to: outbox.appendingPathComponent(SentLog.fileName))
        let ledger = SentLog.ledger(outbox: outbox)
        #expect(ledger.delivered == [first.messageID(of: offer)])
        #expect(ledger.marketing.map(\.address) == ["family@mail.example"])

        let after = try practice.load(ledger: ledger)
        let next = after.schedule(asOf: "2026-12-02")
        #expect(
            after.lines(next) == [
                "news.one p2 2026-12-04T09:00:00-06:00",
                "news.one p3 2026-12-04T09:00:00-06:00",
                "event.one p3 2026-12-06T09:00:00-06:00",
            ])
        #expect(after.droppedLines(next) == ["frequency-cap event.one p2 2026-12-06T09:00:00-06:00"])
        let explained = try after.pipeline.scheduled(asOf: "2026-12-02").explain("p2", campaign: "event")
        #expect(
            explained.contains(
                "not sent 2026-12-06T09:00:00-06:00: the marketing frequency cap (2 per 7 days), used by "
                    + "offer.one to p1 on 2026-12-01 (delivered), news.one on 2026-12-04"),
            "\(explained)")
    }

    /// The delivered message counts even when the rules no longer produce it: p1's offer was
    /// delivered, then p1 left the list.
    @Test func aDeliveredMessageTheRulesNoLongerMakeStillCounts() throws {
        var practice = household
        let before = try practice.load()
        let offer = try #require(before.schedule(asOf: "2026-11-30").messages.first)
        let record = sentRecord(offer, in: before)
        let ledger = SentLog.ledger(SentLog.records(in: SourceFile(path: "sent.log", bytes: Array(record.line.utf8))))
        practice.patients.removeFirst()
        let after = try practice.load(ledger: ledger)
        let next = after.schedule(asOf: "2026-12-02")
        #expect(after.droppedLines(next) == ["frequency-cap event.one p2 2026-12-06T09:00:00-06:00"])
        let explained = try after.pipeline.scheduled(asOf: "2026-12-02").explain("p2", campaign: "event")
        #expect(explained.contains("used by offer.one to p1 on 2026-12-01 (delivered), news.one on 2026-12-04"), "\(explained)")
    }

    /// Without any record of delivery, the messages scheduled in the past part of the window
    /// still count: they were built, and may well have gone out by other means.
    @Test func messagesScheduledInThePastPartOfTheWindowCount() throws {
        let loaded = try household.load()
        let schedule = loaded.schedule(asOf: "2026-12-02")
        #expect(loaded.droppedLines(schedule) == ["frequency-cap event.one p2 2026-12-06T09:00:00-06:00"])
        #expect(schedule.dropTotals[.past] == 1)
        let explained = try loaded.pipeline.scheduled(asOf: "2026-12-02").explain("p2", campaign: "event")
        #expect(explained.contains("used by offer.one to p1 on 2026-12-01 (already past), news.one on 2026-12-04"), "\(explained)")
    }

    /// A message delivery gave up on (failed for good, or expired) reached nobody: it uses none of
    /// the allowance.
    @Test func aMessageThatNeverWentUsesNoAllowance() throws {
        let practice = household
        let before = try practice.load()
        let offer = try #require(before.schedule(asOf: "2026-11-30").messages.first)
        var record = sentRecord(offer, in: before)
        record.event = .expired
        record.reason = "more than 3 days late"
        let ledger = SentLog.ledger(SentLog.records(in: SourceFile(path: "sent.log", bytes: Array(record.line.utf8))))
        #expect(ledger.undelivered == [record.messageID])
        let after = try practice.load(ledger: ledger)
        #expect(after.droppedLines(after.schedule(asOf: "2026-12-02")).isEmpty)
    }

    /// Today's messages are weighed together whatever the hour: a high-priority message at 08:00
    /// caps tomorrow's low-priority one for a build at 07:00 and for one at 10:00 alike.
    @Test func theHourOfABuildDoesNotChangeTheCap() throws {
        var practice = SchedulePractice()
        practice.days = SchedulePractice.allDays
        practice.cap = "1 per 7 days"
        practice.patients = [Patient("p1")]
        practice.campaigns = [
            CampaignFile("high", kind: "marketing", priority: 5, steps: [Step("one", "on 2026-12-02 at 08:00")]),
            CampaignFile("low", kind: "marketing", priority: 1, steps: [Step("one", "on 2026-12-03 at 09:00")]),
        ]
        let loaded = try practice.load()
        let early = loaded.schedule(asOf: "2026-12-02T07:00")
        #expect(loaded.lines(early) == ["high.one p1 2026-12-02T08:00:00-06:00"])
        #expect(loaded.droppedLines(early) == ["frequency-cap low.one p1 2026-12-03T09:00:00-06:00"])
        let late = loaded.schedule(asOf: "2026-12-02T10:00")
        #expect(loaded.lines(late).isEmpty)
        #expect(loaded.droppedLines(late) == ["frequency-cap low.one p1 2026-12-03T09:00:00-06:00"])
    }

    /// Property: for any practice, building at two hours of the same day gives the same messages
    /// and the same reasons over the time both builds cover.
    @Test func buildingAtAnyHourOfADayGivesTheSameSchedule() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            let random = RandomPractice(seed: seed)
            var generator = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)) ^ 0xC0FFEE)
            var practice = random.practice
            // Every practice here has a cap, marketing, and households.
            practice.cap = practice.cap ?? "\(Int.random(in: 1...2, using: &generator)) per 7 days"
            practice.campaigns = practice.campaigns.enumerated().map { index, campaign in
                var campaign = campaign
                if index % 2 == 0 { campaign.kind = "marketing" }
                return campaign
            }
            practice.patients = practice.patients.map { patient in
                var patient = patient
                if !patient.email.isEmpty, Bool.random(using: &generator) { patient.email = "household@mail.example" }
                return patient
            }
            let loaded = try practice.load()
            let day = String(random.asOf.prefix(10))
            let hours = (0..<2).map { _ in Int.random(in: 0..<(24 * 60), using: &generator) }.sorted()
            let schedules = hours.map { loaded.schedule(asOf: "\(day)T\(RandomPractice.clock($0))") }
            let from = schedules[1].asOf
            let through = schedules[0].horizonEnd
            func covered(_ message: ScheduledMessage) -> Bool { message.instant >= from && message.instant <= through }
            let messages = schedules.map { schedule in schedule.messages.filter(covered).map(loaded.line) }
            let dropped = schedules.map { schedule in
                schedule.dropped.filter { covered($0.message) }.map { "\($0.reason.rawValue) \(loaded.line($0.message))" }
            }
            #expect(messages[0] == messages[1], "seed \(seed), \(day) at \(hours)")
            #expect(dropped[0] == dropped[1], "seed \(seed), \(day) at \(hours)")
        }
    }
}
