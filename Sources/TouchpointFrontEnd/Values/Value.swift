import TouchpointCore

/// One contact's value for a field, as expressions and templates see it.
///
/// Deliberately small: one case for each way values compare, not one per schema type. Text,
/// e-mail addresses, enumeration values and time-zone names are all `.string`; `.datetime` is a
/// local wall-clock time to the minute. An absent value (an empty cell) is not a case: it is the
/// `nil` of `Value?`, so "absent" and "empty text" cannot be confused where values are looked up.
public enum Value: Sendable, Hashable {
    case string(String)
    case integer(Int)
    /// A decimal number, shown as written.
    case number(WrittenNumber)
    case boolean(Bool)
    case date(LocalDate)
    case datetime(LocalDate, TimeOfDay)
    case list([String])

    /// Whether the value counts as empty for `is empty`: empty text or an empty list.
    public var isEmpty: Bool {
        switch self {
        case .string(let text): text.isEmpty
        case .list(let items): items.isEmpty
        default: false
        }
    }

    /// The value as a merged field shows it: dates as `YYYY-MM-DD`, lists joined with ", ",
    /// decimal numbers as written.
    public var text: String {
        switch self {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return number.text
        case .boolean(let flag): return flag ? "true" : "false"
        case .date(let date): return date.description
        case .datetime(let date, let time): return "\(date) \(time)"
        case .list(let items): return items.joined(separator: ", ")
        }
    }
}
