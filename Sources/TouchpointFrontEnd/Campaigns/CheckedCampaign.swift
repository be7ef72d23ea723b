import TouchpointCore

/// A campaign that passed its checks, with everything parsed once: the audience resolved, the
/// conditions and templates ready to evaluate and render.
public struct CheckedCampaign: Sendable {
    public let campaign: Campaign
    /// Index of the audience in the checked contact lists.
    public let listIndex: Int
    public let condition: Expression?
    public let steps: [CheckedStep]

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

    public var id: String { step.id }
}
