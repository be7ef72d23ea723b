import Dispatch
internal import Synchronization

/// The checks that use the contact data (SPEC §4.3, §7): a merge field that is empty for some of
/// the contacts a step reaches and has no `default`; a campaign, step or template branch that no
/// contact reaches. Conditions that read `today` change from day to day, so they count as
/// reachable here: CI results must not flip from one day to the next.
///
/// The campaign is first reduced to a plan: its conditions with their fields looked up in the
/// list's schema, its templates cut down to the merge tags that may come out empty and the
/// `{% if %}` blocks. A long list is then split into parts that are tallied side by side and
/// added up in the list's order, so the result is the same as one pass over the list.
public struct ReachAnalyzer: Sendable {
    /// How many contact keys an empty-field warning names.
    static let sampleSize = 3
    /// A list is split into parts of at least this many contacts, and into at most `maxParts`.
    static let minPartSize = 4_096
    static let maxParts = 8

    public init() {}

    public func analyze(_ campaign: CheckedCampaign, list: ContactList, diagnostics: inout DiagnosticBag) {
        guard !list.contacts.isEmpty else { return }
        let plan = ReachPlan(campaign, schema: list.schema)
        let tally = plan.tally(list.contacts)
        if tally.reach == 0, let node = campaign.campaign.condition {
            diagnostics.emit(
                Diagnostic(CampaignMessages.unreachableCampaign(campaign.id), at: node.span)
                    .with(note: "none of the \(list.contacts.count.formatted) contacts of '\(list.name)' satisfies it")
                    .with(help: "check the field names and values against 'contacts/\(list.name)'"))
            return
        }
        for (index, step) in campaign.steps.enumerated() {
            let stepTally = tally.steps[index]
            if stepTally.reach == 0 {
                if let node = step.step.condition {
                    diagnostics.emit(
                        Diagnostic(CampaignMessages.unreachableStep(step.id), at: node.span)
                            .with(help: "check the step's 'where' against the contacts the campaign reaches"))
                }
                continue
            }
            report(stepTally.subject, of: plan.steps[index].subject, map: ScalarTextMap(step.step.subject),
                   reach: stepTally.reach, diagnostics: &diagnostics)
            report(stepTally.body, of: plan.steps[index].body, map: step.bodyMap, reach: stepTally.reach,
                   diagnostics: &diagnostics)
        }
    }

    private func report(_ tally: TemplateTally, of template: TemplatePlan, map: ScalarTextMap?, reach: Int,
                        diagnostics: inout DiagnosticBag) {
        guard let map else { return }
        let empties = tally.empty.indices.compactMap { slot in tally.empty[slot].map { (field: template.fieldNames[slot], entry: $0) } }
        for (field, empty) in empties.sorted(by: { $0.entry.range.lowerBound < $1.entry.range.lowerBound }) {
            diagnostics.emit(
                Diagnostic(CampaignMessages.emptyMergeField(field, count: empty.count, total: reach, keys: empty.keys),
                           at: map.span(empty.range), label: "empty for \(empty.count.formatted) contacts")
                    .with(help: "give it a fallback: {{ \(field) | default: \"…\" }}, or guard it with {% if \(field) is not empty %}"))
        }
        var branches: Set<Range<Int>> = []
        for (block, tags) in template.conditionalTags.enumerated() where tally.visited[block] {
            branches.formUnion(tags.map { template.tagRanges[$0] })
        }
        let taken = Set(tally.taken.indices.filter { tally.taken[$0] }.map { template.tagRanges[$0] })
        for range in branches.subtracting(taken).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            diagnostics.emit(
                Diagnostic(CampaignMessages.untakenBranch(), at: map.span(range))
                    .with(note: "checked against the \(reach.formatted) contacts this step reaches")
                    .with(help: "check the condition, or remove the branch"))
        }
    }
}

/// A condition with the fields it names looked up in the list's schema once, so that evaluating
/// it for a contact reads the contact's values by index.
private struct BoundCondition: Sendable {
    let expression: Expression
    /// The condition reads `today`, so its outcome changes from day to day.
    let usesToday: Bool
    /// Where each field node of the expression starts, and the field's index in the schema
    /// (`nil` for a name that is not a field of the list, which is absent for every contact).
    private let fields: [(start: Int, index: Int?)]

    init(_ expression: Expression, schema: ContactSchema) {
        self.expression = expression
        self.usesToday = expression.usesToday
        self.fields = expression.fields.map { field in
            (field.range.lowerBound, field.reference.contactField.flatMap { schema.index(of: $0) })
        }
    }

