/// Decides a condition for one contact.
///
/// Semantics, chosen so that a missing value never sends a message by accident:
/// - a comparison, `in` or `contains` with an absent operand is false (`!=` too);
/// - `is empty` is true for an absent value, empty text and an empty list;
/// - values of types that do not compare (which the checker reports) make a comparison false;
/// - a term used as a condition is true only when it is the boolean `true`;
/// - text compares exactly (case matters); an integer compares with a number by value; a date
///   compares with a date and time by its date.
public struct ExpressionEvaluator: Sendable {
    /// The as-of date, for `today`.
    public let today: LocalDate

    public init(today: LocalDate) {
        self.today = today
    }

    /// Evaluates `expression` with `contact` giving the value of a contact field by name (`x` for
    /// both `x` and `contact.x`), or `nil` when it is absent. Other paths are absent.
    public func evaluate(_ expression: Expression, contact: (String) -> Value?) -> Bool {
        evaluate(expression, resolving: { reference in reference.contactField.flatMap(contact) })
    }

    /// Evaluates `expression` with `resolve` giving the value of any reference (templates use it
    /// for their built-in values). Pass the closure with its label: with a trailing closure the
    /// call can be ambiguous with ``evaluate(_:contact:)``.
    public func evaluate(_ expression: Expression, resolving resolve: (FieldReference) -> Value?) -> Bool {
        truth(expression) { reference, _ in resolve(reference) }
    }

    /// Evaluates `expression` with `resolve` giving the value of a field from its reference and
    /// the range of its node, which tells apart the places the expression names fields: for
    /// callers that look each place up once and then evaluate the expression many times.
    func evaluate(_ expression: Expression, resolvingAt resolve: (FieldReference, Range<Int>) -> Value?) -> Bool {
        truth(expression, resolve)
    }

    private func truth(_ expression: Expression, _ resolve: (FieldReference, Range<Int>) -> Value?) -> Bool {
        switch expression.kind {
        case .not(let operand):
            return !truth(operand, resolve)
        case .and(let items):
            return items.allSatisfy { truth($0, resolve) }
        case .or(let items):
            return items.contains { truth($0, resolve) }
        case .comparison(let op, let left, let right):
            guard let left = value(left, resolve), let right = value(right, resolve) else { return false }
            switch op {
            case .equal: return Self.equal(left, right) ?? false
            case .notEqual: return Self.equal(left, right).map(!) ?? false
            case .less: return Self.order(left, right).map { $0 < 0 } ?? false
            case .lessOrEqual: return Self.order(left, right).map { $0 <= 0 } ?? false
            case .greater: return Self.order(left, right).map { $0 > 0 } ?? false
            case .greaterOrEqual: return Self.order(left, right).map { $0 >= 0 } ?? false
            }
        case .membership(let itemExpression, let listExpression):
            guard let item = value(itemExpression, resolve) else { return false }
            if case .list(let elements) = listExpression.kind {
                return elements.contains { element in value(element, resolve).flatMap { Self.equal(item, $0) } ?? false }
            }
            guard case .list(let items)? = value(listExpression, resolve), case .string(let text) = item else { return false }
            return items.contains(text)
        case .contains(let haystackExpression, let needleExpression):
            guard let haystack = value(haystackExpression, resolve),
                  case .string(let needle)? = value(needleExpression, resolve) else { return false }
            switch haystack {
            case .list(let items): return items.contains(needle)
            case .string(let text): return needle.isEmpty || text.contains(needle)
            default: return false
            }
        case .isEmpty(let operand, let negated):
            let isEmpty = value(operand, resolve)?.isEmpty ?? true
            return negated ? !isEmpty : isEmpty
        case .field, .string, .integer, .number, .date, .today, .boolean, .list:
            return value(expression, resolve) == .boolean(true)
        }
    }

    /// The value of a term; `nil` when absent. A list literal of text becomes a list value.
    private func value(_ expression: Expression, _ resolve: (FieldReference, Range<Int>) -> Value?) -> Value? {
        switch expression.kind {
        case .field(let reference): return resolve(reference, expression.range)
        case .string(let text): return .string(text)
        case .integer(let number): return .integer(number)
        case .number(let number): return .number(number)
        case .date(let date): return .date(date)
        case .today: return .date(today)
        case .boolean(let flag): return .boolean(flag)
        case .list(let items):
            var texts: [String] = []
            for item in items {
                guard case .string(let text)? = value(item, resolve) else { return nil }
                texts.append(text)
            }
            return .list(texts)
        case .not, .and, .or, .comparison, .membership, .contains, .isEmpty:
            return .boolean(truth(expression, resolve))
        }
    }

    /// Whether two values are equal; `nil` when they do not compare.
    static func equal(_ left: Value, _ right: Value) -> Bool? {
        switch (left, right) {
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        default: return order(left, right).map { $0 == 0 }
        }
    }

    /// -1, 0 or 1 as `left` is before, equal to or after `right`; `nil` when they do not order.
    static func order(_ left: Value, _ right: Value) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.integer(let a), .integer(let b)): return sign(a, b)
        case (.integer(let a), .number(let b)): return sign(Double(a), b)
        case (.number(let a), .integer(let b)): return sign(a, Double(b))
        case (.number(let a), .number(let b)): return a.isNaN || b.isNaN ? nil : sign(a, b)
        case (.date(let a), .date(let b)): return sign(a, b)
        case (.date(let a), .datetime(let b, _)): return sign(a, b)
        case (.datetime(let a, _), .date(let b)): return sign(a, b)
        case (.datetime(let a, let x), .datetime(let b, let y)): return a == b ? sign(x, y) : sign(a, b)
        default: return nil
        }
    }
}
