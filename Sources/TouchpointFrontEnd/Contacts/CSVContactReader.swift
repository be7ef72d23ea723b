import TouchpointCore

/// Reads the contacts of a CSV data file against the list's schema: matches the header's columns
/// to fields by name, then types every row. Column problems are reported once, at the header, not
/// once per row.
package struct CSVContactReader {
    package let schema: ContactSchema
    /// The day of the check, when known (see ``ContactValidator/today``).
    package var today: LocalDate?

    package init(schema: ContactSchema, today: LocalDate? = nil) {
        self.schema = schema
        self.today = today
    }

    /// The contacts of `file`; `nil` when its rows cannot be read at all, because its header is
    /// separated by another character than the schema's delimiter (reported once).
    package func read(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [Contact]? {
        if let bad = Self.firstInvalidUTF8(file.bytes) {
            diagnostics.emit(
                Diagnostic(
                    CSVMessages.invalidUTF8(), at: SourceSpan(file: file, offset: bad, length: 1),
                    label: "this byte does not start a valid UTF-8 sequence"
                )
                .with(help: "export the sheet as 'CSV UTF-8' (spreadsheets offer it under 'Save As')"))
        }
        if let other = Self.otherDelimiter(in: file, than: schema.delimiter) {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.wrongDelimiter(found: other.byte, expected: schema.delimiter),
                    at: SourceSpan(file: file, offset: other.offset, length: 1),
                    label: "the header's columns are separated by \(CSVReader.describe(delimiter: other.byte))",
                    position: ReportedPosition(line: 1, column: 1)
                )
                .with(help: Self.delimiterHelp(other.byte, schemaPath: schema.path)))
            return nil
        }
        var validator = ContactValidator(
            schema: schema, file: file, placeWord: "row", expectedContacts: file.lineCount, today: today)
        var columns: [Int?] = []
        var headerRecord: CSVRecord?
        var columnOfField = [Int?](repeating: nil, count: schema.fields.count)
        var invalid = [Bool](repeating: false, count: schema.fields.count)
        var sawHeader = false
        // Where the diagnostics of the record being read start: the reader reports a record's
        // problems of form before it hands the record over.
        var recordStart = diagnostics.count
        CSVReader(delimiter: schema.delimiter).read(file, diagnostics: &diagnostics) { record, diagnostics in
            defer { recordStart = diagnostics.count }
            guard sawHeader else {
                sawHeader = true
                headerRecord = record
                columns = readHeader(record, file: file, diagnostics: &diagnostics)
                for (column, field) in columns.enumerated() {
                    if let field { columnOfField[field] = column }
                }
                return
            }
            if record.isMalformed {
                // A row that could not be split into its fields as the export meant: its key,
                // like its other cells, may be another column's text, so it names no contact.
                diagnostics.attribute(since: recordStart, to: ContactRow(path: file.path, row: record.row, key: nil))
                return
            }
            guard !record.isBlank(in: file) else { return }
            validator.beginRow(diagnostics)
            var values = ContactValidator.absentValues(count: schema.fields.count)
            for index in invalid.indices { invalid[index] = false }
            for (column, cell) in record.fields.enumerated() {
                guard column < columns.count, let field = columns[column] else { continue }
                let place = CellPlace(
                    range: cell.range,
                    position: ReportedPosition(line: record.row, column: column + 1))
                switch validator.type(cell.bytes(in: file), field: field, at: place, diagnostics: &diagnostics) {
                case .value(let value): values[field] = value
                case .absent: break
                case .invalid: invalid[field] = true
                }
            }
            validator.add(
                consume values, invalid: invalid, row: record.row,
                place: { field in
                    columnOfField[field].map { column in
                        CellPlace(
                            range: record.fields[column].range,
                            position: ReportedPosition(line: record.row, column: column + 1))
                    }
                }, diagnostics: &diagnostics)
        }
        if !sawHeader {
            diagnostics.emit(
                Diagnostic(CSVMessages.missingHeader(), file: file.path)
                    .with(help: "start the file with a row of column names, such as: \(schema.fields.map(\.header).joined(separator: ","))")
            )
        }
        validator.finish(diagnostics: &diagnostics) { field in
            guard let header = headerRecord, let column = columnOfField[field] else { return nil }
            return CellPlace(range: header.fields[column].range, position: ReportedPosition(line: header.row, column: column + 1))
        }
        return validator.contacts
    }

    /// The delimiters exports use.
    private static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

    /// Where the header row (the file's first line) holds another delimiter than `delimiter`, and
    /// not `delimiter` itself: the first such byte outside quotes, and its offset. A list has
    /// at least a key and an address, so a header without its delimiter is one column too few.
    package static func otherDelimiter(in file: SourceFile, than delimiter: UInt8) -> (byte: UInt8, offset: Int)? {
        var counts = [Int](repeating: 0, count: delimiters.count)
        var firsts = [Int](repeating: 0, count: delimiters.count)
        var quoted = false
        for (offset, byte) in file.bytes.enumerated() {
            if byte == CSVReader.quote { quoted.toggle() }
            if quoted { continue }
            if byte == CSVReader.lineFeed || byte == CSVReader.carriageReturn { break }
            if byte == delimiter { return nil }
            if let index = delimiters.firstIndex(of: byte) {
                if counts[index] == 0 { firsts[index] = offset }
                counts[index] += 1
            }
        }
        // The most frequent; on a tie, the first in the list.
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }),
            counts[best] > 0
        else { return nil }
        return (delimiters[best], firsts[best])
    }

    /// What the schema should say for an export separated by `byte`.
    private static func delimiterHelp(_ byte: UInt8, schemaPath: String) -> String {
        if byte == UInt8(ascii: ",") { return "remove 'delimiter' from '\(schemaPath)': the export is separated by commas" }
        let value = byte == 0x09 ? "tab" : "\"\(Character(Unicode.Scalar(byte)))\""
        return "add 'delimiter: \(value)' to '\(schemaPath)'"
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, if any.
    package static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        if UTF8Index.isWellFormed(bytes) { return nil }
        do {
            _ = try UTF8Span(validating: bytes.span)
            return nil
        } catch {
            return error.byteOffsets.lowerBound
        }
    }

    /// The field each column holds (`nil` for a column that is reported and ignored), after
    /// reporting unknown, unnamed and repeated columns, and required fields without a column.
    private func readHeader(_ record: CSVRecord, file: SourceFile, diagnostics: inout DiagnosticBag) -> [Int?] {
        let names = record.fields.map { $0.text(in: file).trimmingSpaces }
        var columns: [Int?] = []
        var firstColumn: [String: Int] = [:]
        /// Fields a column is named like, already reported as such rather than as missing.
        var misnamed: Set<Int> = []
        let present = Set(names)
        let absentFields = schema.fields.indices.filter { !present.contains(schema.fields[$0].header) }
        let absentHeaders = absentFields.map { schema.fields[$0].header }
        for (column, name) in names.enumerated() {
            let cell = record.fields[column]
            let span = SourceSpan(file: file, range: cell.range)
            let position = ReportedPosition(line: record.row, column: column + 1)
            if name.isEmpty {
                // A trailing delimiter is common in exports; an unnamed column with no values in
                // it is harmless, but say so once.
                diagnostics.emit(
                    Diagnostic(ContactMessages.unnamedColumn(column + 1), at: span, position: position)
                        .with(help: "name the column after a field, or remove it"))
                columns.append(nil)
                continue
            }
            if let first = firstColumn[name] {
                diagnostics.emit(
                    Diagnostic(ContactMessages.duplicateColumn(name), at: span, label: "again here", position: position)
                        .with(note: "column \(first + 1) has the same name", at: SourceSpan(file: file, range: record.fields[first].range)))
                columns.append(nil)
                continue
            }
            firstColumn[name] = column
            if let field = schema.index(ofColumn: name) {
                columns.append(field)
            } else if let index = absentFields.first(where: {
                !misnamed.contains($0)
                    && (Self.loosely(schema.fields[$0].header) == Self.loosely(name)
                        || Self.loosely(schema.fields[$0].name) == Self.loosely(name))
            }) {
                // An export whose header changed case or spacing ('Status', 'First Name') would
                // otherwise leave the field empty for every contact, and quietly drop its mail.
                let field = schema.fields[index]
                diagnostics.emit(
                    Diagnostic(ContactMessages.looseColumnName(name, field: field.name), at: span, position: position)
                        .with(note: "columns are matched to fields by their exact names")
                        .with(
                            help: "name the column in '\(schema.path)': \(field.name): \(SchemaText.definition(of: field, column: name))"
                        ))
                misnamed.insert(index)
                columns.append(nil)
            } else {
                diagnostics.emit(
                    Diagnostic(ContactMessages.unknownColumn(name), at: span, position: position)
                        .suggesting(name, from: absentHeaders)
                        .with(note: "add it to 'fields' in '\(schema.path)' to use it"))
                columns.append(nil)
            }
        }
        for (index, field) in schema.fields.enumerated()
        where (field.required || index == schema.keyField) && field.defaultValue == nil && firstColumn[field.header] == nil
            && !misnamed.contains(index)
        {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.missingColumn(field.header, field: field.name), at: SourceSpan(file: file, range: record.range),
                    label: "no column '\(field.header)'", position: ReportedPosition(line: record.row, column: 1)
                )
                .with(help: "add a column named '\(field.header)' to the header"))
        }
        return columns
    }

    /// A name without case, spaces or punctuation: 'First Name', 'first_name' and 'FIRST-NAME'
    /// are all 'firstname'.
    private static func loosely(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
