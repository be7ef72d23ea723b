import TouchpointCore

/// What `touchpoint deliver` reads of a practice's files: its settings and its campaigns as
/// written, without the contacts (the messages were checked and rendered when built).
public struct DeliverySources: Sendable {
    /// Every problem of `touchpoint.yaml` and the campaign files.
    public let diagnostics: [Diagnostic]
    /// The practice, when `touchpoint.yaml` is free of errors.
    public let practice: Practice?
    public let campaigns: [Campaign]

    public init(diagnostics: [Diagnostic], practice: Practice?, campaigns: [Campaign]) {
        self.diagnostics = diagnostics
        self.practice = practice
        self.campaigns = campaigns
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// How late the message of `campaign`'s step `step` may go out; a campaign no longer in
    /// `campaigns/` gets its kind's default (`kind` as `schedule.csv` has it).
    public func expiry(campaign: String, step: String, kind: String) -> TimeSpan {
        if let found = campaigns.first(where: { $0.id == campaign }) { return found.expiry(ofStep: step) }
        return (Campaign.Kind(rawValue: kind) ?? .care).defaultExpiry
    }
}
