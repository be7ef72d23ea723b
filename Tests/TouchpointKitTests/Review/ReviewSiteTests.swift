import Foundation
import Testing
@testable import TouchpointKit
@testable import TouchpointReview

/// The review site's pages, its permissions, and the approval that `deliver` can require.
@Suite struct ReviewSiteTests {
    func page(_ made: ReviewSite.Made, _ path: String) throws -> String {
        let page = try #require(made.pages.first { $0.path == path }, "no page \(path)")
        return String(decoding: page.bytes, as: UTF8.self)
    }

    @Test func everyPageHasTheStrictPolicyAndFetchesNothing() throws {
        let fixture = try ReviewFixture()
        let made = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make()
        #expect(made.pages.count == 1 + 1 + 1 + 2 + 5 + 8)
        for page in made.pages {
            let text = String(decoding: page.bytes, as: UTF8.self)
            #expect(text.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"))
            #expect(!text.contains("src=\"http") && !text.contains("href=\"http") && !text.contains("@import"), "\(page.path)")
            #expect(text.contains("<html lang=\"en\">"))
        }
        // The policy's hash is the script's.
        #expect(ReviewPage.policy.contains(ReviewPage.scriptHash))
        let hex = Array(ApprovalLog.messageDigest(Array(ReviewPage.script.utf8)).utf8)
        let digest = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
        #expect(ReviewPage.scriptHash == "sha256-" + Base64.encode(digest))
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
    }

