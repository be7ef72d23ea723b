import TouchpointCore

/// One record (a row) of a CSV file.
public struct CSVRecord: Sendable {
    /// The row as a spreadsheet shows it: the header is row 1, and a record whose quoted field
    /// spans several lines is still one row.
    public let row: Int
    /// The record's bytes, from its first field to its line end (the terminator excluded).
    public let range: Range<Int>
    public let fields: [CSVField]
    /// The record broke a rule of the format (a stray or unterminated quote, a wrong number of
    /// fields) and was reported; its fields may not be the ones the author meant.
    public let isMalformed: Bool

    public init(row: Int, range: Range<Int>, fields: [CSVField], isMalformed: Bool) {
        self.row = row
        self.range = range
        self.fields = fields
        self.isMalformed = isMalformed
    }

    /// Every field is empty: a blank row, as spreadsheets export them (`,,,`).
    public func isBlank(in file: SourceFile) -> Bool {
        fields.allSatisfy { field in
            file.bytes[field.contentRange].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }
    }
}
