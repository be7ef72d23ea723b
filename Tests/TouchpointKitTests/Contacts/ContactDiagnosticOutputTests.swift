import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    /// What users and CI logs see of contact diagnostics: exact excerpts, no PHI outside a terminal,
    /// floods summarised.
    @Suite("Contact diagnostics as printed")
    struct ContactDiagnosticOutputTests {
        @Test func caretsUnderNonASCIINames() {
            let data = """
                id,first_name,last_name,email
                p1,José,Núñez,jose@@x.example
                p2,小龙,李,li@x

                """
            let diagnostics = ContactFixtures.read(data, schema: ContactFixtures.minimalSchema).diagnostics
            let renderer = TextDiagnosticRenderer()
            #expect(diagnostics.count == 2)
            #expect(
                renderer.render(diagnostics[0]) == """
                    contacts/patients.csv:2:4: error: 'jose@@x.example' is not an e-mail address: an address has exactly one '@' [invalid-email]
                      |
                    1 | id,first_name,last_name,email
                    2 | p1,José,Núñez,jose@@x.example
                      |               ^^^^^^^^^^^^^^^
                    3 | p2,小龙,李,li@x

                    """)
            #expect(
                renderer.render(diagnostics[1]) == """
                    contacts/patients.csv:3:4: error: 'li@x' is not an e-mail address: the domain after '@' has no '.', as in 'example.com' [invalid-email]
                      |
                    2 | p1,José,Núñez,jose@@x.example
                    3 | p2,小龙,李,li@x
                      |            ^^^^

                    """)
        }

        @Test func caretUnderAnEnumAfterCombiningMarks() {
            // "Zoë" written with a combining diaeresis: four scalars, three characters.
            let data = "id,first_name,email,status\np1,Zoe\u{308},z@x.example,activ\n"
            let schema = """
                key: id
                email: email
                fields:
                  id: string
                  first_name: string
                  email: email
                  status: { type: enum, values: [active, lapsed] }

                """
            let diagnostics = ContactFixtures.read(data, schema: schema).diagnostics
            #expect(
                TextDiagnosticRenderer().render(diagnostics[0]) == """
                    contacts/patients.csv:2:4: error: 'activ' is not one of the values of 'status' [unknown-enum-value]
                      |
                    1 | id,first_name,email,status
                    2 | p1,Zoe\u{308},z@x.example,activ
                      |                    ^^^^^
                      = note: 'status' takes: active, lapsed
                      = help: did you mean 'active'?

                    """)
        }

        /// Every kind of problem in one file, each value marked with `Zq9` so that a leak shows.
        private static let leakyData = """
            \(ContactFixtures.patientsHeader)
            p1,Zq9Ann,Zq9Lee,zq9@@mail.example,Zq9activ,Zq9-11-03,02/30/Zq9,1980-05-17,runner,Zq9,Zq9,Zq9/Chicago
            p2,Zq9Bob,Zq9"Stark,p2@mail.example,active,2026-11-03,,1980-05-17,runner,7,yes,America/Chicago
            p3,,Zq9Young,p3@mail.example,active
            p1,Zq9Di,Zq9Ray,zq9.shared@mail.example,active,2026-11-03,,1980-05-17,runner,7,yes,America/Chicago
            p4,Zq9Ed,Zq9Fox,Zq9.Shared@mail.example,active,2026-11-03,,1980-05-17,runner,7,yes,America/Chicago
            p5,Zq9Flo,Zq9Gray,zq9.shared@mail.example,active,2026-11-03,,1980-05-17,runner,7,yes,America/Chicago
            p6,,Zq9Hu,p6@mail.example,active,2026-11-03,,1980-05-17,"Zq9

            """

        @Test func valuesNeverReachGitHubOrJSONOutput() {
            let diagnostics = ContactFixtures.read(Self.leakyData).diagnostics
            let ids = Set(diagnostics.map(\.id))
            #expect(
                ids.isSuperset(of: [
                    "invalid-email", "unknown-enum-value", "invalid-date", "invalid-integer", "invalid-boolean", "unknown-time-zone",
                    "csv-stray-quote", "csv-field-count", "duplicate-key", "shared-email", "csv-unterminated-quote",
                ]))
            let github = DiagnosticSummarizer().summarize(diagnostics)
                .map { GitHubDiagnosticRenderer().render($0.diagnostic, suppressed: $0.suppressed) }.joined()
            let json = JSONDiagnosticRenderer().render(diagnostics)
            let redactedText = diagnostics.map { TextDiagnosticRenderer(redact: true).render($0) }.joined()
            for output in [github, json, redactedText] {
                #expect(!output.lowercased().contains("zq9"), "\(output)")
            }
            // On a terminal the values are shown, since that is where they are fixed.
            let local = diagnostics.map { TextDiagnosticRenderer().render($0) }.joined()
            #expect(local.contains("'zq9@@mail.example' is not an e-mail address"))
            #expect(local.contains("Zq9Ann"))
        }

        @Test func aFloodOfOneProblemIsSummarised() {
            var lines = [ContactFixtures.patientsHeader]
            for index in 0..<10_000 {
                lines.append(ContactFixtures.patientRow("p\(index)", ["birthday": "05/17/1980"]))
            }
            let (list, diagnostics) = ContactFixtures.read(lines.joined(separator: "\n") + "\n")
            #expect(diagnostics.count == 10_000)
            #expect(Set(diagnostics.map { $0.message.text(redacting: true) }) == ["'birthday' is not a date in the form YYYY-MM-DD"])
            #expect(list?.contacts.count == 10_000)
            let summary = DiagnosticSummarizer().summarize(diagnostics)
            let github = summary.map { GitHubDiagnosticRenderer().render($0.diagnostic, suppressed: $0.suppressed) }.joined()
            let outputLines = github.split(separator: "\n")
            #expect(outputLines.count == 5)
            #expect(github.contains("and 9,995 more like this"))
            #expect(!github.contains("05/17/1980"))
            #expect(outputLines.first?.hasPrefix("::error file=contacts/patients.csv,line=2,col=8,") == true)
        }
    }
}
