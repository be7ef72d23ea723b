import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit

extension ContactsTests {
    @Suite("Schema drafts")
    struct SchemaDrafterTests {
        private func draft(_ csv: String, today: LocalDate? = nil) -> (text: String?, diagnostics: [Diagnostic]) {
            var bag = DiagnosticBag()
            let text = SchemaDrafter(today: today).draft(SourceFile(path: "contacts/people.csv", text: csv), diagnostics: &bag)
            return (text, bag.diagnostics)
        }

        /// The lines of the draft that define fields and roles, without comments.
        private func lines(_ text: String?) -> [String] {
            (text ?? "").split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
                .map { $0.split(separator: "#", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? $0 }
        }

        @Test func namesCollideOrAreWordsOfTheLanguage() {
            let (text, _) = draft("ID,Email,Contact,Today,E mail,E-mail,\nx1,a@mail.example,Ann,a,b,c,\n")
            let fields = lines(text).filter { $0.contains("{ type:") }
            #expect(
                fields == [
                    "id: { type: string, required: true, column: \"ID\" }",
                    "email: { type: email, required: true, column: \"Email\" }",
                    "contact_field: { type: string, required: true, column: \"Contact\" }",
                    "today_field: { type: string, required: true, column: \"Today\" }",
                    "e_mail: { type: string, required: true, column: \"E mail\" }",
                    "e_mail_2: { type: string, required: true, column: \"E-mail\" }",
                ])
            #expect(text?.contains("# column 7 has no name; its values are left out") == true)
        }

        @Test func aColumnWithoutADayAbove12IsMarkedForChecking() {
            let (text, _) = draft("id,email,seen\np1,a@mail.example,03/04/2026\np2,b@mail.example,05/06/2026\n")
            #expect(lines(text).contains("seen: { type: date, required: true, format: \"%m/%d/%Y\" }"))
            #expect(text?.contains("CHECK: dates that read both as %m/%d/%Y and as %d/%m/%Y") == true)
        }

        @Test func withoutAColumnFilledAndDifferentInEveryRowTheKeyIsMarkedForChecking() {
            let (text, _) = draft("name,email\nAnn,a@mail.example\nAnn,\n")
            #expect(text?.contains("key: name  # CHECK: no column is filled in and different in every row") == true)
        }

        @Test func aBirthDateLaterThanTodayIsNotMarkedPast() throws {
            let today = try #require(LocalDate(year: 2026, month: 11, day: 30))
            let (text, _) = draft("id,email,date_of_birth\np1,a@mail.example,2031-01-01\n", today: today)
            #expect(lines(text).contains("date_of_birth: { type: date, required: true }"))
            let (past, _) = draft("id,email,date_of_birth\np1,a@mail.example,1961-01-01\n", today: today)
            #expect(lines(past).contains("date_of_birth: { type: date, required: true, past: true }"))
        }

        @Test func codesKeepTheirLeadingZerosAsText() {
            let (text, _) = draft("id,email,zip,visits\np1,a@mail.example,02134,3\np2,b@mail.example,68508,12\n")
            #expect(lines(text).contains("zip: { type: string, required: true }"))
            #expect(lines(text).contains("visits: { type: integer, required: true }"))
        }

        @Test func aBrokenExportDraftsNothing() {
            let (text, diagnostics) = draft("id,email\np1,\"a@mail.example\n")
            #expect(text == nil)
            #expect(diagnostics.map(\.id) == ["csv-unterminated-quote"])
        }
    }
}
