import TouchpointCore

/// Type-checks a parsed condition against the fields of a contact list (SPEC §4.2).
///
/// Reports unknown fields (with a suggestion), comparisons across types, enumeration values the
/// field does not have, `contains`, `in`, ordering and `is empty` where they do not apply, and
/// operands of `and`, `or` and `not` that are not conditions. Every problem of the expression is
/// reported, not just the first; a problem in an operand does not cascade into its parent.
public struct ExpressionChecker: Sendable {
    public let environment: FieldEnvironment
    /// Names other than the list's fields that conditions may use (the built-in values of a
    /// template), by dotted path. A built-in takes precedence over a field of the same name.
    public let builtins: [String: ValueType]

    public init(environment: FieldEnvironment, builtins: [String: ValueType] = [:]) {
        self.environment = environment
        self.builtins = builtins
    }

    /// Checks a condition: a `where:` or the condition of an `{% if %}`. `source` maps the
    /// expression's ranges to the file.
    public func check(_ expression: Expression, in source: ScalarTextMap, diagnostics: inout DiagnosticBag) {
        var run = CheckRun(checker: self, source: source)
        run.condition(expression)
        diagnostics.append(contentsOf: run.diagnostics)
    }

    /// The type a field reference stands for, or `nil` when it names nothing.
    public func type(of reference: FieldReference) -> ValueType? {
        if let builtin = builtins[reference.description] { return builtin }
        if let name = reference.contactField, let field = environment[name] { return field.type }
        return nil
    }

    /// The names a reference could have meant, for suggestions: the list's fields as written
    /// (with the `contact.` prefix when the reference has it) and the built-ins.
    package func candidates(for reference: FieldReference) -> [String] {
        let prefix = reference.path.count == 2 && reference.path[0] == "contact" ? "contact." : ""
        return environment.fieldNames.map { prefix + $0 } + builtins.keys.sorted()
    }
}

/// One check of one expression.
private struct CheckRun {
    let checker: ExpressionChecker
    let source: ScalarTextMap
    var diagnostics = DiagnosticBag()

    init(checker: ExpressionChecker, source: ScalarTextMap) {
        self.checker = checker
        self.source = source
    }

    /// What the checker knows about an operand.
    struct Operand {
        let expression: Expression
        let type: ValueType
        /// The contact field the operand is, if it is one.
        let field: FieldEnvironment.Field?

        var family: ValueFamily { type.family }

        /// The operand in a message: "'first_visit' (a date)", "3 (a number)".
        var description: String {
            switch expression.kind {
            case .field(let reference): "'\(reference)' (\(typeDescription))"
            case .list: "a list"
            case .today: "today (a date)"
            default: "\(expression) (\(typeDescription))"
            }
        }

        /// The operand's type in words; literals say only what kind of value they are.
        var typeDescription: String {
            switch expression.kind {
            case .field: type == .list ? "a list of text" : type.description
            case .integer, .number: "a number"
            default: family.description
            }
        }
    }

    /// An expression that must be true or false.
    mutating func condition(_ expression: Expression) {
        switch expression.kind {
        case .not(let operand):
            condition(operand)
        case .and(let items), .or(let items):
            for item in items { condition(item) }
        case .comparison, .membership, .contains, .isEmpty:
            operation(expression)
        case .field, .string, .integer, .number, .date, .today, .boolean, .list:
            guard let operand = term(expression), operand.family != .boolean else { return }
            var diagnostic = Diagnostic(
                ExpressionMessages.notACondition(found: operand.description),
                at: source.span(expression.range))
            if let reference = expression.field {
                diagnostic = diagnostic.with(help: "to test whether '\(reference)' has a value, write '\(reference) is not empty'")
            }
            diagnostics.emit(diagnostic)
        }
    }

