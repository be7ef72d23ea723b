import TouchpointCore

/// The seam between contact lists and the campaign languages: a list's schema as the
/// environment expressions and templates are checked against, and its values as they evaluate.
extension FieldEnvironment {
    public init(list: ContactList) {
        self.init(listName: list.name, schemaFields: list.schema.fields)
    }

    /// The environment of a list's schema fields.
    public init(listName: String, schemaFields: [ContactField]) {
        self.init(
            listName: listName,
            fields: schemaFields.map { field in
                Field(
                    name: field.name, type: field.type, values: field.values, required: field.required,
                    hasDefault: field.defaultValue != nil)
            })
    }
}

extension FieldValue {
    /// The value as expressions and templates see it.
    public var expressionValue: Value {
        switch self {
        case .string(let text), .email(let text), .enumCase(let text), .timeZone(let text): .string(text)
        case .date(let date): .date(date)
        case .datetime(let value): .datetime(value.date, TimeOfDay(hour: value.hour, minute: value.minute) ?? .endOfDay)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .boolean(let flag): .boolean(flag)
        case .list(let items): .list(items)
        }
    }
}

extension ContactList {
    /// A resolver for expressions and templates: field name to value, absent as `nil`.
    public func resolver(for contact: Contact) -> (String) -> Value? {
        let fields = ContactFields(schema: schema, contact: contact)
        return { name in fields.value(named: name) }
    }
}

/// A contact's values by field name, held by reference: a resolver that captured the schema and
/// the contact by value had both copied, every string in them retained, for each field a template
/// or condition read.
private final class ContactFields: Sendable {
    let schema: ContactSchema
    let contact: Contact

    init(schema: ContactSchema, contact: Contact) {
        self.schema = schema
        self.contact = contact
    }

    func value(named name: String) -> Value? {
        schema.index(of: name).flatMap { contact[field: $0] }?.expressionValue
    }
}

extension Expression {
    /// Whether the expression reads `today`, so that its result changes from day to day.
    public var usesToday: Bool {
        contains { if case .today = $0.kind { true } else { false } }
    }

    /// Whether the expression reads the built-in value `builtin`.
    package func reads(_ builtin: TemplateBuiltin) -> Bool {
        contains { if case .field(let reference) = $0.kind { TemplateBuiltin(reference) == builtin } else { false } }
    }

    /// Whether this expression or one inside it satisfies `predicate`.
    package func contains(where predicate: (Expression) -> Bool) -> Bool {
        if predicate(self) { return true }
        switch kind {
        case .today, .field, .string, .integer, .number, .date, .boolean: return false
        case .list(let items), .and(let items), .or(let items): return items.contains { $0.contains(where: predicate) }
        case .not(let operand), .isEmpty(let operand, _): return operand.contains(where: predicate)
        case .comparison(_, let left, let right), .membership(let left, let right), .contains(let left, let right):
            return left.contains(where: predicate) || right.contains(where: predicate)
        }
    }
}

extension Template {
    /// Whether rendering reads `today` (in a condition or a merged value), so that the same
    /// message renders differently from one day to the next.
    public var usesToday: Bool { contains { $0.usesToday } }

    /// Whether rendering reads the built-in value `builtin`.
    package func reads(_ builtin: TemplateBuiltin) -> Bool { contains { $0.reads(builtin) } }

    /// Whether an expression of the template (a condition, a merged value, a filter's argument)
    /// satisfies `predicate`.
    package func contains(where predicate: (Expression) -> Bool) -> Bool {
        Template.contains(nodes, where: predicate)
    }

    private static func contains(_ nodes: [Node], where predicate: (Expression) -> Bool) -> Bool {
        nodes.contains { node in
            switch node {
            case .text, .comment: false
            case .mergeTag(let tag): predicate(tag.value) || tag.filters.contains { $0.arguments.contains(where: predicate) }
            case .conditional(let block):
                block.branches.contains { ($0.condition.map(predicate) ?? false) || contains($0.body, where: predicate) }
                    || contains(block.elseBody ?? [], where: predicate)
            }
        }
    }
}
