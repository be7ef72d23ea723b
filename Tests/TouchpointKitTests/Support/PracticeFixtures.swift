import TouchpointKit

/// Practice files the tests start from.
enum PracticeFixtures {
    /// Only what `touchpoint.yaml` requires.
    static let minimal = """
        practice:
          name: Lincoln Physical Therapy
          from: "Lincoln Physical Therapy <care@lincolnpt.example>"
          address: "1200 O Street, Lincoln, NE 68508"
          timezone: America/Chicago
        unsubscribe:
          mailto: unsubscribe@lincolnpt.example

        """

    /// Every key of SPEC §2 set.
    static let complete = """
        practice:
          name: Lincoln Physical Therapy
          from: "Lincoln Physical Therapy <care@lincolnpt.example>"
          reply_to: frontdesk@lincolnpt.example
          address: "1200 O Street, Lincoln, NE 68508"
          timezone: America/Chicago
          domain: mail.lincolnpt.example
          bounce: bounces@lincolnpt.example
        allow_html: true
        send_window:
          days: [mon, tue, wed, thu, fri]
          hours: "08:30-17:45"
          holidays: [2026-12-25, 2027-01-01]
        limits:
          marketing_per_contact: 2 per 7 days
        horizon: 8 weeks
        unsubscribe:
          url: "https://lincolnpt.example/unsubscribe?c={{ contact.token }}"
          mailto: unsubscribe@lincolnpt.example
        suppression: contacts/unsubscribed.txt

        """

    /// `minimal` with `extra` appended at the top level.
    static func minimal(plus extra: String) -> String {
        minimal + extra
    }

    /// Composes `text` as `touchpoint.yaml`.
    static func compose(_ text: String, composer: YAMLComposer = YAMLComposer()) -> (node: YAMLNode?, diagnostics: [Diagnostic]) {
        compose(bytes: Array(text.utf8), composer: composer)
    }

    static func compose(bytes: [UInt8], composer: YAMLComposer = YAMLComposer()) -> (node: YAMLNode?, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let node = composer.compose(SourceFile(path: "touchpoint.yaml", bytes: bytes), diagnostics: &bag)
        return (node, bag.sorted)
    }

    /// Composes and reads `text` as `touchpoint.yaml`.
    static func read(_ text: String) -> (practice: Practice?, diagnostics: [Diagnostic]) {
        var bag = DiagnosticBag()
        let file = SourceFile(path: "touchpoint.yaml", text: text)
        guard let node = YAMLComposer().compose(file, diagnostics: &bag) else { return (nil, bag.sorted) }
        let practice = PracticeReader().read(node, diagnostics: &bag)
        return (practice, bag.sorted)
    }
}

extension Diagnostic {
    /// `line:column id` of a diagnostic, as assertions compare them (`-` without a place).
    var lineColumnID: String {
        let place = location.map { "\($0.line):\($0.column)" } ?? "-"
        return "\(place) \(id)"
    }
}

extension SourceSpan {
    /// `line:column` where the span starts.
    var startPlace: String { "\(start.line):\(start.column)" }
    /// `line:column` just past the span.
    var endPlace: String { "\(end.line):\(end.column)" }
}
