import TouchpointCore

/// A practice, checked: the product of the front end. Everything later stages need is here, in
/// its checked form — every template parsed and checked once — with every problem found.
public struct CheckedPractice: Sendable {
    /// Every problem, sorted by file, line and column.
    public let diagnostics: [Diagnostic]
    /// The practice, when `touchpoint.yaml` is free of errors.
    public let practice: Practice?
    /// The contact lists whose schemas are free of errors, with every contact that could be read
    /// (`diagnostics` tells whether their data had errors). Each schema's display name is checked.
    public let lists: [ContactList]
    /// The practice's suppression list, when it names one and the file exists.
    public let suppression: SuppressionList?
    /// The campaigns that checked clean.
    public let campaigns: [CheckedCampaign]
    /// `campaigns/layout.html`, when the practice has one and it checked clean.
    public let layout: CustomLayout?
    /// The unsubscribe page's address (`unsubscribe.url`), parsed and checked.
    public let unsubscribeURL: Template?
    /// The secret for unsubscribe tokens, when one is configured.
    public let secret: [UInt8]?

    package init(
        diagnostics: [Diagnostic], practice: Practice?, lists: [ContactList], suppression: SuppressionList?,
        campaigns: [CheckedCampaign], layout: CustomLayout?, unsubscribeURL: Template?, secret: [UInt8]?
    ) {
        self.diagnostics = diagnostics
        self.practice = practice
        self.lists = lists
        self.suppression = suppression
        self.campaigns = campaigns
        self.layout = layout
        self.unsubscribeURL = unsubscribeURL
        self.secret = secret
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}
