import Dispatch
import TouchpointCore

/// The checks that use the contact data (SPEC §4.3, §7): a merge field that is empty for some of
/// the contacts a step reaches and has no `default`; a campaign, step or template branch that no
/// contact reaches. Conditions that read `today` change from day to day, so they count as
/// reachable here: CI results must not flip from one day to the next.
///
/// The campaigns of a list are first reduced to one plan: their conditions with their fields
/// looked up in the schema, their templates cut down to the merge tags that may come out empty
/// and the `{% if %}` blocks, all in flat arrays. The list is then read once for all of them, in
/// parts side by side when it is long, and the parts are added up in the list's order, so the
/// outcome is that of one pass over the list.
public struct ReachAnalyzer: Sendable {
    /// How many contact keys an empty-field warning names.
    package static let sampleSize = 3
    /// A list is tallied in parts of at least this many contacts, and in at most `maxParts`.
    package static let minPartSize = 4_096
    package static let maxParts = 8

    public init() {}

    public func analyze(_ campaign: CheckedCampaign, list: ContactList, diagnostics: inout DiagnosticBag) {
        guard !list.contacts.isEmpty else { return }
        let plan = ReachPlan([campaign], schema: list.schema)
        report(campaign, number: 0, of: plan, plan.tally(list.contacts), list: list, diagnostics: &diagnostics)
    }

    /// Analyzes every campaign against its audience, `lists[campaign.listIndex]`, reading each list
    /// once for all of its campaigns. The diagnostics are those of analyzing the campaigns one by
    /// one, in their order.
    public func analyze(_ campaigns: [CheckedCampaign], lists: [ContactList], diagnostics: inout DiagnosticBag) {
        var outcomes: [(plan: ReachPlan, tally: ReachTally)?] = Array(repeating: nil, count: lists.count)
        for (index, list) in lists.enumerated() where !list.contacts.isEmpty {
            let audience = campaigns.filter { $0.listIndex == index }
            guard !audience.isEmpty else { continue }
            let plan = ReachPlan(audience, schema: list.schema)
            outcomes[index] = (plan, plan.tally(list.contacts))
        }
        var numbers = Array(repeating: 0, count: lists.count)
        for campaign in campaigns {
            let index = campaign.listIndex
            guard let outcome = outcomes[index] else { continue }
            report(
                campaign, number: numbers[index], of: outcome.plan, outcome.tally, list: lists[index],
                diagnostics: &diagnostics)
            numbers[index] += 1
        }
    }

    /// The diagnostics of the campaign with `number` in `plan`.
    private func report(
        _ campaign: CheckedCampaign, number: Int, of plan: ReachPlan, _ tally: ReachTally,
        list: ContactList, diagnostics: inout DiagnosticBag
    ) {
        if tally.campaignReach[number] == 0, let node = campaign.campaign.condition {
            diagnostics.emit(
                Diagnostic(CampaignMessages.unreachableCampaign(campaign.id), at: node.span)
                    .with(note: "none of the \(list.contacts.count.grouped) contacts of '\(list.name)' satisfies it")
                    .with(help: "check the field names and values against 'contacts/\(list.name)'"))
            return
        }
        for (offset, step) in campaign.steps.enumerated() {
            let index = plan.campaigns[number].steps.lowerBound + offset
            let reach = tally.stepReach[index]
            if reach == 0 {
                if let node = step.step.condition {
                    diagnostics.emit(
                        Diagnostic(CampaignMessages.unreachableStep(step.id), at: node.span)
                            .with(help: "check the step's 'where' against the contacts the campaign reaches"))
                }
                continue
            }
            let (subject, body, preheader) = plan.templates[index]
            report(subject, of: plan, tally, map: ScalarTextMap(step.step.subject), reach: reach, diagnostics: &diagnostics)
            if let preheader, let node = step.step.preheader {
                report(preheader, of: plan, tally, map: ScalarTextMap(node), reach: reach, diagnostics: &diagnostics)
            }
            report(body, of: plan, tally, map: step.bodyMap, reach: reach, diagnostics: &diagnostics)
        }
    }

