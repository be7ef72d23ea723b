import TouchpointCore

/// A list that marketing messages go to (a campaign with a marketing step, whatever the campaign's
/// own kind), whose schema has a yes/no field named like consent but no
/// `consent:` line: contacts who said no there would still get marketing, since only the field
/// `consent:` names is read as consent.
package struct ConsentCheck: Sendable {
    package init() {}

    /// Whether a field's name says it holds consent to marketing, as `touchpoint schema` decides
    /// it for a column: in lower case without punctuation, it holds one of
    /// ``SchemaDrafter/consentWords`` (`subscribe`, `optin`, `marketing`, …) and none of
    /// ``SchemaDrafter/refusalWords`` (`unsubscribe`, `optout`, …), which mean the opposite.
    package static func looksLikeConsent(_ name: String) -> Bool {
        let loose = String(
            String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }))
        return SchemaDrafter.consentWords.contains { loose.contains($0) } && !SchemaDrafter.refusalWords.contains { loose.contains($0) }
    }

    package func check(_ campaigns: [CheckedCampaign], lists: [ContactList], diagnostics: inout DiagnosticBag) {
        for (index, list) in lists.enumerated() where list.schema.consentField == nil {
            let marketing = campaigns.filter { $0.listIndex == index && $0.steps.contains(where: \.isMarketing) }.map(\.id).sorted()
            guard !marketing.isEmpty,
                let field = list.schema.fields.first(where: { $0.type == .boolean && Self.looksLikeConsent($0.name) })
            else { continue }
            let named = marketing.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (marketing.count > 3 ? ", …" : "")
            diagnostics.emit(
                Diagnostic(CampaignMessages.consentNotDeclared(field.name), at: field.span, label: "a yes/no field named like consent")
                    .with(
                        note: "marketing from \(marketing.count == 1 ? "campaign" : "campaigns") \(named) "
                            + "would reach the contacts of '\(list.name)' whose '\(field.name)' is false"
                    )
                    .with(help: "add 'consent: \(field.name)' to '\(list.schema.path)': marketing then skips contacts where it is false"))
        }
    }
}
