import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The example practice's schedule as of the Makefile's reference date, as counts per day and
/// campaign, against the committed `expected-schedule.txt`. A change to the example's data or
/// campaigns, or to the scheduler, shows here as a reviewable diff. `RECORD=1` rewrites it and
/// fails.
@Suite("Example practice schedule")
struct ExampleScheduleTests {
    static let expected = TestLocations.testsFolder.appendingPathComponent("Example/expected-schedule.txt")

    @Test func scheduleAsOfTheReferenceDateMatchesItsRecording() throws {
        let pipeline = try TestPipeline.load(
            practice: TestLocations.repositoryRoot,
            secret: "example-practice-secret-not-for-real-use")
        #expect(pipeline.diagnostics.isEmpty)
        let scheduler = pipeline.scheduler
        let schedule = try pipeline.schedule(asOf: "2026-11-30")
        var counts: [String: [String: Int]] = [:]
        for message in schedule.messages {
            counts[message.date.description, default: [:]][scheduler.campaigns[message.campaign].id, default: 0] += 1
        }
        var text = "# The example practice as of 2026-11-30: messages per day and campaign.\n"
        for day in counts.keys.sorted() {
            let line = (counts[day] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            text += "\(day): " + line.joined(separator: ", ") + "\n"
        }
        var totals: [String: Int] = [:]
        for message in schedule.messages { totals[scheduler.campaigns[message.campaign].id, default: 0] += 1 }
        text +=
            "total \(schedule.messages.count): "
            + totals.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", ") + "\n"
        text +=
            "not sent: "
            + schedule.dropTotals.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            .joined(separator: ", ") + "\n"
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try text.write(to: Self.expected, atomically: true, encoding: .utf8)
            Issue.record("recorded the example's schedule; run again without RECORD=1")
            return
        }
        let recorded = try String(contentsOf: Self.expected, encoding: .utf8)
        #expect(recorded == text)
    }
}
