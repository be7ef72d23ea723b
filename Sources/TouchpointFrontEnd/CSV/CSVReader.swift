import TouchpointCore

/// Reads CSV as RFC 4180 defines it, strictly: fields separated by a delimiter, records by CRLF,
/// LF or a lone CR; a field may be enclosed in double quotes, and then holds delimiters, line
/// breaks and doubled quotes (`""` for one `"`).
///
/// The reader walks the bytes once and hands each record to its caller as byte ranges, so a large
/// export costs no string per character or per cell. Problems are reported at the row and column
/// a spreadsheet shows (the header is row 1, columns count fields from 1), and reading goes on
/// after them, so one run reports every broken row:
/// - a quote that opens a field and is never closed (`csv-unterminated-quote`);
/// - a quote inside an unquoted field, or text after a closing quote (`csv-stray-quote`);
/// - a record with more or fewer fields than the header (`csv-field-count`).
///
/// Entirely empty lines are skipped (they still count as rows, as a spreadsheet shows them). A
/// byte-order mark was already dropped by ``SourceFile``.
public struct CSVReader: Sendable {
    /// The byte between fields: `,` unless the schema says otherwise (`;` in many European
    /// exports, a tab in others).
    public var delimiter: UInt8

    package static let quote = UInt8(ascii: "\"")
    package static let lineFeed: UInt8 = 0x0A
    package static let carriageReturn: UInt8 = 0x0D

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// The delimiter in words: "','", "a tab".
    package static func describe(delimiter: UInt8) -> String {
        delimiter == 0x09 ? "a tab" : "'\(Character(Unicode.Scalar(delimiter)))'"
    }

    /// Reads every record of `file` in order and hands it to `body`, header first. Records that
    /// break a rule are reported in `diagnostics` and still handed over, marked
    /// ``CSVRecord/isMalformed``. `body` gets the diagnostics to report its own problems in.
    public func read(
        _ file: SourceFile, diagnostics: inout DiagnosticBag,
        _ body: (CSVRecord, inout DiagnosticBag) -> Void
    ) {
        var scan = Scan(file: file, delimiter: delimiter)
        file.bytes.withUnsafeBufferPointer { buffer in
            scan.run(buffer, diagnostics: &diagnostics, body)
        }
    }

    /// Every record of `file`, for callers that want them all at once.
    public func records(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> [CSVRecord] {
        var records: [CSVRecord] = []
        read(file, diagnostics: &diagnostics) { record, _ in records.append(record) }
        return records
    }
}

/// The state of one pass over a file.
private struct Scan {
    let file: SourceFile
    let delimiter: UInt8
    /// Bytes that end an unquoted field or need a closer look inside one.
    private var special = [Bool](repeating: false, count: 256)
    private var expectedFieldCount: Int?

    init(file: SourceFile, delimiter: UInt8) {
        self.file = file
        self.delimiter = delimiter
        for byte in [delimiter, CSVReader.quote, CSVReader.lineFeed, CSVReader.carriageReturn] {
            special[Int(byte)] = true
        }
    }

