import TouchpointCore
import TouchpointFrontEnd
import TouchpointOutbox
import TouchpointSchedule

/// The sample contacts of a step: its first recipient, then recipients who take a branch of its
/// subject's and body's `{% if %}`s that no sample so far takes, until every branch some
/// recipient takes is shown or there are `count` samples.
enum Samples {
    /// How many recipients are looked at for new branches, at most: enough for any practice's
    /// variety, bounded for a large one.
    static let scanLimit = 2_000

    static func pick(
        _ messages: [Int], step: CheckedStep, planned: BuildPlanner.Planned, scheduler: Scheduler, today: LocalDate, count: Int
    ) -> [Int] {
        guard let first = messages.first, count > 0 else { return [] }
        let evaluator = ExpressionEvaluator(today: today)
        var picked = [first]
        var shown = branches(of: first, step: step, planned: planned, scheduler: scheduler, evaluator: evaluator)
        var seenContacts: Set<Int> = [planned.messages[first].contact]
        for index in messages.dropFirst().prefix(scanLimit) where picked.count < count {
            let contact = planned.messages[index].contact
            guard !seenContacts.contains(contact) else { continue }
            let taken = branches(of: index, step: step, planned: planned, scheduler: scheduler, evaluator: evaluator)
            if !taken.isSubset(of: shown) {
                picked.append(index)
                seenContacts.insert(contact)
                shown.formUnion(taken)
            }
        }
        return picked
    }

    /// The branches a message's contact takes: the position of each `{% if %}` met, with the
    /// number of the branch taken (the `else` after the last `elsif`; -1 for none).
    static func branches(
        of index: Int, step: CheckedStep, planned: BuildPlanner.Planned, scheduler: Scheduler, evaluator: ExpressionEvaluator
    ) -> Set<String> {
        let message = planned.messages[index]
        let list = scheduler.lists[message.list]
        let resolve = list.resolver(for: list.contacts[message.contact])
        var taken: Set<String> = []
        func walk(_ nodes: [Template.Node], part: String) {
            for node in nodes {
                guard case .conditional(let block) = node else { continue }
                var choice = -1
                for (number, branch) in block.branches.enumerated() {
                    if let condition = branch.condition, evaluator.evaluate(condition, contact: resolve) {
                        choice = number
                        walk(branch.body, part: part)
                        break
                    }
                }
                if choice < 0, let body = block.elseBody {
                    choice = block.branches.count
                    walk(body, part: part)
                }
                taken.insert("\(part)\(block.range.lowerBound):\(choice)")
            }
        }
        walk(step.subject.nodes, part: "s")
        walk(step.body.nodes, part: "b")
        return taken
    }
}
