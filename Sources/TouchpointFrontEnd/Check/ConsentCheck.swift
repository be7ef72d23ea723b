import TouchpointCore

/// A list that marketing campaigns use, whose schema has a yes/no field named like consent but no
/// `consent:` line: contacts who said no there would still get marketing, since only the field
/// `consent:` names is read as consent.
package struct ConsentCheck: Sendable {
    /// Names of yes/no fields that hold consent to marketing, as exports and schemas write them
    /// (docs/diagnostics.md lists them): compared in lower case with `-` and spaces read as `_`.
    package static let consentNames: Set<String> = [
        "consent", "email_consent", "marketing_consent", "subscribed", "subscribe", "is_subscribed", "email_subscribed",
        "opt_in", "optin", "opted_in", "email_opt_in", "email_optin", "marketing_opt_in", "marketing_ok", "marketing",
        "accepts_marketing", "newsletter", "newsletter_opt_in", "mailing_list",
    ]

    package init() {}

    /// Whether a field's name says it holds consent to marketing.
    package static func looksLikeConsent(_ name: String) -> Bool {
        let normalized = String(name.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        return consentNames.contains(normalized)
    }

    package func check(_ campaigns: [CheckedCampaign], lists: [ContactList], diagnostics: inout DiagnosticBag) {
        for (index, list) in lists.enumerated() where list.schema.consentField == nil {
            let marketing = campaigns.filter { $0.listIndex == index && $0.campaign.kind == .marketing }.map(\.id).sorted()
            guard !marketing.isEmpty,
                let field = list.schema.fields.first(where: { $0.type == .boolean && Self.looksLikeConsent($0.name) })
            else { continue }
            let named = marketing.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (marketing.count > 3 ? ", …" : "")
            diagnostics.emit(
                Diagnostic(CampaignMessages.consentNotDeclared(field.name), at: field.span, label: "a yes/no field named like consent")
                    .with(
                        note: "marketing \(marketing.count == 1 ? "campaign" : "campaigns") \(named) "
                            + "would reach the contacts of '\(list.name)' whose '\(field.name)' is false"
                    )
                    .with(help: "add 'consent: \(field.name)' to '\(list.schema.path)': marketing then skips contacts where it is false"))
        }
    }
}
