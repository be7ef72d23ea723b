import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Contacts folder")
    struct ContactFolderTests {
        private func lists(_ names: [String]) -> (lists: [ContactListFiles], diagnostics: [Diagnostic]) {
            var bag = DiagnosticBag()
            let lists = ContactFolder().lists(fileNames: names, diagnostics: &bag)
            return (lists, bag.sorted)
        }

        @Test func pairsSchemasWithData() {
            let (found, diagnostics) = lists([
                "patients.csv", "patients.schema.yaml", "referrals.schema.yaml", "referrals.yaml",
                "unsubscribed.txt", "README.md",
            ])
            #expect(diagnostics.isEmpty)
            #expect(
                found == [
                    ContactListFiles(name: "patients", schemaPath: "contacts/patients.schema.yaml", dataPath: "contacts/patients.csv"),
                    ContactListFiles(name: "referrals", schemaPath: "contacts/referrals.schema.yaml", dataPath: "contacts/referrals.yaml"),
                ])
        }

        @Test func orphansAndDoubles() {
            let (found, diagnostics) = lists(["a.csv", "b.schema.yaml", "c.schema.yaml", "c.csv", "c.yaml", "d.yaml"])
            #expect(found.isEmpty)
            #expect(
                diagnostics.map { "\($0.id) \($0.path ?? "")" } == [
                    "missing-contact-schema contacts/a.csv",
                    "missing-contact-data contacts/b.schema.yaml",
                    "ambiguous-contact-data contacts/c.schema.yaml",
                    "missing-contact-schema contacts/d.yaml",
                ])
            #expect(diagnostics.allSatisfy { $0.severity == .error })
        }

        @Test func fileNamesKeepTheirCase() {
            let (found, diagnostics) = lists(["Patients.CSV", "Patients.Schema.YAML"])
            #expect(diagnostics.isEmpty)
            #expect(
                found == [
                    ContactListFiles(
                        name: "Patients", schemaPath: "contacts/Patients.Schema.YAML",
                        dataPath: "contacts/Patients.CSV")
                ])
        }

        @Test func filesThatLookMeantForAList() {
            let (_, diagnostics) = lists(["patients.xlsx", "patients.schema.yml", "notes.txt"])
            #expect(diagnostics.map(\.id) == ["unrecognized-contact-file", "unrecognized-contact-file"])
            #expect(diagnostics.allSatisfy { $0.severity == .warning })
        }
    }
}