    private func report(
        _ template: ReachPlan.TemplatePart, of plan: ReachPlan, _ tally: ReachTally, map: ScalarTextMap?,
        reach: Int, diagnostics: inout DiagnosticBag
    ) {
        guard let map else { return }
        let empties = template.fields.compactMap { slot in tally.empty[slot].map { (field: plan.fieldNames[slot], entry: $0) } }
        for (field, empty) in empties.sorted(by: { $0.entry.range.lowerBound < $1.entry.range.lowerBound }) {
            diagnostics.emit(
                Diagnostic(
                    CampaignMessages.emptyMergeField(field, count: empty.count, total: reach, keys: empty.keys),
                    at: map.span(empty.range), label: "empty for \(empty.count.grouped) \(empty.count == 1 ? "contact" : "contacts")"
                )
                .with(help: "give it a fallback: {{ \(field) | default: \"…\" }}, or guard it with {% if \(field) is not empty %}"))
        }
        var branches: Set<Range<Int>> = []
        for block in template.blocks where tally.visited[block] {
            branches.formUnion(plan.blocks[block].tags.map { plan.tagRanges[$0] })
        }
        let taken = Set(template.tags.filter { tally.taken[$0] }.map { plan.tagRanges[$0] })
        for range in branches.subtracting(taken).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            diagnostics.emit(
                Diagnostic(CampaignMessages.untakenBranch(), at: map.span(range))
                    .with(
                        note: reach == 1
                            ? "checked against the 1 contact this step reaches"
                            : "checked against the \(reach.grouped) contacts this step reaches"
                    )
                    .with(help: "check the condition, or remove the branch"))
        }
    }
}

/// The campaigns of one list reduced for the analysis. Templates keep, of their nodes, the merge tags
/// of fields that may be empty (no `default`, not built in, neither required nor defaulted in the
/// schema) and the `{% if %}` blocks. Blocks, their tags and the merged fields are numbered
/// across the plan, so that a tally is flags and counters by number.
private struct ReachPlan: Sendable {
    enum Node: Sendable {
        /// A merge tag: the field's number, its index in the schema, the tag's value's range.
        case field(slot: Int, index: Int, range: Range<Int>)
        case block(Int)
    }

    struct Block: Sendable {
        let branches: Range<Int>
        let elseBody: Range<Int>?
        let elseTag: Int?
        /// The numbers of its `{% if %}`, `{% elsif %}` and `{% else %}` tags.
        let tags: Range<Int>
        /// A branch's condition reads `today`: which branch is taken changes daily, so all are.
        let usesToday: Bool
    }

    struct Branch: Sendable {
        /// The condition's node in `program`; `nil` for a branch without one, which is taken.
        let condition: Int?
        let body: Range<Int>
        let tag: Int
    }

    /// One template's share of the plan's nodes and numbers.
    struct TemplatePart: Sendable {
        let nodes: Range<Int>
        let blocks: Range<Int>
        let tags: Range<Int>
        let fields: Range<Int>
    }

    /// One campaign's share: its condition, and the numbers of its steps.
    struct CampaignPart: Sendable {
        let condition: Int?
        let steps: Range<Int>
    }

    /// Every condition, as a node of `program`. Those of campaigns and steps are `nil` where
    /// there is none and where it reads `today`: every contact passes them.
    private(set) var program = ExpressionEvaluator.Program()
    private(set) var campaigns: [CampaignPart] = []
    /// Each step's condition, by number.
    private(set) var stepConditions: [Int?] = []
    /// Each step's subject, body and preheader (when it has one).
    private(set) var templates: [(subject: TemplatePart, body: TemplatePart, preheader: TemplatePart?)] = []
    private(set) var nodes: [Node] = []
    private(set) var blocks: [Block] = []
    private(set) var branches: [Branch] = []
    /// The range of every tag, by number.
    private(set) var tagRanges: [Range<Int>] = []
    /// The name of every merged field, by number.
    private(set) var fieldNames: [String] = []

    init(_ campaigns: [CheckedCampaign], schema: ContactSchema) {
        for campaign in campaigns {
            let condition = addCondition(campaign.condition, schema: schema)
            let firstStep = stepConditions.count
            for step in campaign.steps {
                stepConditions.append(addCondition(step.condition, schema: schema))
                templates.append(
                    (
                        add(step.subject, schema: schema), add(step.body, schema: schema),
                        step.preheader.map { add($0, schema: schema) }
                    ))
            }
            self.campaigns.append(CampaignPart(condition: condition, steps: firstStep..<stepConditions.count))
        }
    }

    /// The node of a campaign's or a step's condition; `nil` for one every contact passes.
    private mutating func addCondition(_ condition: Expression?, schema: ContactSchema) -> Int? {
        guard let condition, !condition.usesToday else { return nil }
        return add(condition, schema: schema)
    }

