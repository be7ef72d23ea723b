import TouchpointCore

/// A typed value of one contact field. A contact's absent values (an empty cell) are `nil`, never
/// an empty string.
public enum FieldValue: Sendable, Hashable {
    case string(String)
    /// An address as written (spaces trimmed), checked by ``EmailAddress/parse(_:)``.
    case email(String)
    case date(LocalDate)
    /// Boxed: date-times are rare in contact lists, and the box keeps every other value small.
    indirect case datetime(DateTimeValue)
    case integer(Int)
    /// Boxed, like date-times: its text is kept, so that a message shows it as written.
    indirect case number(WrittenNumber)
    case boolean(Bool)
    /// One of the field's `values`, spelled as the schema spells it.
    case enumCase(String)
    /// The items of a list field, trimmed, empty items left out.
    case list([String])
    /// An IANA time zone name.
    case timeZone(String)

    /// The value as text, the way a message or a file name shows it: dates in ISO form, lists
    /// joined with ", ".
    public var text: String {
        switch self {
        case .string(let text), .email(let text), .enumCase(let text), .timeZone(let text): text
        case .date(let date): date.description
        case .datetime(let value): value.description
        case .integer(let value): String(value)
        case .number(let value): value.text
        case .boolean(let value): value ? "true" : "false"
        case .list(let items): items.joined(separator: ", ")
        }
    }

    /// The address of an `email` value.
    public var emailAddress: EmailAddress? {
        guard case .email(let text) = self, let at = text.lastIndex(of: "@") else { return nil }
        return EmailAddress(localPart: String(text[..<at]), domain: String(text[text.index(after: at)...]))
    }

    /// A number without a needless ".0": 3 rather than 3.0, 2.5 as 2.5.
    package static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
