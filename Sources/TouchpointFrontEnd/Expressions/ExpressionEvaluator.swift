import TouchpointCore

/// Decides a condition for one contact.
///
/// Semantics, chosen so that a missing value never sends a message by accident:
/// - a comparison, `in` or `contains` with an absent operand is false (`!=` too);
/// - `is empty` is true for an absent value, empty text and an empty list;
/// - values of types that do not compare (which the checker reports) make a comparison false;
/// - a term used as a condition is true only when it is the boolean `true`;
/// - text compares exactly (case matters), unless one side of `==`, `!=`, `in` or `contains` is
///   a field the schema marks `case: insensitive`: then both sides compare in lower case; an
///   integer compares with a number by value; a date compares with a date and time by its date.
public struct ExpressionEvaluator: Sendable {
    /// The as-of date, for `today`.
    public let today: LocalDate

    public init(today: LocalDate) {
        self.today = today
    }

    /// Evaluates `expression` with `contact` giving the value of a contact field by name (`x` for
    /// both `x` and `contact.x`), or `nil` when it is absent. Other paths are absent.
    public func evaluate(
        _ expression: Expression, contact: (String) -> Value?, foldsCase: (FieldReference) -> Bool = { _ in false }
    ) -> Bool {
        evaluate(expression, resolving: { reference in reference.contactField.flatMap(contact) }, foldsCase: foldsCase)
    }

    /// Evaluates `expression` with `resolve` giving the value of any reference (templates use it
    /// for their built-in values). Pass the closure with its label: with a trailing closure the
    /// call can be ambiguous with ``evaluate(_:contact:)``.
    ///
    /// There is one evaluator: the expression is laid out as a ``Program`` (its references
    /// numbered in order) and decided as the scheduler decides its compiled conditions.
    ///
    /// `foldsCase` says which references are fields marked `case: insensitive`.
    public func evaluate(
        _ expression: Expression, resolving resolve: (FieldReference) -> Value?,
        foldsCase: (FieldReference) -> Bool = { _ in false }
    ) -> Bool {
        var references: [FieldReference] = []
        var program = Program()
        let root = program.add(
            expression,
            field: { reference in
                references.append(reference)
                return references.count - 1
            }, foldsCase: foldsCase)
        return program.withContents { contents in
            decide(root, in: contents) { resolve(references[$0]) }
        }
    }

    /// `left op right`, both present.
    package static func compare(_ op: ComparisonOperator, _ left: Value, _ right: Value) -> Bool {
        switch op {
        case .equal: equal(left, right) ?? false
        case .notEqual: equal(left, right).map(!) ?? false
        case .less: order(left, right).map { $0 < 0 } ?? false
        case .lessOrEqual: order(left, right).map { $0 <= 0 } ?? false
        case .greater: order(left, right).map { $0 > 0 } ?? false
        case .greaterOrEqual: order(left, right).map { $0 >= 0 } ?? false
        }
    }

    /// Text, and the items of a list, in lower case: what `case: insensitive` compares.
    package static func folded(_ value: Value) -> Value {
        switch value {
        case .string(let text): .string(text.lowercased())
        case .list(let items): .list(items.map { $0.lowercased() })
        default: value
        }
    }

    /// `item in list` where `list` is not a list literal: text in a list value.
    package static func isMember(_ item: Value, of list: Value?) -> Bool {
        guard case .list(let items)? = list, case .string(let text) = item else { return false }
        return items.contains(text)
    }

    /// `haystack contains needle`: an item of a list, or a part of a text.
    package static func holds(_ haystack: Value, _ needle: Value?) -> Bool {
        guard case .string(let needle)? = needle else { return false }
        switch haystack {
        case .list(let items): return items.contains(needle)
        case .string(let text): return needle.isEmpty || text.contains(needle)
        default: return false
        }
    }

    /// Whether two values are equal; `nil` when they do not compare.
    package static func equal(_ left: Value, _ right: Value) -> Bool? {
        switch (left, right) {
        // What `order` says, without first asking which text sorts before the other.
        case (.string(let a), .string(let b)): return a == b
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        default: return order(left, right).map { $0 == 0 }
        }
    }

