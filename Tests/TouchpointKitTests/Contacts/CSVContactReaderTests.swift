import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Contacts from CSV")
    struct CSVContactReaderTests {
        private let header = ContactFixtures.patientsHeader

        private func read(_ rows: [String], header: String? = nil) -> (list: ContactList?, diagnostics: [Diagnostic]) {
            ContactFixtures.read(([header ?? self.header] + rows).joined(separator: "\n") + "\n")
        }

        private func row(_ key: String, _ cells: [String: String] = [:]) -> String {
            ContactFixtures.patientRow(key, cells)
        }

        @Test func typedValues() throws {
            let (list, diagnostics) = ContactFixtures.read(
                """
                \(header)
                p1,José,Núñez,Jose.Nunez@Mail.example,Active,2026-11-03,11/20/2026,1980-05-17, runner ; post-op ;; ,7,Y,America/Denver
                p2,李,小龙,li@mail.example,prospect,,,,,,,

                """)
            #expect(diagnostics.isEmpty)
            let contacts = try #require(list?.contacts)
            #expect(contacts.map(\.key) == ["p1", "p2"])
            #expect(contacts.map(\.row) == [2, 3])
            let first = contacts[0]
            #expect(
                first.values == [
                    .string("p1"), .string("José"), .string("Núñez"), .email("Jose.Nunez@Mail.example"), .enumCase("active"),
                    .date(try #require(LocalDate(year: 2026, month: 11, day: 3))),
                    .date(try #require(LocalDate(year: 2026, month: 11, day: 20))),
                    .date(try #require(LocalDate(year: 1980, month: 5, day: 17))),
                    .list(["runner", "post-op"]), .integer(7), .boolean(true), .timeZone("America/Denver"),
                ])
            // Empty cells are absent, except where the schema gives a default.
            #expect(contacts[1].values[5...9].allSatisfy { $0 == nil })
            #expect(contacts[1][field: 10] == .boolean(true))
            #expect(contacts[1][field: 11] == nil)
            #expect(list?.value("first_name", of: contacts[1]) == .string("李"))
            #expect(list?.email(of: contacts[0]) == "Jose.Nunez@Mail.example")
            #expect(first[field: 3]?.emailAddress == EmailAddress(localPart: "Jose.Nunez", domain: "Mail.example"))
        }

        @Test(arguments: [
            ("true", true), ("FALSE", false), ("yes", true), ("No", false), ("y", true), ("N", false), ("1", true), ("0", false),
            (" yes ", true),
        ])
        func booleans(cell: String, value: Bool) throws {
            let (list, diagnostics) = read([row("p1", ["subscribed": cell])])
            #expect(diagnostics.isEmpty)
            #expect(try #require(list?.contacts.first)[field: 10] == .boolean(value))
        }

        @Test func typedCellsAreTrimmed() throws {
            let (list, diagnostics) = read([
                row(
                    "p1",
                    [
                        "status": " active ", "nps": " 7 ", "first_visit": " 2026-11-03",
                        "email": " p1@mail.example ", "first_name": "  Ann ",
                    ])
            ])
            #expect(diagnostics.isEmpty)
            let contact = try #require(list?.contacts.first)
            #expect(contact[field: 1] == .string("Ann"))
            #expect(contact[field: 3] == .email("p1@mail.example"))
            #expect(contact[field: 4] == .enumCase("active"))
            #expect(contact[field: 9] == .integer(7))
        }

        @Test func blankCellsAreAbsent() throws {
            let (list, diagnostics) = read([row("p1", ["last_name": "   ", "tags": " ; ;"])])
            #expect(diagnostics.isEmpty)
            let contact = try #require(list?.contacts.first)
            #expect(contact[field: 2] == nil)
            #expect(contact[field: 8] == nil)
        }

        /// One bad cell at a time: its ID, its row and column, and what the messages say.
        @Test(arguments: [
            (
                "email", "jane@@x.example", "invalid-email", 4,
                "'jane@@x.example' is not an e-mail address: an address has exactly one '@'",
                "'email' is not an e-mail address: an address has exactly one '@'"
            ),
            (
                "email", "jane@x", "invalid-email", 4,
                "'jane@x' is not an e-mail address: the domain after '@' has no '.', as in 'example.com'",
                "'email' is not an e-mail address: the domain after '@' has no '.', as in 'example.com'"
            ),
            (
                "email", "jane@x.com;bob@y.com", "invalid-email", 4,
                "'jane@x.com;bob@y.com' is not an e-mail address: it holds more than one address (separated by ';'); give one address per contact",
                "'email' is not an e-mail address: it holds more than one address (separated by ';'); give one address per contact"
            ),
            (
                "status", "activ", "unknown-enum-value", 5,
                "'activ' is not one of the values of 'status'", "'status' holds a value it does not take"
            ),
            (
                "first_visit", "2026-11-3", "invalid-date", 6,
                "'2026-11-3' is not a date in the form YYYY-MM-DD", "'first_visit' is not a date in the form YYYY-MM-DD"
            ),
            (
                "first_visit", "2026-02-30", "invalid-date", 6,
                "'2026-02-30' is not a date: February 2026 has 28 days, not 30", "'first_visit' is not a date in the form YYYY-MM-DD"
            ),
            (
                "discharge_date", "02/30/2026", "invalid-date", 7,
                "'02/30/2026' is not a date: February 2026 has 28 days, not 30", "'discharge_date' is not a date in the format %m/%d/%Y"
            ),
            (
                "discharge_date", "2026-11-20", "invalid-date", 7,
                "'2026-11-20' is not a date in the format %m/%d/%Y", "'discharge_date' is not a date in the format %m/%d/%Y"
            ),
            ("nps", "11", "value-out-of-range", 10, "11 is more than 10, the maximum of 'nps'", "'nps' is more than its maximum 10"),
            ("nps", "-1", "value-out-of-range", 10, "-1 is less than 0, the minimum of 'nps'", "'nps' is less than its minimum 0"),
            ("nps", "7.5", "invalid-integer", 10, "'7.5' is not a whole number", "'nps' is not a whole number"),
            ("subscribed", "maybe", "invalid-boolean", 11, "'maybe' is not true or false", "'subscribed' is not true or false"),
            (
                "timezone", "America/Chicgo", "unknown-time-zone", 12,
                "'America/Chicgo' is not an IANA time zone", "'timezone' is not an IANA time zone"
            ),
            ("timezone", "CST", "unknown-time-zone", 12, "'CST' is not an IANA time zone", "'timezone' is not an IANA time zone"),
        ])
        func badCell(field: String, cell: String, id: String, column: Int, text: String, redacted: String) throws {
            let (list, diagnostics) = read([row("p0", [:]), row("p1", [field: cell])])
            #expect(diagnostics.reported == [Reported(id, 3, column)])
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.message.text == text)
            #expect(diagnostic.message.redactedText == redacted)
            #expect(diagnostic.primary?.span.text == cell)
            // The contact is kept without the bad value.
            #expect(list?.contacts.count == 2)
            #expect(list?.contacts.last?[field: column - 1] == nil)
        }

        @Test func didYouMean() {
            let enumCase = read([row("p1", ["status": "activ"])]).diagnostics
            #expect(enumCase.first?.help == ["did you mean 'active'?"])
            #expect(enumCase.first?.notes.map(\.message) == ["'status' takes: prospect, active, discharged, lapsed"])
            let zone = read([row("p1", ["timezone": "America/Chicgo"])]).diagnostics
            #expect(zone.first?.help.first == "did you mean 'America/Chicago'?")
            let date = read([row("p1", ["discharge_date": "2026-11-20"])]).diagnostics
            #expect(
                date.first?.help == [
                    "this date is in the ISO form YYYY-MM-DD: remove 'format' from field 'discharge_date' in 'contacts/patients.schema.yaml'"
                ])
        }

        @Test func requiredValueMissing() {
            let (list, diagnostics) = read([row("p1", ["first_name": ""]), row("p2", ["email": "  "])])
            #expect(diagnostics.reported == [Reported("missing-value", 2, 2), Reported("missing-value", 3, 4)])
            #expect(diagnostics[0].message.text == "'first_name' is required but has no value")
            #expect(list?.contacts.count == 2)
        }

        @Test func keyMissing() {
            let (list, diagnostics) = read([row("", ["email": "nokey@mail.example"])])
            #expect(diagnostics.reported == [Reported("missing-value", 2, 1)])
            #expect(list?.contacts.isEmpty == true)
        }

        @Test func duplicateKeyNamesBothRows() throws {
            let (list, diagnostics) = read([row("p1"), row("p2"), row("p1", ["email": "other@mail.example"])])
            #expect(diagnostics.reported == [Reported("duplicate-key", 4, 1)])
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.message.text == "duplicate key 'p1'")
            #expect(diagnostic.message.redactedText == "duplicate key in 'id'")
            #expect(diagnostic.notes.map(\.message) == ["row 2 has the same key"])
            #expect(diagnostic.notes.first?.span?.start.line == 2)
            #expect(list?.contacts.map(\.key) == ["p1", "p2"])
        }

        @Test func sharedAddressIsAWarningListingTheKeys() throws {
            let (list, diagnostics) = read([
                row("p1", ["email": "garcia@mail.example"]), row("p2", ["email": "other@mail.example"]),
                row("p3", ["email": "Garcia@Mail.example"]), row("p4", ["email": "GARCIA@mail.example"]),
            ])
            #expect(diagnostics.reported == [Reported("shared-email", 4, 4)])
            let diagnostic = try #require(diagnostics.first)
            #expect(diagnostic.severity == .warning)
            #expect(diagnostic.message.text == "3 contacts share the address 'Garcia@Mail.example': 'p1', 'p3', 'p4'")
            #expect(diagnostic.message.redactedText == "3 contacts share an address: 'p1', 'p3', 'p4'")
            #expect(list?.contacts.count == 4)
        }

        @Test func sharedAddressesCanBeDeclaredExpectedOrForbidden() {
            let rows = [row("p1", ["email": "a@mail.example"]), row("p2", ["email": "A@mail.example"])]
            let expected = ContactFixtures.patientsSchema.replacingAll(
                "email: { type: email, required: true }",
                with: "email: { type: email, required: true, unique: false }")
            #expect(ContactFixtures.read(([header] + rows).joined(separator: "\n"), schema: expected).diagnostics.isEmpty)
            let forbidden = ContactFixtures.patientsSchema.replacingAll(
                "email: { type: email, required: true }",
                with: "email: { type: email, required: true, unique: true }")
            let diagnostics = ContactFixtures.read(([header] + rows).joined(separator: "\n"), schema: forbidden).diagnostics
            #expect(diagnostics.reported == [Reported("duplicate-value", 3, 4)])
            #expect(diagnostics.first?.notes.map(\.message) == ["row 2 has the same value"])
        }

        @Test func uniqueField() {
            let schema = ContactFixtures.patientsSchema.replacingAll(
                "nps: { type: integer, min: 0, max: 10 }",
                with: "nps: { type: integer, unique: true }")
            let data = [header, row("p1", ["nps": "7"]), row("p2", ["nps": "07"]), row("p3", ["nps": "8"])].joined(separator: "\n")
            #expect(ContactFixtures.read(data, schema: schema).diagnostics.reported == [Reported("duplicate-value", 3, 10)])
        }

        @Test func unknownColumnIsOneWarningNotOnePerRow() throws {
            let (list, diagnostics) = read(
                [row("p1") + ",555-0100", row("p2") + ",555-0101", row("p3") + ","],
                header: header + ",phone")
            #expect(diagnostics.reported == [Reported("unknown-column", 1, 13)])
            #expect(diagnostics[0].severity == .warning)
            #expect(list?.contacts.count == 3)
        }

        @Test func misspeltColumnSuggestsTheField() {
            let misspelt = header.replacingAll("first_name", with: "frist_name")
            let (_, diagnostics) = read([row("p1"), row("p2")], header: misspelt)
            #expect(diagnostics.reported == [Reported("missing-column", 1, 1), Reported("unknown-column", 1, 2)])
            #expect(diagnostics[1].help == ["did you mean 'first_name'?"])
        }

        @Test func requiredColumnMissingIsOneError() {
            let header = "id,first_name,last_name"
            let (list, diagnostics) = read(["p1,Ann,Lee", "p2,Bob,Stark", "p3,Cy,Young"], header: header)
            #expect(diagnostics.reported == [Reported("missing-column", 1, 1)])
            #expect(diagnostics[0].message.text == "the header has no column 'email', a required field")
            #expect(list?.contacts.count == 3)
        }

        @Test func repeatedAndUnnamedColumns() {
            let (_, diagnostics) = read(["p1,Ann,p1@mail.example,Ann,"], header: "id,first_name,email,first_name,")
            #expect(diagnostics.reported == [Reported("duplicate-column", 1, 4), Reported("unnamed-column", 1, 5)])
        }

        @Test func headerOnlyIsAnEmptyList() throws {
            let (list, diagnostics) = read([])
            #expect(diagnostics.isEmpty)
            #expect(try #require(list).contacts.isEmpty)
        }

        @Test func emptyFileHasNoHeader() {
            let (_, diagnostics) = ContactFixtures.read("")
            #expect(diagnostics.map(\.id) == ["csv-missing-header"])
        }

        @Test func blankRowsAreSkipped() throws {
            let (list, diagnostics) = read([row("p1"), ",,,,,,,,,,,", row("p2")])
            #expect(diagnostics.isEmpty)
            #expect(try #require(list).contacts.map(\.row) == [2, 4])
        }

        @Test func embeddedLineBreakThenALaterError() {
            let data = """
                \(header)
                \(row("p1", ["last_name": "\"Lee\nSmith\""]))
                \(row("p2", ["tags": "\"runner;\n\"\"post-op\"\"\""]))
                \(row("p3", ["email": "p3@@mail.example"]))

                """
            let (list, diagnostics) = ContactFixtures.read(data)
            #expect(diagnostics.reported == [Reported("invalid-email", 4, 4)])
            #expect(diagnostics.first?.primary?.span.start.line == 6)
            #expect(list?.contacts.map(\.row) == [2, 3, 4])
            #expect(list?.contacts[0][field: 2] == .string("Lee\nSmith"))
            #expect(list?.contacts[1][field: 8] == .list(["runner", "\"post-op\""]))
        }

        @Test func byteOrderMarkCRLFAndSemicolonExport() throws {
            let schema = ContactFixtures.patientsSchema.replacingAll(
                "consent: subscribed\n", with: "consent: subscribed\ndelimiter: \";\"\n")
            let text =
                header.replacingAll(",", with: ";") + "\r\n"
                + "p1;José;\"Núñez; Jr.\";jose@mail.example;active;2026-11-03;11/20/2026;1980-05-17;\"runner;post-op\";7;yes;America/Chicago\r\n"
                + "p2;Ann;Lee;ann@mail.example;lapsed;2026-11-04;;1980-05-17;;11;no;America/Chicago\r\n"
            let (list, diagnostics) = ContactFixtures.read(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), schema: schema)
            #expect(diagnostics.reported == [Reported("value-out-of-range", 3, 10)])
            let contacts = try #require(list?.contacts)
            #expect(contacts[0][field: 0] == .string("p1"))
            #expect(contacts[0][field: 2] == .string("Núñez; Jr."))
            #expect(contacts[0][field: 8] == .list(["runner", "post-op"]))
            #expect(contacts[1][field: 10] == .boolean(false))
        }

        @Test func syntaxErrorsSkipTheirRows() {
            let data = """
                \(header)
                \(row("p1", ["first_name": "An\"n"]))
                \(row("p2"))
                p3,Bob
                \(row("p4", ["tags": "\"never closed"]))
                """
            let (list, diagnostics) = ContactFixtures.read(data)
            #expect(
                diagnostics.reported == [
                    Reported("csv-stray-quote", 2, 2), Reported("csv-field-count", 4, 3), Reported("csv-unterminated-quote", 5, 9),
                ])
            #expect(list?.contacts.map(\.key) == ["p2"])
        }

        @Test func invalidUTF8IsReportedOnce() {
            var bytes = Array((header + "\n" + row("p1") + "\n").utf8)
            bytes[header.utf8.count + 5] = 0xE9  // Latin-1 'é' in the first name
            let (_, diagnostics) = ContactFixtures.read(bytes: bytes)
            #expect(diagnostics.map(\.id) == ["invalid-utf8"])
            #expect(diagnostics.first?.location?.line == 2)
        }

        @Test func datetimeAndNumberFields() throws {
            let schema = """
                key: id
                email: email
                fields:
                  id: string
                  email: email
                  seen: datetime
                  weight: { type: number, min: 0 }

                """
            let data = """
                id,email,seen,weight
                a,a@mail.example,2026-11-03T09:30:00-06:00,72.5
                b,b@mail.example,2026-11-03 09:30,1e2
                c,c@mail.example,2026-11-03T25:00,"3,5"
                d,d@mail.example,2026-11-03T09:30Z,-4

                """
            let (list, diagnostics) = ContactFixtures.read(data, schema: schema)
            #expect(
                diagnostics.reported == [
                    Reported("invalid-datetime", 4, 3), Reported("invalid-number", 4, 4), Reported("value-out-of-range", 5, 4),
                ])
            #expect(diagnostics[1].help == ["write the decimal point as '.', as in 3.5"])
            let contacts = try #require(list?.contacts)
            let day = try #require(LocalDate(year: 2026, month: 11, day: 3))
            #expect(
                contacts[0][field: 2] == .datetime(try #require(DateTimeValue(date: day, hour: 9, minute: 30, utcOffsetSeconds: -21600))))
            #expect(contacts[0][field: 3] == .number(WrittenNumber(72.5, text: "72.5")))
            #expect(contacts[1][field: 2] == .datetime(try #require(DateTimeValue(date: day, hour: 9, minute: 30))))
            #expect(contacts[1][field: 3] == .number(WrittenNumber(100, text: "1e2")))
            #expect(contacts[1][field: 3]?.text == "1e2", "as written")
            #expect(contacts[3][field: 2]?.text == "2026-11-03T09:30:00Z")
        }
    }
}
