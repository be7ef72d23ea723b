import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    /// The exports of `docs/exports/`, as Excel (US, and EU with ';'), Google Sheets and a
    /// scheduling system write them: for each, the schema `touchpoint schema` drafts is the one
    /// beside it, and with it the export checks clean, the CSV untouched.
    @Suite("Spreadsheet exports")
    struct SpreadsheetExportTests {
        static let folder = TestLocations.repositoryRoot.appendingPathComponent("docs/exports", isDirectory: true)
        static let exports = ["excel-us", "excel-eu", "google-sheets", "emr-appointments"]

        /// The export's bytes, and the schema drafted from them as the command drafts it.
        static func draft(_ name: String) throws -> (csv: [UInt8], schema: String) {
            let csv = try [UInt8](Data(contentsOf: folder.appendingPathComponent("\(name).csv")))
            var diagnostics = DiagnosticBag()
            let schema = SchemaDrafter(today: LocalDate(year: 2026, month: 11, day: 30))
                .draft(SourceFile(path: "docs/exports/\(name).csv", bytes: csv), diagnostics: &diagnostics)
            #expect(diagnostics.isEmpty)
            return (csv, try #require(schema))
        }

        @Test(arguments: exports)
        func theDraftIsTheSchemaBesideTheExport(_ name: String) throws {
            let drafted = try Self.draft(name).schema
            let recorded = Self.folder.appendingPathComponent("\(name).schema.yaml")
            if GoldenCase.isRecording {
                try Data(drafted.utf8).write(to: recorded)
                Issue.record("recorded \(name).schema.yaml; run again without RECORD=1 to compare")
                return
            }
            #expect(drafted == (try String(contentsOf: recorded, encoding: .utf8)))
        }

        /// A practice of the export, unchanged, and its drafted schema, checked as of 2026-11-30.
        private static func practice(_ name: String, campaign: String? = nil) throws -> (ScratchFolder, CheckedPractice) {
            let (csv, schema) = try draft(name)
            let folder = try ScratchFolder()
            try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
            try folder.write("contacts/patients.csv", bytes: csv)
            try folder.write("contacts/patients.schema.yaml", schema)
            if let campaign { try folder.write("campaigns/reminders.yaml", campaign) }
            return (folder, try TestPipeline.check(practice: folder.url, asOf: "2026-11-30"))
        }

        @Test(arguments: exports)
        func theExportChecksCleanAgainstItsDraft(_ name: String) throws {
            let (_, checked) = try Self.practice(name)
            #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" })")
            let list = try #require(checked.lists.first)
            let rows =
                try String(contentsOf: Self.folder.appendingPathComponent("\(name).csv"), encoding: .utf8)
                .split(whereSeparator: \.isNewline).count - 1
            #expect(list.contacts.count == rows)
        }

        @Test func excelsTwoDigitBirthYearsAreNeverInTheFuture() throws {
            let (_, checked) = try Self.practice("excel-us")
            let list = try #require(checked.lists.first)
            let robert = try #require(list.contact(withKey: "10044"))
            #expect(list.value("birthday", of: robert) == .date(try #require(LocalDate(year: 1945, month: 1, day: 9))))
            let jordan = try #require(list.contact(withKey: "10048"))
            #expect(list.value("birthday", of: jordan) == .date(try #require(LocalDate(year: 2000, month: 12, day: 31))))
            #expect(list.value("last_name", of: robert) == .string("Smith, Jr."))
        }

        @Test func theEuropeanExportKeepsItsDayFirstDatesAndItsConsent() throws {
            let (_, checked) = try Self.practice("excel-eu")
            let list = try #require(checked.lists.first)
            let anna = try #require(list.contact(withKey: "P-2201"))
            #expect(list.value("first_visit", of: anna) == .date(try #require(LocalDate(year: 2026, month: 10, day: 5))))
            #expect(list.schema.consentField.map { list.schema.fields[$0].name } == "newsletter")
            #expect(list.value("first_name", of: try #require(list.contact(withKey: "P-2206"))) == .string("Ömer"))
        }

        @Test func theAppointmentExportAnchorsRemindersThatMergeTheTime() throws {
            let campaign = """
                campaign: appointment-reminders
                title: Appointment reminders
                audience: patients
                kind: care
                steps:
                  - id: day-before
                    send: 1 day before appt_date_time at 09:00
                    subject: 'See you {{ appt_date_time | date: "%A" }}, {{ first_name }}'
                    body: |
                      Hi {{ first_name }}, see you {{ appt_date_time | date: "%A at %-I:%M %p" }} at our {{ location }} clinic.
                  - id: two-hours-before
                    send: 2 hours before appt_date_time
                    subject: "See you soon"
                    body: "Your visit is at {{ appt_date_time | date: \\"%-I:%M %p\\" }}."

                """
            let (folder, checked) = try Self.practice("emr-appointments", campaign: campaign)
            #expect(checked.diagnostics.isEmpty, "\(checked.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" })")
            let pipeline = try TestPipeline.load(practice: folder.url)
            let messages = try pipeline.messages(asOf: "2026-11-30")
            let paths = messages.keys.sorted()
            // Sofia's 08:15 visit on Wednesday is reminded the evening before, the window's last minute.
            #expect(paths.contains("2026-12-01/1759-appointment-reminders-two-hours-before-000420.eml"))
            #expect(paths.contains("2026-12-01/1230-appointment-reminders-two-hours-before-000419.eml"))
            let body = String(decoding: messages["2026-11-30/0900-appointment-reminders-day-before-000418.eml"] ?? [], as: UTF8.self)
            #expect(body.contains("see you Tuesday at 9:00 AM at our O Street clinic."))
        }
    }
}