    /// -1, 0 or 1 as `left` is before, equal to or after `right`; `nil` when they do not order.
    package static func order(_ left: Value, _ right: Value) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (left, right) {
        case (.string(let a), .string(let b)): return sign(a, b)
        case (.integer(let a), .integer(let b)): return sign(a, b)
        case (.integer(let a), .number(let b)): return sign(Double(a), b.value)
        case (.number(let a), .integer(let b)): return sign(a.value, Double(b))
        case (.number(let a), .number(let b)): return a.value.isNaN || b.value.isNaN ? nil : sign(a.value, b.value)
        case (.date(let a), .date(let b)): return sign(a, b)
        case (.date(let a), .datetime(let b, _)): return sign(a, b)
        case (.datetime(let a, _), .date(let b)): return sign(a, b)
        case (.datetime(let a, let x), .datetime(let b, let y)): return a == b ? sign(x, y) : sign(a, b)
        default: return nil
        }
    }
}

extension ExpressionEvaluator {
    /// Conditions prepared to be decided for many contacts of one list: each field resolved to
    /// its index once, literals made values once, and every node laid out in flat arrays, so
    /// that deciding a condition walks indices rather than copying a tree. ``decide(_:in:field:)``
    /// is the only code that decides a condition; ``evaluate(_:resolving:)`` lays one
    /// expression out this way first.
    package struct Program: Sendable {
        /// One node; operands are the indices of other nodes, children of `and`, `or` and lists
        /// a range of `operands`.
        fileprivate enum Node: Sendable {
            /// A field by its index; `nil` for a reference that is absent for every contact.
            case field(Int?)
            case constant(Int)
            case today
            case list(Range<Int>)
            case not(Int)
            case and(Range<Int>)
            case or(Range<Int>)
            case comparison(ComparisonOperator, Int, Int)
            case membership(Int, Int)
            case contains(Int, Int)
            /// The operand's value in lower case: a side of a comparison with a field marked
            /// `case: insensitive`.
            case folded(Int)
            case isEmpty(Int, negated: Bool)
        }

        fileprivate private(set) var nodes: [Node] = []
        fileprivate private(set) var operands: [Int] = []
        fileprivate private(set) var constants: [Value] = []

        package init() {}

        /// Adds `expression` and returns the node that decides it. `field` gives the index of the
        /// field a reference names, `nil` when it names none; `foldsCase` whether it is a field
        /// marked `case: insensitive`, which makes both sides of its comparisons lower case.
        package mutating func add(
            _ expression: Expression, field: (FieldReference) -> Int?, foldsCase: (FieldReference) -> Bool = { _ in false }
        ) -> Int {
            let node: Node
            func folds(_ operands: Expression...) -> Bool {
                operands.contains { operand in operand.field.map(foldsCase) ?? false }
            }
            func side(_ operand: Expression, folded: Bool) -> Int {
                let added = add(operand, field: field, foldsCase: foldsCase)
                guard folded else { return added }
                nodes.append(.folded(added))
                return nodes.count - 1
            }
            switch expression.kind {
            case .field(let reference): node = .field(field(reference))
            case .string(let text): node = constant(.string(text))
            case .integer(let number): node = constant(.integer(number))
            case .number(let number): node = constant(.number(WrittenNumber(literal: number)))
            case .date(let date): node = constant(.date(date))
            case .boolean(let flag): node = constant(.boolean(flag))
            case .today: node = .today
            case .list(let items): node = .list(add(items, field: field, foldsCase: foldsCase))
            case .not(let operand): node = .not(add(operand, field: field, foldsCase: foldsCase))
            case .and(let items): node = .and(add(items, field: field, foldsCase: foldsCase))
            case .or(let items): node = .or(add(items, field: field, foldsCase: foldsCase))
            case .comparison(let op, let left, let right):
                let folded = !op.isOrdering && folds(left, right)
                node = .comparison(op, side(left, folded: folded), side(right, folded: folded))
            case .membership(let item, let list):
                let folded = folds(item, list)
                if folded, case .list(let items) = list.kind {
                    // Each item of a list literal in lower case, so the literal stays a list.
                    let added = items.map { side($0, folded: true) }
                    operands.append(contentsOf: added)
                    nodes.append(.list((operands.count - added.count)..<operands.count))
                    let listNode = nodes.count - 1
                    node = .membership(side(item, folded: true), listNode)
                } else {
                    node = .membership(side(item, folded: folded), side(list, folded: folded))
                }
            case .contains(let haystack, let needle):
                let folded = folds(haystack, needle)
                node = .contains(side(haystack, folded: folded), side(needle, folded: folded))
            case .isEmpty(let operand, let negated): node = .isEmpty(add(operand, field: field, foldsCase: foldsCase), negated: negated)
            }
            nodes.append(node)
            return nodes.count - 1
        }

        private mutating func add(
            _ items: [Expression], field: (FieldReference) -> Int?, foldsCase: (FieldReference) -> Bool
        ) -> Range<Int> {
            let added = items.map { add($0, field: field, foldsCase: foldsCase) }
            operands.append(contentsOf: added)
            return (operands.count - added.count)..<operands.count
        }

        private mutating func constant(_ value: Value) -> Node {
            constants.append(value)
            return .constant(constants.count - 1)
        }

        /// Calls `body` with the program laid open: while `body` runs, deciding reads the
        /// program's arrays where they stand, without counting references to them.
        package func withContents<Result>(_ body: (Contents) -> Result) -> Result {
            nodes.withUnsafeBufferPointer { nodes in
                operands.withUnsafeBufferPointer { operands in
                    constants.withUnsafeBufferPointer { constants in
                        body(Contents(nodes: nodes, operands: operands, constants: constants))
                    }
                }
            }
        }

        /// A program's arrays, valid inside ``withContents(_:)``.
        package struct Contents {
            fileprivate let nodes: UnsafeBufferPointer<Node>
            fileprivate let operands: UnsafeBufferPointer<Int>
            fileprivate let constants: UnsafeBufferPointer<Value>
        }
    }

