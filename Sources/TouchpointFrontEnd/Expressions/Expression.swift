import TouchpointCore

/// A field as an expression or template names it: `first_name`, `contact.first_name`,
/// `practice.name`.
public struct FieldReference: Sendable, Hashable, CustomStringConvertible {
    /// The dot-separated parts as written.
    public let path: [String]

    public init(path: [String]) {
        self.path = path
    }

    /// The name as written: `contact.first_name`.
    public var description: String { path.joined(separator: ".") }

    /// The contact field meant: `x` for both `x` and `contact.x`; `nil` for any other path.
    public var contactField: String? {
        if path.count == 1 { return path[0] }
        if path.count == 2, path[0] == "contact" { return path[1] }
        return nil
    }
}

/// The six comparison operators.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether the operator orders its operands rather than testing equality.
    public var isOrdering: Bool {
        switch self {
        case .equal, .notEqual: false
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        }
    }
}

/// A node of a parsed expression (SPEC §4.2) with the byte range of the text it came from.
///
/// Ranges are byte offsets into the text that was parsed: the expression's own text for a
/// `where:`, the whole template for the condition of an `{% if %}`. A ``ScalarTextMap`` turns them
/// into places in a file.
public struct Expression: Sendable {
    public indirect enum Kind: Sendable {
        case field(FieldReference)
        case string(String)
        case integer(Int)
        case number(Double)
        case date(LocalDate)
        /// The as-of date.
        case today
        case boolean(Bool)
        case list([Expression])
        case not(Expression)
        /// Two or more operands; a chain of `and` is one node, so long chains do not nest.
        case and([Expression])
        case or([Expression])
        case comparison(ComparisonOperator, Expression, Expression)
        /// `item in list`.
        case membership(Expression, Expression)
        /// `haystack contains needle`.
        case contains(Expression, Expression)
        /// `operand is empty`, or `operand is not empty` when `negated`.
        case isEmpty(Expression, negated: Bool)
    }

    public let kind: Kind
    /// The whole node, from its first token to its last.
    public let range: Range<Int>
    /// The token that makes the node what it is: the operator of a comparison, `not`, the first
    /// `and`, the words `is [not] empty`. The same as `range` for literals and fields.
    public let operatorRange: Range<Int>

    public init(_ kind: Kind, range: Range<Int>, operatorRange: Range<Int>? = nil) {
        self.kind = kind
        self.range = range
        self.operatorRange = operatorRange ?? range
    }

    /// The field, when the node is one.
    public var field: FieldReference? {
        if case .field(let reference) = kind { return reference }
        return nil
    }

    /// Whether the node is a term (a field or a literal) rather than an operation.
    public var isTerm: Bool {
        switch kind {
        case .field, .string, .integer, .number, .date, .today, .boolean, .list: true
        default: false
        }
    }

    /// Every field the expression refers to, in order of appearance.
    public var fields: [(reference: FieldReference, range: Range<Int>)] {
        var found: [(FieldReference, Range<Int>)] = []
        collectFields(into: &found)
        return found
    }

    private func collectFields(into found: inout [(FieldReference, Range<Int>)]) {
        switch kind {
        case .field(let reference): found.append((reference, range))
        case .string, .integer, .number, .date, .today, .boolean: break
        case .list(let items), .and(let items), .or(let items):
            for item in items { item.collectFields(into: &found) }
        case .not(let operand), .isEmpty(let operand, _): operand.collectFields(into: &found)
        case .comparison(_, let left, let right), .membership(let left, let right), .contains(let left, let right):
            left.collectFields(into: &found)
            right.collectFields(into: &found)
        }
    }
}

extension Expression: CustomStringConvertible {
    /// A fully parenthesized rendering that shows how the expression was grouped:
    /// `(or (and a b) c)`. Strings are quoted.
    public var description: String {
        switch kind {
        case .field(let reference): return reference.description
        case .string(let text): return Expression.quoted(text)
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .date(let date): return date.description
        case .today: return "today"
        case .boolean(let value): return value ? "true" : "false"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .not(let operand): return "(not \(operand))"
        case .and(let items): return "(and " + items.map(\.description).joined(separator: " ") + ")"
        case .or(let items): return "(or " + items.map(\.description).joined(separator: " ") + ")"
        case .comparison(let op, let left, let right): return "(\(op.rawValue) \(left) \(right))"
        case .membership(let left, let right): return "(in \(left) \(right))"
        case .contains(let left, let right): return "(contains \(left) \(right))"
        case .isEmpty(let operand, let negated): return negated ? "(is-not-empty \(operand))" : "(is-empty \(operand))"
        }
    }

    /// `text` in double quotes, with `\` and `"` escaped as the lexer reads them.
    package static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }
}
