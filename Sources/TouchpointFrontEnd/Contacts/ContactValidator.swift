import TouchpointCore

/// Where one value of a data file stands, for its diagnostics: the bytes of its text and, for a
/// CSV cell, the row and column a spreadsheet shows.
package struct CellPlace {
    package let range: Range<Int>
    package let position: ReportedPosition?
}

/// Types and checks the values of one data file against its schema, contact by contact, then the
/// list as a whole. The CSV and YAML readers feed it; it owns what they share: typing a value,
/// required fields, defaults, unique keys and values, shared addresses.
///
/// It touches no file: all it knows is what the readers feed it.
package struct ContactValidator {
    package let schema: ContactSchema
    package let file: SourceFile
    /// How the file counts places in notes: "row" (CSV) or "line" (YAML).
    package let placeWord: String
    /// The day of the check, when known: what `past` and `future` fields are held against, and
    /// what the century of a two-digit year is chosen by.
    package let today: LocalDate?

    private(set) var contacts: [Contact] = []
    /// What each field needs, by field index, looked up once rather than row by row.
    private let types: [ValueType]
    private let defaults: [FieldValue?]
    private let needsValue: [Bool]
    private let uniqueness: [Bool?]
    private let years: [TwoDigitYears]
    /// The fields whose format has a numeric month and day, which a date could fit swapped.
    private let swappable: [Bool]
    /// For each such field: how many dates it holds, and whether one had a day above 12 (which
    /// shows the order) and one a day other than its month (which the order changes).
    private var dateOrders: [Int: DateOrder] = [:]
    /// For each date or datetime field with values not in its form: the first one's diagnostic,
    /// which gets the one help line for them all, and what their shape shows.
    private var formatFailures: [Int: FormatFailures] = [:]
    /// The outcome of typing the distinct time zone cells seen so far: a list holds few zones,
    /// so a short list compared byte by byte beats hashing every cell.
    private var timeZones: [(bytes: [UInt8], result: Result<FieldValue, ValueProblem>)] = []
    private static let timeZoneCacheLimit = 64
    /// Where each key and unique value was first seen.
    private var firstKeys: [String: FirstSeen] = [:]
    /// Where each key's file name, as a file system that ignores case compares it, was first seen.
    private var firstFileNames: [String: CellPlace] = [:]
    private var firstValues: [Int: [FieldValue: FirstSeen]] = [:]
    /// The first contact with each lowercased address, for the shared-address warning.
    private var addresses: [String: Int] = [:]
    private var sharedAddresses: [String: SharedAddress] = [:]
    private var sharedOrder: [String] = []
    /// Where the diagnostics of the row being read start in the bag, from `beginRow` to `add`.
    private var rowStart: Int?

    private struct FirstSeen {
        let contact: Int
        let range: Range<Int>
    }

    private struct DateOrder {
        var count = 0
        var shown = false
        var swapChanges = false
    }

    private struct FormatFailures {
        let diagnostic: Int
        var guesser: DateFormatGuesser
    }

    private struct SharedAddress {
        var keys: [String]
        let place: CellPlace
        let address: String
    }

    /// The outcome of typing one value.
    package enum Typed {
        case value(FieldValue)
        case absent
        case invalid
    }

    /// `expectedContacts` sizes the tables up front, so they do not grow row by row.
    package init(
        schema: ContactSchema, file: SourceFile, placeWord: String, expectedContacts: Int = 0, today: LocalDate? = nil
    ) {
        self.schema = schema
        self.file = file
        self.placeWord = placeWord
        self.today = today
        types = schema.fields.map(\.type)
        defaults = schema.fields.map(\.defaultValue)
        needsValue = schema.fields.indices.map { schema.fields[$0].required || $0 == schema.keyField }
        uniqueness = schema.fields.map(\.unique)
        years = schema.fields.map { $0.twoDigitYears(today: today) }
        swappable = schema.fields.map { $0.format?.hasNumericMonthAndDay ?? false }
        contacts.reserveCapacity(expectedContacts)
        firstKeys.reserveCapacity(expectedContacts)
        if schema.fields[schema.emailField].unique == nil { addresses.reserveCapacity(expectedContacts) }
    }

    /// `count` absent values: a contact's before they are typed.
    package static func absentValues(count: Int) -> [FieldValue?] {
        // A capacity of 0 gives the shared empty array, whose count threads must not set at once.
        guard count > 0 else { return [] }
        return [FieldValue?](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer.initializeElement(at: index, to: nil) }
            initialized = count
        }
    }

    private func span(_ place: CellPlace) -> SourceSpan {
        SourceSpan(file: file, range: place.range)
    }

    /// Starts a row: what is reported from here until its `add` is about its contact, and is
    /// marked so (``ContactRow``) once its key is known.
    package mutating func beginRow(_ diagnostics: DiagnosticBag) {
        rowStart = diagnostics.count
    }

    /// Types the text of one value of `field` (untrimmed), reporting a value that is not of the
    /// field's type. An empty or blank value is absent.
    package mutating func type(
        _ raw: ArraySlice<UInt8>, field index: Int, at place: CellPlace,
        diagnostics: inout DiagnosticBag
    ) -> Typed {
        let bytes = FieldValueParser.trimmed(raw)
        if bytes.isEmpty { return .absent }
        let result =
            types[index] == .timeZone
            ? timeZone(bytes) : FieldValueParser.parse(bytes, as: schema.fields[index], years: years[index], today: today)
        switch result {
        case .success(.list(let items)) where items.isEmpty:
            return .absent
        case .success(let value):
            if swappable[index] { noteOrder(of: value, field: index) }
            return .value(value)
        case .failure(let problem):
            report(
                problem, value: String(decoding: bytes, as: UTF8.self), bytes: bytes, field: index, at: place,
                diagnostics: &diagnostics)
            return .invalid
        }
    }

    /// Notes what a date of a field whose format has a numeric month and day shows of their order.
    private mutating func noteOrder(of value: FieldValue, field: Int) {
        let date: LocalDate
        switch value {
        case .date(let day): date = day
        case .datetime(let dateTime): date = dateTime.date
        default: return
        }
        dateOrders[field, default: DateOrder()].count += 1
        if date.day > 12 { dateOrders[field]?.shown = true }
        if date.day != date.month { dateOrders[field]?.swapChanges = true }
    }

    private mutating func timeZone(_ bytes: ArraySlice<UInt8>) -> Result<FieldValue, ValueProblem> {
        for entry in timeZones where entry.bytes.count == bytes.count && entry.bytes.elementsEqual(bytes) {
            return entry.result
        }
        let result = FieldValueParser.timeZone(String(decoding: bytes, as: UTF8.self))
        if timeZones.count < Self.timeZoneCacheLimit { timeZones.append((Array(bytes), result)) }
        return result
    }

    private mutating func report(
        _ problem: ValueProblem, value: String, bytes: ArraySlice<UInt8>, field index: Int, at place: CellPlace,
        diagnostics: inout DiagnosticBag
    ) {
        let field = schema.fields[index]
        var diagnostic = Diagnostic(
            ContactMessages.invalidValue(value, field: field, problem: problem),
            at: span(place), position: place.position)
        switch problem {
        case .notDate, .notDateTime:
            // One help line for the field, on its first such value, once every value is seen:
            // the format they are written in.
            if formatFailures[index] != nil {
                formatFailures[index]?.guesser.feed(bytes)
            } else {
                var guesser = DateFormatGuesser(dateTime: field.type == .datetime)
                guesser.feed(bytes)
                formatFailures[index] = FormatFailures(diagnostic: diagnostics.count, guesser: guesser)
            }
        case .noSuchDay:
            let example = (field.format ?? DateFormat.iso).example
            let form = field.format?.pattern ?? (field.type == .datetime ? "YYYY-MM-DDTHH:MM" : "YYYY-MM-DD")
            diagnostic = diagnostic.with(help: "write dates like \(example) (\(form))")
        case .afterToday:
            diagnostic = diagnostic.with(
                help: field.format?.hasTwoDigitYear == true
                    ? "correct the date; if only its century is wrong, set 'pivot' on '\(field.name)' in '\(schema.path)'"
                    : "correct the date: '\(field.name)' holds dates up to today")
        case .beforeToday:
            diagnostic = diagnostic.with(
                help: "correct the date, or remove 'future: true' from '\(field.name)' in '\(schema.path)' if the export keeps past dates")
        case .notBoolean:
            diagnostic = diagnostic.with(help: "write true or false (yes/no, y/n and 1/0 work too)")
        case .notInteger:
            diagnostic = diagnostic.with(help: "write a whole number such as 7, without a decimal point or separators")
        case .notNumber(let decimalComma):
            if decimalComma { diagnostic = diagnostic.with(help: "write the decimal point as '.', as in 3.5") }
        case .notEnumCase(let suggestion):
            if let suggestion { diagnostic = diagnostic.with(help: "did you mean '\(suggestion)'?") }
            diagnostic = diagnostic.with(note: "'\(field.name)' takes: \(field.values.joined(separator: ", "))")
        case .notTimeZone(let suggestion):
            if let suggestion { diagnostic = diagnostic.with(help: "did you mean '\(suggestion)'?") }
            diagnostic = diagnostic.with(help: "use a name from the IANA time zone database, such as 'America/Chicago'")
        case .email, .belowMinimum, .aboveMaximum:
            break
        }
        diagnostics.emit(diagnostic)
    }

    /// The help line for a field's values that are not in its form: the format they are in,
    /// when the values show one.
    private func formatHelp(field index: Int, guess: DateFormatGuesser.Guess, count: Int) -> String {
        let field = schema.fields[index]
        let noun = field.type == .datetime ? "value" : "date"
        let these =
            count == 1
            ? "this \(noun)" : "the \(count.grouped) \(noun)s of the \(placeWord == "row" ? "column" : "field") not in its form"
        let place = "field '\(field.name)' in '\(schema.path)'"
        func set(_ pattern: String) -> String {
            field.format == nil ? "add 'format: \"\(pattern)\"' to \(place)" : "change the 'format' of \(place) to \"\(pattern)\""
        }
        switch guess {
        case .iso where field.format != nil:
            return "\(these) \(count == 1 ? "is" : "are") in the ISO form YYYY-MM-DD: remove 'format' from \(place)"
        case .format(let format):
            return "\(these) \(count == 1 ? "is" : "are all") written \(format.pattern): \(set(format.pattern))"
        case .ambiguous(let first, let second):
            return "\(these) \(count == 1 ? "reads" : "all read") both as \(first.pattern) (\(first.orderWords)) and as "
                + "\(second.pattern) (\(second.orderWords)): \(set("…")) with the one the export uses"
        case .iso, .unknown:
            let example = (field.format ?? DateFormat.iso).example
            let form = field.format?.pattern ?? (field.type == .datetime ? "YYYY-MM-DDTHH:MM" : "YYYY-MM-DD")
            return "write \(noun)s like \(example) (\(form)), or set the field's 'format' to the form the export uses"
        }
    }

    /// Completes one contact: fills in defaults, reports required fields without a value, and
    /// checks its key and unique values against the contacts before it. `place(field)` is where
    /// a field's value stands or belongs, `nil` when the whole column is missing (reported once
    /// already). `invalid` marks fields whose value was reported as not of its type.
    package mutating func add(
        _ values: consuming [FieldValue?], invalid: [Bool], row: Int, place: (Int) -> CellPlace?,
        diagnostics: inout DiagnosticBag
    ) {
        for index in values.indices where values[index] == nil && !invalid[index] {
            if let value = defaults[index] {
                values[index] = value
            } else if needsValue[index], let cell = place(index) {
                let name = schema.fields[index].name
                var diagnostic = Diagnostic(
                    ContactMessages.missingValue(field: name), at: span(cell),
                    label: "no value here", position: cell.position)
                diagnostic =
                    index == schema.keyField
                    ? diagnostic.with(note: "'\(name)' is the list's key; every contact needs one")
                    : diagnostic.with(help: "fill it in, or give '\(name)' a 'default' in the schema")
                diagnostics.emit(diagnostic)
            }
        }
        // Everything reported about the row is about its contact, known by its key when it has
        // one that could be read.
        let rowKey = values[schema.keyField]?.text
        defer {
            if let rowStart { diagnostics.attribute(since: rowStart, to: ContactRow(path: file.path, row: row, key: rowKey)) }
            rowStart = nil
        }
        guard let key = rowKey, let keyPlace = place(schema.keyField) else { return }
        let contactIndex = contacts.count
        // One hash for the usual case, a new key; a repeated one puts the first back.
        if let first = firstKeys.updateValue(FirstSeen(contact: contactIndex, range: keyPlace.range), forKey: key) {
            firstKeys[key] = first
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.duplicateKey(key, field: schema.fields[schema.keyField].name), at: span(keyPlace),
                    label: "used again here", position: keyPlace.position
                )
                .with(
                    note: "\(placeWord) \(contacts[first.contact].row) has the same key",
                    at: SourceSpan(file: file, range: first.range)
                )
                .with(help: "give every contact its own key; if the rows are one person, remove one of them"))
            return
        }
        // Keys become file names: two that name the same file (`a/b` and `a\b`, or `P1` and `p1`
        // on a share that ignores case) would overwrite each other's messages.
        let fileName = FileNameText.folded(key)
        if let first = firstFileNames.updateValue(keyPlace, forKey: fileName) {
            firstFileNames[fileName] = first
            let firstContact = contacts.first { FileNameText.folded($0.key) == fileName }
            let firstKey = firstContact?.key ?? ""
            let firstRow = firstContact?.row ?? 0
            // Both rows are in error: either contact could be the one whose key is wrong.
            let rows = [
                (
                    place: first, here: firstKey, there: key, otherRow: row,
                    contact: ContactRow(path: file.path, row: firstRow, key: firstContact?.key)
                ),
                (place: keyPlace, here: key, there: firstKey, otherRow: firstRow, contact: ContactRow(path: file.path, row: row, key: key)),
            ]
            for (place, here, there, otherRow, contact) in rows {
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.collidingKey(here, other: there, field: schema.fields[schema.keyField].name),
                        at: span(place), position: place.position
                    )
                    .with(note: "\(placeWord) \(otherRow) has the key '\(there)'")
                    .with(
                        note: "keys name the message files, which keep only letters, digits, '.', '_' and '-', "
                            + "and a share that ignores case holds one file for both"
                    )
                    .with(help: "give the contacts keys that differ in more than case and punctuation")
                    .about(contact))
            }
            return
        }
        for index in values.indices where index != schema.keyField {
            guard let value = values[index] else { continue }
            if index == schema.emailField, uniqueness[index] == nil {
                if let cell = place(index) { trackAddress(value, key: key, at: cell) }
                continue
            }
            guard uniqueness[index] == true, let cell = place(index) else { continue }
            let compared = index == schema.emailField ? FieldValue.email(Self.lowercased(value.text)) : value
            let seen = FirstSeen(contact: contactIndex, range: cell.range)
            if let first = firstValues[index, default: [:]].updateValue(seen, forKey: compared) {
                firstValues[index]?[compared] = first
                let name = schema.fields[index].name
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.duplicateValue(value.text, field: name), at: span(cell),
                        label: "used again here", position: cell.position
                    )
                    .with(
                        note: "\(placeWord) \(contacts[first.contact].row) has the same value",
                        at: SourceSpan(file: file, range: first.range)))
            }
        }
        contacts.append(Contact(key: key, row: row, values: values))
    }

    /// ASCII letters lowercased; the same string when it has no capitals (most addresses).
    package static func lowercased(_ text: String) -> String {
        text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) ? text.lowercased() : text
    }

    private mutating func trackAddress(_ value: FieldValue, key: String, at place: CellPlace) {
        let address = Self.lowercased(value.text)
        guard let first = addresses.updateValue(contacts.count, forKey: address) else { return }
        addresses[address] = first
        if sharedAddresses[address] == nil {
            sharedAddresses[address] = SharedAddress(keys: [contacts[first].key], place: place, address: value.text)
            sharedOrder.append(address)
        }
        sharedAddresses[address]?.keys.append(key)
    }

    /// Reports what only the whole list shows: addresses shared by several contacts, dates that
    /// read as well with the month and the day swapped, and the format of a field's values that
    /// are not in its form. `header(field)` is where a field's column is named (CSV), `nil` to
    /// report at the field in the schema.
    package func finish(diagnostics: inout DiagnosticBag, header: (Int) -> CellPlace? = { _ in nil }) {
        for (index, failures) in formatFailures {
            let help = formatHelp(field: index, guess: failures.guesser.guess, count: failures.guesser.count)
            diagnostics.update(at: failures.diagnostic) { $0.help.insert(help, at: 0) }
        }
        // The columns of one export share its order of month and day: a column that shows it
        // settles it for the others written the same way.
        let shownOrders = Set(dateOrders.filter { $0.value.shown }.compactMap { schema.fields[$0.key].format?.monthFirst })
        for (index, order) in dateOrders.sorted(by: { $0.key < $1.key })
        where !order.shown && order.swapChanges && formatFailures[index] == nil {
            let field = schema.fields[index]
            guard let format = field.format, let swapped = format.swappingMonthAndDay, !shownOrders.contains(format.monthFirst)
            else { continue }
            let place = header(index)
            let location = place.map { SourceSpan(file: file, range: $0.range) } ?? field.span
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.ambiguousDateOrder(field: field.name, format: format, swapped: swapped),
                    at: location, position: place?.position
                )
                .with(
                    note: order.count == 1
                        ? "its one date has a day of 12 or less, and no column written the same way has one above, "
                            + "so none shows which comes first"
                        : "none of its \(order.count.grouped) dates, nor any of a column written the same way, has a day above 12, "
                            + "so none shows which comes first"
                )
                .with(
                    help: "check a date you know against the export; if it is \(swapped.orderWords), "
                        + "set 'format: \"\(swapped.pattern)\"' on '\(field.name)' in '\(schema.path)'"))
        }
        let emailField = schema.fields[schema.emailField].name
        for address in sharedOrder {
            guard let shared = sharedAddresses[address] else { continue }
            let listed = Array(shared.keys.prefix(5))
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.sharedAddress(shared.address, keys: listed, total: shared.keys.count),
                    at: span(shared.place), position: shared.place.position
                )
                .with(
                    note:
                        "families often share an address; each contact gets its own messages, unless a campaign says 'one_per_address: true'"
                )
                .with(help: "set 'unique: false' on '\(emailField)' if shared addresses are expected, or 'unique: true' to forbid them"))
        }
    }
}
