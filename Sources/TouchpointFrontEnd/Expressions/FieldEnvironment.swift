import TouchpointCore

/// What expressions and templates may refer to: the fields of one contact list, by name.
///
/// Built from a list's schema by whoever loads it; the checkers need nothing else from it.
public struct FieldEnvironment: Sendable {
    public struct Field: Sendable {
        public let name: String
        public let type: ValueType
        /// The values of an enumeration, in the schema's order; empty for other types.
        public let values: [String]
        /// A required field always has a value, so `is empty` on it is always false. So does a
        /// field with a default, which counts as required here.
        public let required: Bool
        /// Whether the field always has a value because of a `default` rather than `required: true`.
        public let hasDefault: Bool

        public init(
            name: String, type: ValueType, values: [String] = [], required: Bool = false,
            hasDefault: Bool = false
        ) {
            self.name = name
            self.type = type
            self.values = values
            self.required = required || hasDefault
            self.hasDefault = hasDefault && !required
        }
    }

    /// The list's name, for messages: "not a field of list 'patients'".
    public let listName: String
    /// The fields in the order the schema declares them.
    public let fields: [Field]
    private let index: [String: Int]

    public init(listName: String, fields: [Field]) {
        self.listName = listName
        self.fields = fields
        var index: [String: Int] = [:]
        for (position, field) in fields.enumerated() where index[field.name] == nil {
            index[field.name] = position
        }
        self.index = index
    }

    public subscript(name: String) -> Field? {
        index[name].map { fields[$0] }
    }

    public var fieldNames: [String] { fields.map(\.name) }
}
