import TouchpointCore

/// What a value is: the `type` of a contact field as its list's schema declares it (SPEC §3),
/// and the type the expression and template checkers give a field, a built-in value or a
/// filter's result. One type for both, so that a schema and the languages cannot disagree.
///
/// Options that only the schema needs (an `enum` field's values, a `list` field's separator, a
/// `date` field's format) stay on ``ContactField``; the checkers find an enumeration's values
/// on ``FieldEnvironment/Field``.
public enum ValueType: String, Sendable, CaseIterable, Hashable {
    case string
    case email
    /// ISO `YYYY-MM-DD`, or the field's `format`.
    case date
    /// ISO 8601 date and time, with a UTC offset or local.
    case datetime
    case integer
    case number
    /// true/false, yes/no, y/n, 1/0, any case.
    case boolean
    /// One of a fixed set of values (the field's `values`).
    case enumeration = "enum"
    /// Text items split by the field's `separator` (`tags: { type: list, separator: ";" }`).
    case list
    /// An IANA time zone name.
    case timeZone = "timezone"

    /// The type in the words a diagnostic uses: "a date", "an e-mail address".
    public var description: String {
        switch self {
        case .string: "text"
        case .email: "an e-mail address"
        case .date: "a date"
        case .datetime: "a date and time"
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "true or false"
        case .enumeration: "one of a set of values"
        case .list: "a list"
        case .timeZone: "a time zone"
        }
    }

    /// What values of this type can be compared with: two types of one family compare.
    package var family: ValueFamily {
        switch self {
        case .string, .email, .enumeration, .timeZone: .text
        case .integer, .number: .number
        case .date, .datetime: .date
        case .boolean: .boolean
        case .list: .list
        }
    }
}

/// Types that compare with each other: an integer with a number, text with an e-mail address or
/// an enumeration's value, a date with a date and time.
package enum ValueFamily: Sendable, Equatable {
    case text
    case number
    case date
    case boolean
    case list

    /// Whether `<`, `<=`, `>` and `>=` mean something for values of this family.
    package var isOrdered: Bool {
        switch self {
        case .text, .number, .date: true
        case .boolean, .list: false
        }
    }

    package var description: String {
        switch self {
        case .text: "text"
        case .number: "a number"
        case .date: "a date"
        case .boolean: "true or false"
        case .list: "a list"
        }
    }
}
