import TouchpointCore

/// A campaign file as written (SPEC §4), with the YAML nodes of everything that later checks
/// parse further (expressions, templates, send rules), so their diagnostics can point into it.
public struct Campaign: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case care, marketing
    }

    public let id: String
    public let title: String
    public let audience: String
    public let kind: Kind
    public let priority: Int
    public let from: Mailbox?
    public let replyTo: Mailbox?
    /// The campaign's `where:` scalar, if any.
    public let condition: YAMLNode?
    public let steps: [Step]
    /// The file the campaign came from.
    public let file: SourceFile
    /// The nodes of the `campaign:` and `audience:` values.
    public let idNode: YAMLNode
    public let audienceNode: YAMLNode
    /// Whether the file read without errors. A campaign with errors is still checked as far as
    /// it goes, so one run reports every problem, but it is never scheduled.
    public let isComplete: Bool

    public struct Step: Sendable {
        public let id: String
        public let idNode: YAMLNode
        /// `nil` when the rule has errors (already reported).
        public let send: SendRule?
        public let sendNode: YAMLNode
        public let condition: YAMLNode?
        public let subject: YAMLNode
        public let body: Body
    }

    /// A step's body: inline in the YAML, or a file under `campaigns/`.
    public enum Body: Sendable {
        case inline(YAMLNode)
        case file(path: String, source: SourceFile, node: YAMLNode)
    }
}
