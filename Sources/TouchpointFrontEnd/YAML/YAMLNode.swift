import TouchpointCore

/// How a scalar was written. The style matters to the checks that follow: a quoted `"no"` is text
/// where a plain `no` might have been meant as a boolean, and positions inside block scalars map
/// back to the source differently from those inside quoted ones.
public enum ScalarStyle: String, Sendable {
    case plain
    case singleQuoted = "single-quoted"
    case doubleQuoted = "double-quoted"
    case literal
    case folded
}

/// A scalar's value exactly as YAML decoded it. No implicit typing: `NO`, `010` and `1e3` are text
/// until the schema of the place they stand in says what they are.
public struct YAMLScalar: Sendable {
    public let value: String
    public let style: ScalarStyle

    public init(value: String, style: ScalarStyle) {
        self.value = value
        self.style = style
    }

    /// A plain scalar that YAML reads as null: empty, `~` or `null`.
    public var isNull: Bool {
        style == .plain && (value.isEmpty || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }
}

/// One key and its value in a mapping.
public struct YAMLPair: Sendable {
    public let key: YAMLNode
    public let value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }

    /// The key's text (keys are always scalars after composition).
    public var name: String { key.scalar?.value ?? "" }
}

/// A node of a YAML document with the range of source it came from.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public let content: Content
    /// Where the node stands in its file. A node reached through an alias keeps the span of the
    /// node the anchor names, so problems in it point at the text that holds them.
    public let span: SourceSpan
    /// An explicit tag (`!!str`), if the source gave one.
    public let tag: String?

    public init(_ content: Content, span: SourceSpan, tag: String? = nil) {
        self.content = content
        self.span = span
        self.tag = tag
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// What kind of node this is, in the words a diagnostic uses.
    public var kindDescription: String {
        switch content {
        case .scalar(let scalar): scalar.isNull ? "an empty value" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The value of the first pair whose key is `name`.
    public subscript(name: String) -> YAMLNode? {
        mapping?.first { $0.name == name }?.value
    }

    /// The number of nodes in this subtree, itself included.
    public var nodeCount: Int {
        switch content {
        case .scalar: 1
        case .sequence(let items): items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let pairs): pairs.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}
