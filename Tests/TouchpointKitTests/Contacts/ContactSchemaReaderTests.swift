import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Contact schemas")
    struct ContactSchemaReaderTests {
        private func read(_ text: String) -> (schema: ContactSchema?, diagnostics: [Diagnostic]) {
            ContactFixtures.schema(text)
        }

        /// A schema with `fields` (lines indented by two spaces) under the usual key and address.
        private func schema(fields: String, top: String = "") -> String {
            "key: id\nemail: email\n\(top)fields:\n  id: string\n  email: email\n\(fields)"
        }

        @Test func theSpecSchemaReads() throws {
            let (schema, diagnostics) = read(ContactFixtures.patientsSchema)
            #expect(diagnostics.isEmpty)
            let checked = try #require(schema)
            #expect(
                checked.fieldNames == [
                    "id", "first_name", "last_name", "email", "status", "first_visit", "discharge_date",
                    "birthday", "tags", "nps", "subscribed", "timezone",
                ])
            #expect(checked.keyField == 0)
            #expect(checked.emailField == 3)
            #expect(checked.timeZoneField == 11)
            #expect(checked.consentField == 10)
            #expect(checked.nameTemplate == "{{ first_name }} {{ last_name }}")
            #expect(checked.delimiter == UInt8(ascii: ","))
            #expect(checked["last_name"]?.type == .string)
            #expect(checked["status"]?.values == ["prospect", "active", "discharged", "lapsed"])
            #expect(checked["discharge_date"]?.format?.pattern == "%m/%d/%Y")
            #expect(checked["tags"]?.separator == ";")
            #expect(checked["nps"]?.minimum == 0)
            #expect(checked["nps"]?.maximum == 10)
            #expect(checked["subscribed"]?.defaultValue == .boolean(true))
            #expect(checked["id"]?.required == true)
            #expect(checked["email"]?.unique == nil)
        }

        @Test func unknownTopLevelKeyHasASuggestion() {
            let (schema, diagnostics) = read("key: id\nemial: email\nemail: email\nfields:\n  id: string\n  email: email\n")
            #expect(schema == nil)
            #expect(diagnostics.reported == [Reported("unknown-key", 2, 1)])
            #expect(diagnostics[0].help == ["did you mean 'email'?"])
        }

        @Test func unknownFieldOptionHasASuggestion() {
            let (_, diagnostics) = read(schema(fields: "  nps: { type: integer, mni: 0 }\n"))
            #expect(diagnostics.reported == [Reported("unknown-key", 6, 25)])
            #expect(diagnostics[0].help == ["did you mean 'min'?"])
        }

        @Test func missingRequiredKeysAreAllReported() {
            let (_, diagnostics) = read("name: x\n")
            #expect(
                Set(diagnostics.map(\.message.text)) == [
                    "the contact schema is missing the required key 'key'",
                    "the contact schema is missing the required key 'email'",
                    "the contact schema is missing the required key 'fields'",
                ])
        }

        @Test func unknownTypeHasASuggestion() {
            let (_, diagnostics) = read(schema(fields: "  birthday: dte\n  nps: { type: integr }\n"))
            #expect(diagnostics.reported == [Reported("unknown-field-type", 6, 13), Reported("unknown-field-type", 7, 16)])
            #expect(diagnostics.map(\.help) == [["did you mean 'date'?"], ["did you mean 'integer'?"]])
        }

        @Test func wrongTypeOfOption() {
            let (_, diagnostics) = read(schema(fields: "  nps: { type: integer, required: perhaps, min: [0] }\n"))
            #expect(diagnostics.reported == [Reported("wrong-type", 6, 35), Reported("invalid-bound", 6, 49)])
        }

        @Test(arguments: [
            (
                "  subscribed: { type: boolean, default: maybe }\n",
                "the default of 'subscribed' is not valid: 'maybe' is not true or false", 41
            ),
            (
                "  nps: { type: integer, max: 10, default: 11 }\n",
                "the default of 'nps' is not valid: 11 is more than 10, the maximum of 'nps'", 43
            ),
            (
                "  seen: { type: date, default: 2026-02-30 }\n",
                "the default of 'seen' is not valid: '2026-02-30' is not a date: February 2026 has 28 days, not 30", 32
            ),
            (
                "  status: { type: enum, values: [active, lapsed], default: activ }\n",
                "the default of 'status' is not valid: 'activ' is not one of the values of 'status'", 60
            ),
        ])
        func defaultMustBeAValidValue(fields: String, message: String, column: Int) {
            let (schema, diagnostics) = read(self.schema(fields: fields))
            #expect(schema == nil)
            #expect(diagnostics.reported == [Reported("invalid-default", 6, column)])
            #expect(diagnostics.first?.message.text == message)
        }

        @Test func defaultOfAnEnumSuggests() {
            let (_, diagnostics) = read(schema(fields: "  status: { type: enum, values: [active, lapsed], default: activ }\n"))
            #expect(diagnostics.first?.help == ["did you mean 'active'?"])
        }

        @Test func listDefaultMayBeAYAMLList() throws {
            let checked = try #require(read(schema(fields: "  tags: { type: list, default: [new, web] }\n")).schema)
            #expect(checked["tags"]?.defaultValue == .list(["new", "web"]))
        }

        @Test func keyAndEmailMustNameFields() {
            let (_, diagnostics) = read("key: idd\nemail: emial\nfields:\n  id: string\n  email: email\n")
            #expect(diagnostics.reported == [Reported("unknown-field", 1, 6), Reported("unknown-field", 2, 8)])
            #expect(diagnostics.map(\.help) == [["did you mean 'id'?"], ["did you mean 'email'?"]])
            #expect(diagnostics[0].message.text == "'key' names 'idd', which is not a field")
        }

        @Test func rolesNeedFieldsOfTheRightType() {
            let (_, diagnostics) = read(
                schema(
                    fields: "  tz: string\n  ok: string\n  name: string\n", top: "timezone: tz\nconsent: ok\n"))
            #expect(diagnostics.reported == [Reported("wrong-field-type", 3, 11), Reported("wrong-field-type", 4, 10)])
            #expect(diagnostics[1].message.text == "'consent' must name a boolean field, and 'ok' is a string field")
        }

        @Test func emailFieldMustBeAnEmail() {
            let (_, diagnostics) = read("key: id\nemail: address\nfields:\n  id: string\n  address: string\n")
            #expect(diagnostics.reported == [Reported("wrong-field-type", 2, 8)])
        }

        @Test func keyMustNotBeTheAddress() {
            let (_, diagnostics) = read("key: email\nemail: email\nfields:\n  email: email\n")
            #expect(diagnostics.reported == [Reported("key-is-email", 1, 6)])
        }

        @Test(arguments: [
            ("  nps: { type: string, min: 0 }\n", "'min' applies only to integer and number fields, and 'nps' is a string field", 24),
            ("  status: { type: string, values: [a, b] }\n", "'values' applies only to enum fields, and 'status' is a string field", 27),
            (
                "  seen: { type: string, format: \"%Y\" }\n",
                "'format' applies only to date and datetime fields, and 'seen' is a string field", 25
            ),
            (
                "  born: { type: boolean, past: true }\n", "'past' applies only to date and datetime fields, and 'born' is a boolean field",
                26
            ),
            ("  tags: { type: string, separator: \",\" }\n", "'separator' applies only to list fields, and 'tags' is a string field", 25),
        ])
        func optionsOnlyOnTheirTypes(fields: String, message: String, column: Int) {
            let (_, diagnostics) = read(schema(fields: fields))
            #expect(diagnostics.reported == [Reported("option-not-for-type", 6, column)])
            #expect(diagnostics.first?.message.text == message)
        }

        @Test func enumNeedsValues() {
            let (_, diagnostics) = read(
                schema(fields: "  status: enum\n  level: { type: enum }\n  kind: { type: enum, values: [a, b, a] }\n"))
            #expect(
                diagnostics.reported == [
                    Reported("missing-enum-values", 6, 11), Reported("missing-enum-values", 7, 3),
                    Reported("duplicate-enum-value", 8, 38),
                ])
        }

        @Test func formatThatCannotParseIsAnErrorAtTheFormat() {
            let (_, diagnostics) = read(schema(fields: "  seen: { type: date, format: \"%m/%Q/%Y\" }\n"))
            #expect(diagnostics.reported == [Reported("invalid-date-format", 6, 35)])
            #expect(diagnostics[0].primary?.span.text == "%Q")
            let (_, missing) = read(schema(fields: "  seen: { type: date, format: \"%m/%d\" }\n"))
            #expect(missing.reported == [Reported("invalid-date-format", 6, 31)])
            #expect(missing[0].message.text == "the pattern has no year (%Y or %y)")
        }

        @Test func boundsMustBeOrdered() {
            let (_, diagnostics) = read(schema(fields: "  nps: { type: integer, min: 10, max: 0 }\n  score: { type: integer, min: 1.5 }\n"))
            #expect(diagnostics.reported == [Reported("invalid-bound", 6, 30), Reported("invalid-bound", 7, 32)])
            #expect(diagnostics[0].message.text == "'min' of 'nps' is more than its 'max'")
        }

        @Test func numberBoundsMayHaveDecimals() throws {
            let checked = try #require(read(schema(fields: "  weight: { type: number, min: 0.5, max: 300 }\n")).schema)
            #expect(checked["weight"]?.minimum == 0.5)
            #expect(checked["weight"]?.maximum == 300)
        }

        @Test(arguments: [("\";\"", UInt8(ascii: ";")), ("tab", 0x09), ("\"\\t\"", 0x09), ("\"|\"", UInt8(ascii: "|"))])
        func delimiters(text: String, byte: UInt8) throws {
            let checked = try #require(read(schema(fields: "", top: "delimiter: \(text)\n")).schema)
            #expect(checked.delimiter == byte)
        }

        @Test(arguments: ["\"\\\"\"", "\";;\"", "\"\""])
        func invalidDelimiters(text: String) {
            #expect(read(schema(fields: "", top: "delimiter: \(text)\n")).diagnostics.reported == [Reported("invalid-delimiter", 3, 12)])
        }

        @Test func fieldNamesMustSuitTemplates() {
            let (_, diagnostics) = read(schema(fields: "  First Name: string\n  today: date\n"))
            #expect(diagnostics.reported == [Reported("invalid-field-name", 6, 3), Reported("invalid-field-name", 7, 3)])
            #expect(diagnostics[0].help == ["rename it, e.g. 'first_name', and rename the column to match"])
        }

        @Test func nameTemplateMustUseFields() {
            let (_, diagnostics) = read(schema(fields: "  first_name: string\n", top: "name: \"{{ frist_name }} {{ contact.email }}\"\n"))
            #expect(diagnostics.reported == [Reported("unknown-merge-field", 3, 11)])
            #expect(diagnostics[0].primary?.span.text == "frist_name")
            #expect(diagnostics[0].help == ["did you mean 'first_name'?"])
        }

        @Test func shorthandAndLongFormAgree() throws {
            let checked = try #require(read(schema(fields: "  a: date\n  b: { type: date }\n")).schema)
            #expect(checked["a"]?.type == .date)
            #expect(checked["b"]?.type == .date)
            #expect(checked["a"]?.required == false)
        }

        @Test func emptyOrMisshapenSchemas() {
            #expect(read("").diagnostics.map(\.id) == ["empty-file"])
            #expect(read("- a\n").diagnostics.map(\.id) == ["expected-mapping"])
            #expect(read("key: id\nemail: email\nfields: {}\n").diagnostics.map(\.id).contains("no-fields"))
            #expect(read("key: id\nemail: email\nfields: [id, email]\n").diagnostics.map(\.id).contains("expected-mapping"))
        }

        @Test func aBrokenFieldIsNotReportedAgainAsMissing() {
            let (_, diagnostics) = read("key: id\nemail: email\nfields:\n  id: strng\n  email: email\n")
            #expect(diagnostics.map(\.id) == ["unknown-field-type"])
        }
    }
}
