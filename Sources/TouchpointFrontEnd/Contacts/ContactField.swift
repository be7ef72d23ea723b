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
    /// The pattern of a `date` or `datetime` field's cells; `nil` for ISO `YYYY-MM-DD` (and
    /// `YYYY-MM-DDTHH:MM…`).
    public let format: DateFormat?
    /// The first of the hundred years a two-digit year (`%y`) falls in (`pivot`), when given.
    public let pivot: Int?
    /// A date or date-time that must not be after the day of the check (`past: true`).
    public let past: Bool
    /// A date or date-time that must not be before the day of the check (`future: true`).
    public let future: Bool
    /// What separates the items of a `list` field's cells.
    public let separator: String
    /// The name of the CSV column that holds the field (`column`), when it is not the field's
    /// own name: an export's header such as `Patient ID`.
    public let column: String?
    /// The field's name in the schema file.
    public let span: SourceSpan
    /// `case: insensitive`: conditions compare the field's text, or its items, in any case.
    public let caseInsensitive: Bool

    public static let defaultSeparator = ";"

    public init(
        name: String, type: ValueType, required: Bool = false, defaultValue: FieldValue? = nil,
        unique: Bool? = nil, minimum: Double? = nil, maximum: Double? = nil, values: [String] = [],
        format: DateFormat? = nil, pivot: Int? = nil, past: Bool = false, future: Bool = false,
        separator: String = ContactField.defaultSeparator, column: String? = nil, caseInsensitive: Bool = false,
        span: SourceSpan
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
        self.pivot = pivot
        self.past = past
        self.future = future
        self.separator = separator
        self.column = column
        self.caseInsensitive = caseInsensitive
        self.span = span
    }

    /// The name of the CSV column the field is read from: its `column`, else its own name.
    public var header: String { column ?? name }

    /// The same field with a default value.
    package func with(defaultValue: FieldValue) -> ContactField {
        ContactField(
            name: name, type: type, required: required, defaultValue: defaultValue, unique: unique, minimum: minimum,
            maximum: maximum, values: values, format: format, pivot: pivot, past: past, future: future,
            separator: separator, column: column, caseInsensitive: caseInsensitive, span: span)
    }

    /// Which century a two-digit year of the field's cells is in, on `today` (the day of the
    /// check, when known): from its `pivot`; for a field that is `past` or named like a birth date,
    /// never after today; for one that is `future`, within fifty years of today; else as POSIX.
    package func twoDigitYears(today: LocalDate?) -> TwoDigitYears {
        if let pivot { return .window(first: pivot) }
        guard let today else { return .posix }
        if past || (!future && looksLikeBirthDate) { return .notAfter(today) }
        if future { return .window(first: today.year - 50) }
        return .posix
    }

    /// Whether the field's name says it holds a birth date: `birthday`, `date_of_birth`, `dob`.
    package var looksLikeBirthDate: Bool {
        let words = name.lowercased().split(separator: "_")
        return name.lowercased().contains("birth") || words.contains("dob") || words.contains("born")
    }

    /// The form a date field's cells take, in words for messages: "%m/%d/%Y", "YYYY-MM-DD".
    package var dateFormDescription: String {
        format.map { "in the format \($0.pattern)" } ?? "in the form YYYY-MM-DD"
    }

    /// The form a datetime field's cells take, in words for messages.
    package var dateTimeFormDescription: String {
        format.map { "in the format \($0.pattern)" } ?? "like 2026-11-03T09:30 or 2026-11-03T09:30:00-06:00"
    }
}
