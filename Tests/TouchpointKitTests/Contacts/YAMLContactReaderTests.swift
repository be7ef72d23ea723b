import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Contacts from YAML")
    struct YAMLContactReaderTests {
        private func read(_ yaml: String) -> (list: ContactList?, diagnostics: [Diagnostic]) {
            ContactFixtures.read(yaml, path: "contacts/patients.yaml")
        }

        @Test func rowsAreTypedLikeCells() throws {
            let (list, diagnostics) = read(
                """
                - id: p1
                  first_name: José
                  email: jose@mail.example
                  status: Active
                  tags: [runner, " post-op "]
                  nps: 7
                  subscribed: no
                - id: p2
                  first_name: Ann
                  email: ann@mail.example
                  tags: "a; b"
                  discharge_date: 11/20/2026
                  last_name: ~

                """)
            #expect(diagnostics.isEmpty)
            let contacts = try #require(list?.contacts)
            #expect(contacts.map(\.key) == ["p1", "p2"])
            #expect(contacts.map(\.row) == [1, 8])
            #expect(contacts[0][field: 4] == .enumCase("active"))
            #expect(contacts[0][field: 8] == .list(["runner", "post-op"]))
            #expect(contacts[0][field: 9] == .integer(7))
            #expect(contacts[0][field: 10] == .boolean(false))
            #expect(contacts[1][field: 8] == .list(["a", "b"]))
            #expect(contacts[1][field: 6] == .date(try #require(LocalDate(year: 2026, month: 11, day: 20))))
            #expect(contacts[1][field: 2] == nil)
            #expect(contacts[1][field: 10] == .boolean(true))
        }

        @Test func problemsHaveLinesAndColumns() throws {
            let (_, diagnostics) = read(
                """
                - id: p1
                  first_name: Ann
                  email: ann@@mail.example
                  status: activ
                  frist_name: Ann
                - id: p1
                  first_name: Bob
                  email: bob@mail.example
                - first_name: Cy
                  email: cy@mail.example
                - just text
                - id: p4
                  email: [a@mail.example]
                  first_name: Di

                """)
            #expect(
                diagnostics.reported == [
                    Reported("invalid-email", 3, 10), Reported("unknown-enum-value", 4, 11), Reported("unknown-contact-field", 5, 3),
                    Reported("duplicate-key", 6, 7), Reported("missing-value", 9, 3), Reported("expected-mapping", 11, 3),
                    Reported("wrong-type", 13, 10),
                ])
            #expect(diagnostics[1].help == ["did you mean 'active'?"])
            #expect(diagnostics[2].help == ["did you mean 'first_name'?"])
            #expect(diagnostics[3].notes.map(\.message) == ["line 1 has the same key"])
            #expect(diagnostics[4].message.text == "'id' is required but has no value")
            #expect(diagnostics.allSatisfy { $0.message.redactedText != nil })
        }

        @Test func theFileMustBeAList() {
            #expect(read("id: p1\n").diagnostics.map(\.id) == ["expected-list"])
            #expect(read("").diagnostics.isEmpty)
        }

        @Test func syntaxErrorsAreMarkedAsContactData() {
            let (list, diagnostics) = read("- id: p1\n  email: \"unclosed\n")
            #expect(list == nil)
            #expect(diagnostics.map(\.id) == ["yaml-syntax"])
            #expect(diagnostics.allSatisfy { $0.message.redactedText != nil })
        }
    }
}
