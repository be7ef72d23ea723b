import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointSchedule

/// `plan --campaign` and `--contact` count what is not sent for that campaign or contact alone
/// (`ScheduledPractice.notSent`). On the example practice, the campaigns' totals, and the
/// contacts', add up to the whole schedule's, reason by reason.
@Suite struct FilteredTotalsTests {
    @Test(arguments: ["2026-11-30", "2027-01-04"])
    func campaignAndContactTotalsAddUpToTheWhole(_ asOf: String) throws {
        let pipeline = try TestPipeline.load(practice: TestLocations.repositoryRoot, secret: "example-practice-secret-not-for-real-use")
        let scheduled = try pipeline.scheduled(asOf: asOf)
        let whole = scheduled.schedule.dropTotals.filter { $0.value > 0 }
        #expect(whole[.past] ?? 0 > 0 && whole[.beyondHorizon] ?? 0 > 0, "the example has past and later messages: \(whole)")
        var byCampaign: [DropReason: Int] = [:]
        for campaign in scheduled.scheduler.campaigns {
            byCampaign.merge(try scheduled.notSent(campaign: campaign.id), uniquingKeysWith: +)
        }
        #expect(byCampaign.filter { $0.value > 0 } == whole)
        var byContact: [DropReason: Int] = [:]
        let keys = Set(scheduled.scheduler.lists.flatMap { $0.contacts.map(\.key) })
        for key in keys {
            byContact.merge(try scheduled.notSent(contact: key), uniquingKeysWith: +)
        }
        #expect(byContact.filter { $0.value > 0 } == whole)
    }
}