    private mutating func add(_ condition: Expression, schema: ContactSchema) -> Int {
        program.add(
            condition, field: { reference in reference.contactField.flatMap { schema.index(of: $0) } }, foldsCase: schema.foldsCase)
    }

    private mutating func add(_ template: Template, schema: ContactSchema) -> TemplatePart {
        let firstBlock = blocks.count
        let firstTag = tagRanges.count
        let firstField = fieldNames.count
        let top = reduce(template.nodes, schema: schema, firstField: firstField)
        return TemplatePart(
            nodes: top, blocks: firstBlock..<blocks.count, tags: firstTag..<tagRanges.count,
            fields: firstField..<fieldNames.count)
    }

    /// Reduces `templateNodes`, adds them to `nodes` in one run and returns where it stands.
    private mutating func reduce(
        _ templateNodes: [Template.Node], schema: ContactSchema,
        firstField: Int
    ) -> Range<Int> {
        var reduced: [Node] = []
        for node in templateNodes {
            switch node {
            case .text, .comment:
                continue
            case .mergeTag(let tag):
                guard !tag.hasDefault, let reference = tag.value.field, TemplateBuiltin(reference) == nil,
                    let name = reference.contactField, let index = schema.index(of: name),
                    !schema.fields[index].required, schema.fields[index].defaultValue == nil
                else { continue }
                let slot = fieldNames[firstField...].firstIndex(of: name) ?? fieldNames.count
                if slot == fieldNames.count { fieldNames.append(name) }
                reduced.append(.field(slot: slot, index: index, range: tag.value.range))
            case .conditional(let conditional):
                let number = blocks.count
                blocks.append(Block(branches: 0..<0, elseBody: nil, elseTag: nil, tags: 0..<0, usesToday: false))
                let firstTag = tagRanges.count
                tagRanges.append(contentsOf: conditional.branches.map(\.tagRange))
                let elseTag = conditional.elseTagRange.map { range in
                    tagRanges.append(range)
                    return tagRanges.count - 1
                }
                var reducedBranches: [Branch] = []
                for (offset, branch) in conditional.branches.enumerated() {
                    reducedBranches.append(
                        Branch(
                            condition: branch.condition.map { add($0, schema: schema) },
                            body: reduce(branch.body, schema: schema, firstField: firstField),
                            tag: firstTag + offset))
                }
                branches.append(contentsOf: reducedBranches)
                blocks[number] = Block(
                    branches: (branches.count - reducedBranches.count)..<branches.count,
                    elseBody: conditional.elseBody.map { reduce($0, schema: schema, firstField: firstField) },
                    elseTag: elseTag, tags: firstTag..<(firstTag + conditional.branches.count + (elseTag == nil ? 0 : 1)),
                    usesToday: conditional.branches.contains { $0.condition?.usesToday ?? false })
                reduced.append(.block(number))
            }
        }
        nodes.append(contentsOf: reduced)
        return (nodes.count - reduced.count)..<nodes.count
    }