    func holds(for contact: Contact, _ evaluator: ExpressionEvaluator) -> Bool {
        evaluator.evaluate(expression, resolvingAt: { _, range in
            for field in fields where field.start == range.lowerBound {
                return field.index.flatMap { contact[field: $0] }?.expressionValue
            }
            return nil
        })
    }

    /// Whether `condition` lets `contact` through: no condition, and one that reads `today`, do.
    static func admits(_ condition: BoundCondition?, _ contact: Contact, _ evaluator: ExpressionEvaluator) -> Bool {
        guard let condition, !condition.usesToday else { return true }
        return condition.holds(for: contact, evaluator)
    }
}

/// A template cut down to what the analysis follows for each contact, as the renderer would walk
/// it: the merge tags of fields that may be empty (no `default`, not built in, neither required
/// nor defaulted in the schema) and the `{% if %}` blocks. Tags and fields are numbered, so that
/// a tally is a few flags and counters rather than sets and tables.
private struct TemplatePlan: Sendable {
    enum Node: Sendable {
        case field(MergeField)
        case conditional(Conditional)
    }

    struct MergeField: Sendable {
        /// The field's number among the names this template merges.
        let slot: Int
        /// The field's index in the schema.
        let index: Int
        let range: Range<Int>
    }

    struct Conditional: Sendable {
        struct Branch: Sendable {
            let condition: BoundCondition?
            let body: [Node]
            let tag: Int
        }

        let number: Int
        let branches: [Branch]
        let elseBody: [Node]?
        let elseTag: Int?
        /// A branch's condition reads `today`: which branch is taken changes daily, so all are.
        let usesToday: Bool
    }

    private(set) var nodes: [Node] = []
    /// The merged fields' names, by slot.
    private(set) var fieldNames: [String] = []
    /// The range of every `{% if %}`, `{% elsif %}` and `{% else %}` tag, by number.
    private(set) var tagRanges: [Range<Int>] = []
    /// The numbers of each block's tags, by block number.
    private(set) var conditionalTags: [[Int]] = []

    init(_ template: Template, schema: ContactSchema) {
        nodes = reduce(template.nodes, schema: schema)
    }

    private mutating func reduce(_ nodes: [Template.Node], schema: ContactSchema) -> [Node] {
        var reduced: [Node] = []
        for node in nodes {
            switch node {
            case .text, .comment:
                continue
            case .mergeTag(let tag):
                guard !tag.hasDefault, let reference = tag.value.field, TemplateBuiltin(reference) == nil,
                      let name = reference.contactField, let index = schema.index(of: name) else { continue }
                let field = schema.fields[index]
                guard !field.required, field.defaultValue == nil else { continue }
                let slot = fieldNames.firstIndex(of: name) ?? fieldNames.count
                if slot == fieldNames.count { fieldNames.append(name) }
                reduced.append(.field(MergeField(slot: slot, index: index, range: tag.value.range)))
            case .conditional(let block):
                let number = conditionalTags.count
                conditionalTags.append([])
                var tags: [Int] = []
                var branches: [Conditional.Branch] = []
                for branch in block.branches {
                    tags.append(tagRanges.count)
                    tagRanges.append(branch.tagRange)
                    branches.append(Conditional.Branch(condition: branch.condition.map { BoundCondition($0, schema: schema) },
                                                       body: reduce(branch.body, schema: schema), tag: tags[tags.count - 1]))
                }
                var elseTag: Int?
                if let range = block.elseTagRange {
                    elseTag = tagRanges.count
                    tags.append(tagRanges.count)
                    tagRanges.append(range)
                }
                conditionalTags[number] = tags
                reduced.append(.conditional(Conditional(
                    number: number, branches: branches, elseBody: block.elseBody.map { reduce($0, schema: schema) },
                    elseTag: elseTag, usesToday: block.branches.contains { $0.condition?.usesToday ?? false })))
            }
        }
        return reduced
    }

    func emptyTally() -> TemplateTally {
        TemplateTally(visited: Array(repeating: false, count: conditionalTags.count),
                      taken: Array(repeating: false, count: tagRanges.count),
                      empty: Array(repeating: nil, count: fieldNames.count))
    }

