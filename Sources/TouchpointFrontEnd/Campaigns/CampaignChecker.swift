import TouchpointCore

/// Checks a campaign against its audience and the practice: send-rule fields and times,
/// conditions, subjects and bodies, raw HTML and the unsubscribe link. Pure: everything it needs
/// is passed in.
public struct CampaignChecker: Sendable {
    public let practice: Practice?
    /// The lists whose schemas checked clean.
    public let lists: [ContactList]
    /// Every list name in `contacts/`, including those whose schema has errors (already reported).
    public let listNames: Set<String>
    /// Whether an unsubscribe token can be computed (a secret is configured).
    public let hasSecret: Bool
    /// Whether the layout around every body shows an unsubscribe link for marketing messages.
    public let layoutHasUnsubscribeLink: Bool
    /// The hours the practice's clocks skip when they spring forward.
    let clockGaps: [ClockGap]

    public init(
        practice: Practice?, lists: [ContactList], listNames: Set<String>, hasSecret: Bool,
        layoutHasUnsubscribeLink: Bool = true
    ) {
        self.practice = practice
        self.lists = lists
        self.listNames = listNames
        self.hasSecret = hasSecret
        self.layoutHasUnsubscribeLink = layoutHasUnsubscribeLink
        clockGaps = practice.map { ClockGap.gaps(of: $0.timeZone) } ?? []
    }

    public func check(_ campaign: Campaign, diagnostics: inout DiagnosticBag) -> CheckedCampaign? {
        guard let listIndex = lists.firstIndex(where: { $0.name == campaign.audience }) else {
            if !listNames.contains(campaign.audience) {
                diagnostics.emit(
                    Diagnostic(CampaignMessages.unknownAudience(campaign.audience), at: campaign.audienceNode.span)
                        .with(note: "a list is a pair of files 'contacts/NAME.schema.yaml' and 'contacts/NAME.csv' (or .yaml)")
                        .suggesting(campaign.audience, from: listNames))
            }
            return nil
        }
        let before = diagnostics.errorCount
        let list = lists[listIndex]
        let environment = FieldEnvironment(list: list)
        let condition = campaign.condition.flatMap { checkCondition($0, environment: environment, diagnostics: &diagnostics) }
        var steps: [CheckedStep] = []
        for step in campaign.steps {
            if var checked = checkStep(step, of: campaign, list: list, environment: environment, diagnostics: &diagnostics) {
                checked.kind = campaign.kind(ofStep: step.id)
                checked.window = campaign.sendWindow(ofStep: step.id, practice: practice?.sendWindow ?? .standard)
                checked.movePolicy = campaign.movePolicy(ofStep: step.id)
                steps.append(checked)
            }
        }
        let withoutLink = steps.filter { $0.isMarketing && !Self.usesUnsubscribeLink($0.body) }
        if !layoutHasUnsubscribeLink, !withoutLink.isEmpty {
            var diagnostic = Diagnostic(CampaignMessages.missingUnsubscribeLink(campaign.id), at: campaign.idNode.span)
                .with(note: "marketing e-mail must let the patient opt out (CAN-SPAM, GDPR)")
            for step in withoutLink {
                diagnostic = diagnostic.with(
                    note: "the body of step '\(step.id)' has no '{{ unsubscribe_url }}'", at: step.step.idNode.span)
            }
            diagnostics.emit(diagnostic.with(help: "put '{{ unsubscribe_url }}' in the layout or in every body of the campaign"))
        }
        for step in steps { checkMoves(step, list: list, diagnostics: &diagnostics) }
        guard diagnostics.errorCount == before, campaign.isComplete, steps.count == campaign.steps.count else { return nil }
        var checked = CheckedCampaign(campaign: campaign, listIndex: listIndex, condition: condition, steps: steps)
        checked.onePerAddress = campaign.onePerAddress ?? practice?.onePerAddress ?? false
        return checked
    }

