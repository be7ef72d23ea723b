import TouchpointKit

/// The CSV reader, for any bytes and each delimiter a schema may name: every record's and field's
/// range lies inside the input and inside its record, rows count up from 1, every diagnostic lies
/// inside the input, and a file read without errors, written out again as RFC 4180 writes it,
/// reads back to the same fields. (The suite also has Python's `csv` module write what it read —
/// see `CSVProperties.records` — which a harness cannot afford for every input.)
public enum CSVProperties {
    static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]

    static func problems(_ input: [UInt8]) -> [String] {
        var problems: [String] = []
        for delimiter in delimiters {
            let file = SourceFile(path: "contacts/fuzz.csv", bytes: input)
            var diagnostics = DiagnosticBag()
            let records = CSVReader(delimiter: delimiter).records(file, diagnostics: &diagnostics)
            problems += SpanAudit.problems(in: diagnostics.diagnostics, files: [file])
            problems += positionProblems(records, file: file)
            guard !diagnostics.hasErrors, !records.isEmpty else { continue }
            let fields = records.map { $0.fields.map { Array($0.bytes(in: file)) } }
            let written = SourceFile(path: "contacts/written.csv", bytes: write(fields, delimiter: delimiter))
            var again = DiagnosticBag()
            let reread = CSVReader(delimiter: delimiter).records(written, diagnostics: &again)
            if again.hasErrors { problems.append("what was read, written again, has errors: \(again.diagnostics.map(\.id))") }
            let rereadFields = reread.map { $0.fields.map { Array($0.bytes(in: written)) } }
            if rereadFields != fields {
                problems.append("what was read, written again with delimiter \(delimiter), reads back differently")
            }
        }
        return problems
    }

    private static func positionProblems(_ records: [CSVRecord], file: SourceFile) -> [String] {
        var problems: [String] = []
        var lastRow = 0
        var lastEnd = 0
        for record in records {
            if record.row <= lastRow { problems.append("row \(record.row) follows row \(lastRow)") }
            if record.range.lowerBound < lastEnd || record.range.upperBound > file.bytes.count {
                problems.append("record of row \(record.row) at \(record.range) lies outside the input or over the last one")
            }
            for field in record.fields where !record.range.contains(field.range) && !field.range.isEmpty {
                problems.append("a field of row \(record.row) at \(field.range) lies outside its record \(record.range)")
            }
            lastRow = record.row
            lastEnd = record.range.upperBound
        }
        return problems
    }

    /// Fields as RFC 4180 writes them: every field quoted, quotes doubled, CRLF after each record.
    static func write(_ records: [[[UInt8]]], delimiter: UInt8) -> [UInt8] {
        var out: [UInt8] = []
        for record in records {
            for (index, field) in record.enumerated() {
                if index > 0 { out.append(delimiter) }
                out.append(CSVReader.quote)
                for byte in field {
                    out.append(byte)
                    if byte == CSVReader.quote { out.append(byte) }
                }
                out.append(CSVReader.quote)
            }
            out += [0x0D, 0x0A]
        }
        return out
    }

    /// The fields of an input that reads without errors with a comma between fields, as text;
    /// `nil` when it has errors or no records. The suite has Python's `csv` module write these
    /// and reads its file back.
    public static func records(_ input: [UInt8]) -> [[String]]? {
        let file = SourceFile(path: "contacts/fuzz.csv", bytes: input)
        var diagnostics = DiagnosticBag()
        let records = CSVReader().records(file, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors, !records.isEmpty else { return nil }
        return records.map { $0.fields.map { $0.text(in: file) } }
    }

    /// The fields of `text` read as CSV with a comma between fields; `nil` when it has errors.
    public static func read(_ text: [UInt8]) -> [[String]]? {
        let file = SourceFile(path: "contacts/written.csv", bytes: text)
        var diagnostics = DiagnosticBag()
        let records = CSVReader().records(file, diagnostics: &diagnostics)
        guard !diagnostics.hasErrors else { return nil }
        return records.map { $0.fields.map { $0.text(in: file) } }
    }
}
