import TouchpointCore

/// One field of a contact list's schema: a column of the CSV, a key of the YAML rows.
///
/// Immutable. A class, so that typing a million cells passes each field by reference rather
/// than copying its strings and lists cell by cell.
public final class ContactField: Sendable {
    public let name: String
    public let type: ValueType
    /// An empty cell is an error.
    public let required: Bool
    /// The value of an empty cell, already checked against the type.
    public let defaultValue: FieldValue?
    /// `true`: two contacts with the same value are an error. `false`: they are expected (say,
    /// family members sharing an e-mail address). `nil`: not stated, which for the list's e-mail
    /// field means a warning.
    public let unique: Bool?
    /// Bounds of an `integer` or `number` field, inclusive.
    public let minimum: Double?
    public let maximum: Double?
    /// The cases of an `enum` field, in the schema's order and spelling.
    public let values: [String]
    /// The pattern of a `date` field's cells; `nil` for ISO `YYYY-MM-DD`.
    public let format: DateFormat?
    /// What separates the items of a `list` field's cells.
    public let separator: String
    /// The field's name in the schema file.
    public let span: SourceSpan

    public static let defaultSeparator = ";"

    public init(
        name: String, type: ValueType, required: Bool = false, defaultValue: FieldValue? = nil,
        unique: Bool? = nil, minimum: Double? = nil, maximum: Double? = nil, values: [String] = [],
        format: DateFormat? = nil, separator: String = ContactField.defaultSeparator, span: SourceSpan
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.unique = unique
        self.minimum = minimum
        self.maximum = maximum
        self.values = values
        self.format = format
        self.separator = separator
        self.span = span
    }

    /// The form a date field's cells take, in words for messages: "%m/%d/%Y", "YYYY-MM-DD".
    package var dateFormDescription: String {
        format.map { "in the format \($0.pattern)" } ?? "in the form YYYY-MM-DD"
    }
}