    @Test func theCalendarCountsEachDaysMessagesByCampaign() throws {
        let fixture = try ReviewFixture()
        let made = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make()
        let index = try page(made, "index.html")
        #expect(
            index.contains(
                "<td data-date=\"2026-12-08\"><a href=\"days/2026-12-08.html\"><span class=\"day\">8</span><span class=\"vh\"> December: 4 messages</span></a><ul><li class=\"chip\" style=\"background:#1f5f8b\" data-campaign=\"news\" data-count=\"4\""
            ))
        // Saturdays are outside the send window; a day without messages has no link.
        #expect(
            index.contains(
                "<td data-date=\"2026-12-05\" class=\"closed\"><span class=\"day\">5</span><span class=\"vh\"> (outside the send window)</span></td>"
            ))
        let day = try page(made, "days/2026-12-08.html")
        #expect(
            day.contains(
                "data-contact=\"p2\"><td>10:00</td><td><span class=\"swatch\" style=\"background:#1f5f8b\" aria-hidden=\"true\"></span>news.december</td><td>p2</td><td><a href=\"../messages/2026-12-08/1000-news-december-p2.html\">December at the clinic, Ben</a></td></tr>"
            ))
    }

    @Test func aMessagePageShowsTheBytesTheBuildWrites() throws {
        let fixture = try ReviewFixture()
        let scheduled = try fixture.scheduled()
        try fixture.build()
        let made = ReviewSite(scheduled: scheduled, changes: []).make()
        let text = try page(made, "messages/2026-12-08/1000-news-december-p1.html")
        let eml = try #require(
            FileManager.default.contents(atPath: fixture.folder.outbox.appendingPathComponent("2026-12-08/1000-news-december-p1.eml").path))
        let mail = MailEntity(parsing: Array(eml))
        let html = try #require(mail.allParts.first { $0.mediaType == "text/html" }).text
        #expect(text.contains("srcdoc=\"\(HTMLEscaping.escape(html))\""))
        #expect(text.contains("<iframe class=\"desktop\" title=\"The HTML part at 600 px (desktop)\" sandbox=\"\""))
        #expect(text.contains("<iframe class=\"phone\" title=\"The HTML part at 375 px (phone)\" sandbox=\"\""))
        #expect(text.contains("<dt>Subject</dt><dd data-header=\"subject\">December at the clinic, Ana</dd>"))
        #expect(text.contains("<dt>List-Unsubscribe</dt><dd data-header=\"list-unsubscribe\">&lt;mailto:unsubscribe@lincolnpt.example"))
        #expect(text.contains("The running clinic is on Thursdays."))
    }

    @Test func samplesShowEachBranchARecipientTakes() throws {
        let fixture = try ReviewFixture()
        let made = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make()
        let news = try page(made, "campaigns/news.html")
        // Ana (a runner) first, then Ben, who takes the other side of the `if`; Cleo and Dev add nothing.
        let samples = try #require(news.components(separatedBy: "<h3>Samples</h3>").last?.components(separatedBy: "</ul>").first)
        #expect(samples.contains(">p1</a>") && samples.contains(">p2</a>"))
        #expect(!samples.contains(">p3</a>") && !samples.contains(">p4</a>"))
        #expect(news.contains("<label for=\"pick-0-0\" hidden>Show this step for contact</label>"))
    }

    @Test func aCampaignPageShowsWhatCheckWarnsAboutAndWhyMessagesAreNotSent() throws {
        let fixture = try ReviewFixture()
        // Ben unsubscribed; the newsletter greets by a field two patients leave empty.
        try fixture.write("contacts/unsubscribed.txt", "ben@mail.example\n")
        try fixture.write(
            "campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "Hi {{ first_name }},", with: "Hi {{ tags }},"))
        let scheduled = try fixture.scheduled()
        let warnings = scheduled.checked.diagnostics.filter { $0.severity == .warning && $0.path == "campaigns/news.yaml" }
        #expect(!warnings.isEmpty)
        let news = try page(ReviewSite(scheduled: scheduled, changes: []).make(), "campaigns/news.html")
        #expect(news.contains("<h2>Warnings from check</h2>"))
        for warning in warnings { #expect(news.contains(HTMLEscaping.escape(warning.message.text))) }
        #expect(news.contains("<li>1 not sent: on the suppression list</li>"))
        #expect(news.contains("<li><strong>3</strong> messages to <strong>3</strong> contacts within the horizon</li>"))
    }

    @Test func theSiteIsWrittenForItsOwnerOnly() throws {
        let fixture = try ReviewFixture()
        let made = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make()
        let folder = fixture.folder.outbox.appendingPathComponent("review")
        let old = umask(0o022)
        defer { umask(old) }
        let index = try ReviewWriter(folder: folder, access: .owner).write(made.pages)
        #expect(index == folder.appendingPathComponent("index.html"))
        // Written again, the earlier site is replaced whole.
        try ReviewWriter(folder: folder, access: .owner).write(Array(made.pages.prefix(3)))
        var files = 0
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        for case let path as String in enumerator {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                #expect(mode == 0o700, "\(path)")
            } else {
                files += 1
                #expect(mode == 0o600, "\(path)")
            }
        }
        #expect(files == 3)
        let top = try FileManager.default.attributesOfItem(atPath: folder.path)
        #expect(top[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: fixture.folder.outbox.path).allSatisfy { !$0.hasPrefix(".review.") })
    }

    @Test func theCampaignColoursContrastWithWhite() {
        for color in ReviewPalette.colors {
            #expect(ReviewPalette.contrast(color, "#ffffff") >= 4.5, "\(color)")
        }
        #expect(abs(ReviewPalette.contrast("#000000", "#ffffff") - 21) < 0.001)
        #expect(abs(ReviewPalette.contrast("#777777", "#ffffff") - 4.48) < 0.01)
    }

    // MARK: approval

    @Test func anApprovalCoversExactlyTheMessagesAsBuilt() throws {
        let fixture = try ReviewFixture()
        let made = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make()
        let entry = try ApprovalLog.approve(
            made.messageDigests, outbox: fixture.folder.outbox, approvedAt: "2026-11-30T08:00:00-06:00", approver: "Jane Doe")
        #expect(entry.count == 8 && entry.digest == made.digest)
        try fixture.build()
        let log = try ApprovalLog.read(outbox: fixture.folder.outbox)
        #expect(log.entries == [entry])
        var damaged: [String] = []
        let covered = log.coveredMessages(outbox: fixture.folder.outbox, damaged: &damaged)
        #expect(damaged.isEmpty)
        let rows = try #require(try ScheduleRow.rows(outbox: fixture.folder.outbox, through: Int.max))
        #expect(rows.count == 8)
        for row in rows {
            let bytes = try #require(FileManager.default.contents(atPath: fixture.folder.outbox.appendingPathComponent(row.file).path))
            #expect(covered.contains(ApprovalLog.messageDigest(Array(bytes))), "\(row.file)")
        }
        // A changed body is a new message: the approval does not cover it.
        try fixture.write("campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        try fixture.build()
        let changed = try #require(
            FileManager.default.contents(atPath: fixture.folder.outbox.appendingPathComponent("2026-12-08/1000-news-december-p1.eml").path))
        #expect(!covered.contains(ApprovalLog.messageDigest(Array(changed))))
        // A list altered after the approval covers nothing.
        let list = fixture.folder.outbox.appendingPathComponent(".touchpoint/approved/\(entry.digest)")
        try Data((made.messageDigests.joined(separator: "\n") + "\n" + ApprovalLog.messageDigest(Array(changed)) + "\n").utf8).write(
            to: list)
        let tampered = log.coveredMessages(outbox: fixture.folder.outbox, damaged: &damaged)
        #expect(tampered.isEmpty && damaged == [entry.digest])
    }

    @Test func theManifestGivesTheDigestsOfMessagesAsBuilt() throws {
        let fixture = try ReviewFixture()
        let rendered = ReviewSite(scheduled: try fixture.scheduled(), changes: []).make().messageDigests
        #expect(fixture.folder.messageDigests(try fixture.scheduled()) == rendered)
        try fixture.build()
        try fixture.write("campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        // Half from the manifest (the reminders), half rendered (the edited newsletter).
        let scheduled = try fixture.scheduled()
        let digests = fixture.folder.messageDigests(scheduled)
        #expect(digests == ReviewSite(scheduled: scheduled, changes: []).make().messageDigests)
        try fixture.build()
        let rows = try #require(try ScheduleRow.rows(outbox: fixture.folder.outbox, through: Int.max))
        let files = try rows.map { row in
            ApprovalLog.messageDigest(
                Array(try #require(FileManager.default.contents(atPath: fixture.folder.outbox.appendingPathComponent(row.file).path))))
        }
        #expect(Set(files) == Set(digests))
        #expect(!Set(digests).isDisjoint(with: rendered) && Set(digests) != Set(rendered))
    }

    @Test func deliveryThatRequiresApprovalHoldsBackWhatNoApprovalCovers() throws {
        let fixture = try DeliveryFixture(delivery: "  require_approval: true\n")
        try fixture.build()
        let held = try fixture.deliver("2026-11-30T09:05")
        #expect(held.items.map(\.outcome) == [.unapproved])
        #expect(held.summary.contains("1 held back without approval"))
        #expect(DeliveryReport.describe(.unapproved).reason.contains("no approval covers this message"))
        #expect(try fixture.handed.isEmpty)
        #expect(fixture.records.isEmpty)
        // Approved as the review shows it, it goes.
        let checked = try fixture.folder.check(ScheduleRequest(asOf: "2026-11-30", now: 0))
        let scheduled = try #require(try fixture.folder.schedule(checked, ScheduleRequest(asOf: "2026-11-30", now: 0)))
        let made = ReviewSite(scheduled: scheduled, changes: []).make()
        try ApprovalLog.approve(
            made.messageDigests, outbox: fixture.folder.outbox, approvedAt: "2026-11-30T09:04:00-06:00", approver: "Jane Doe")
        let sent = try fixture.deliver("2026-11-30T09:06")
        #expect(sent.items.map(\.outcome) == [.sent])
        #expect(try fixture.handed.count == 1)
    }

    @Test func deliveryWithoutTheSettingIgnoresApprovals() throws {
        let fixture = try DeliveryFixture()
        try fixture.build()
        let report = try fixture.deliver("2026-11-30T09:05")
        #expect(report.items.map(\.outcome) == [.sent])
    }
}
