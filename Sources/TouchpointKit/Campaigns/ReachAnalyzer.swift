/// The checks that use the contact data (SPEC §4.3, §7): a merge field that is empty for some of
/// the contacts a step reaches and has no `default`; a campaign, step or template branch that no
/// contact reaches. Conditions that read `today` change from day to day, so they count as
/// reachable here: CI results must not flip from one day to the next.
public struct ReachAnalyzer: Sendable {
    /// How many contact keys an empty-field warning names.
    static let sampleSize = 3

    public init() {}

    public func analyze(_ campaign: CheckedCampaign, list: ContactList, diagnostics: inout DiagnosticBag) {
        guard !list.contacts.isEmpty else { return }
        let evaluator = ExpressionEvaluator(today: .epoch)
        func holds(_ condition: Expression?, _ resolve: (String) -> Value?) -> Bool {
            guard let condition, !condition.usesToday else { return true }
            return evaluator.evaluate(condition, contact: resolve)
        }
        var stats = campaign.steps.map { _ in StepStats() }
        var campaignReach = 0
        for contact in list.contacts {
            let resolve = list.resolver(for: contact)
            guard holds(campaign.condition, resolve) else { continue }
            campaignReach += 1
            for (index, step) in campaign.steps.enumerated() where holds(step.condition, resolve) {
                stats[index].reach += 1
                let schema = list.schema
                let walker = TemplateWalker(evaluator: evaluator, resolve: resolve, contactKey: contact.key) { name in
                    schema[name].map { $0.required || $0.defaultValue != nil } ?? true
                }
                walker.walk(step.subject.nodes, into: &stats[index].subject)
                walker.walk(step.body.nodes, into: &stats[index].body)
            }
        }
        if campaignReach == 0, let node = campaign.campaign.condition {
            diagnostics.emit(
                Diagnostic(CampaignMessages.unreachableCampaign(campaign.id), at: node.span)
                    .with(note: "none of the \(list.contacts.count.formatted) contacts of '\(list.name)' satisfies it")
                    .with(help: "check the field names and values against 'contacts/\(list.name)'"))
            return
        }
        for (index, step) in campaign.steps.enumerated() {
            let stepStats = stats[index]
            if stepStats.reach == 0 {
                if let node = step.step.condition {
                    diagnostics.emit(
                        Diagnostic(CampaignMessages.unreachableStep(step.id), at: node.span)
                            .with(help: "check the step's 'where' against the contacts the campaign reaches"))
                }
                continue
            }
            report(stepStats.subject, map: ScalarTextMap(step.step.subject), reach: stepStats.reach, diagnostics: &diagnostics)
            report(stepStats.body, map: step.bodyMap, reach: stepStats.reach, diagnostics: &diagnostics)
        }
    }

    private func report(_ stats: TemplateStats, map: ScalarTextMap?, reach: Int, diagnostics: inout DiagnosticBag) {
        guard let map else { return }
        for (_, empty) in stats.empty.sorted(by: { $0.value.range.lowerBound < $1.value.range.lowerBound }) {
            diagnostics.emit(
                Diagnostic(CampaignMessages.emptyMergeField(empty.field, count: empty.count, total: reach, keys: empty.keys),
                           at: map.span(empty.range), label: "empty for \(empty.count.formatted) contacts")
                    .with(help: "give it a fallback: {{ \(empty.field) | default: \"…\" }}, or guard it with {% if \(empty.field) is not empty %}"))
        }
        for range in stats.branches.subtracting(stats.taken).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            diagnostics.emit(
                Diagnostic(CampaignMessages.untakenBranch(), at: map.span(range))
                    .with(note: "checked against the \(reach.formatted) contacts this step reaches")
                    .with(help: "check the condition, or remove the branch"))
        }
    }
}

private struct StepStats {
    var reach = 0
    var subject = TemplateStats()
    var body = TemplateStats()
}

private struct TemplateStats {
    struct Empty {
        let field: String
        let range: Range<Int>
        var count = 0
        var keys: [String] = []
    }

    /// By field name: the first use of the field, and who lacks it.
    var empty: [String: Empty] = [:]
    /// The tag ranges of every branch seen, and of those some contact took.
    var branches: Set<Range<Int>> = []
    var taken: Set<Range<Int>> = []
}

/// Walks a template for one contact as the renderer would, noting empty merge fields and the
/// branches taken.
private struct TemplateWalker {
    let evaluator: ExpressionEvaluator
    let resolve: (String) -> Value?
    let contactKey: String
    /// Whether a field always has a value (required, or with a default).
    let alwaysPresent: (String) -> Bool

    func walk(_ nodes: [Template.Node], into stats: inout TemplateStats) {
        for node in nodes {
            switch node {
            case .text, .comment:
                continue
            case .mergeTag(let tag):
                guard !tag.hasDefault, let reference = tag.value.field, TemplateBuiltin(reference) == nil,
                      let name = reference.contactField, !alwaysPresent(name) else { continue }
                if resolve(name)?.isEmpty ?? true {
                    var entry = stats.empty[name] ?? TemplateStats.Empty(field: name, range: tag.value.range)
                    entry.count += 1
                    if entry.keys.count < ReachAnalyzer.sampleSize { entry.keys.append(contactKey) }
                    stats.empty[name] = entry
                }
            case .conditional(let block):
                var tags = block.branches.map(\.tagRange)
                if let elseRange = block.elseTagRange { tags.append(elseRange) }
                stats.branches.formUnion(tags)
                if block.branches.contains(where: { $0.condition?.usesToday ?? false }) {
                    // Which branch a date-dependent condition picks changes daily: all are possible.
                    stats.taken.formUnion(tags)
                    for branch in block.branches { walk(branch.body, into: &stats) }
                    if let elseBody = block.elseBody { walk(elseBody, into: &stats) }
                    continue
                }
                if let branch = block.branches.first(where: { branch in
                    branch.condition.map { evaluator.evaluate($0, contact: resolve) } ?? true
                }) {
                    stats.taken.insert(branch.tagRange)
                    walk(branch.body, into: &stats)
                } else if let elseBody = block.elseBody {
                    if let elseRange = block.elseTagRange { stats.taken.insert(elseRange) }
                    walk(elseBody, into: &stats)
                }
            }
        }
    }
}
