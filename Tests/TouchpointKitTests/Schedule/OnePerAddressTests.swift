import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointSchedule

private typealias Patient = SchedulePractice.Patient
private typealias Step = SchedulePractice.Step
private typealias CampaignFile = SchedulePractice.CampaignFile

/// `one_per_address`: a household that shares an address gets one copy, the first contact by key's.
@Suite("Scheduler: one copy per address")
struct OnePerAddressTests {
    private func household(_ campaignLines: [String], practiceLines: [String] = [], p1Subscribed: String = "") -> SchedulePractice {
        var practice = SchedulePractice()
        practice.lines = practiceLines
        practice.patients = [
            Patient("p2", email: "family@mail.example"), Patient("p1", email: "Family@mail.example", subscribed: p1Subscribed),
            Patient("p3", email: "other@mail.example"),
        ]
        practice.campaigns = [
            CampaignFile("news", kind: "marketing", lines: campaignLines, steps: [Step("december", "on 2026-12-08 at 08:30")])
        ]
        return practice
    }

    @Test func theFirstContactByKeyGetsTheCopyAndExplainSaysWhoDoes() throws {
        let loaded = try household(["one_per_address: true"]).load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(loaded.lines(schedule) == ["news.december p1 2026-12-08T08:30:00-06:00", "news.december p3 2026-12-08T08:30:00-06:00"])
        #expect(loaded.droppedLines(schedule) == ["one-per-address news.december p2 2026-12-08T08:30:00-06:00"])
        let explanation = try loaded.pipeline.scheduled(asOf: "2026-11-30").explain("p2")
        #expect(
            explanation.contains(
                "december  not sent 2026-12-08T08:30:00-06:00: one copy per address: another contact at the address gets it "
                    + "(p1 gets the copy: the first by key of the contacts at family@mail.example)"), "\(explanation)")
    }

    @Test func aContactWhoGetsNothingDoesNotTakeTheHouseholdsCopy() throws {
        let loaded = try household(["one_per_address: true"], p1Subscribed: "no").load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(loaded.lines(schedule) == ["news.december p2 2026-12-08T08:30:00-06:00", "news.december p3 2026-12-08T08:30:00-06:00"])
        #expect(loaded.droppedLines(schedule) == ["no-consent news.december p1 2026-12-08T08:30:00-06:00"])
    }

    @Test(
        arguments: [
            ([], [], 3),
            ([], ["one_per_address: true"], 2),
            (["one_per_address: false"], ["one_per_address: true"], 3),
            (["one_per_address: true"], ["one_per_address: false"], 2),
        ] as [([String], [String], Int)])
    func theCampaignsSettingOverridesThePractices(campaign: [String], practice: [String], sent: Int) throws {
        let loaded = try household(campaign, practiceLines: practice).load()
        #expect(loaded.schedule(asOf: "2026-11-30").messages.count == sent)
    }
}
