import TouchpointCore

/// Checks a parsed template against the fields of its audience's list and the built-in values
/// (SPEC §4.3): unknown merge fields and filters, filters applied to the wrong type or with the
/// wrong number of arguments, date formats, `contact.token` without a secret, and the conditions
/// of `{% if %}` blocks (see ``ExpressionChecker``).
public struct TemplateChecker: Sendable {
    public let environment: FieldEnvironment
    /// Whether a secret for `contact.token` is configured (`TOUCHPOINT_SECRET` or
    /// `.touchpoint-secret`).
    public let hasSecret: Bool

    public init(environment: FieldEnvironment, hasSecret: Bool) {
        self.environment = environment
        self.hasSecret = hasSecret
    }

    public func check(_ template: Template, in source: ScalarTextMap, diagnostics: inout DiagnosticBag) {
        var run = TemplateCheckRun(checker: self, source: source)
        run.check(template.nodes)
        diagnostics.append(contentsOf: run.diagnostics)
    }

    package var expressionChecker: ExpressionChecker {
        ExpressionChecker(environment: environment, builtins: TemplateBuiltin.types)
    }
}

private struct TemplateCheckRun {
    let checker: TemplateChecker
    let expressions: ExpressionChecker
    let source: ScalarTextMap
    var diagnostics = DiagnosticBag()

    init(checker: TemplateChecker, source: ScalarTextMap) {
        self.checker = checker
        self.expressions = checker.expressionChecker
        self.source = source
    }

    mutating func check(_ nodes: [Template.Node]) {
        for node in nodes {
            switch node {
            case .text, .comment:
                break
            case .mergeTag(let tag):
                check(tag)
            case .conditional(let block):
                for branch in block.branches {
                    if let condition = branch.condition {
                        expressions.check(condition, in: source, diagnostics: &diagnostics)
                        for (reference, range) in condition.fields { checkBuiltinUse(reference, at: range) }
                    }
                    check(branch.body)
                }
                if let elseBody = block.elseBody { check(elseBody) }
            }
        }
    }

    /// What is known of the value flowing through a tag's filters.
    private struct Flow {
        /// `nil` when unknown (after an error).
        var type: ValueType?
        /// The value in a message: "'nps' is a whole number", "the result of 'upcase' is text".
        var description: String
        var range: Range<Int>
    }

    private mutating func check(_ tag: Template.MergeTag) {
        var flow: Flow
        switch tag.value.kind {
        case .field(let reference):
            let type = fieldType(reference, at: tag.value.range)
            flow = Flow(type: type, description: "'\(reference)' is \(type?.description ?? "unknown")", range: tag.value.range)
        default:
            flow = Flow(type: .string, description: "the value is text", range: tag.value.range)
        }
        for filter in tag.filters {
            check(filter, flow: &flow)
        }
    }

    /// The type of a field used in a merge tag, after reporting an unknown field or a missing
    /// secret.
    private mutating func fieldType(_ reference: FieldReference, at range: Range<Int>) -> ValueType? {
        if let type = expressions.type(of: reference) {
            checkBuiltinUse(reference, at: range)
            return type
        }
        diagnostics.emit(
            Diagnostic(
                TemplateMessages.unknownMergeField(reference.description), at: source.span(range),
                label: "not a field of list '\(checker.environment.listName)'"
            )
            .suggesting(reference.description, from: expressions.candidates(for: reference)))
        return nil
    }

