import TouchpointCore

/// A campaign file as written (SPEC §4), with the YAML nodes of everything that later checks
/// parse further (expressions, templates, send rules), so their diagnostics can point into it.
public struct Campaign: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case care, marketing

        /// How late a message of this kind may still go out when its campaign and step do not
        /// say (`expires:`): a care reminder half a day, a newsletter three days.
        public var defaultExpiry: TimeSpan {
            switch self {
            case .care: TimeSpan(value: 12, unit: .hour)
            case .marketing: TimeSpan(value: 3, unit: .day)
            }
        }
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
    /// How late the campaign's messages may still go out (`expires:`), unless a step says.
    public let expires: TimeSpan?
    public let steps: [Step]
    /// The campaign's own `send_window:`, over the practice's.
    public var sendWindow: SendWindowOverride?
    /// `one_per_address:`, when the campaign says; else the practice's setting holds.
    public var onePerAddress: Bool?
    /// The file the campaign came from.
    public let file: SourceFile
    /// The nodes of the `campaign:` and `audience:` values.
    public let idNode: YAMLNode
    public let audienceNode: YAMLNode
    /// Whether the file read without errors. A campaign with errors is still checked as far as
    /// it goes, so one run reports every problem, but it is never scheduled.
    public let isComplete: Bool
    /// `draft: true`: checked and previewed like any campaign, never scheduled, so never built or
    /// delivered.
    public var isDraft = false

    public struct Step: Sendable {
        public let id: String
        public let idNode: YAMLNode
        /// `nil` when the rule has errors (already reported).
        public let send: SendRule?
        public let sendNode: YAMLNode
        public let condition: YAMLNode?
        public let subject: YAMLNode
        public let body: Body
        /// How late the step's messages may still go out (`expires:`).
        public let expires: TimeSpan?
        /// The hidden line an inbox list shows after the subject (`preheader:`), a template.
        public var preheader: YAMLNode? = nil
        /// `kind:` on the step, over the campaign's.
        public var kind: Kind?
        /// `if_moved:`; without it, the rule's own direction (``MovePolicy/standard(isBefore:)``).
        public var ifMoved: MovePolicy?
        /// The step's own `send_window:`, over the campaign's.
        public var sendWindow: SendWindowOverride?
    }

    /// How late a message of the step `step` may still go out: the step's `expires:`, else the
    /// campaign's, else its kind's default.
    public func expiry(ofStep step: String) -> TimeSpan {
        steps.first { $0.id == step }?.expires ?? expires ?? kind(ofStep: step).defaultExpiry
    }

    /// The kind of the step `step`: its own `kind:`, else the campaign's.
    public func kind(ofStep step: String) -> Kind {
        steps.first { $0.id == step }?.kind ?? kind
    }

    /// The send window of the step `step`: the practice's `window`, with the campaign's
    /// `send_window:` keys over it, and the step's over those.
    public func sendWindow(ofStep step: String, practice window: SendWindow) -> SendWindow {
        let campaignWindow = sendWindow?.applied(to: window) ?? window
        return steps.first { $0.id == step }?.sendWindow?.applied(to: campaignWindow) ?? campaignWindow
    }

    /// What the step `step` does when the window would move a send: its `if_moved:`, or the
    /// rule's own direction.
    public func movePolicy(ofStep step: String) -> MovePolicy {
        guard let found = steps.first(where: { $0.id == step }) else { return .later }
        return found.ifMoved ?? .standard(isBefore: found.send?.isBefore ?? false)
    }

    /// A step's body: inline in the YAML, or a file under `campaigns/`.
    public enum Body: Sendable {
        case inline(YAMLNode)
        case file(path: String, source: SourceFile, node: YAMLNode)
    }
}
