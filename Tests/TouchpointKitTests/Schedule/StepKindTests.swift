import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointSchedule

private typealias Patient = SchedulePractice.Patient
private typealias Step = SchedulePractice.Step
private typealias CampaignFile = SchedulePractice.CampaignFile

/// A step's own `kind:` over its campaign's: consent, the unsubscribe headers and schedule's kind
/// follow the step.
@Suite("Scheduler: a step's kind")
struct StepKindTests {
    /// A care journey with a review request in it; p2 said no to marketing.
    private func journey(campaignKind: String, checkInKind: String?, reviewKind: String?) -> SchedulePractice {
        var practice = SchedulePractice()
        practice.patients = [
            Patient("p1", firstVisit: "2026-12-07", subscribed: "yes"), Patient("p2", firstVisit: "2026-12-07", subscribed: "no"),
        ]
        practice.campaigns = [
            CampaignFile(
                "after-care", kind: campaignKind,
                steps: [
                    Step("check-in", "1 day after first_visit at 10:00", lines: checkInKind.map { ["kind: \($0)"] } ?? []),
                    Step("review", "2 days after first_visit at 10:00", lines: reviewKind.map { ["kind: \($0)"] } ?? []),
                ])
        ]
        return practice
    }

    @Test(arguments: [("care", nil, "marketing"), ("marketing", "care", nil)] as [(String, String?, String?)])
    func consentAndHeadersFollowTheStepsKind(campaignKind: String, checkInKind: String?, reviewKind: String?) throws {
        let loaded = try journey(campaignKind: campaignKind, checkInKind: checkInKind, reviewKind: reviewKind).load()
        let schedule = loaded.schedule(asOf: "2026-11-30")
        #expect(
            loaded.lines(schedule) == [
                "after-care.check-in p1 2026-12-08T10:00:00-06:00", "after-care.check-in p2 2026-12-08T10:00:00-06:00",
                "after-care.review p1 2026-12-09T10:00:00-06:00",
            ])
        #expect(loaded.droppedLines(schedule) == ["no-consent after-care.review p2 2026-12-09T10:00:00-06:00"])
        let files = try loaded.pipeline.messages(asOf: "2026-11-30")
        #expect(files.count == 3)
        for (path, bytes) in files {
            let head = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            #expect(head.contains("List-Unsubscribe:") == path.contains("review"), "\(path)")
        }
        let csv = PlanFormatter(scheduler: loaded.scheduler, schedule: schedule).csv(messages: schedule.messages)
        #expect(csv.split(separator: "\n").filter { $0.contains(",review,") }.allSatisfy { $0.contains(",marketing,") })
        #expect(csv.split(separator: "\n").filter { $0.contains(",check-in,") }.allSatisfy { $0.contains(",care,") })
        let explanation = try loaded.pipeline.scheduled(asOf: "2026-11-30").explain("p2")
        let marked = campaignKind == "care" ? "review    (marketing) not sent" : "check-in  (care) will be sent"
        #expect(explanation.contains(marked), "\(explanation)")
    }

    @Test func aMarketingStepOfACareCampaignNeedsAnUnsubscribeLink() throws {
        var practice = journey(campaignKind: "care", checkInKind: nil, reviewKind: "marketing")
        practice.patients = [Patient("p1", firstVisit: "2026-12-07")]
        let folder = try ScratchFolder()
        try practice.write(to: folder)
        try folder.write("campaigns/layout.html", "<html><body>{{ content }}</body></html>\n")
        let checked = try TestPipeline.check(practice: folder.url)
        #expect(checked.diagnostics.map(\.id) == ["missing-unsubscribe-link"])
        #expect(
            checked.diagnostics.first?.notes.map(\.message) == [
                "marketing e-mail must let the patient opt out (CAN-SPAM, GDPR)",
                "the body of step 'review' has no '{{ unsubscribe_url }}'",
            ])
    }
}