    /// Checks an operation whose result is a condition.
    private mutating func operation(_ expression: Expression) {
        switch expression.kind {
        case .comparison(let op, let leftExpression, let rightExpression):
            let left = term(leftExpression)
            let right = term(rightExpression)
            guard let left, let right else { return }
            compare(left, right, op: op, at: expression)
        case .membership(let itemExpression, let listExpression):
            let item = term(itemExpression)
            let list = term(listExpression)
            guard let list else { return }
            membership(item, in: list)
        case .contains(let haystackExpression, let needleExpression):
            let haystack = term(haystackExpression)
            let needle = term(needleExpression)
            guard let haystack else { return }
            contains(haystack, needle)
        case .isEmpty(let operandExpression, let negated):
            guard let operand = term(operandExpression) else { return }
            guard let reference = operandExpression.field else {
                diagnostics.emit(
                    Diagnostic(ExpressionMessages.invalidEmptyCheck(), at: source.span(operandExpression.range))
                        .with(help: "'is empty' tests whether a field has a value"))
                return
            }
            if let field = operand.field, field.required {
                diagnostics.emit(
                    Diagnostic(
                        ExpressionMessages.redundantEmptyCheck(reference.description, negated: negated, hasDefault: field.hasDefault),
                        at: source.span(expression.operatorRange)
                    )
                    .with(
                        note: field.hasDefault
                            ? "'\(field.name)' has a 'default' in the schema of list '\(checker.environment.listName)', which fills it in where the data leaves it empty"
                            : "'\(field.name)' is marked 'required: true' in the schema of list '\(checker.environment.listName)'"))
            }
        default:
            condition(expression)
        }
    }

