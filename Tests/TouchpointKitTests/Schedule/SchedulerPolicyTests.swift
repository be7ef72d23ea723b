import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Who gets what (SPEC §2, §3, §5): consent and suppression for marketing, an address for all,
/// the marketing frequency cap, messages already delivered, and Message-IDs.
@Suite("Scheduler: policy")
struct SchedulerPolicyTests {
    typealias Patient = SchedulePractice.Patient
    typealias Step = SchedulePractice.Step
    typealias CampaignFile = SchedulePractice.CampaignFile

    /// A care follow-up the day after the first visit, and a marketing broadcast.
    private var careAndMarketing: [CampaignFile] {
        [
            CampaignFile("follow-up", steps: [Step("next-day", "1 day after first_visit at 09:00")]),
            CampaignFile("news", kind: "marketing", steps: [Step("december", "on 2026-12-08 at 08:30")]),
        ]
    }

    @Test func withoutConsentOnlyCareIsSent() throws {
        var practice = SchedulePractice()
        practice.patients = [
            Patient("p1", firstVisit: "2026-12-01", subscribed: "yes"),
            Patient("p2", firstVisit: "2026-12-01", subscribed: "no"),
            Patient("p3", firstVisit: "2026-12-01"),  // the schema's default: subscribed
        ]
        practice.campaigns = careAndMarketing
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day p1 2026-12-02T09:00:00-06:00",
                "follow-up.next-day p2 2026-12-02T09:00:00-06:00",
                "follow-up.next-day p3 2026-12-02T09:00:00-06:00",
                "news.december p1 2026-12-08T08:30:00-06:00",
                "news.december p3 2026-12-08T08:30:00-06:00",
            ])
        #expect(loaded.droppedLines(schedule) == ["no-consent news.december p2 2026-12-08T08:30:00-06:00"])
    }

    @Test func suppressionBlocksMarketingOnlyInAnyCase() throws {
        var practice = SchedulePractice()
        practice.suppressed = ["# asked by phone", "Ana.Lopez@Mail.Example", "bob@mail.example"]
        practice.patients = [
            Patient("ana", email: "ana.lopez@mail.example", firstVisit: "2026-12-01"),
            Patient("bob", email: "BOB@Mail.Example", firstVisit: "2026-12-01"),
            Patient("cy", email: "cy@mail.example", firstVisit: "2026-12-01"),
        ]
        practice.campaigns = careAndMarketing
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day ana 2026-12-02T09:00:00-06:00",
                "follow-up.next-day bob 2026-12-02T09:00:00-06:00",
                "follow-up.next-day cy 2026-12-02T09:00:00-06:00",
                "news.december cy 2026-12-08T08:30:00-06:00",
            ])
        #expect(
            loaded.droppedLines(schedule) == [
                "suppressed news.december ana 2026-12-08T08:30:00-06:00",
                "suppressed news.december bob 2026-12-08T08:30:00-06:00",
            ])
    }

    /// A hard bounce or a complaint stops all mail to the address, care included; an unsubscribe
    /// stops marketing; `explain` names the line and what it stops.
    @Test func bouncesAndComplaintsStopCareToo() throws {
        var practice = SchedulePractice()
        practice.suppressed = [
            "# dated, reasoned lines as touchpoint feedback writes them",
            "ana@mail.example  # 2026-11-20 one-click unsubscribe",
            "BOB@mail.example  # 2026-11-21 bounced 5.1.1",
            "cy@mail.example  # 2026-11-22 complaint (abuse)",
        ]
        practice.patients = [
            Patient("ana", email: "ana@mail.example", firstVisit: "2026-12-01"),
            Patient("bob", email: "bob@mail.example", firstVisit: "2026-12-01"),
            Patient("cy", email: "cy@mail.example", firstVisit: "2026-12-01"),
            Patient("dee", email: "dee@mail.example", firstVisit: "2026-12-01"),
        ]
        practice.campaigns = careAndMarketing
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day ana 2026-12-02T09:00:00-06:00",
                "follow-up.next-day dee 2026-12-02T09:00:00-06:00",
                "news.december dee 2026-12-08T08:30:00-06:00",
            ])
        #expect(
            loaded.droppedLines(schedule) == [
                "suppressed follow-up.next-day bob 2026-12-02T09:00:00-06:00",
                "suppressed follow-up.next-day cy 2026-12-02T09:00:00-06:00",
                "suppressed news.december ana 2026-12-08T08:30:00-06:00",
                "suppressed news.december bob 2026-12-08T08:30:00-06:00",
                "suppressed news.december cy 2026-12-08T08:30:00-06:00",
            ])
        let scheduled = try loaded.pipeline.scheduled(asOf: "2026-11-30")
        let bob = try scheduled.explain("bob")
        #expect(
            bob.contains(
                "next-day  not sent 2026-12-02T09:00:00-06:00: on the suppression list "
                    + "(contacts/unsubscribed.txt:3: 2026-11-21 bounced 5.1.1; stops all mail)"), "\(bob)")
        let ana = try scheduled.explain("ana")
        #expect(ana.contains("next-day  will be sent 2026-12-02T09:00:00-06:00"), "\(ana)")
        #expect(ana.contains("(contacts/unsubscribed.txt:2: 2026-11-20 one-click unsubscribe; stops marketing)"), "\(ana)")
    }

    @Test func aContactWithoutAnAddressGetsNothing() throws {
        var practice = SchedulePractice()
        practice.patients = [Patient("p1", email: "", firstVisit: "2026-12-01"), Patient("p2", firstVisit: "2026-12-01")]
        practice.campaigns = careAndMarketing
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day p2 2026-12-02T09:00:00-06:00",
                "news.december p2 2026-12-08T08:30:00-06:00",
            ])
        #expect(
            loaded.droppedLines(schedule) == [
                "no-address follow-up.next-day p1 2026-12-02T09:00:00-06:00",
                "no-address news.december p1 2026-12-08T08:30:00-06:00",
            ])
        #expect(schedule.dropTotals == [.noAddress: 2])
    }

    // MARK: The frequency cap

    @Test func theCapDropsTheLowerPriorityMessage() throws {
        var practice = SchedulePractice()
        practice.cap = "2 per 7 days"
        practice.patients = [Patient("p1", firstVisit: "2026-12-08")]
        practice.campaigns = [
            CampaignFile("high", kind: "marketing", priority: 5, steps: [Step("one", "on 2026-12-08 at 08:30")]),
            CampaignFile("low", kind: "marketing", priority: 1, steps: [Step("one", "on 2026-12-09 at 10:00")]),
            CampaignFile("mid", kind: "marketing", priority: 3, steps: [Step("one", "on 2026-12-10 at 10:00")]),
            CampaignFile(
                "care", priority: 0, steps: [Step("one", "on first_visit at 12:00"), Step("two", "1 day after first_visit at 12:00")]),
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "high.one p1 2026-12-08T08:30:00-06:00",
                "care.one p1 2026-12-08T12:00:00-06:00",
                "care.two p1 2026-12-09T12:00:00-06:00",
                "mid.one p1 2026-12-10T10:00:00-06:00",
            ])
        #expect(loaded.droppedLines(schedule) == ["frequency-cap low.one p1 2026-12-09T10:00:00-06:00"])
        #expect(schedule.dropTotals == [.frequencyCap: 1])
    }

    @Test func equalPrioritiesGoByTimeThenCampaignID() throws {
        var practice = SchedulePractice()
        practice.cap = "1 per 7 days"
        practice.patients = [Patient("p1")]
        practice.campaigns = [
            CampaignFile("zulu", kind: "marketing", priority: 2, steps: [Step("one", "on 2026-12-08 at 10:00")]),
            CampaignFile("alpha", kind: "marketing", priority: 2, steps: [Step("one", "on 2026-12-09 at 09:00")]),
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(loaded.lines(schedule) == ["zulu.one p1 2026-12-08T10:00:00-06:00"])
        #expect(loaded.droppedLines(schedule) == ["frequency-cap alpha.one p1 2026-12-09T09:00:00-06:00"])

        practice.campaigns = [
            CampaignFile("bravo", kind: "marketing", priority: 2, steps: [Step("one", "on 2026-12-08 at 10:00")]),
            CampaignFile("alpha", kind: "marketing", priority: 2, steps: [Step("one", "on 2026-12-08 at 10:00")]),
        ]
        let tied = try practice.load()
        let tiedSchedule = tied.schedule(asOf: "2026-11-30")
        #expect(tied.lines(tiedSchedule) == ["alpha.one p1 2026-12-08T10:00:00-06:00"])
        #expect(tied.droppedLines(tiedSchedule) == ["frequency-cap bravo.one p1 2026-12-08T10:00:00-06:00"])
    }

    @Test func theCapCountsPerAddressAcrossContacts() throws {
        var practice = SchedulePractice()
        practice.cap = "1 per 7 days"
        practice.patients = [
            Patient("p1", email: "family@mail.example"),
            Patient("p2", email: "Family@Mail.Example", timezone: "Europe/London"),
            Patient("p3", email: "other@mail.example"),
        ]
        practice.campaigns = [CampaignFile("news", kind: "marketing", steps: [Step("december", "on 2026-12-08 at 08:30")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "news.december p2 2026-12-08T08:30:00+00:00",
                "news.december p3 2026-12-08T08:30:00-06:00",
            ])
        #expect(loaded.droppedLines(schedule) == ["frequency-cap news.december p1 2026-12-08T08:30:00-06:00"])
    }

    /// "1 per 7 days" is one message in any seven consecutive days: a Tuesday and the next
    /// Tuesday both go, whatever their hours.
    @Test func theCapCountsCalendarDays() throws {
        var practice = SchedulePractice()
        practice.cap = "1 per 7 days"
        practice.patients = [Patient("p1")]
        practice.campaigns = [
            CampaignFile("first", kind: "marketing", steps: [Step("one", "on 2026-12-01 at 10:00")]),
            CampaignFile("second", kind: "marketing", steps: [Step("one", "on 2026-12-08 at 08:30")]),
            CampaignFile("third", kind: "marketing", steps: [Step("one", "on 2026-12-14 at 17:00")]),
        ]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "first.one p1 2026-12-01T10:00:00-06:00",
                "second.one p1 2026-12-08T08:30:00-06:00",
            ])
        #expect(loaded.droppedLines(schedule) == ["frequency-cap third.one p1 2026-12-14T17:00:00-06:00"])
    }

    /// A weekly message keeps going through the spring-forward week, which is an hour short.
    @Test func aWeeklyMessageFitsAWeeklyCapAcrossDaylightSaving() throws {
        var practice = SchedulePractice()
        practice.cap = "1 per 1 week"
        practice.horizon = "30 days"
        practice.patients = [Patient("p1", firstVisit: "2027-03-02")]
        practice.campaigns = [CampaignFile("weekly", kind: "marketing", steps: [Step("tip", "every 1 week after first_visit at 09:00")])]
        let loaded = try practice.load()
        let schedule = loaded.schedule(asOf: "2027-03-01")
        #expect(
            loaded.lines(schedule) == [
                "weekly.tip p1 2027-03-09T09:00:00-06:00",
                "weekly.tip p1 2027-03-16T09:00:00-05:00",
                "weekly.tip p1 2027-03-23T09:00:00-05:00",
                "weekly.tip p1 2027-03-30T09:00:00-05:00",
            ])
        #expect(schedule.dropped.isEmpty)
    }

    // MARK: Delivered messages and identities

    @Test func deliveredMessagesAreNotSentAgain() throws {
        var practice = SchedulePractice()
        practice.cap = "1 per 7 days"
        practice.patients = [Patient("p1", firstVisit: "2026-12-01"), Patient("p2", firstVisit: "2026-12-01")]
        practice.campaigns = careAndMarketing
        let first = try practice.load().schedule(asOf: "2026-11-30")
        let delivered = Set(first.messages.filter { $0.contact == 0 }.map(first.messageID(of:)))
        #expect(delivered.count == 2)
        let loaded = try practice.load(sent: delivered)
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "follow-up.next-day p2 2026-12-02T09:00:00-06:00",
                "news.december p2 2026-12-08T08:30:00-06:00",
            ])
        #expect(
            loaded.droppedLines(schedule) == [
                "already-sent follow-up.next-day p1 2026-12-02T09:00:00-06:00",
                "already-sent news.december p1 2026-12-08T08:30:00-06:00",
            ])
    }

    @Test func messageIDsAreDeterministicAndDifferBySendDate() throws {
        var practice = SchedulePractice()
        practice.holidays = ["2026-12-09"]
        practice.patients = [Patient("p1", firstVisit: "2026-12-01"), Patient("p2", firstVisit: "2026-12-02")]
        practice.campaigns = [CampaignFile("plan", steps: [Step("check-in", "every 1 week after first_visit at 09:00")])]
        let first = try practice.load()
        let second = try practice.load()
        let one = first.schedule(asOf: "2026-11-30")
        let two = second.schedule(asOf: "2026-11-30")
        #expect(one.messages.map(one.messageID(of:)) == two.messages.map(two.messageID(of:)))
        #expect(one.messages.count == 16)
        #expect(Set(one.messages.map(one.messageID(of:))).count == one.messages.count)
        for message in one.messages {
            let id = one.messageID(of: message)
            #expect(id.hasSuffix("@lincolnpt.example"))
            #expect(id.prefix(32).allSatisfy { $0.isHexDigit && !$0.isUppercase } && id.dropFirst(32).hasPrefix("@"))
            // The send date, after any move, is what identifies the message.
            #expect(
                id
                    == MessageIdentity.messageID(
                        campaign: "plan", step: "check-in", list: "patients",
                        contact: first.key(message), date: message.date, domain: "lincolnpt.example"))
        }
        // p2's first check-in falls on the holiday and moves to the next day: its ID is the next day's.
        let moved = try #require(one.messages.first { $0.movedFrom != nil })
        #expect(first.line(moved) == "plan.check-in p2 2026-12-10T09:00:00-06:00")
        #expect(
            one.messageID(of: moved)
                != MessageIdentity.messageID(
                    campaign: "plan", step: "check-in", list: "patients",
                    contact: "p2", date: LocalDate(iso: "2026-12-09") ?? .epoch,
                    domain: "lincolnpt.example"))
    }
}
