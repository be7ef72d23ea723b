import TouchpointCore

/// The schema of one contact list, `contacts/<list>.schema.yaml` (SPEC §3), checked.
public struct ContactSchema: Sendable {
    /// The fields in the schema's order; a contact's values are indexed the same way.
    public let fields: [ContactField]
    /// The field that identifies a contact: always present and unique.
    public let keyField: Int
    /// The field that holds the contact's address.
    public let emailField: Int
    /// The display name in `To:`, a template over the fields (`{{ first_name }} {{ last_name }}`),
    /// as written.
    public let nameTemplate: String?
    /// The display name's template, parsed and checked against the fields like any template.
    public let displayName: Template?
    /// A field holding the contact's IANA time zone; else the practice's applies.
    public let timeZoneField: Int?
    /// A boolean field; where it is false, no marketing is sent.
    public let consentField: Int?
    /// The byte between CSV fields.
    public let delimiter: UInt8
    /// The fewest contacts the list may have (`min_rows`): an export that came out empty or cut
    /// short is an error, not a list that sends nothing.
    public let minRows: Int
    /// The schema file's path.
    public let path: String

    private let indexByName: [String: Int]
    private let indexByHeader: [String: Int]

    public init(
        fields: [ContactField], keyField: Int, emailField: Int, nameTemplate: String? = nil,
        displayName: Template? = nil, timeZoneField: Int? = nil, consentField: Int? = nil,
        delimiter: UInt8 = UInt8(ascii: ","), minRows: Int = 0, path: String
    ) {
        self.fields = fields
        self.keyField = keyField
        self.emailField = emailField
        self.nameTemplate = nameTemplate
        self.displayName = displayName
        self.timeZoneField = timeZoneField
        self.consentField = consentField
        self.delimiter = delimiter
        self.minRows = minRows
        self.path = path
        var indexByName: [String: Int] = [:]
        for (index, field) in fields.enumerated() where indexByName[field.name] == nil {
            indexByName[field.name] = index
        }
        self.indexByName = indexByName
        var indexByHeader: [String: Int] = [:]
        for (index, field) in fields.enumerated() where indexByHeader[field.header] == nil {
            indexByHeader[field.header] = index
        }
        self.indexByHeader = indexByHeader
    }

    /// The index of the field a CSV column named `header` holds: the field whose `column` is that
    /// name, or, without one, whose own name is.
    public func index(ofColumn header: String) -> Int? { indexByHeader[header] }

    /// The index of the field called `name`.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The field called `name`.
    public subscript(name: String) -> ContactField? { indexByName[name].map { fields[$0] } }

    /// Whether conditions compare the contact field a reference names in any case
    /// (`case: insensitive`).
    public func foldsCase(_ reference: FieldReference) -> Bool {
        reference.contactField.flatMap { indexByName[$0] }.map { fields[$0].caseInsensitive } ?? false
    }

    /// The field names, in order.
    public var fieldNames: [String] { fields.map(\.name) }
}