    /// Decides the condition whose node is `root` in `program`, with `field` giving the value of
    /// the field with an index, or `nil` when it is absent.
    package func decide(_ root: Int, in program: Program.Contents, field: (Int) -> Value?) -> Bool {
        truth(root, program, field)
    }

    private func truth(_ node: Int, _ program: Program.Contents, _ field: (Int) -> Value?) -> Bool {
        switch program.nodes[node] {
        case .not(let operand):
            return !truth(operand, program, field)
        case .and(let items):
            for item in items where !truth(program.operands[item], program, field) { return false }
            return true
        case .or(let items):
            for item in items where truth(program.operands[item], program, field) { return true }
            return false
        case .comparison(let op, let left, let right):
            guard let left = value(left, program, field), let right = value(right, program, field) else { return false }
            return Self.compare(op, left, right)
        case .membership(let itemNode, let listNode):
            guard let item = value(itemNode, program, field) else { return false }
            if case .list(let elements) = program.nodes[listNode] {
                for element in elements {
                    if let other = value(program.operands[element], program, field), Self.equal(item, other) == true { return true }
                }
                return false
            }
            return Self.isMember(item, of: value(listNode, program, field))
        case .contains(let haystackNode, let needleNode):
            guard let haystack = value(haystackNode, program, field) else { return false }
            return Self.holds(haystack, value(needleNode, program, field))
        case .isEmpty(let operand, let negated):
            let isEmpty = value(operand, program, field)?.isEmpty ?? true
            return negated ? !isEmpty : isEmpty
        case .field, .constant, .today, .list, .folded:
            return value(node, program, field) == .boolean(true)
        }
    }

    private func value(_ node: Int, _ program: Program.Contents, _ field: (Int) -> Value?) -> Value? {
        switch program.nodes[node] {
        case .field(let index): return index.flatMap(field)
        case .constant(let index): return program.constants[index]
        case .today: return .date(today)
        case .list(let items):
            var texts: [String] = []
            for item in items {
                guard case .string(let text)? = value(program.operands[item], program, field) else { return nil }
                texts.append(text)
            }
            return .list(texts)
        case .folded(let operand):
            return value(operand, program, field).map(Self.folded)
        case .not, .and, .or, .comparison, .membership, .contains, .isEmpty:
            return .boolean(truth(node, program, field))
        }
    }
}
