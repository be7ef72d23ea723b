import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Checking a practice's contact lists")
    struct ContactProjectCheckTests {
        /// A practice folder in the temporary directory, removed when the test is done with it.
        private final class ScratchPractice {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("touchpoint-contacts-\(UUID().uuidString)", isDirectory: true)

            var path: String { url.path }

            func write(_ relativePath: String, _ text: String) throws {
                let file = url.appendingPathComponent(relativePath)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }

            deinit {
                try? FileManager.default.removeItem(at: url)
            }
        }

        private static let practiceFile = """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: America/Chicago
            unsubscribe:
              mailto: unsubscribe@lincolnpt.example

            """

        /// The repository root, which holds the example practice: four levels above this file.
        private static let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

        @Test func theExamplePracticeListsAreClean() throws {
            let result = try TestPipeline.check(practice: Self.repositoryRoot)
            let contactProblems = result.diagnostics.filter { $0.path?.hasPrefix("contacts/") == true }
            #expect(contactProblems.isEmpty, "\(contactProblems.map { TextDiagnosticRenderer().render($0) })")
            let lists = Dictionary(uniqueKeysWithValues: result.lists.map { ($0.name, $0) })
            let patients = try #require(lists["patients"])
            let referrals = try #require(lists["referral-sources"])
            #expect(patients.contacts.count == 300)
            #expect(referrals.contacts.count == 15)
            #expect(patients.path == "contacts/patients.csv")
            #expect(referrals.path == "contacts/referral-sources.yaml")
            #expect(result.suppression?.contains("Brian.Kowalski@mail.example") == true)
        }

        @Test func everyFileIsCheckedInOneRunAndSorted() throws {
            let folder = ScratchPractice()
            try folder.write("touchpoint.yaml", Self.practiceFile + "suppression: contacts/unsubscribed.txt\n")
            try folder.write("contacts/unsubscribed.txt", "nobody\n")
            try folder.write("contacts/patients.schema.yaml", ContactFixtures.minimalSchema)
            try folder.write("contacts/patients.csv", "id,first_name,email\np1,Ann,ann@@x.example\np1,Bob,bob@x.example\n")
            try folder.write("contacts/leads.schema.yaml", ContactFixtures.minimalSchema)
            try folder.write("contacts/leads.yaml", "- id: l1\n  email: l1@x\n")
            try folder.write("contacts/orphans.csv", "id\n")
            try folder.write("contacts/referrals.schema.yaml", "key: id\nemail: email\nfields:\n  id: strng\n  email: email\n")
            try folder.write("contacts/referrals.yaml", "- id: r1\n")
            let result = try TestPipeline.check(practice: URL(fileURLWithPath: folder.path))
            #expect(
                result.diagnostics.map { "\($0.path ?? ""):\(Reported($0))" } == [
                    "contacts/leads.yaml:invalid-email@2:10",
                    "contacts/orphans.csv:missing-contact-schema@0:0",
                    "contacts/patients.csv:invalid-email@2:3",
                    "contacts/patients.csv:duplicate-key@3:1",
                    "contacts/referrals.schema.yaml:unknown-field-type@4:7",
                    "contacts/unsubscribed.txt:invalid-suppression-address@1:1",
                ])
            #expect(result.lists.map(\.name) == ["leads", "patients"])
            #expect(result.suppression?.addresses.isEmpty == true)
        }

        @Test func noContactsFolderIsFine() throws {
            let folder = ScratchPractice()
            try folder.write("touchpoint.yaml", Self.practiceFile)
            let result = try TestPipeline.check(practice: URL(fileURLWithPath: folder.path))
            #expect(result.diagnostics.isEmpty)
            #expect(result.lists.isEmpty)
            #expect(result.suppression == nil)
        }
    }
}
