import TouchpointCore

/// Reads one campaign file into a ``Campaign``: keys, ids, kinds, steps, bodies and send rules.
/// Expressions, templates and the fields rules refer to are checked later, against the audience.
public struct CampaignReader: Sendable {
    package static let campaignKeys: [KeySpec] = [
        .required("campaign"), .required("title"), .required("audience"), .optional("where"), .optional("kind"),
        .optional("priority"), .optional("from"), .optional("reply_to"), .optional("expires"), .required("steps"),
        .optional("send_window"), .optional("one_per_address"), .optional("draft"),
    ]
    package static let stepKeys: [KeySpec] = [
        .required("id"), .required("send"), .optional("where"), .required("subject"), .optional("preheader"),
        .optional("body"), .optional("body_file"), .optional("expires"), .optional("kind"), .optional("if_moved"),
        .optional("send_window"),
    ]

    public init() {}

    /// The campaign as far as it could be read (``Campaign/isComplete`` tells whether it had
    /// errors), or `nil` when not even its id, title and audience could be. `loadBody` reads a path
    /// relative to `campaigns/` (already checked not to climb out of it), or returns `nil` if there
    /// is none. A step is kept when its id, subject and body could be read.
    public func read(
        _ root: YAMLNode, loadBody: (String) -> SourceFile?, diagnostics: inout DiagnosticBag
    ) -> Campaign? {
        let before = diagnostics.errorCount
        let file = root.span.file
        guard let map = MappingReader(root, place: "a campaign file", keys: Self.campaignKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let idNode = map["campaign"]
        let id = idNode.flatMap { identifier($0, key: "campaign", message: CampaignMessages.invalidCampaignID, diagnostics: &diagnostics) }
        let title = map["title"].flatMap { ScalarReader.text($0, key: "title", diagnostics: &diagnostics) }
        let audienceNode = map["audience"]
        let audience = audienceNode.flatMap { ScalarReader.text($0, key: "audience", diagnostics: &diagnostics) }
        let kind = map["kind"].flatMap { readKind($0, diagnostics: &diagnostics) } ?? .marketing
        let priority = map["priority"].flatMap { ScalarReader.integer($0, key: "priority", diagnostics: &diagnostics) } ?? 0
        let practiceReader = PracticeReader()
        let from = map["from"].flatMap { practiceReader.readMailbox($0, key: "from", diagnostics: &diagnostics) }
        let replyTo = map["reply_to"].flatMap { practiceReader.readMailbox($0, key: "reply_to", diagnostics: &diagnostics) }
        let condition = map["where"].flatMap { nonEmptyText($0, key: "where", diagnostics: &diagnostics) }
        let expires = map["expires"].flatMap { expiry($0, diagnostics: &diagnostics) }
        var steps: [Campaign.Step] = []
        if let stepsNode = map["steps"], let items = ScalarReader.list(stepsNode, key: "steps", diagnostics: &diagnostics) {
            if items.isEmpty {
                diagnostics.emit(Diagnostic(CampaignMessages.noSteps(), at: map.keyNode("steps")?.span ?? stepsNode.span))
            }
            var seen: [String: SourceSpan] = [:]
            for item in items {
                guard let step = readStep(item, loadBody: loadBody, diagnostics: &diagnostics) else { continue }
                if let first = seen[step.id] {
                    diagnostics.emit(
                        Diagnostic(CampaignMessages.duplicateStep(step.id), at: step.idNode.span)
                            .with(note: "first used here", at: first))
                    continue
                }
                seen[step.id] = step.idNode.span
                steps.append(step)
            }
        }
        let window = map["send_window"].map { practiceReader.readWindow($0, diagnostics: &diagnostics) }
        let onePerAddress = map["one_per_address"].flatMap {
            ScalarReader.boolean($0, key: "one_per_address", diagnostics: &diagnostics)
        }
        let isDraft = map["draft"].flatMap { ScalarReader.boolean($0, key: "draft", diagnostics: &diagnostics) } ?? false
        guard let id, let idNode, let title, let audience, let audienceNode else { return nil }
        var campaign = Campaign(
            id: id, title: title, audience: audience, kind: kind, priority: priority, from: from,
            replyTo: replyTo, condition: condition, expires: expires, steps: steps, sendWindow: window,
            onePerAddress: onePerAddress, file: file, idNode: idNode,
            audienceNode: audienceNode, isComplete: diagnostics.errorCount == before)
        campaign.isDraft = isDraft
        return campaign
    }

    /// `kind: care` or `kind: marketing`, on a campaign or a step.
    private func readKind(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> Campaign.Kind? {
        guard let text = ScalarReader.text(node, key: "kind", diagnostics: &diagnostics) else { return nil }
        guard let kind = Campaign.Kind(rawValue: text) else {
            diagnostics.emit(
                Diagnostic(CampaignMessages.unknownKind(text), at: node.span)
                    .suggesting(text, from: Campaign.Kind.allCases.map(\.rawValue)))
            return nil
        }
        return kind
    }

    /// `if_moved: earlier | later | skip | send`.
    private func readMovePolicy(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> MovePolicy? {
        guard let text = ScalarReader.text(node, key: "if_moved", diagnostics: &diagnostics) else { return nil }
        guard let policy = MovePolicy(rawValue: text) else {
            diagnostics.emit(
                Diagnostic(CampaignMessages.unknownMovePolicy(text), at: node.span)
                    .suggesting(text, from: MovePolicy.allCases.map(\.rawValue)))
            return nil
        }
        return policy
    }

    private func readStep(_ node: YAMLNode, loadBody: (String) -> SourceFile?, diagnostics: inout DiagnosticBag) -> Campaign.Step? {
        guard let map = MappingReader(node, place: "a step", keys: Self.stepKeys, diagnostics: &diagnostics) else { return nil }
        let idNode = map["id"]
        let id = idNode.flatMap { identifier($0, key: "id", message: CampaignMessages.invalidStepID, diagnostics: &diagnostics) }
        var send: SendRule?
        let sendNode = map["send"]
        if let sendNode, let text = ScalarReader.text(sendNode, key: "send", diagnostics: &diagnostics) {
            switch SendRuleParser().parse(text) {
            case .success(let rule):
                send = rule
            case .failure(let failure):
                var diagnostic = Diagnostic(
                    CampaignMessages.sendRule(failure.message),
                    at: ScalarTextMap(sendNode)?.span(failure.range) ?? sendNode.span)
                if let help = failure.help { diagnostic = diagnostic.with(help: help) }
                diagnostics.emit(diagnostic)
            }
        }
        let condition = map["where"].flatMap { nonEmptyText($0, key: "where", diagnostics: &diagnostics) }
        let subject = map["subject"].flatMap { nonEmptyText($0, key: "subject", diagnostics: &diagnostics) }
        let preheader = map["preheader"].flatMap { nonEmptyText($0, key: "preheader", diagnostics: &diagnostics) }
        var body: Campaign.Body?
        switch (map["body"], map["body_file"]) {
        case (.some, .some(let fileNode)):
            diagnostics.emit(
                Diagnostic(CampaignMessages.bodyAndBodyFile(), at: map.keyNode("body_file")?.span ?? fileNode.span)
                    .with(help: "keep the body in the file, or inline, not both"))
        case (.some(let inline), .none):
            if nonEmptyText(inline, key: "body", diagnostics: &diagnostics) != nil { body = .inline(inline) }
        case (.none, .some(let fileNode)):
            body = readBodyFile(fileNode, loadBody: loadBody, diagnostics: &diagnostics)
        case (.none, .none):
            diagnostics.emit(
                Diagnostic(CampaignMessages.noBody(), at: idNode?.span ?? node.span)
                    .with(help: "add 'body: |' with the message, or 'body_file: templates/NAME.md'"))
        }
        let expires = map["expires"].flatMap { expiry($0, diagnostics: &diagnostics) }
        let kind = map["kind"].flatMap { readKind($0, diagnostics: &diagnostics) }
        let ifMoved = map["if_moved"].flatMap { readMovePolicy($0, diagnostics: &diagnostics) }
        let window = map["send_window"].map { PracticeReader().readWindow($0, diagnostics: &diagnostics) }
        guard let id, let idNode, let sendNode, let subject, let body else { return nil }
        return Campaign.Step(
            id: id, idNode: idNode, send: send, sendNode: sendNode, condition: condition,
            subject: subject, body: body, expires: expires, preheader: preheader, kind: kind, ifMoved: ifMoved,
            sendWindow: window)
    }

    /// `expires: 2 hours`: how late a message may still go out.
    private func expiry(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> TimeSpan? {
        guard let text = ScalarReader.text(node, key: "expires", diagnostics: &diagnostics) else { return nil }
        guard let span = TimeSpan.parse(text) else {
            diagnostics.emit(
                Diagnostic(PracticeMessages.invalidExpiry(text), at: node.span)
                    .with(help: "write a whole number and minutes, hours, days or weeks, as in \"2 hours\" or \"3 days\""))
            return nil
        }
        return span
    }

    private func readBodyFile(_ node: YAMLNode, loadBody: (String) -> SourceFile?, diagnostics: inout DiagnosticBag) -> Campaign.Body? {
        guard let text = ScalarReader.text(node, key: "body_file", diagnostics: &diagnostics) else { return nil }
        let components = text.split(separator: "/", omittingEmptySubsequences: true)
        if text.hasPrefix("/") || components.contains("..") || components.isEmpty {
            diagnostics.emit(
                Diagnostic(CampaignMessages.bodyFileOutside(text), at: node.span)
                    .with(help: "body files live under 'campaigns/', e.g. 'templates/welcome.md'"))
            return nil
        }
        let path = components.joined(separator: "/")
        guard let source = loadBody(path) else {
            diagnostics.emit(
                Diagnostic(CampaignMessages.bodyFileMissing(path), at: node.span)
                    .with(help: "paths are relative to the 'campaigns' folder"))
            return nil
        }
        return .file(path: path, source: source, node: node)
    }

    /// A scalar that is not empty.
    private func nonEmptyText(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> YAMLNode? {
        ScalarReader.text(node, key: key, diagnostics: &diagnostics) == nil ? nil : node
    }

    /// Lowercase letters, digits and '-', starting with a letter.
    private func identifier(
        _ node: YAMLNode, key: String, message: (String) -> DiagnosticMessage, diagnostics: inout DiagnosticBag
    ) -> String? {
        guard let text = ScalarReader.text(node, key: key, diagnostics: &diagnostics) else { return nil }
        let valid =
            text.first.map { $0.isASCII && $0.isLowercase } == true
            && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard valid else {
            var diagnostic = Diagnostic(message(text), at: node.span)
            // docs/diagnostics.md promises a proposed id, whatever was written.
            diagnostic = diagnostic.with(help: "for example '\(Self.example(for: text, kind: key == "campaign" ? "campaign" : "step"))'")
            diagnostics.emit(diagnostic)
            return nil
        }
        // Ids stand in file names and in the List-Id header, which must stay within a line.
        guard text.count <= Self.maximumIDLength else {
            let tooLong = key == "campaign" ? CampaignMessages.campaignIDTooLong : CampaignMessages.stepIDTooLong
            diagnostics.emit(
                Diagnostic(tooLong(text.count, Self.maximumIDLength), at: node.span)
                    .with(
                        help: "shorten it, for example to '\(Self.shortened(text))'; "
                            + "the \(key == "campaign" ? "title" : "subject") can say the rest"))
            return nil
        }
        return text
    }

    /// The longest campaign or step id.
    package static let maximumIDLength = 64

    /// A valid identifier close to `text`: lowercase, each run of other characters one '-', none
    /// at either end, within the longest length; `kind` (`step`, `campaign`) goes first when that
    /// would not start with a letter, and stands alone when nothing of `text` is left.
    package static func example(for text: String, kind: String) -> String {
        let words = text.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard let first = words.first?.first else { return kind }
        let joined = words.joined(separator: "-")
        return shortened(first.isLetter ? joined : kind + "-" + joined)
    }

    /// A valid identifier cut to the longest length, without a '-' at its end.
    package static func shortened(_ id: String) -> String {
        String(String(id.prefix(maximumIDLength)).reversed().drop { $0 == "-" }.reversed())
    }
}
