import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    /// Which diagnostics are about one contact's row, and which contact: what a build that keeps
    /// going holds back rather than stopping for everyone.
    @Suite("Diagnostics that name their contact row")
    struct ContactRowTests {
        private let header = ContactFixtures.patientsHeader

        private func read(_ rows: [String], header: String? = nil) -> [Diagnostic] {
            ContactFixtures.read(([header ?? self.header] + rows).joined(separator: "\n") + "\n").diagnostics
        }

        private func row(_ key: String, _ cells: [String: String] = [:]) -> String {
            ContactFixtures.patientRow(key, cells)
        }

        private func rows(_ diagnostics: [Diagnostic]) -> [String] {
            diagnostics.map { diagnostic in
                let row = diagnostic.contactRow.map { "\($0.path):\($0.row) \($0.key ?? "no key")" } ?? "none"
                return "\(diagnostic.id) \(row)"
            }
        }

        @Test func aBadValueAndAMissingOneNameTheirContacts() {
            let diagnostics = read([
                row("p1"),
                row("p2", ["first_visit": "2026-02-30"]),
                row("p3", ["email": ""]),
                row("p4", ["status": "activ", "nps": "x"]),
            ])
            #expect(
                rows(diagnostics) == [
                    "invalid-date contacts/patients.csv:3 p2",
                    "missing-value contacts/patients.csv:4 p3",
                    "unknown-enum-value contacts/patients.csv:5 p4",
                    "invalid-integer contacts/patients.csv:5 p4",
                ])
        }

        @Test func aRowWithoutAReadableKeyNamesNoContact() {
            let diagnostics = read([row("p1"), row("", ["email": "x@mail.example"])])
            #expect(rows(diagnostics) == ["missing-value contacts/patients.csv:3 no key"])
        }

        @Test func aRowTheReaderCannotSplitNamesNoContact() {
            let diagnostics = read([row("p1"), row("p2") + ",extra", row("p3")])
            #expect(rows(diagnostics) == ["csv-field-count contacts/patients.csv:3 no key"])
        }

        @Test func collidingKeysNameBothContacts() {
            let diagnostics = read([row("P1"), row("p2"), row("p1")])
            #expect(
                rows(diagnostics) == [
                    "colliding-key contacts/patients.csv:2 P1",
                    "colliding-key contacts/patients.csv:4 p1",
                ])
        }

        @Test func aRepeatedKeyNamesTheRepeatingRow() {
            let diagnostics = read([row("p1"), row("p1", ["email": "other@mail.example"])])
            #expect(rows(diagnostics) == ["duplicate-key contacts/patients.csv:3 p1"])
        }

        @Test func problemsOfTheHeaderOrTheWholeFileNameNoContact() {
            let diagnostics = read([row("p1") + ",a note"], header: header + ",notes")
            #expect(rows(diagnostics) == ["unknown-column none"])
            let empty = ContactFixtures.read(header + "\n", schema: ContactFixtures.patientsSchema + "min_rows: 1\n").diagnostics
            #expect(rows(empty) == ["too-few-rows none"])
        }

        @Test func aYAMLContactIsNamedByTheLineItStartsOn() {
            let (_, diagnostics) = ContactFixtures.read(
                """
                - id: p1
                  first_name: Ann
                  email: p1@mail.example
                - id: p2
                  first_name: Bo
                  email: p2@mail.example
                  first_visit: someday
                - first_name: Cy
                  email: p3@mail.example

                """, path: "contacts/patients.yaml")
            #expect(
                rows(diagnostics) == [
                    "invalid-date contacts/patients.yaml:4 p2",
                    "missing-value contacts/patients.yaml:8 no key",
                ])
        }
    }
}
