import TouchpointCore

/// What a contact field holds (SPEC §3).
public enum FieldType: String, Sendable, CaseIterable, Hashable {
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
    /// One of the field's `values`.
    case `enum`
    /// Items split by the field's `separator`.
    case list
    /// An IANA time zone name.
    case timezone

    /// The type in the words a diagnostic uses: "a date", "an e-mail address".
    package var description: String {
        switch self {
        case .string: "text"
        case .email: "an e-mail address"
        case .date: "a date"
        case .datetime: "a date and time"
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "true or false"
        case .enum: "one of a set of values"
        case .list: "a list"
        case .timezone: "a time zone"
        }
    }
}
