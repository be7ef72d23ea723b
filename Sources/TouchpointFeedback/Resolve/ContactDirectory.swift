import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// The contacts of every list, found by unsubscribe token or by address: what feedback resolves
/// what came back against. Tokens are made under the practice's secret and, while a rotation is
/// under way, under the previous one too (`TOUCHPOINT_PREVIOUS_SECRET`).
public struct ContactDirectory: Sendable {
    public struct Found: Sendable, Equatable {
        public let list: String
        public let key: String
        /// The address as the list writes it; `nil` when the contact has none.
        public let address: String?

        /// `p0042 in 'patients'`.
        public var description: String { "\(key) in '\(list)'" }
    }

    private var tokens: [String: (found: Found, previous: Bool)] = [:]
    private var addresses: [String: [Found]] = [:]

    public init(lists: [ContactList], secret: [UInt8]?, previousSecret: [UInt8]?) {
        let keys = [secret.map { (MessageIdentity.TokenKey($0), false) }, previousSecret.map { (MessageIdentity.TokenKey($0), true) }]
            .compactMap { $0 }
        for list in lists {
            for contact in list.contacts {
                let found = Found(list: list.name, key: contact.key, address: list.email(of: contact))
                for (key, previous) in keys {
                    let token = MessageIdentity.token(list: list.name, contact: contact.key, key: key)
                    if tokens[token] == nil { tokens[token] = (found, previous) }
                }
                if let address = found.address { addresses[address.lowercased(), default: []].append(found) }
            }
        }
    }

    /// The contact whose token is `token`, and whether the previous secret made it.
    public func contact(token: String) -> (found: Found, previous: Bool)? {
        tokens[token.lowercased()]
    }

    /// The contacts with `address` (in any case).
    public func contacts(address: String) -> [Found] {
        addresses[address.lowercased()] ?? []
    }
}
