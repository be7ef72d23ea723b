import TouchpointCore

/// A campaign that passed its checks, with everything parsed once: the audience resolved, the
/// conditions and templates ready to evaluate and render.
public struct CheckedCampaign: Sendable {
    public let campaign: Campaign
    /// Index of the audience in the checked contact lists.
    public let listIndex: Int
    public let condition: Expression?
    public let steps: [CheckedStep]
    /// Whether a household sharing an address gets one copy (the campaign's `one_per_address`,
    /// else the practice's).
    public var onePerAddress: Bool = false

    public var id: String { campaign.id }
}

public struct CheckedStep: Sendable {
    public let step: Campaign.Step
    public let send: SendRule
    public let condition: Expression?
    public let subject: Template
    public let body: Template
    /// Where the body's text stands, for positions of problems found later.
    public let bodyMap: ScalarTextMap
    /// Field indices (in the audience's schema) of the send rule's anchor and `until` fields.
    public let anchorField: Int?
    public let untilField: Int?
    /// The preheader, when the step has one.
    public var preheader: Template? = nil
    /// The step's kind: its own `kind:`, else the campaign's.
    public var kind: Campaign.Kind = .marketing
    /// The step's send window: the practice's, under the campaign's and the step's own keys.
    public var window: SendWindow = .standard
    /// What the step does when the window would move a send.
    public var movePolicy: MovePolicy = .later

    public var id: String { step.id }
    public var isMarketing: Bool { kind == .marketing }
}
