import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    /// Exports as spreadsheets and scheduling systems write them: headers that are not field
    /// names, other delimiters, dates in the export's own form.
    @Suite("Spreadsheet columns")
    struct SpreadsheetColumnTests {
        private static let schema = """
            key: id
            email: email
            fields:
              id: { type: string, required: true, column: "Patient ID" }
              first_name: { type: string, column: "First Name" }
              email: { type: email, required: true, column: "E-mail Address" }
              dob: { type: date, format: "%m/%d/%Y", column: DOB }

            """

        private func read(_ data: String, schema: String = schema, today: LocalDate? = nil) -> (
            list: ContactList?, diagnostics: [Diagnostic]
        ) {
            ContactFixtures.read(data, schema: schema, today: today)
        }

        private func day(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }

        @Test func columnsAreMatchedByTheFieldsColumn() throws {
            let (list, diagnostics) = read(
                """
                E-mail Address,Patient ID,DOB,First Name
                ann@mail.example,P-001,03/14/1961,Ann

                """)
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
            let contact = try #require(list?.contacts.first)
            #expect(contact.key == "P-001")
            #expect(list?.value("first_name", of: contact) == .string("Ann"))
            #expect(list?.value("dob", of: contact) == .date(try day("1961-03-14")))
        }

        @Test func aHeaderLikeTheColumnButForCaseProposesTheColumnLine() {
            let (_, diagnostics) = read(
                """
                PATIENT ID,First Name,E-mail Address,DOB
                P-001,Ann,ann@mail.example,03/14/1961

                """)
            #expect(diagnostics.reported == [Reported("column-name-mismatch", 1, 1)])
            #expect(
                diagnostics.first?.help == [
                    "name the column in 'contacts/patients.schema.yaml': id: { type: string, required: true, column: \"PATIENT ID\" }"
                ])
        }

        @Test func aHeaderLikeTheFieldsNameProposesTheColumnLine() {
            let (_, diagnostics) = read(
                """
                id,first_name,Email,last_name
                p1,Ann,ann@mail.example,Lee

                """,
                schema: ContactFixtures.minimalSchema)
            #expect(diagnostics.reported == [Reported("column-name-mismatch", 1, 3)])
            #expect(
                diagnostics.first?.help == [
                    "name the column in 'contacts/patients.schema.yaml': email: { type: email, required: true, column: \"Email\" }"
                ])
        }

        @Test func aRequiredColumnIsMissingByItsColumnName() {
            let (_, diagnostics) = read("First Name,E-mail Address\nAnn,ann@mail.example\n")
            #expect(diagnostics.reported == [Reported("missing-column", 1, 1)])
            #expect(diagnostics.first?.message.text == "the header has no column 'Patient ID', the column of required field 'id'")
        }

        @Test func twoFieldsCannotReadOneColumn() {
            let (schema, diagnostics) = ContactFixtures.schema(
                """
                key: id
                email: email
                fields:
                  id: string
                  email: email
                  patient: { type: string, column: id }

                """)
            #expect(schema == nil)
            #expect(diagnostics.reported == [Reported("duplicate-column", 6, 3)])
            #expect(diagnostics.first?.message.text == "fields 'id' and 'patient' both read the column 'id'")
        }

        @Test(arguments: [
            (
                "Patient ID;First Name;E-mail Address;DOB\nP-001;Ann;ann@mail.example;03/14/1961\n", "';'", 10,
                "add 'delimiter: \";\"' to 'contacts/patients.schema.yaml'"
            ),
            (
                "Patient ID\tFirst Name\tE-mail Address\tDOB\nP-001\tAnn\tann@mail.example\t03/14/1961\n", "a tab", 10,
                "add 'delimiter: tab' to 'contacts/patients.schema.yaml'"
            ),
        ])
        func aHeaderSeparatedByAnotherDelimiterIsOneError(data: String, found: String, offset: Int, help: String) {
            let (list, diagnostics) = read(data)
            #expect(list == nil)
            #expect(diagnostics.reported == [Reported("csv-wrong-delimiter", 1, 1)])
            #expect(diagnostics.first?.message.text == "the header is separated by \(found), not by ','; no row is read")
            #expect(diagnostics.first?.primary?.span.range == offset..<(offset + 1))
            #expect(diagnostics.first?.help == [help])
        }

        @Test func aCommaHeaderForASemicolonSchemaSaysToRemoveTheDelimiter() {
            let (_, diagnostics) = read(
                "Patient ID,First Name,E-mail Address,DOB\nP-001,Ann,ann@mail.example,03/14/1961\n",
                schema: "delimiter: \";\"\n" + Self.schema)
            #expect(diagnostics.reported == [Reported("csv-wrong-delimiter", 1, 1)])
            #expect(
                diagnostics.first?.help == ["remove 'delimiter' from 'contacts/patients.schema.yaml': the export is separated by commas"])
        }

        @Test func aSemicolonInsideAQuotedHeaderCellIsNotADelimiter() {
            let (list, diagnostics) = read("\"Patient ID; internal\",E-mail Address\nP-001,ann@mail.example\n", schema: Self.isoSchema)
            #expect(list != nil)
            #expect(!diagnostics.contains { $0.id == "csv-wrong-delimiter" })
        }

        private static let isoSchema = """
            key: id
            email: email
            fields:
              id: { type: string, required: true, column: "Patient ID" }
              email: { type: email, required: true, column: "E-mail Address" }
              seen: date

            """

        @Test func datesNotInTheDefaultFormHaveOneHelpLineForTheColumn() {
            let (_, diagnostics) = read(
                """
                Patient ID,E-mail Address,seen
                P-1,a@mail.example,11/03/2026
                P-2,b@mail.example,2026-11-04
                P-3,c@mail.example,11/25/2026
                P-4,d@mail.example,1/5/2027

                """, schema: Self.isoSchema)
            #expect(
                diagnostics.reported == [Reported("invalid-date", 2, 3), Reported("invalid-date", 4, 3), Reported("invalid-date", 5, 3)])
            #expect(
                diagnostics[0].help == [
                    "the 3 dates of the column not in its form are all written %m/%d/%Y: add 'format: \"%m/%d/%Y\"' to field 'seen' in 'contacts/patients.schema.yaml'"
                ])
            #expect(diagnostics[1].help.isEmpty && diagnostics[2].help.isEmpty)
            // Every one of them names its own row's contact.
            #expect(diagnostics.map { $0.contactRow?.key } == ["P-1", "P-3", "P-4"])
        }

        @Test func aColumnThatFitsBothOrdersNamesBoth() {
            let (_, diagnostics) = read(
                """
                Patient ID,E-mail Address,seen
                P-1,a@mail.example,05.10.2026
                P-2,b@mail.example,06.11.2026

                """, schema: Self.isoSchema)
            #expect(diagnostics.count == 2)
            #expect(
                diagnostics[0].help == [
                    "the 2 dates of the column not in its form all read both as %d.%m.%Y (day first) and as %m.%d.%Y (month first): "
                        + "add 'format: \"…\"' to field 'seen' in 'contacts/patients.schema.yaml' with the one the export uses"
                ])
        }

        @Test func aDateWithAFormatThatFitsNeitherKeepsTheFormHelp() {
            let (_, diagnostics) = read("Patient ID,E-mail Address,seen\nP-1,a@mail.example,soon\n", schema: Self.isoSchema)
            #expect(
                diagnostics.first?.help == [
                    "write dates like 2026-11-03 (YYYY-MM-DD), or set the field's 'format' to the form the export uses"
                ])
        }

        @Test func aColumnWhoseDatesFitBothOrdersIsAWarningAtItsHeader() {
            let (list, diagnostics) = read(
                """
                Patient ID,E-mail Address,DOB
                P-1,a@mail.example,03/04/1961
                P-2,b@mail.example,12/01/1975

                """)
            #expect(list?.contacts.count == 2)
            #expect(diagnostics.reported == [Reported("ambiguous-date-order", 1, 3)])
            #expect(
                diagnostics.first?.message.text == "every date of 'dob' reads both as %m/%d/%Y (month first) and as %d/%m/%Y (day first)")
            #expect(
                diagnostics.first?.notes.map(\.message) == [
                    "none of its 2 dates, nor any of a column written the same way, has a day above 12, so none shows which comes first"
                ])
        }

        @Test func oneDateWithADayAbove12SettlesTheOrder() {
            let (_, diagnostics) = read(
                """
                Patient ID,E-mail Address,DOB
                P-1,a@mail.example,03/04/1961
                P-2,b@mail.example,12/21/1975

                """)
            #expect(diagnostics.isEmpty)
        }

        @Test func anotherColumnWrittenTheSameWaySettlesTheOrder() {
            let schema = Self.schema + "  seen: { type: date, format: \"%m/%d/%Y\" }\n  other: { type: date, format: \"%d/%m/%Y\" }\n"
            let (_, diagnostics) = read(
                """
                Patient ID,E-mail Address,DOB,seen,other
                P-1,a@mail.example,03/04/1961,12/21/2026,03/04/2026
                P-2,b@mail.example,12/01/1975,12/22/2026,03/05/2026

                """, schema: schema)
            // 'seen' shows month first, which settles 'dob'; 'other' is day first, and unsettled.
            #expect(diagnostics.reported == [Reported("ambiguous-date-order", 1, 5)])
        }

        @Test func datesWhoseDayIsTheirMonthAreNotAmbiguous() {
            let (_, diagnostics) = read("Patient ID,E-mail Address,DOB\nP-1,a@mail.example,03/03/1961\n")
            #expect(diagnostics.isEmpty)
        }

        // MARK: - Two-digit years, past and future

        private static let yearsSchema = """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }
              birthday: { type: date, format: "%m/%d/%y" }
              joined: { type: date, format: "%m/%d/%y" }
              seen: { type: date, format: "%m/%d/%y", pivot: 1930 }
              visit: { type: date, format: "%m/%d/%y", future: true }

            """

        @Test func twoDigitYearsPivotForTheFieldsMeaning() throws {
            let (list, diagnostics) = read(
                "id,email,birthday,joined,seen,visit\np1,a@mail.example,1/9/45,1/9/45,1/19/29,12/13/26\np2,b@mail.example,11/30/26,12/24/26,1/19/30,1/19/45\n",
                schema: Self.yearsSchema, today: try day("2026-11-30"))
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
            let contacts = try #require(list?.contacts)
            let values = contacts.map { contact in ["birthday", "joined", "seen", "visit"].map { list?.value($0, of: contact)?.text ?? "" }
            }
            // A birth date is never after today; other dates read as POSIX does, or from the pivot;
            // a future date lies within fifty years of today.
            #expect(values[0] == ["1945-01-09", "2045-01-09", "2029-01-19", "2026-12-13"])
            #expect(values[1] == ["2026-11-30", "2026-12-24", "1930-01-19", "2045-01-19"])
        }

        @Test func withoutADayTwoDigitYearsReadAsPOSIXDoes() throws {
            let (list, _) = read("id,email,birthday,joined,seen,visit\np1,a@mail.example,1/9/45,,,\n", schema: Self.yearsSchema)
            #expect(list?.contacts.first.flatMap { list?.value("birthday", of: $0) } == .date(try day("2045-01-09")))
        }

        private static let sidesSchema = """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }
              born: { type: date, past: true }
              appointment: { type: datetime, format: "%m/%d/%Y %I:%M %p", future: true }

            """

        @Test func pastAndFutureFieldsAreHeldAgainstToday() throws {
            let (_, diagnostics) = read(
                """
                id,email,born,appointment
                p1,a@mail.example,1961-03-14,11/30/2026 08:00 AM
                p2,b@mail.example,2031-05-01,12/01/2026 09:15 AM
                p3,c@mail.example,1970-01-01,11/29/2026 04:30 PM

                """, schema: Self.sidesSchema, today: try day("2026-11-30"))
            #expect(diagnostics.reported == [Reported("date-in-future", 3, 3), Reported("date-in-past", 4, 4)])
            #expect(diagnostics[0].message.text == "'2031-05-01' is later than today, 2026-11-30, and 'born' is 'past: true'")
            #expect(diagnostics[0].message.redactedText == "'born' is later than today, 2026-11-30, and is 'past: true'")
            #expect(
                diagnostics[1].message.text
                    == "'11/29/2026 04:30 PM' is earlier than today, 2026-11-30, and 'appointment' is 'future: true'")
            #expect(
                diagnostics.map { $0.contactRow } == [
                    ContactRow(path: "contacts/patients.csv", row: 3, key: "p2"),
                    ContactRow(path: "contacts/patients.csv", row: 4, key: "p3"),
                ])
            // Without a day, neither is checked.
            #expect(read("id,email,born\np2,b@mail.example,2031-05-01\n", schema: Self.sidesSchema).diagnostics.isEmpty)
        }

        // MARK: - Date-times in the export's format

        @Test func dateTimesAreReadInTheFieldsFormat() throws {
            let (list, diagnostics) = read(
                """
                id,email,born,appointment
                p1,a@mail.example,,12/14/2026 9:05 AM
                p2,b@mail.example,,12/01/2026 12:30 pm
                p3,c@mail.example,,12/01/2026 12:10 AM

                """, schema: Self.sidesSchema)
            #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
            let times = try #require(list?.contacts).map { list?.value("appointment", of: $0)?.text }
            #expect(times == ["2026-12-14T09:05:00", "2026-12-01T12:30:00", "2026-12-01T00:10:00"])
        }

        @Test func aDateTimeNotInTheFormatProposesTheFormatTheColumnUses() {
            let (_, diagnostics) = read(
                """
                id,email,born,appointment
                p1,a@mail.example,,2026-12-01 09:05
                p2,b@mail.example,,12/14/2026 14:30

                """, schema: Self.sidesSchema)
            #expect(diagnostics.reported == [Reported("invalid-datetime", 2, 4), Reported("invalid-datetime", 3, 4)])
            #expect(diagnostics[0].message.text == "'2026-12-01 09:05' is not a date and time in the format %m/%d/%Y %I:%M %p")
            #expect(diagnostics[0].help.count == 1)
        }

        @Test(arguments: [
            ("{ type: date, format: \"%m/%d/%Y %H:%M\" }", "'%H' reads a time of day, and a date field has none"),
            ("{ type: datetime, format: \"%m/%d/%Y\" }", "the pattern has no hour (%H, or %I with %p)"),
            ("{ type: datetime, format: \"%m/%d/%Y %I:%M\" }", "'%I' (the hour on a 12-hour clock) and '%p' (AM or PM) go together"),
            ("{ type: date, pivot: 30 }", "'pivot' must be a four-digit year, found '30'"),
        ])
        func badDateOptions(definition: String, message: String) {
            let (schema, diagnostics) = ContactFixtures.schema(
                "key: id\nemail: email\nfields:\n  id: string\n  email: email\n  seen: \(definition)\n")
            #expect(schema == nil)
            #expect(diagnostics.map(\.message.text) == [message])
        }
    }
}