    /// The type of a term, after reporting what is wrong inside it; `nil` when it is unknown.
    private mutating func term(_ expression: Expression) -> Operand? {
        switch expression.kind {
        case .field(let reference):
            if let type = checker.builtins[reference.description] {
                return Operand(expression: expression, type: type, field: nil)
            }
            if let name = reference.contactField, let field = checker.environment[name] {
                return Operand(expression: expression, type: field.type, field: field)
            }
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.unknownField(reference.description), at: source.span(expression.range),
                    label: "not a field of list '\(checker.environment.listName)'"
                )
                .suggesting(reference.description, from: checker.candidates(for: reference)))
            return nil
        case .string: return Operand(expression: expression, type: .string, field: nil)
        case .integer: return Operand(expression: expression, type: .integer, field: nil)
        case .number: return Operand(expression: expression, type: .number, field: nil)
        case .date, .today: return Operand(expression: expression, type: .date, field: nil)
        case .boolean: return Operand(expression: expression, type: .boolean, field: nil)
        case .list(let items):
            for item in items { _ = term(item) }
            return Operand(expression: expression, type: .list, field: nil)
        case .not, .and, .or, .comparison, .membership, .contains, .isEmpty:
            condition(expression)
            return Operand(expression: expression, type: .boolean, field: nil)
        }
    }

    /// `==`, `!=` and the ordering operators.
    private mutating func compare(_ left: Operand, _ right: Operand, op: ComparisonOperator, at expression: Expression) {
        guard compatible(left, right) else { return }
        if op.isOrdering, !left.family.isOrdered {
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.invalidOrdering(op.rawValue, found: left.family == .list ? "lists" : "true or false values"),
                    at: source.span(expression.operatorRange)
                )
                .with(
                    help: left.family == .list
                        ? "to test whether a list holds an item, write 'list contains \"item\"'"
                        : "compare true or false values with '==' or '!='"))
        }
    }

    /// Whether two operands can be compared; reports when they cannot, and checks an
    /// enumeration's literal values.
    private mutating func compatible(_ left: Operand, _ right: Operand) -> Bool {
        guard left.family == right.family else {
            reportMismatch(left, right)
            return false
        }
        checkEnumerationValue(left, right)
        checkEnumerationValue(right, left)
        return true
    }

    private mutating func reportMismatch(_ left: Operand, _ right: Operand) {
        // Point at the literal when one side is a field and the other a literal.
        let (primary, other) = left.expression.field == nil && right.expression.field != nil ? (left, right) : (right, left)
        var diagnostic = Diagnostic(
            ExpressionMessages.typeMismatch(left.description, right.description),
            at: source.span(primary.expression.range),
            label: "this is \(primary.typeDescription)",
            secondary: [Highlight(source.span(other.expression.range), label: "this is \(other.typeDescription)")])
        if case .string(let text) = primary.expression.kind {
            if other.family == .date, LocalDate(iso: text) != nil {
                diagnostic = diagnostic.with(help: "write the date without quotes: \(text)")
            } else if other.family == .number, Double(text) != nil {
                diagnostic = diagnostic.with(help: "write the number without quotes: \(text)")
            } else if other.family == .boolean, text == "true" || text == "false" {
                diagnostic = diagnostic.with(help: "write \(text) without quotes")
            } else if other.family == .list {
                diagnostic = diagnostic.with(
                    help: "to test whether the list holds an item, write '\(other.expression) contains \(primary.expression)'")
            }
        }
        diagnostics.emit(diagnostic)
    }

    /// A string literal compared with an enumeration field must be one of its values.
    private mutating func checkEnumerationValue(_ field: Operand, _ literal: Operand) {
        guard field.type == .enumeration, let values = field.field?.values, case .string(let text) = literal.expression.kind,
            !values.contains(text), let reference = field.expression.field
        else { return }
        var diagnostic = Diagnostic(
            ExpressionMessages.unknownEnumValue(text, field: reference.description),
            at: source.span(literal.expression.range))
        if let match = Suggestion.closest(to: text, in: values) {
            diagnostic = diagnostic.with(help: "did you mean \"\(match)\"?")
        }
        diagnostics.emit(diagnostic.with(note: "'\(reference)' is one of: \(values.map { "\"\($0)\"" }.joined(separator: ", "))"))
    }

    private func listLiteral(_ operand: Operand) -> [Expression]? {
        if case .list(let items) = operand.expression.kind { return items }
        return nil
    }

    /// `item in list`.
    private mutating func membership(_ item: Operand?, in list: Operand) {
        guard list.family == .list else {
            var diagnostic = Diagnostic(
                ExpressionMessages.invalidMembership(found: list.description),
                at: source.span(list.expression.range))
            if case .string(let text) = list.expression.kind, let item {
                // A list written as one text: "active, lapsed".
                let items = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
                let written = (items.isEmpty ? ["a", "b"] : items).map { "\"\($0)\"" }.joined(separator: ", ")
                diagnostic = diagnostic.with(help: "write a list in brackets: '\(item.expression) in [\(written)]'")
            } else if list.family == .text, let item {
                diagnostic = diagnostic.with(help: "to test for a part of the text, write '\(list.expression) contains \(item.expression)'")
            } else {
                diagnostic = diagnostic.with(help: "write a list in brackets: [\"a\", \"b\"]")
            }
            diagnostics.emit(diagnostic)
            return
        }
        guard let item else { return }
        if let items = listLiteral(list) {
            for element in items {
                guard let elementOperand = typeOfLiteral(element) else { continue }
                _ = compatible(item, elementOperand)
            }
        } else if item.family != .text {
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.cannotFind(item.description, in: list.description),
                    at: source.span(item.expression.range), label: "this is \(item.typeDescription)"))
        }
    }

    /// `haystack contains needle`.
    private mutating func contains(_ haystack: Operand, _ needle: Operand?) {
        guard haystack.family == .text || haystack.family == .list else {
            var diagnostic = Diagnostic(
                ExpressionMessages.invalidContains(found: haystack.description),
                at: source.span(haystack.expression.range),
                label: "this is \(haystack.typeDescription)"
            )
            .with(note: "'contains' tests whether a list holds an item, or whether text holds other text")
            if let needle, needle.family == .list {
                diagnostic = diagnostic.with(
                    help: "to test whether a value is one of a list, write '\(haystack.expression) in \(needle.expression)'")
            }
            diagnostics.emit(diagnostic)
            return
        }
        guard let needle, needle.family != .text else { return }
        diagnostics.emit(
            Diagnostic(
                ExpressionMessages.cannotFind(needle.description, in: haystack.description),
                at: source.span(needle.expression.range), label: "this is \(needle.typeDescription)"
            )
            .with(help: "put the text to look for in quotes"))
    }

    /// The operand of a list element, which is already checked.
    private func typeOfLiteral(_ expression: Expression) -> Operand? {
        switch expression.kind {
        case .string: Operand(expression: expression, type: .string, field: nil)
        case .integer: Operand(expression: expression, type: .integer, field: nil)
        case .number: Operand(expression: expression, type: .number, field: nil)
        case .date, .today: Operand(expression: expression, type: .date, field: nil)
        case .boolean: Operand(expression: expression, type: .boolean, field: nil)
        case .list: Operand(expression: expression, type: .list, field: nil)
        case .field(let reference):
            checker.type(of: reference).map { type in
                let field =
                    checker.builtins[reference.description] == nil ? reference.contactField.flatMap { checker.environment[$0] } : nil
                return Operand(expression: expression, type: type, field: field)
            }
        default: nil
        }
    }
}
