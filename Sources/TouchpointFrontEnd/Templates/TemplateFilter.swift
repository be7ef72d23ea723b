import TouchpointCore

/// The filters a merge tag may apply (SPEC §4.3).
public enum TemplateFilter: String, Sendable, CaseIterable {
    /// `default: "there"`: the argument when the value is absent, empty or `false`, as in Liquid.
    case `default`
    case upcase
    case downcase
    /// First character upper case, the rest lower case, as Liquid does.
    case capitalize
    /// `date: "%B %-d"`: a date or date and time in a strftime-style format.
    case date
    /// `join: ", "`: the items of a list with the separator between them (one space without one,
    /// as in Liquid).
    case join

    /// How many arguments the filter takes.
    package var arity: ClosedRange<Int> {
        switch self {
        case .default, .date: 1...1
        case .upcase, .downcase, .capitalize: 0...0
        case .join: 0...1
        }
    }

    /// How the filter is written, for help lines.
    package var example: String {
        switch self {
        case .default: "default: \"there\""
        case .upcase, .downcase, .capitalize: rawValue
        case .date: "date: \"%B %-d\""
        case .join: "join: \", \""
        }
    }

    package static var names: [String] { allCases.map(\.rawValue) }
}

/// The values every template may use besides the contact's fields (SPEC §4.3). A built-in takes
/// precedence over a field of the same name; `contact.<name>` reaches the field (the one exception
/// is `contact.token`).
public enum TemplateBuiltin: String, Sendable, CaseIterable {
    case practiceName = "practice.name"
    case practiceAddress = "practice.address"
    case campaignTitle = "campaign.title"
    case unsubscribeURL = "unsubscribe_url"
    case sendDate = "send_date"
    /// The contact's unsubscribe token, an HMAC under the practice's secret.
    case contactToken = "contact.token"

    public var type: ValueType {
        self == .sendDate ? .date : .string
    }

    /// The built-in a reference names, compared part by part (each name has at most one dot), so
    /// that resolving a contact field builds no string.
    package init?(_ reference: FieldReference) {
        let path = reference.path
        switch path.count {
        case 1:
            switch path[0] {
            case "practice.name": self = .practiceName
            case "practice.address": self = .practiceAddress
            case "campaign.title": self = .campaignTitle
            case "unsubscribe_url": self = .unsubscribeURL
            case "send_date": self = .sendDate
            case "contact.token": self = .contactToken
            default: return nil
            }
        case 2:
            switch (path[0], path[1]) {
            case ("practice", "name"): self = .practiceName
            case ("practice", "address"): self = .practiceAddress
            case ("campaign", "title"): self = .campaignTitle
            case ("contact", "token"): self = .contactToken
            default: return nil
            }
        default:
            return nil
        }
    }

    /// The built-ins by path, as the expression checker takes them.
    package static let types: [String: ValueType] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0.type) })
}
