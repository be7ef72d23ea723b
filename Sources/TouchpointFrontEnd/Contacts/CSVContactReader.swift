import TouchpointCore

/// Reads the contacts of a CSV data file against the list's schema: matches the header's columns
/// to fields by name, then types every row. Column problems are reported once, at the header, not
/// once per row.
package struct CSVContactReader {
    package let schema: ContactSchema

    package func read(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [Contact] {
        if let bad = Self.firstInvalidUTF8(file.bytes) {
            diagnostics.emit(
                Diagnostic(
                    CSVMessages.invalidUTF8(), at: SourceSpan(file: file, offset: bad, length: 1),
                    label: "this byte does not start a valid UTF-8 sequence"
                )
                .with(help: "export the sheet as 'CSV UTF-8' (spreadsheets offer it under 'Save As')"))
        }
        var validator = ContactValidator(schema: schema, file: file, placeWord: "row", expectedContacts: file.lineCount)
        var columns: [Int?] = []
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
                    .with(help: "start the file with a row of column names, such as: \(schema.fieldNames.joined(separator: ","))"))
        }
        validator.finish(diagnostics: &diagnostics)
        return validator.contacts
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
        var misnamed: Set<String> = []
        let present = Set(names)
        let absentFields = schema.fieldNames.filter { !present.contains($0) }
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
            if let field = schema.index(of: name) {
                columns.append(field)
            } else if let field = absentFields.first(where: { Self.loosely($0) == Self.loosely(name) }) {
                // An export whose header changed case or spacing ('Status', 'First Name') would
                // otherwise leave the field empty for every contact, and quietly drop its mail.
                diagnostics.emit(
                    Diagnostic(ContactMessages.looseColumnName(name, field: field), at: span, position: position)
                        .with(note: "columns are matched to fields by their exact names")
                        .with(help: "rename the column to '\(field)'"))
                misnamed.insert(field)
                columns.append(nil)
            } else {
                diagnostics.emit(
                    Diagnostic(ContactMessages.unknownColumn(name), at: span, position: position)
                        .suggesting(name, from: absentFields)
                        .with(note: "add it to 'fields' in '\(schema.path)' to use it"))
                columns.append(nil)
            }
        }
        for (index, field) in schema.fields.enumerated()
        where (field.required || index == schema.keyField) && field.defaultValue == nil && firstColumn[field.name] == nil
            && !misnamed.contains(field.name)
        {
            diagnostics.emit(
                Diagnostic(
                    ContactMessages.missingColumn(field.name), at: SourceSpan(file: file, range: record.range),
                    label: "no column '\(field.name)'", position: ReportedPosition(line: record.row, column: 1)
                )
                .with(help: "add a column named '\(field.name)' to the header"))
        }
        return columns
    }

    /// A name without case, spaces or punctuation: 'First Name', 'first_name' and 'FIRST-NAME'
    /// are all 'firstname'.
    private static func loosely(_ name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
    }
}
