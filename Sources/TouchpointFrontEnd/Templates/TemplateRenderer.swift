import TouchpointCore

/// Renders a checked template for one contact.
///
/// Total on any template: an absent value merges as nothing (unless a `default` gives one), an
/// unknown filter or a filter on a value it does not apply to leaves the value as it is, and a
/// branch whose condition did not parse is never taken. Conditions follow
/// ``ExpressionEvaluator``'s semantics.
public struct TemplateRenderer: Sendable {
    /// Which references are fields marked `case: insensitive`, for the conditions of `{% if %}`.
    private let foldsCase: @Sendable (FieldReference) -> Bool

    public init(foldsCase: @escaping @Sendable (FieldReference) -> Bool = { _ in false }) {
        self.foldsCase = foldsCase
    }

    /// Renders `template` with the message's built-in values and `contact` giving the value of a
    /// contact field by name (`nil` when absent).
    public func render(_ template: Template, context: TemplateContext, contact: (String) -> Value?) -> TemplateOutput {
        var output = TemplateOutput()
        // The resolver holds the context by reference: held by value, each condition and merge tag
        // evaluated copied all of its strings.
        let builtins = BuiltinValues(context)
        let resolve: (FieldReference) -> Value? = { reference in
            guard let builtin = TemplateBuiltin(reference) else { return reference.contactField.flatMap(contact) }
            return builtins.context.value(of: builtin)
        }
        render(template.nodes, evaluator: ExpressionEvaluator(today: context.today), resolve: resolve, into: &output)
        return output
    }

    private func render(
        _ nodes: [Template.Node], evaluator: ExpressionEvaluator, resolve: (FieldReference) -> Value?,
        into output: inout TemplateOutput
    ) {
        // Switching on each element in place binds its parts without copying the whole node.
        for index in nodes.indices {
            switch nodes[index] {
            case .text(let text, _):
                output.append(.source(text))
            case .comment:
                break
            case .mergeTag(let tag):
                output.append(.value(value(of: tag, resolve: resolve)?.text ?? ""))
            case .conditional(let block):
                let taken = block.branches.first { branch in
                    branch.condition.map { evaluator.evaluate($0, resolving: resolve, foldsCase: foldsCase) } ?? false
                }
                if let taken {
                    render(taken.body, evaluator: evaluator, resolve: resolve, into: &output)
                } else if let elseBody = block.elseBody {
                    render(elseBody, evaluator: evaluator, resolve: resolve, into: &output)
                }
            }
        }
    }

    /// The value of a merge tag after its filters; `nil` when absent.
    package func value(of tag: Template.MergeTag, resolve: (FieldReference) -> Value?) -> Value? {
        var current = argumentValue(tag.value, resolve: resolve)
        for filter in tag.filters {
            guard let kind = TemplateFilter(rawValue: filter.name) else { continue }
            let argument = filter.arguments.first.flatMap { argumentValue($0, resolve: resolve) }
            switch kind {
            case .default:
                // As in Liquid: absent, empty and `false` take the argument.
                if current?.isEmpty ?? true || current == .boolean(false) { current = argument }
            case .upcase:
                current = current.map { .string($0.text.uppercased()) }
            case .downcase:
                current = current.map { .string($0.text.lowercased()) }
            case .capitalize:
                current = current.map { value in
                    let text = value.text
                    guard let first = text.first else { return .string(text) }
                    return .string(first.uppercased() + text.dropFirst().lowercased())
                }
            case .date:
                guard case .string(let format)? = argument else { continue }
                switch current {
                case .date(let date)?: current = .string(StrftimeFormat(format).string(from: date))
                case .datetime(let date, let time)?: current = .string(StrftimeFormat(format).string(from: date, time: time))
                default: break
                }
            case .join:
                guard case .list(let items)? = current else { continue }
                let separator: String
                if case .string(let text)? = argument { separator = text } else { separator = " " }
                current = .string(items.joined(separator: separator))
            }
        }
        return current
    }

    private func argumentValue(_ expression: Expression, resolve: (FieldReference) -> Value?) -> Value? {
        switch expression.kind {
        case .field(let reference): resolve(reference)
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .number(let number): .number(WrittenNumber(literal: number))
        default: nil
        }
    }
}

/// A message's built-in values, shared by reference.
private final class BuiltinValues {
    let context: TemplateContext

    init(_ context: TemplateContext) {
        self.context = context
    }
}
