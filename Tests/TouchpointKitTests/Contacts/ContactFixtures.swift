@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The tests of contact lists, grouped so that `swift test --filter Contacts` selects them all.
enum ContactsTests {}

/// Schemas and data files the contact tests start from, and short ways to read them.
enum ContactFixtures {
    /// The schema of SPEC §3.
    static let patientsSchema = """
        key: id
        email: email
        name: "{{ first_name }} {{ last_name }}"
        timezone: timezone
        consent: subscribed
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          last_name: string
          email: { type: email, required: true }
          status: { type: enum, values: [prospect, active, discharged, lapsed] }
          first_visit: date
          discharge_date: { type: date, format: "%m/%d/%Y" }
          birthday: date
          tags: { type: list, separator: ";" }
          nps: { type: integer, min: 0, max: 10 }
          subscribed: { type: boolean, default: true }
          timezone: timezone

        """

    /// The header of a CSV for ``patientsSchema``; columns 1 to 12.
    static let patientsHeader = "id,first_name,last_name,email,status,first_visit,discharge_date,birthday,tags,nps,subscribed,timezone"

    /// A valid row for ``patientsSchema`` with the given key, and `cells` replacing columns by name.
    static func patientRow(_ key: String, _ cells: [String: String] = [:]) -> String {
        var values: [String: String] = [
            "id": key, "first_name": "Ann", "last_name": "Lee", "email": "\(key)@mail.example", "status": "active",
            "first_visit": "2026-11-03", "discharge_date": "", "birthday": "1980-05-17", "tags": "runner",
            "nps": "9", "subscribed": "yes", "timezone": "America/Chicago",
        ]
        values.merge(cells) { $1 }
        return patientsHeader.split(separator: ",").map { values[String($0)] ?? "" }.joined(separator: ",")
    }

    /// Only a key, a name and an address: short lines for rendering tests.
    static let minimalSchema = """
        key: id
        email: email
        fields:
          id: { type: string, required: true }
          first_name: string
          last_name: string
          email: { type: email, required: true }

        """

    /// Reads `data` (CSV, or YAML when `path` ends in `.yaml`) against `schema`, on the day
    /// `today` when given.
    static func read(
        _ data: String, schema: String = patientsSchema, path: String = "contacts/patients.csv", today: LocalDate? = nil
    ) -> (list: ContactList?, diagnostics: [Diagnostic]) {
        read(bytes: Array(data.utf8), schema: schema, path: path, today: today)
    }

    static func read(
        bytes: [UInt8], schema: String = patientsSchema, path: String = "contacts/patients.csv", today: LocalDate? = nil
    ) -> (list: ContactList?, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let schemaFile = SourceFile(path: "contacts/patients.schema.yaml", text: schema)
        let dataFile = SourceFile(path: path, bytes: bytes)
        let list = ContactListReader(today: today).read(name: "patients", schema: schemaFile, data: dataFile, diagnostics: &bag)
        return (list, bag.sorted)
    }

    /// Reads a schema on its own.
    static func schema(_ text: String) -> (schema: ContactSchema?, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let file = SourceFile(path: "contacts/patients.schema.yaml", text: text)
        guard let root = YAMLComposer().compose(file, diagnostics: &bag) else { return (nil, bag.sorted) }
        let schema = ContactSchemaReader().read(root, diagnostics: &bag)
        return (schema, bag.sorted)
    }
}

/// What a test asserts of a diagnostic: its ID and where its header puts it.
struct Reported: Equatable, CustomStringConvertible {
    let id: String
    let line: Int
    let column: Int

    init(_ id: String, _ line: Int, _ column: Int) {
        self.id = id
        self.line = line
        self.column = column
    }

    init(_ diagnostic: Diagnostic) {
        id = diagnostic.id
        line = diagnostic.location?.line ?? 0
        column = diagnostic.location?.column ?? 0
    }

    var description: String { "\(id)@\(line):\(column)" }
}

extension Array where Element == Diagnostic {
    var reported: [Reported] { map(Reported.init) }
}
