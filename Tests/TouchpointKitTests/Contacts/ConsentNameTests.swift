import Testing
@testable import TouchpointFrontEnd

/// Which yes/no fields `consent-not-declared` takes for consent: the names `touchpoint schema`
/// reads as consent, and not those that say the opposite.
@Suite struct ConsentNameTests {
    @Test(arguments: [
        "subscribed", "opt_in", "optin", "marketing_ok", "consent", "email_consent", "newsletter", "Email Opt-In",
        "ok_to_email", "accepts_marketing", "SUBSCRIBE",
    ])
    func namedLikeConsent(_ name: String) {
        #expect(ConsentCheck.looksLikeConsent(name))
    }

    @Test(arguments: ["unsubscribed", "opt_out", "do_not_email", "no_marketing", "vip", "active", "email", "status"])
    func notConsent(_ name: String) {
        #expect(!ConsentCheck.looksLikeConsent(name))
    }
}
