import TouchpointCore

/// One contact of a list, its values typed by the list's schema.
public struct Contact: Sendable {
    /// The value of the schema's key field as text: stable, unique in the list, free of PHI by
    /// the schema's contract, so it may name files and appear in CI output.
    public let key: String
    /// Where the contact stands: its row as a spreadsheet shows it (CSV, header is row 1) or the
    /// line its mapping starts on (YAML).
    public let row: Int
    /// The values, indexed like ``ContactSchema/fields``; `nil` where a value is absent (an
    /// empty cell without a default).
    public let values: [FieldValue?]

    public init(key: String, row: Int, values: [FieldValue?]) {
        self.key = key
        self.row = row
        self.values = values
    }

    /// The value of the field at `index`, `nil` when absent.
    public subscript(field index: Int) -> FieldValue? {
        values.indices.contains(index) ? values[index] : nil
    }
}