    mutating func run(
        _ buffer: UnsafeBufferPointer<UInt8>, diagnostics: inout DiagnosticBag,
        _ body: (CSVRecord, inout DiagnosticBag) -> Void
    ) {
        let count = buffer.count
        var index = 0
        var row = 1
        var fields: [CSVField] = []
        while index < count {
            let first = buffer[index]
            if first == CSVReader.lineFeed || first == CSVReader.carriageReturn {
                index = skipLineEnd(buffer, at: index)
                row += 1
                continue
            }
            let recordStart = index
            fields.removeAll(keepingCapacity: true)
            var malformed = false
            while true {
                let column = fields.count + 1
                let fieldStart = index
                if index < count, buffer[index] == CSVReader.quote {
                    index += 1
                    var doubled = false
                    var closed = false
                    while index < count {
                        if buffer[index] == CSVReader.quote {
                            if index + 1 < count, buffer[index + 1] == CSVReader.quote {
                                doubled = true
                                index += 2
                                continue
                            }
                            index += 1
                            closed = true
                            break
                        }
                        index += 1
                    }
                    if !closed {
                        report(
                            CSVMessages.unterminatedQuote(), at: fieldStart..<(fieldStart + 1), row: row,
                            column: column, label: "this quote opens a field that is never closed", &diagnostics,
                            help: "close the field with a '\"'; a quote inside a quoted field is written twice (\"\")")
                        malformed = true
                        fields.append(CSVField(range: fieldStart..<count, isQuoted: false, hasDoubledQuotes: false))
                        break
                    }
                    if index < count, !endsField(buffer[index]) {
                        report(
                            CSVMessages.textAfterClosingQuote(), at: (index - 1)..<index, row: row, column: column,
                            label: "this quote closes the field, but the field goes on", &diagnostics,
                            help: "a quote inside a quoted field is written twice (\"\")")
                        malformed = true
                        index = skipToFieldEnd(buffer, from: index)
                        fields.append(CSVField(range: fieldStart..<index, isQuoted: false, hasDoubledQuotes: false))
                    } else {
                        fields.append(CSVField(range: fieldStart..<index, isQuoted: true, hasDoubledQuotes: doubled))
                    }
                } else {
                    index = skipUnquoted(buffer, from: index)
                    if index < count, buffer[index] == CSVReader.quote {
                        report(
                            CSVMessages.strayQuote(), at: index..<(index + 1), row: row, column: column,
                            label: "a quote may only open a field", &diagnostics,
                            help: "enclose the whole field in quotes and write the quote twice: \"5'11\"\" tall\"")
                        malformed = true
                        index = skipToFieldEnd(buffer, from: index)
                    }
                    fields.append(CSVField(range: fieldStart..<index, isQuoted: false, hasDoubledQuotes: false))
                }
                if index < count, buffer[index] == delimiter {
                    index += 1
                    continue
                }
                break
            }
            let recordEnd = index
            if !malformed {
                malformed = !checkFieldCount(fields, row: row, recordEnd: recordEnd, &diagnostics)
            } else if expectedFieldCount == nil {
                expectedFieldCount = fields.count
            }
            body(CSVRecord(row: row, range: recordStart..<recordEnd, fields: fields, isMalformed: malformed), &diagnostics)
            if index < count { index = skipLineEnd(buffer, at: index) }
            row += 1
        }
    }

    /// Whether `byte` may follow a closing quote.
    private func endsField(_ byte: UInt8) -> Bool {
        byte == delimiter || byte == CSVReader.lineFeed || byte == CSVReader.carriageReturn
    }

    /// The index of the first byte from `start` on that is a delimiter, a quote or a line end.
    private func skipUnquoted(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = buffer.count
        while index < count, !special[Int(buffer[index])] { index += 1 }
        return index
    }

    /// The index of the first delimiter or line end from `start` on, quotes included in the
    /// skipped text: how reading resumes after a stray quote.
    private func skipToFieldEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < buffer.count, !endsField(buffer[index]) { index += 1 }
        return index
    }

    /// The index after the line terminator at `index` (CRLF, LF or CR).
    private func skipLineEnd(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        if buffer[index] == CSVReader.carriageReturn, index + 1 < buffer.count, buffer[index + 1] == CSVReader.lineFeed {
            return index + 2
        }
        return index + 1
    }

    /// Reports a record whose number of fields differs from the header's; `false` when it does.
    private mutating func checkFieldCount(
        _ fields: [CSVField], row: Int, recordEnd: Int,
        _ diagnostics: inout DiagnosticBag
    ) -> Bool {
        guard let expected = expectedFieldCount else {
            expectedFieldCount = fields.count
            return true
        }
        if fields.count == expected { return true }
        if fields.count > expected {
            let extra = fields[expected].range.lowerBound
            // Point at the delimiter before the first extra field, so that an extra empty field
            // still has a character under the caret.
            let start = max(extra - 1, fields[0].range.lowerBound)
            report(
                CSVMessages.tooManyFields(found: fields.count, expected: expected),
                at: start..<recordEnd, row: row, column: expected + 1,
                label: "\(fields.count - expected) more than the header", &diagnostics,
                help: "enclose a value that holds \(CSVReader.describe(delimiter: delimiter)) in double quotes")
        } else {
            report(
                CSVMessages.tooFewFields(found: fields.count, expected: expected),
                at: recordEnd..<recordEnd, row: row, column: fields.count + 1,
                label: "\(expected - fields.count) missing here", &diagnostics,
                help: "add the missing fields, leaving a field empty where there is no value")
        }
        return false
    }

    private func report(
        _ message: DiagnosticMessage, at range: Range<Int>, row: Int, column: Int, label: String,
        _ diagnostics: inout DiagnosticBag, help: String
    ) {
        diagnostics.emit(
            Diagnostic(
                message, at: SourceSpan(file: file, range: range), label: label,
                position: ReportedPosition(line: row, column: column)
            )
            .with(help: help))
    }
}
