import Foundation
import Testing
@testable import TouchpointKit

/// "What changed" against the outbox and against another revision: what `plan` and `review` show.
@Suite struct MessageChangesTests {
    @Test func aBuiltOutboxHasNoChanges() throws {
        let fixture = try ReviewFixture()
        let report = try fixture.build()
        #expect(report.written == 8)
        let changes = try fixture.folder.messageChanges(try fixture.scheduled())
        #expect(changes.isEmpty)
        #expect(changes.unchanged == 8)
    }

    @Test func aChangedBodyChangesExactlyTheMessagesTheBuildRewrites() throws {
        let fixture = try ReviewFixture()
        try fixture.build()
        try fixture.write(
            "campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        let changes = try fixture.folder.messageChanges(try fixture.scheduled())
        #expect(changes.added.isEmpty && changes.removed.isEmpty)
        #expect(changes.changed.map(\.message.path) == (1...4).map { "2026-12-08/1000-news-december-p\($0).eml" })
        #expect(changes.unchanged == 4)
        let change = try #require(changes.changed.first)
        #expect(!change.subjectChanged)
        #expect(change.newSubject == "December at the clinic, Ana")
        #expect(change.oldText.contains("Our December hours are 7 to 7.") && !change.oldText.contains("8 to 6"))
        #expect(change.newText.contains("Our December hours are 8 to 6."))
        let text = changes.text(diff: true)
        #expect(text.contains("Against out/: 0 to add, 4 to change, 0 to remove, 4 unchanged\n"))
        #expect(text.contains("      -Our December hours are 7 to 7.\n      +Our December hours are 8 to 6.\n"))
        // One campaign's share (review --campaign): its own unchanged messages, not the practice's.
        let scheduled = try fixture.scheduled()
        let news = changes.only(campaign: "news", messages: try scheduled.messages(campaign: "news").count)
        #expect((news.changed.count, news.unchanged) == (4, 0))
        let reminder = changes.only(campaign: "reminder", messages: try scheduled.messages(campaign: "reminder").count)
        #expect((reminder.changed.count, reminder.unchanged) == (0, 4))
        // The build writes exactly those.
        let report = try fixture.build()
        #expect(report.written == changes.written)
        #expect(report.writtenPaths == changes.changed.map(\.message.path))
    }

    @Test func aChangedSubjectShowsTheOldAndTheNew() throws {
        let fixture = try ReviewFixture()
        try fixture.build()
        try fixture.write(
            "campaigns/news.yaml",
            ReviewFixture.newsletter.replacingOccurrences(of: "December at the clinic", with: "Winter at the clinic"))
        let changes = try fixture.folder.messageChanges(try fixture.scheduled())
        #expect(changes.changed.count == 4)
        let text = changes.text()
        #expect(
            text.contains(
                "  ~ 2026-12-08/1000-news-december-p2.eml\n      subject: \"December at the clinic, Ben\" → \"Winter at the clinic, Ben\"\n"
            ))
    }

    @Test func eachRemovedMessageSaysWhy() throws {
        let fixture = try ReviewFixture()
        try fixture.build()
        // p4 is discharged (the newsletter's `where`), Ben unsubscribes, Ana gets a more important
        // offer that uses her allowance, and the reminder's step is renamed.
        try fixture.write(
            "contacts/patients.csv",
            ReviewFixture.patients.replacingOccurrences(of: "p4,Dev,dev@mail.example,active", with: "p4,Dev,dev@mail.example,discharged"))
        try fixture.write("contacts/unsubscribed.txt", "ben@mail.example\n")
        try fixture.write(
            "campaigns/offer.yaml",
            """
            campaign: offer
            title: An offer
            audience: patients
            kind: marketing
            priority: 10
            where: first_name == "Ana"
            steps:
              - id: massage
                send: on 2026-12-08 at 09:00
                subject: "A massage for you"
                body: Half price in December.

            """)
        let reminder = try String(contentsOf: fixture.scratch.url.appendingPathComponent("campaigns/reminder.yaml"), encoding: .utf8)
        try fixture.write("campaigns/reminder.yaml", reminder.replacingOccurrences(of: "id: day-before", with: "id: the-day-before"))
        let changes = try fixture.folder.messageChanges(try fixture.scheduled())
        let reasons = Dictionary(uniqueKeysWithValues: changes.removed.map { ($0.message.path, $0.reason) })
        #expect(reasons["2026-12-08/1000-news-december-p4.eml"] == .campaignWhereFalse("status == \"active\""))
        #expect(reasons["2026-12-08/1000-news-december-p2.eml"] == .dropped(.suppressed))
        #expect(reasons["2026-12-08/1000-news-december-p1.eml"] == .dropped(.frequencyCap))
        #expect(reasons["2026-11-30/0900-reminder-day-before-p1.eml"] == .stepDeleted)
        #expect(reasons.count == 7)
        #expect(Set(changes.added.map(\.path)).contains("2026-12-08/0900-offer-massage-p1.eml"))
        let text = changes.text()
        #expect(text.contains("  - 2026-12-08/1000-news-december-p1.eml (capped: the marketing frequency cap)\n"))
        #expect(text.contains("  - 2026-12-08/1000-news-december-p2.eml (on the suppression list)\n"))
        #expect(text.contains("  - 2026-12-08/1000-news-december-p4.eml (the campaign's 'where' is now false: status == \"active\")\n"))
        #expect(text.contains("  - 2026-11-30/0900-reminder-day-before-p1.eml (its step was deleted)\n"))
        #expect(changes.json.contains("{\"file\":\"2026-12-08/1000-news-december-p2.eml\",\"reason\":\"suppressed\""))
    }

    @Test func messagesWhoseTimePassedAreRemovedAsPast() throws {
        let fixture = try ReviewFixture()
        try fixture.build()
        let changes = try fixture.folder.messageChanges(try fixture.scheduled("2026-12-02"))
        #expect(
            changes.removed.map(\.message.path) == [
                "2026-11-30/0900-reminder-day-before-p1.eml", "2026-12-01/0900-reminder-day-before-p2.eml",
            ])
        #expect(changes.removed.allSatisfy { $0.reason == .past })
    }

    @Test func aMovedMessageSaysWhereTo() throws {
        let fixture = try ReviewFixture()
        try fixture.build()
        try fixture.write(
            "contacts/patients.csv", ReviewFixture.patients.replacingOccurrences(of: "active,2026-12-03", with: "active,2026-12-10"))
        let changes = try fixture.folder.messageChanges(try fixture.scheduled())
        #expect(changes.removed.map(\.reason) == [.moved(to: "2026-12-09/0900-reminder-day-before-p3.eml")])
        #expect(changes.added.map(\.path) == ["2026-12-09/0900-reminder-day-before-p3.eml"])
    }

    @Test func againstAnotherRevisionComparesTheTwoSchedules() throws {
        let before = try ReviewFixture()
        let after = try ReviewFixture()
        try after.write("campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        let changes = PracticeFolder.messageChanges(from: try before.scheduled(), to: try after.scheduled(), against: "HEAD~1")
        #expect(changes.against == "HEAD~1")
        #expect(changes.changed.count == 4 && changes.added.isEmpty && changes.removed.isEmpty && changes.unchanged == 4)
        #expect(changes.changed.allSatisfy { $0.newText.contains("8 to 6") && $0.oldText.contains("7 to 7") })
    }
}
