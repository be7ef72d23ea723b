import TouchpointCore

/// A contact list: its schema and its checked contacts, in the data file's order.
public struct ContactList: Sendable {
    /// The list's name, the stem of its files: `patients` for `contacts/patients.csv`.
    public let name: String
    public let schema: ContactSchema
    public let contacts: [Contact]
    /// The data file's path (`contacts/patients.csv` or `contacts/patients.yaml`).
    public let path: String

    public init(name: String, schema: ContactSchema, contacts: [Contact], path: String) {
        self.name = name
        self.schema = schema
        self.contacts = contacts
        self.path = path
    }

    /// The value of the field called `name` for `contact`, `nil` when absent or not a field.
    public func value(_ field: String, of contact: Contact) -> FieldValue? {
        schema.index(of: field).flatMap { contact[field: $0] }
    }

    /// The contact with the given key.
    public func contact(withKey key: String) -> Contact? {
        contacts.first { $0.key == key }
    }

    /// The contact's address.
    public func email(of contact: Contact) -> String? {
        if case .email(let address) = contact[field: schema.emailField] { return address }
        return nil
    }
}
