import TouchpointCore

/// A parsed template (SPEC §4.3): text, merge tags `{{ … }}`, `{% if %}` blocks and comments,
/// with byte ranges into the template's text. A ``ScalarTextMap`` turns them into places in a file.
public struct Template: Sendable {
    public let nodes: [Node]

    public init(nodes: [Node]) {
        self.nodes = nodes
    }

    public enum Node: Sendable {
        /// Text copied to the output as it is.
        case text(String, range: Range<Int>)
        case mergeTag(MergeTag)
        case conditional(Conditional)
        /// `{% comment %}…{% endcomment %}`: nothing in the output.
        case comment(range: Range<Int>)
    }

    /// `{{ value | filter: argument, … }}`.
    public struct MergeTag: Sendable {
        /// A field or a string literal.
        public let value: Expression
        public let filters: [Filter]
        /// From `{{` to `}}` inclusive.
        public let range: Range<Int>

        /// Whether a `default` filter gives the tag a value when its field is empty.
        public var hasDefault: Bool { filters.contains { $0.name == TemplateFilter.default.rawValue } }
    }

    /// `name` or `name: argument, argument` after a `|`.
    public struct Filter: Sendable {
        public let name: String
        public let nameRange: Range<Int>
        /// Fields and literals.
        public let arguments: [Expression]
        /// From the name to the end of the last argument.
        public let range: Range<Int>
    }

    /// `{% if %}` … `{% elsif %}` … `{% else %}` … `{% endif %}`.
    public struct Conditional: Sendable {
        public struct Branch: Sendable {
            /// `nil` when the condition did not parse (a diagnostic says why).
            public let condition: Expression?
            public let body: [Node]
            /// The `{% if … %}` or `{% elsif … %}` tag.
            public let tagRange: Range<Int>
        }

        /// The `if` branch, then each `elsif`.
        public let branches: [Branch]
        public let elseBody: [Node]?
        public let elseTagRange: Range<Int>?
        /// From the `{% if` to the end of `{% endif %}` (or of the text, when it is never closed).
        public let range: Range<Int>
    }

    /// One use of a field in the template.
    public struct FieldUse: Sendable {
        public let reference: FieldReference
        public let range: Range<Int>
        /// Where the field is used: merged into the text, as a filter's argument, or in a condition.
        public let place: Place
        /// For a merged field, whether its tag has a `default`.
        public let hasDefault: Bool

        public enum Place: Sendable, Equatable {
            case merged
            case filterArgument
            case condition
        }
    }

    /// Every field the template uses, in order, for checks that need the contacts (a merged field
    /// that is empty for some contacts and has no `default`).
    public var fieldUses: [FieldUse] {
        var uses: [FieldUse] = []
        Template.collect(nodes, into: &uses)
        return uses
    }

    private static func collect(_ nodes: [Node], into uses: inout [FieldUse]) {
        for node in nodes {
            switch node {
            case .text, .comment:
                break
            case .mergeTag(let tag):
                if let reference = tag.value.field {
                    uses.append(FieldUse(reference: reference, range: tag.value.range, place: .merged, hasDefault: tag.hasDefault))
                }
                for filter in tag.filters {
                    for argument in filter.arguments {
                        if let reference = argument.field {
                            uses.append(FieldUse(reference: reference, range: argument.range, place: .filterArgument, hasDefault: false))
                        }
                    }
                }
            case .conditional(let block):
                for branch in block.branches {
                    for (reference, range) in branch.condition?.fields ?? [] {
                        uses.append(FieldUse(reference: reference, range: range, place: .condition, hasDefault: false))
                    }
                    collect(branch.body, into: &uses)
                }
                if let elseBody = block.elseBody { collect(elseBody, into: &uses) }
            }
        }
    }
}
