import TouchpointCore

/// Drafts the schema of a contact list from a spreadsheet's CSV export, for `touchpoint schema`:
/// a field for every named column, in the header's order, named in snake case with the
/// `column:` that reads it, and typed from all of the column's values; the key, the e-mail
/// field, a consent-looking yes/no column, a time zone column, the delimiter; comments that say
/// what was guessed and from how many rows. A pure function of the file and the day.
///
/// Every guess holds for the rows it was made from, so the export it was drafted from checks
/// clean against it (apart from a date order no value settles, which is reported).
public struct SchemaDrafter: Sendable {
    /// The day of the draft, when known: a birth date column is `past: true` only when none of
    /// its dates is later.
    public let today: LocalDate?

    public init(today: LocalDate? = nil) {
        self.today = today
    }

    /// The draft, as the text of a schema file; `nil` when the file cannot be read as CSV (the
    /// problems are in `diagnostics`).
    public func draft(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> String? {
        let before = diagnostics.errorCount
        if let bad = CSVContactReader.firstInvalidUTF8(file.bytes) {
            diagnostics.emit(
                Diagnostic(
                    CSVMessages.invalidUTF8(), at: SourceSpan(file: file, offset: bad, length: 1),
                    label: "this byte does not start a valid UTF-8 sequence"
                )
                .with(help: "export the sheet as 'CSV UTF-8' (spreadsheets offer it under 'Save As')"))
            return nil
        }
        let delimiter = CSVContactReader.otherDelimiter(in: file, than: 0)?.byte ?? UInt8(ascii: ",")
        var header: [String] = []
        var rows: [[String]] = []
        var sawHeader = false
        CSVReader(delimiter: delimiter).read(file, diagnostics: &diagnostics) { record, _ in
            let cells = record.fields.map { $0.text(in: file).trimmingSpaces }
            if !sawHeader {
                sawHeader = true
                header = cells
            } else if !record.isMalformed, !record.isBlank(in: file) {
                rows.append(cells)
            }
        }
        if !sawHeader {
            diagnostics.emit(
                Diagnostic(CSVMessages.missingHeader(), file: file.path)
                    .with(help: "export the sheet with its header row: the names of the columns"))
        }
        guard diagnostics.errorCount == before else { return nil }
        return text(header: header, rows: rows, delimiter: delimiter, path: file.path)
    }

    // MARK: - Columns

    /// What the draft says about one column.
    private struct Column {
        let index: Int
        let header: String
        var name: String
        let values: [String]
        var type: ValueType = .string
        var format: DateFormat?
        var ambiguous: DateFormat?
        /// How many dates have a day above 12, which shows the order of month and day.
        var daysAbove12 = 0
        var enumValues: [String] = []
        var past = false
        var unique: Bool?
        var required = false
        /// What was guessed, for the comment above the field.
        var notes: [String] = []

        var loose: String {
            String(
                String.UnicodeScalarView(
                    header.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
        }
    }

    private func text(header: [String], rows: [[String]], delimiter: UInt8, path: String) -> String {
        var columns: [Column] = []
        var leftOut: [String] = []
        var names: Set<String> = []
        var headers: Set<String> = []
        for (index, title) in header.enumerated() {
            guard !title.isEmpty else {
                leftOut.append("column \(index + 1) has no name; its values are left out")
                continue
            }
            guard headers.insert(title).inserted else {
                leftOut.append("column \(index + 1) repeats the name '\(title)'; its values are left out")
                continue
            }
            var name = ContactSchemaReader.suggestedName(for: title)
            if ContactSchemaReader.reservedNames.contains(name) { name += "_field" }
            var unique = name
            var number = 2
            while names.contains(unique) {
                unique = "\(name)_\(number)"
                number += 1
            }
            names.insert(unique)
            let values = rows.compactMap { index < $0.count && !$0[index].isEmpty ? $0[index] : nil }
            var column = Column(index: index, header: title, name: unique, values: values)
            guess(&column, rows: rows.count)
            columns.append(column)
        }
        settleDateOrders(&columns)
        let key = chooseKey(&columns, rows: rows.count)
        let email = chooseEmail(&columns)
        let consent = columns.firstIndex { column in
            column.type == .boolean && Self.consentWords.contains { column.loose.contains($0) }
                && !Self.refusalWords.contains { column.loose.contains($0) }
        }
        let zone = columns.firstIndex { $0.type == .timeZone }
        let first = columns.firstIndex { Self.firstNames.contains($0.loose) }
        let last = columns.firstIndex { Self.lastNames.contains($0.loose) }

        var out = "# Drafted by 'touchpoint schema' from \(path): \(columns.count) \(columns.count == 1 ? "column" : "columns"), "
        out += "\(rows.count.grouped) \(rows.count == 1 ? "row" : "rows").\n"
        out += "# Every type below is a guess from those rows: read the comments, correct what is wrong, save it\n"
        out += "# as \(Self.schemaPath(for: path)), and run 'touchpoint check'.\n"
        for line in leftOut { out += "# \(line)\n" }
        if let key {
            out += "key: \(columns[key].name)  # '\(columns[key].header)': filled in and different in every row\n"
        } else {
            out += "key: \(columns.first?.name ?? "id")  # CHECK: no column is filled in and different in every row\n"
        }
        if let email {
            out += "email: \(columns[email].name)  # '\(columns[email].header)': e-mail addresses\n"
        } else {
            let named = columns.first { $0.loose.contains("mail") } ?? columns.dropFirst().first ?? columns.first
            out += "email: \(named?.name ?? "email")  # CHECK: no column holds only e-mail addresses\n"
        }
        if let first, let last {
            out += "name: \"{{ \(columns[first].name) }} {{ \(columns[last].name) }}\"  # the display name in To:\n"
        }
        if let zone { out += "timezone: \(columns[zone].name)  # '\(columns[zone].header)': time zone names\n" }
        if let consent {
            out +=
                "consent: \(columns[consent].name)  # '\(columns[consent].header)': yes/no, named like consent; where false, no marketing\n"
        }
        if delimiter != UInt8(ascii: ",") {
            let value = delimiter == 0x09 ? "tab" : SchemaText.quoted(String(Character(Unicode.Scalar(delimiter))))
            out += "delimiter: \(value)  # the header is separated by \(CSVReader.describe(delimiter: delimiter))\n"
        }
        out += "min_rows: 1  # an empty or cut-short export is an error, never a silent stop\n"
        out += "fields:\n"
        for column in columns {
            out += "  # '\(column.header)': " + column.notes.joined(separator: "; ") + "\n"
            out += "  \(column.name): \(SchemaText.definition(of: field(column), column: column.header))\n"
        }
        return out
    }

    /// The field a column's guesses make, to be written out.
    private func field(_ column: Column) -> ContactField {
        ContactField(
            name: column.name, type: column.type, required: column.required, unique: column.unique,
            values: column.enumValues, format: column.format, past: column.past,
            span: SourceSpan(file: SourceFile(path: "", bytes: []), range: 0..<0))
    }

    /// `contacts/patients.csv` → `contacts/patients.schema.yaml`.
    private static func schemaPath(for path: String) -> String {
        let stem = path.lowercased().hasSuffix(".csv") ? String(path.dropLast(4)) : path
        return stem + ContactFolder.schemaSuffix
    }

    // MARK: - Types

    private func guess(_ column: inout Column, rows: Int) {
        let values = column.values
        let filled = values.count
        if filled == rows, rows > 0 {
            column.required = true
            column.notes.append("filled in all \(rows.grouped) rows")
        } else if filled == 0 {
            column.notes.append("empty in all \(rows.grouped) rows, so read as text")
            return
        } else {
            column.notes.append("filled in \(filled.grouped) of \(rows.grouped) rows")
        }
        let bytes = values.map { ArraySlice($0.utf8) }
        if bytes.allSatisfy({ Self.booleanWord($0) }) {
            column.type = .boolean
            let words = Set(values.map { $0.lowercased() }).sorted()
            column.notes.append("only \(words.joined(separator: "/")): a yes/no field")
            return
        }
        if bytes.allSatisfy({ (try? FieldValueParser.email($0).get()) != nil }) {
            column.type = .email
            let shared = filled - Set(values.map { $0.lowercased() }).count
            if shared > 0 {
                column.unique = false
                column.notes.append("e-mail addresses, \(shared.grouped) of them shared with another row (families): 'unique: false'")
            } else {
                column.notes.append("e-mail addresses")
            }
            return
        }
        if guessDate(&column, bytes: bytes, dateTime: false) || guessDate(&column, bytes: bytes, dateTime: true) { return }
        if values.contains(where: { $0.contains("/") || $0 == "UTC" }), values.allSatisfy({ TimeZoneCatalog.zone(named: $0) != nil }) {
            column.type = .timeZone
            column.notes.append("time zone names")
            return
        }
        let looksLikeCode = Self.codeWords.contains { column.loose.contains($0) }
        if !looksLikeCode, let numbers = Self.wholeNumbers(bytes) {
            column.type = .integer
            column.notes.append("whole numbers, \(numbers.lowerBound) to \(numbers.upperBound)")
            return
        }
        if !looksLikeCode, bytes.allSatisfy({ FieldValueParser.number($0) != nil }) {
            column.type = .number
            column.notes.append("numbers")
            return
        }
        var distinct: [String] = []
        for value in values where !distinct.contains(where: { $0.lowercased() == value.lowercased() }) {
            distinct.append(value)
            if distinct.count > Self.enumLimit { break }
        }
        if distinct.count <= Self.enumLimit, filled >= 4, filled >= 2 * distinct.count, distinct.allSatisfy({ $0.count <= 30 }),
            !Self.nameWords.contains(where: { column.loose.contains($0) })
        {
            column.type = .enumeration
            column.enumValues = distinct.sorted()
            column.notes.append(
                "\(distinct.count) different \(distinct.count == 1 ? "value" : "values") in \(filled.grouped) rows: an enum; "
                    + "add any value the export may hold later")
            return
        }
        column.notes.append("text")
    }

    /// Types a date (or date and time) column from the format all of its values fit; `false`
    /// when they fit none.
    private func guessDate(_ column: inout Column, bytes: [ArraySlice<UInt8>], dateTime: Bool) -> Bool {
        var guesser = DateFormatGuesser(dateTime: dateTime)
        for value in bytes { guesser.feed(value) }
        let kind = dateTime ? "dates and times" : "dates"
        switch guesser.guess {
        case .unknown:
            return false
        case .iso:
            column.notes.append(dateTime ? "dates and times like 2026-11-03T09:30" : "dates written YYYY-MM-DD")
        case .format(let format):
            column.format = format
            var note = "\(kind) written \(format.pattern)"
            if format.hasNumericMonthAndDay {
                let shown = bytes.count { value in
                    if case .value(let read) = format.readDateTime(value), read.date.day > 12 { return true }
                    return false
                }
                column.daysAbove12 = shown
                note +=
                    " (\(shown.grouped) with a day above 12 \(shown == 1 ? "shows" : "show") the \(format.monthFirst ? "month" : "day") comes first)"
            }
            column.notes.append(note)
        case .ambiguous(let first, let second):
            column.format = first
            column.ambiguous = second
            column.notes.append(
                "CHECK: \(kind) that read both as \(first.pattern) and as \(second.pattern); no day is above 12, "
                    + "so \(first.orderWords) is a guess: compare one you know with the export")
        }
        column.type = dateTime ? .datetime : .date
        let birth =
            column.loose.contains("birth") || column.loose == "dob" || column.loose.hasSuffix("dob")
            || column.loose.hasPrefix("dob")
        if birth {
            let format = column.format ?? DateFormat.iso
            let years = today.map { TwoDigitYears.notAfter($0) } ?? .posix
            let later =
                today.map { today in
                    bytes.contains { value in
                        if case .value(let read) = format.readDateTime(value, years: years), read.date > today { return true }
                        return false
                    }
                } ?? false
            if !later {
                column.past = true
                column.notes.append("a birth date, so 'past: true': never after today")
            }
        }
        if column.format?.hasTwoDigitYear == true, !column.past {
            column.notes.append("two-digit years: 00-68 are read as 2000-2068, 69-99 as 1969-1999, unless 'pivot' says otherwise")
        }
        return true
    }

    /// Gives a column whose dates fit both orders of month and day the order another date column
    /// of the export shows: one export writes all its dates one way.
    private func settleDateOrders(_ columns: inout [Column]) {
        guard
            let settled = columns.first(where: { column in
                column.ambiguous == nil && column.format?.hasNumericMonthAndDay == true && column.daysAbove12 > 0
            }), let order = settled.format?.monthFirst
        else { return }
        for index in columns.indices {
            guard let first = columns[index].format, let second = columns[index].ambiguous else { continue }
            let chosen = first.monthFirst == order ? first : second
            columns[index].format = chosen
            columns[index].ambiguous = nil
            let kind = columns[index].type == .datetime ? "dates and times" : "dates"
            columns[index].notes = columns[index].notes.map { note in
                note.hasPrefix("CHECK:")
                    ? "\(kind) written \(chosen.pattern): none has a day above 12, but '\(settled.header)' shows the export writes "
                        + "the \(order ? "month" : "day") first"
                    : note
            }
        }
    }

    /// The smallest and largest of the values when all are whole numbers written without a
    /// leading zero, and short enough not to be phone numbers.
    private static func wholeNumbers(_ values: [ArraySlice<UInt8>]) -> ClosedRange<Int>? {
        var lowest = Int.max
        var highest = Int.min
        for value in values {
            guard value.count <= 9, let number = FieldValueParser.integer(value) else { return nil }
            let digits = value.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
            if digits.count > 1, digits.first == UInt8(ascii: "0") { return nil }
            lowest = min(lowest, number)
            highest = max(highest, number)
        }
        return values.isEmpty ? nil : lowest...highest
    }

    private static func booleanWord(_ value: ArraySlice<UInt8>) -> Bool {
        let word = String(decoding: value, as: UTF8.self).lowercased()
        return ["true", "false", "yes", "no", "y", "n"].contains(word)
    }

    /// The most values an enum is guessed with.
    private static let enumLimit = 8

    // MARK: - Roles

    private func chooseKey(_ columns: inout [Column], rows: Int) -> Int? {
        let candidates = columns.indices.filter { index in
            let column = columns[index]
            return rows > 0 && column.values.count == rows && Set(column.values).count == rows
                && [.string, .integer, .enumeration].contains(column.type)
        }
        let named = candidates.first { index in
            let loose = columns[index].loose
            return Self.keyNames.contains(loose) || loose.hasSuffix("id")
        }
        guard let key = named ?? candidates.first else { return nil }
        columns[key].type = .string
        columns[key].enumValues = []
        columns[key].required = true
        columns[key].notes = ["filled in all \(rows.grouped) rows, each different: the key, kept as text"]
        return key
    }

    private func chooseEmail(_ columns: inout [Column]) -> Int? {
        let addresses = columns.indices.filter { columns[$0].type == .email }
        return addresses.first { columns[$0].loose.contains("mail") } ?? addresses.first
    }

    private static let keyNames: Set<String> = [
        "id", "patientid", "mrn", "patientnumber", "accountnumber", "account", "chartnumber", "recordnumber", "clientid",
    ]
    /// Words in a yes/no column's name that say it holds consent to marketing, and words that say
    /// the opposite; also what `consent-not-declared` looks for (`ConsentCheck`).
    package static let consentWords = ["consent", "optin", "subscribe", "marketing", "newsletter", "okto", "emailok", "allowemail"]
    package static let refusalWords = ["optout", "unsubscribe", "donot", "noemail", "nomarketing"]
    private static let firstNames: Set<String> = ["firstname", "first", "givenname", "patientfirstname", "forename"]
    private static let lastNames: Set<String> = ["lastname", "last", "surname", "familyname", "patientlastname"]
    /// Words of columns whose digits are codes, not quantities: leading zeros matter.
    private static let codeWords = ["phone", "zip", "postal", "postcode", "code", "id", "mrn", "number", "fax", "mobile", "cell", "ssn"]
    /// Words of columns that hold names, never an enum however few they are.
    private static let nameWords = ["name", "address", "street", "city", "note", "comment", "email", "therapist", "provider", "doctor"]
}