    private func checkStep(
        _ step: Campaign.Step, of campaign: Campaign, list: ContactList, environment: FieldEnvironment, diagnostics: inout DiagnosticBag
    ) -> CheckedStep? {
        let before = diagnostics.errorCount
        var hours = false
        if case .hours = step.send?.timing { hours = true }
        let anchors = (step.send?.fields ?? []).map {
            checkSendField($0, hours: hours, step: step, list: list, diagnostics: &diagnostics)
        }
        let window = practice.map { campaign.sendWindow(ofStep: step.id, practice: $0.sendWindow) }
        if let time = step.send?.time, let range = step.send?.timeRange, let window, !window.contains(time) {
            diagnostics.emit(
                Diagnostic(
                    CampaignMessages.timeOutsideWindow(time.description, window: "\(window.start)-\(window.end)"),
                    at: ScalarTextMap(step.sendNode)?.span(range) ?? step.sendNode.span
                )
                .with(help: "pick a time between \(window.start) and \(window.end), or widen 'send_window.hours'"))
        }
        if let send = step.send { checkRule(send, step: step, list: list, anchors: anchors, window: window, diagnostics: &diagnostics) }
        let condition = step.condition.flatMap { checkCondition($0, environment: environment, diagnostics: &diagnostics) }
        let subjectMap = map(of: step.subject)
        if let lineBreak = subjectMap.text.utf8.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            let offset = subjectMap.text.utf8.distance(from: subjectMap.text.utf8.startIndex, to: lineBreak)
            let isFinal = subjectMap.text.utf8[lineBreak...].allSatisfy { $0 == 0x0A || $0 == 0x0D }
            diagnostics.emit(
                Diagnostic(CampaignMessages.multilineSubject(), at: subjectMap.span(offset..<offset), label: "the line breaks here")
                    .with(
                        help: isFinal
                            ? "a block scalar ('|' or '>') ends with a line break: write the subject on the same line as 'subject:', or use '>-'"
                            : "write the subject on one line; a subject with line breaks is rejected by mail servers"))
        }
        let subject = checkTemplate(subjectMap, environment: environment, diagnostics: &diagnostics)
        let preheader = step.preheader.map { checkTemplate(map(of: $0), environment: environment, diagnostics: &diagnostics) }
        let bodyMap: ScalarTextMap
        switch step.body {
        case .inline(let node): bodyMap = map(of: node)
        case .file(_, let source, _): bodyMap = ScalarTextMap(file: source)
        }
        let body = checkTemplate(bodyMap, environment: environment, diagnostics: &diagnostics)
        if let practice { Self.checkUnsubscribeTarget(body, in: bodyMap, practice: practice, diagnostics: &diagnostics) }
        let markdown = MarkdownDocument(parsing: bodyMap.text)
        if practice?.allowHTML != true {
            for html in markdown.rawHTML {
                diagnostics.emit(
                    Diagnostic(CampaignMessages.rawHTML(), at: bodyMap.span(html.byteRange))
                        .with(note: "raw HTML is checked by no one and rendered differently by every mail client")
                        .with(help: "write it in Markdown, or set 'allow_html: true' in touchpoint.yaml"))
            }
        }
        for link in markdown.links where !link.isAllowed {
            let scheme = link.scheme ?? ""
            diagnostics.emit(
                Diagnostic(
                    CampaignMessages.unsafeLinkScheme(scheme, isImage: link.isImage),
                    at: bodyMap.span(Self.address(scheme, in: bodyMap.text, link: link.byteRange))
                )
                .with(
                    note:
                        "mail clients drop or block such \(link.isImage ? "images" : "links"), and the message would show a link that goes nowhere"
                )
                .with(help: "link to an https:// page, or use mailto: or tel:"))
        }
        guard diagnostics.errorCount == before, let send = step.send else { return nil }
        return CheckedStep(
            step: step, send: send, condition: condition, subject: subject, body: body, bodyMap: bodyMap,
            anchorField: anchors.first ?? nil, untilField: anchors.count > 1 ? anchors[1] : nil, preheader: preheader)
    }

    /// Where a link's address starts with `scheme:` in the Markdown text, up to the end of the
    /// address; the whole link when the address is not written out as such.
    private static func address(_ scheme: String, in text: String, link: Range<Int>) -> Range<Int> {
        let bytes = Array(text.utf8)
        let written = bytes[link.clamped(to: 0..<bytes.count)]
        let wanted = Array((scheme + ":").utf8)
        func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        guard !wanted.isEmpty,
            let start = written.indices.first(where: { start in
                start + wanted.count <= written.endIndex
                    && zip(written[start..<(start + wanted.count)], wanted).allSatisfy { lowered($0) == $1 }
            })
        else { return link }
        let end = written[start...].firstIndex { $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: ">") || $0 == 0x20 || $0 == 0x0A }
        return start..<(end ?? written.endIndex)
    }

    /// The schema index of a send rule's field, which must be a date or a date-time; a date-time
    /// for a rule that counts `hours`.
    private func checkSendField(
        _ reference: SendRule.FieldReference, hours: Bool, step: Campaign.Step, list: ContactList,
        diagnostics: inout DiagnosticBag
    ) -> Int? {
        let span = ScalarTextMap(step.sendNode)?.span(reference.range) ?? step.sendNode.span
        guard let index = list.schema.index(of: reference.name) else {
            let dates = list.schema.fields.filter { $0.type == .date || $0.type == .datetime }.map(\.name)
            diagnostics.emit(
                Diagnostic(CampaignMessages.unknownSendField(reference.name, list: list.name), at: span)
                    .suggesting(reference.name, from: list.schema.fieldNames)
                    .with(
                        note: dates.isEmpty
                            ? "'\(list.name)' has no date fields"
                            : "the date fields of '\(list.name)' are: \(dates.joined(separator: ", "))"))
            return nil
        }
        let field = list.schema.fields[index]
        guard field.type == .date || field.type == .datetime else {
            diagnostics.emit(
                Diagnostic(CampaignMessages.notADateField(reference.name, type: field.type.description), at: span)
                    .with(note: "'\(field.name)' is declared here", at: field.span)
                    .with(help: "a send rule counts from a date field"))
            return nil
        }
        if hours, field.type != .datetime {
            diagnostics.emit(
                Diagnostic(CampaignMessages.hoursFromDate(reference.name), at: span)
                    .with(note: "'\(field.name)' is declared here", at: field.span)
                    .with(help: "count days, as in '1 day before \(field.name) at 09:00', or make the field a datetime"))
            return nil
        }
        return index
    }

    private func checkCondition(_ node: YAMLNode, environment: FieldEnvironment, diagnostics: inout DiagnosticBag) -> Expression? {
        let map = map(of: node)
        guard let expression = ExpressionParser().parse(map, diagnostics: &diagnostics) else { return nil }
        ExpressionChecker(environment: environment).check(expression, in: map, diagnostics: &diagnostics)
        return expression
    }

    private func checkTemplate(_ map: ScalarTextMap, environment: FieldEnvironment, diagnostics: inout DiagnosticBag) -> Template {
        let template = TemplateParser().parse(map, diagnostics: &diagnostics)
        TemplateChecker(environment: environment, hasSecret: hasSecret).check(template, in: map, diagnostics: &diagnostics)
        return template
    }

    private func map(of node: YAMLNode) -> ScalarTextMap {
        ScalarTextMap(node) ?? ScalarTextMap(file: node.span.file, range: node.span.range)
    }

    /// Each `{{ unsubscribe_url }}` merged into `template` (a body or the layout) when the practice
    /// has no unsubscribe page: it would render an empty link target.
    package static func checkUnsubscribeTarget(
        _ template: Template, in map: ScalarTextMap, practice: Practice, diagnostics: inout DiagnosticBag
    ) {
        guard practice.unsubscribe.url == nil else { return }
        for use in template.fieldUses where use.place == .merged && TemplateBuiltin(use.reference) == .unsubscribeURL {
            var diagnostic = Diagnostic(
                CampaignMessages.emptyUnsubscribeLink(), at: map.span(use.range), label: "renders as an empty link")
            if let mailto = practice.unsubscribe.mailto {
                diagnostic = diagnostic.with(note: "the practice takes unsubscribe requests only by e-mail, at '\(mailto)'")
            }
            diagnostics.emit(
                diagnostic.with(
                    help: "set 'unsubscribe: url' in touchpoint.yaml ('touchpoint serve' answers it; see docs/feedback.md)"))
        }
    }

    package static func usesUnsubscribeLink(_ template: Template) -> Bool {
        template.fieldUses.contains { $0.place == .merged && TemplateBuiltin($0.reference) == .unsubscribeURL }
    }
}