    /// The tally of every contact: in parts side by side when the list is long.
    func tally(_ contacts: [Contact]) -> ReachTally {
        let parts = min(ReachAnalyzer.maxParts, contacts.count / ReachAnalyzer.minPartSize)
        guard parts > 1 else { return tally(contacts[...]) }
        let partials = Locked<[ReachTally?]>(Array(repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let partial = tally(contacts[(contacts.count * part / parts)..<(contacts.count * (part + 1) / parts)])
            partials.withLock { $0[part] = partial }
        }
        return partials.withLock { partials in
            var total = emptyTally()
            for partial in partials {
                if let partial { total.add(partial) }
            }
            return total
        }
    }

    private func tally(_ contacts: ArraySlice<Contact>) -> ReachTally {
        var tally = emptyTally()
        program.withContents { program in
            let decider = Decider(evaluator: ExpressionEvaluator(today: .epoch), program: program)
            for contact in contacts {
                contact.values.withUnsafeBufferPointer { values in
                    let fields = Fields(values: values)
                    for (number, campaign) in campaigns.enumerated() where decider.passes(campaign.condition, fields) {
                        tally.campaignReach[number] += 1
                        for step in campaign.steps where decider.passes(stepConditions[step], fields) {
                            tally.stepReach[step] += 1
                            walk(templates[step].subject.nodes, fields, contact.key, decider, into: &tally)
                            walk(templates[step].body.nodes, fields, contact.key, decider, into: &tally)
                            if let preheader = templates[step].preheader {
                                walk(preheader.nodes, fields, contact.key, decider, into: &tally)
                            }
                        }
                    }
                }
            }
        }
        return tally
    }

    /// One contact's values, read in place.
    private struct Fields {
        let values: UnsafeBufferPointer<FieldValue?>

        /// The value of the field at `index` as expressions see it, `nil` when absent.
        func value(_ index: Int) -> Value? {
            values.indices.contains(index) ? values[index]?.expressionValue : nil
        }
    }

    /// Decides the plan's conditions for contacts.
    private struct Decider {
        let evaluator: ExpressionEvaluator
        let program: ExpressionEvaluator.Program.Contents

        /// Whether a contact passes the condition at `node`; with none, it does.
        func passes(_ node: Int?, _ fields: Fields) -> Bool {
            guard let node else { return true }
            return evaluator.decide(node, in: program, field: fields.value)
        }
    }

    /// Walks template nodes for one contact as the renderer would, noting empty merge fields and
    /// the branches taken.
    private func walk(
        _ range: Range<Int>, _ fields: Fields, _ key: String, _ decider: Decider,
        into tally: inout ReachTally
    ) {
        for position in range {
            switch nodes[position] {
            case .field(let slot, let index, let fieldRange):
                guard fields.value(index)?.isEmpty ?? true else { continue }
                if tally.empty[slot] == nil { tally.empty[slot] = EmptyField(range: fieldRange) }
                guard tally.empty[slot]?.lastKey != key else { continue }
                tally.empty[slot]?.lastKey = key
                tally.empty[slot]?.count += 1
                if let keys = tally.empty[slot]?.keys.count, keys < ReachAnalyzer.sampleSize {
                    tally.empty[slot]?.keys.append(key)
                }
            case .block(let number):
                let block = blocks[number]
                tally.visited[number] = true
                if block.usesToday {
                    for tag in block.tags { tally.taken[tag] = true }
                    for branch in block.branches { walk(branches[branch].body, fields, key, decider, into: &tally) }
                    if let elseBody = block.elseBody { walk(elseBody, fields, key, decider, into: &tally) }
                    continue
                }
                if let taken = block.branches.first(where: { decider.passes(branches[$0].condition, fields) }) {
                    tally.taken[branches[taken].tag] = true
                    walk(branches[taken].body, fields, key, decider, into: &tally)
                } else if let elseBody = block.elseBody {
                    if let elseTag = block.elseTag { tally.taken[elseTag] = true }
                    walk(elseBody, fields, key, decider, into: &tally)
                }
            }
        }
    }

    private func emptyTally() -> ReachTally {
        ReachTally(
            campaignReach: Array(repeating: 0, count: campaigns.count),
            stepReach: Array(repeating: 0, count: stepConditions.count),
            visited: Array(repeating: false, count: blocks.count),
            taken: Array(repeating: false, count: tagRanges.count),
            empty: Array(repeating: nil, count: fieldNames.count))
    }
}

/// A merge field that some contacts lack: where it was first found empty, and for whom.
private struct EmptyField: Sendable {
    let range: Range<Int>
    var count = 0
    var keys: [String] = []
    /// The contact counted last: a field merged three times is one contact lacking it, not three.
    var lastKey: String?
}

/// What the contacts make of a plan, by the plan's numbers.
private struct ReachTally: Sendable {
    /// Contacts each campaign reaches, and each step.
    var campaignReach: [Int]
    var stepReach: [Int]
    /// By block: some contact reached it.
    var visited: [Bool]
    /// By tag: some contact took the branch the tag opens.
    var taken: [Bool]
    /// By merged field: who lacks it.
    var empty: [EmptyField?]

    /// Adds the tally of the contacts that follow those counted so far.
    mutating func add(_ later: ReachTally) {
        for campaign in campaignReach.indices { campaignReach[campaign] += later.campaignReach[campaign] }
        for step in stepReach.indices { stepReach[step] += later.stepReach[step] }
        for block in visited.indices where later.visited[block] { visited[block] = true }
        for tag in taken.indices where later.taken[tag] { taken[tag] = true }
        for slot in empty.indices {
            guard let laterEntry = later.empty[slot] else { continue }
            guard var entry = empty[slot] else {
                empty[slot] = laterEntry
                continue
            }
            entry.count += laterEntry.count
            entry.keys.append(contentsOf: laterEntry.keys.prefix(ReachAnalyzer.sampleSize - entry.keys.count))
            empty[slot] = entry
        }
    }
}