    /// Walks the template for one contact, noting empty merge fields and the branches taken.
    func walk(_ nodes: [Node], for contact: Contact, _ evaluator: ExpressionEvaluator, into tally: inout TemplateTally) {
        for node in nodes {
            switch node {
            case .field(let field):
                guard contact[field: field.index]?.expressionValue.isEmpty ?? true else { continue }
                if tally.empty[field.slot] == nil { tally.empty[field.slot] = EmptyField(range: field.range) }
                tally.empty[field.slot]?.count += 1
                if let keys = tally.empty[field.slot]?.keys.count, keys < ReachAnalyzer.sampleSize {
                    tally.empty[field.slot]?.keys.append(contact.key)
                }
            case .conditional(let block):
                tally.visited[block.number] = true
                if block.usesToday {
                    for tag in conditionalTags[block.number] { tally.taken[tag] = true }
                    for branch in block.branches { walk(branch.body, for: contact, evaluator, into: &tally) }
                    if let elseBody = block.elseBody { walk(elseBody, for: contact, evaluator, into: &tally) }
                    continue
                }
                if let branch = block.branches.first(where: { $0.condition?.holds(for: contact, evaluator) ?? true }) {
                    tally.taken[branch.tag] = true
                    walk(branch.body, for: contact, evaluator, into: &tally)
                } else if let elseBody = block.elseBody {
                    if let elseTag = block.elseTag { tally.taken[elseTag] = true }
                    walk(elseBody, for: contact, evaluator, into: &tally)
                }
            }
        }
    }
}

/// A campaign reduced for the analysis of one list.
private struct ReachPlan: Sendable {
    struct Step: Sendable {
        let condition: BoundCondition?
        let subject: TemplatePlan
        let body: TemplatePlan
    }

    let condition: BoundCondition?
    let steps: [Step]

    init(_ campaign: CheckedCampaign, schema: ContactSchema) {
        condition = campaign.condition.map { BoundCondition($0, schema: schema) }
        steps = campaign.steps.map { step in
            Step(condition: step.condition.map { BoundCondition($0, schema: schema) },
                 subject: TemplatePlan(step.subject, schema: schema), body: TemplatePlan(step.body, schema: schema))
        }
    }

    /// The tally of every contact: in parts side by side when the list is long.
    func tally(_ contacts: [Contact]) -> CampaignTally {
        let parts = min(ReachAnalyzer.maxParts, contacts.count / ReachAnalyzer.minPartSize)
        guard parts > 1 else { return tally(contacts[...]) }
        let partials = Mutex<[CampaignTally?]>(Array(repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let lower = contacts.count * part / parts
            let upper = contacts.count * (part + 1) / parts
            let partial = tally(contacts[lower..<upper])
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

    private func tally(_ contacts: ArraySlice<Contact>) -> CampaignTally {
        let evaluator = ExpressionEvaluator(today: .epoch)
        var tally = emptyTally()
        for contact in contacts {
            guard BoundCondition.admits(condition, contact, evaluator) else { continue }
            tally.reach += 1
            for (index, step) in steps.enumerated() where BoundCondition.admits(step.condition, contact, evaluator) {
                tally.steps[index].reach += 1
                step.subject.walk(step.subject.nodes, for: contact, evaluator, into: &tally.steps[index].subject)
                step.body.walk(step.body.nodes, for: contact, evaluator, into: &tally.steps[index].body)
            }
        }
        return tally
    }

    private func emptyTally() -> CampaignTally {
        CampaignTally(steps: steps.map { StepTally(subject: $0.subject.emptyTally(), body: $0.body.emptyTally()) })
    }
}

/// The contacts a campaign and its steps reach, counted.
private struct CampaignTally: Sendable {
    var reach = 0
    var steps: [StepTally]

    /// Adds the tally of the contacts that follow the ones counted so far.
    mutating func add(_ later: CampaignTally) {
        reach += later.reach
        for index in steps.indices { steps[index].add(later.steps[index]) }
    }
}

private struct StepTally: Sendable {
    var reach = 0
    var subject: TemplateTally
    var body: TemplateTally

    mutating func add(_ later: StepTally) {
        reach += later.reach
        subject.add(later.subject)
        body.add(later.body)
    }
}

/// A merge field that some contacts lack: where it was first found empty, and for whom.
private struct EmptyField: Sendable {
    let range: Range<Int>
    var count = 0
    var keys: [String] = []
}

/// What the contacts that a step reaches make of one template, by the numbers of its plan.
private struct TemplateTally: Sendable {
    /// By block: some contact reached the `{% if %}` block.
    var visited: [Bool]
    /// By tag: some contact took the branch the tag opens.
    var taken: [Bool]
    /// By merged field: who lacks it.
    var empty: [EmptyField?]

    mutating func add(_ later: TemplateTally) {
        for index in visited.indices where later.visited[index] { visited[index] = true }
        for index in taken.indices where later.taken[index] { taken[index] = true }
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
