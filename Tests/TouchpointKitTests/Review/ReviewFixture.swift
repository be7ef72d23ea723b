import Foundation
import Testing
@testable import TouchpointKit

/// A small practice for the review's tests (America/Chicago, Monday to Friday 08:00–18:00, at most
/// one marketing message an address in 7 days): four active patients with visits in early
/// December 2026, a care reminder the day before each visit, and a newsletter on Tuesday
/// 8 December with a paragraph only runners get. Built as of Monday 30 November.
final class ReviewFixture {
    let scratch: ScratchFolder
    let folder: PracticeFolder

    static let patients = """
        id,first_name,email,status,visit,tags
        p1,Ana,ana@mail.example,active,2026-12-01,runner
        p2,Ben,ben@mail.example,active,2026-12-02,
        p3,Cleo,cleo@mail.example,active,2026-12-03,runner
        p4,Dev,dev@mail.example,active,2026-12-04,

        """

    static let newsletter = """
        campaign: news
        title: December news
        audience: patients
        kind: marketing
        priority: 1
        where: status == "active"
        steps:
          - id: december
            send: on 2026-12-08 at 10:00
            subject: "December at the clinic, {{ first_name }}"
            body: |
              Hi {{ first_name }},

              Our December hours are 7 to 7.
              {% if "runner" in tags %}The running clinic is on Thursdays.{% endif %}

        """

    init() throws {
        scratch = try ScratchFolder()
        try scratch.write(
            "touchpoint.yaml",
            """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: America/Chicago
            unsubscribe:
              mailto: unsubscribe@lincolnpt.example
            limits:
              marketing_per_contact: 1 per 7 days
            suppression: contacts/unsubscribed.txt

            """)
        try scratch.write("contacts/unsubscribed.txt", "# one address a line\n")
        try scratch.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              first_name: { type: string, required: true }
              email: { type: email, required: true }
              status: { type: enum, values: [active, discharged] }
              visit: date
              tags: { type: list, separator: ";" }

            """)
        try scratch.write("contacts/patients.csv", Self.patients)
        try scratch.write(
            "campaigns/reminder.yaml",
            """
            campaign: reminder
            title: Visit reminder
            audience: patients
            kind: care
            steps:
              - id: day-before
                send: 1 day before visit at 09:00
                subject: "See you soon, {{ first_name }}"
                body: See you at your visit.

            """)
        try scratch.write("campaigns/news.yaml", Self.newsletter)
        folder = PracticeFolder(root: scratch.path)
    }

    static let asOf = "2026-11-30"

    func request(_ asOf: String = ReviewFixture.asOf) -> ScheduleRequest { ScheduleRequest(asOf: asOf, now: 0) }

    /// The practice, checked and scheduled; it must check.
    func scheduled(_ asOf: String = ReviewFixture.asOf) throws -> ScheduledPractice {
        let checked = try folder.check(request(asOf))
        #expect(checked.errorCount == 0, "\(checked.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" })")
        return try #require(try folder.schedule(checked, request(asOf)))
    }

    /// Builds; the outbox must be written. Returns what the build reported.
    @discardableResult
    func build(_ asOf: String = ReviewFixture.asOf) throws -> OutboxReport {
        let outcome = try folder.build(request(asOf), allowRemovals: true)
        guard case .built(_, _, let report, _) = outcome else {
            Issue.record("the build did not write the outbox: \(outcome)")
            throw Failed()
        }
        return report
    }

    struct Failed: Error {}

    func write(_ path: String, _ text: String) throws { try scratch.write(path, text) }
}