    /// A built-in that needs a secret, or that hides a field of the same name.
    private mutating func checkBuiltinUse(_ reference: FieldReference, at range: Range<Int>) {
        guard let builtin = TemplateBuiltin(reference) else { return }
        if builtin == .contactToken, !checker.hasSecret {
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.missingSecret(), at: source.span(range),
                    label: "the unsubscribe token is made with the practice's secret"
                )
                .with(note: "an empty token would make every unsubscribe link the same, so this is never left empty")
                .with(
                    help: "set the environment variable TOUCHPOINT_SECRET, or put a long random secret in the file "
                        + "'.touchpoint-secret' at the top of the practice folder (and keep that file out of git)"))
        }
        if reference.path.count == 1, checker.environment[reference.path[0]] != nil {
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.shadowedField(reference.description, list: checker.environment.listName),
                    at: source.span(range)
                )
                .with(help: "write 'contact.\(reference)' for the contact's field"))
        }
    }

    private mutating func check(_ filter: Template.Filter, flow: inout Flow) {
        guard let kind = TemplateFilter(rawValue: filter.name) else {
            diagnostics.emit(
                Diagnostic(TemplateMessages.unknownFilter(filter.name), at: source.span(filter.nameRange))
                    .suggesting(filter.name, from: TemplateFilter.names)
                    .with(note: "the filters are \(TemplateFilter.names.joined(separator: ", "))"))
            flow = Flow(type: nil, description: "", range: flow.range.lowerBound..<filter.range.upperBound)
            return
        }
        if !kind.arity.contains(filter.arguments.count) {
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.filterArgumentCount(kind.rawValue, expected: kind.arity, found: filter.arguments.count),
                    at: source.span(filter.range)
                )
                .with(help: "write '\(kind.example)'"))
        }
        for argument in filter.arguments {
            checkArgument(argument, of: kind)
        }
        let input = flow
        switch kind {
        case .date:
            if let type = input.type, type.family != .date {
                emitTypeMismatch(filter, expected: "a date", input: input)
            }
            flow.type = .string
        case .join:
            if let type = input.type, type != .list {
                emitTypeMismatch(filter, expected: "a list", input: input)
            }
            flow.type = .string
        case .upcase, .downcase, .capitalize:
            flow.type = .string
        case .default:
            break
        }
        flow.range = input.range.lowerBound..<filter.range.upperBound
        flow.description = "the result of '\(kind.rawValue)' is \(flow.type?.description ?? "unknown")"
    }

    private mutating func emitTypeMismatch(_ filter: Template.Filter, expected: String, input: Flow) {
        diagnostics.emit(
            Diagnostic(
                TemplateMessages.filterTypeMismatch(filter.name, expected: expected, found: input.description),
                at: source.span(filter.nameRange),
                secondary: [Highlight(source.span(input.range), label: input.description)]))
    }

    private mutating func checkArgument(_ argument: Expression, of kind: TemplateFilter) {
        switch (kind, argument.kind) {
        case (.date, .string(let format)):
            checkDateFormat(format, literal: argument.range)
        case (.date, _):
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.filterArgumentType("date", expected: "a format in quotes, like \"%B %-d\""),
                    at: source.span(argument.range)))
        case (.join, .string):
            break
        case (.join, _):
            diagnostics.emit(
                Diagnostic(
                    TemplateMessages.filterArgumentType("join", expected: "a separator in quotes, like \", \""),
                    at: source.span(argument.range)))
        case (_, .field(let reference)):
            _ = fieldType(reference, at: argument.range)
        default:
            break
        }
    }

    /// Reports each unsupported directive at its place in the format, when the literal's text is
    /// exactly its value (no escapes); otherwise at the whole literal.
    private mutating func checkDateFormat(_ format: String, literal: Range<Int>) {
        let problems = StrftimeFormat.parse(format).problems
        guard !problems.isEmpty else { return }
        let contentLength = literal.count - 2
        let exact = contentLength == format.utf8.count
        for problem in problems {
            let range =
                exact
                ? (literal.lowerBound + 1 + problem.range.lowerBound)..<(literal.lowerBound + 1 + problem.range.upperBound)
                : literal
            diagnostics.emit(
                Diagnostic(TemplateMessages.invalidDateFormat(problem.directive), at: source.span(range))
                    .with(note: "the directives are \(StrftimeFormat.supportedDirectives)"))
        }
    }
}
