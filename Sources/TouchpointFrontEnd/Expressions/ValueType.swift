import TouchpointCore

/// The type of a contact field, as its list's schema declares it.
public enum ValueType: Sendable, Hashable {
    case string
    case email
    case date
    case datetime
    case integer
    case number
    case boolean
    /// One of a fixed set of values, in the order the schema lists them.
    case enumeration([String])
    /// A list of text items (`tags: { type: list, separator: ";" }`).
    case list
    case timeZone

    /// The type in the words a diagnostic uses: "a date", "a whole number".
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
