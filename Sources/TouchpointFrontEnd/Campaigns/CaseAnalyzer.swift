import TouchpointCore

/// Finds the comparisons that case decides (`"runner" in tags` where the data has `Runner`):
/// text in a condition that some contacts' values match only in another case, so the condition
/// silently leaves them out. Reported once a comparison, at the text, with how many contacts it
/// misses; a field marked `case: insensitive` compares in any case and is never reported. The
/// check reads every contact of the audience list and not the date, so it does not change from
/// one day to the next.
///
/// A field's values are counted once, by distinct value (a list of tags has few), and each text
/// compared with the field is weighed against those: a pass over the contacts for each field,
/// not for each comparison.
public struct CaseAnalyzer: Sendable {
    public init() {}

    /// How many contacts of a list have each value of one of its fields, distinct values in the
    /// order first met.
    private typealias ValueCounts = [(value: Value, contacts: Int)]

    public func analyze(_ campaigns: [CheckedCampaign], lists: [ContactList], diagnostics: inout DiagnosticBag) {
        // By list, then field.
        var counts: [Int: [Int: ValueCounts]] = [:]
        for campaign in campaigns {
            let list = lists[campaign.listIndex]
            guard !list.contacts.isEmpty else { continue }
            var conditions: [(Expression, ScalarTextMap)] = []
            if let condition = campaign.condition, let node = campaign.campaign.condition, let map = ScalarTextMap(node) {
                conditions.append((condition, map))
            }
            for step in campaign.steps {
                if let condition = step.condition, let node = step.step.condition, let map = ScalarTextMap(node) {
                    conditions.append((condition, map))
                }
                if let map = ScalarTextMap(step.step.subject) {
                    for condition in Self.conditions(of: step.subject.nodes) { conditions.append((condition, map)) }
                }
                for condition in Self.conditions(of: step.body.nodes) { conditions.append((condition, step.bodyMap)) }
            }
            var listCounts = counts[campaign.listIndex] ?? [:]
            for (condition, map) in conditions {
                check(condition, list: list, map: map, counts: &listCounts, diagnostics: &diagnostics)
            }
            counts[campaign.listIndex] = listCounts
        }
    }

    /// The conditions of a template's `{% if %}` and `{% elsif %}` tags, in order.
    private static func conditions(of nodes: [Template.Node]) -> [Expression] {
        var found: [Expression] = []
        for node in nodes {
            guard case .conditional(let block) = node else { continue }
            for branch in block.branches {
                if let condition = branch.condition { found.append(condition) }
                found += conditions(of: branch.body)
            }
            if let elseBody = block.elseBody { found += conditions(of: elseBody) }
        }
        return found
    }

    /// How a text is looked for in a field's values.
    private enum Test {
        /// The value is the text (`==`, `!=`, `status in ["a", "b"]`).
        case equals
        /// A list value has the text as an item (`"a" in tags`, `tags contains "a"`).
        case item
        /// A text value holds the text (`email contains "@mail"`).
        case part
    }

    private func check(
        _ expression: Expression, list: ContactList, map: ScalarTextMap, counts: inout [Int: ValueCounts],
        diagnostics: inout DiagnosticBag
    ) {
        switch expression.kind {
        case .not(let operand), .isEmpty(let operand, _):
            check(operand, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
        case .and(let items), .or(let items):
            for item in items { check(item, list: list, map: map, counts: &counts, diagnostics: &diagnostics) }
        case .comparison(let op, let left, let right) where !op.isOrdering:
            if let field = left.field, case .string = right.kind {
                report(right, field: field, test: .equals, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
            } else if let field = right.field, case .string = left.kind {
                report(left, field: field, test: .equals, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
            }
        case .membership(let item, let container):
            if let field = container.field, case .string = item.kind {
                report(item, field: field, test: .item, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
            } else if let field = item.field, case .list(let texts) = container.kind {
                for text in texts {
                    guard case .string = text.kind else { continue }
                    report(text, field: field, test: .equals, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
                }
            }
        case .contains(let haystack, let needle):
            guard let field = haystack.field, case .string = needle.kind else { return }
            let isList = list.schema.index(of: field.contactField ?? "").map { list.schema.fields[$0].type == .list } ?? false
            report(needle, field: field, test: isList ? .item : .part, list: list, map: map, counts: &counts, diagnostics: &diagnostics)
        default:
            return
        }
    }

    /// Counts the contacts whose value of `reference` has `literal` as `test` asks exactly, and
    /// those that have it only in another case; reports the second when there are any.
    private func report(
        _ literal: Expression, field reference: FieldReference, test: Test, list: ContactList, map: ScalarTextMap,
        counts: inout [Int: ValueCounts], diagnostics: inout DiagnosticBag
    ) {
        guard case .string(let text) = literal.kind, !text.isEmpty, let name = reference.contactField,
            let index = list.schema.index(of: name)
        else { return }
        let field = list.schema.fields[index]
        guard !field.caseInsensitive, [.string, .email, .list].contains(field.type) else { return }
        let folded = text.lowercased()
        if counts[index] == nil { counts[index] = Self.count(field: index, of: list.contacts) }
        var exact = 0
        var otherCase = 0
        for (value, contacts) in counts[index] ?? [] {
            switch (value, test) {
            case (.string(let value), .equals), (.string(let value), .item):
                if value == text { exact += contacts } else if value.lowercased() == folded { otherCase += contacts }
            case (.string(let value), .part):
                if value.contains(text) { exact += contacts } else if value.lowercased().contains(folded) { otherCase += contacts }
            case (.list(let items), _):
                if items.contains(text) {
                    exact += contacts
                } else if items.contains(where: { $0.lowercased() == folded }) {
                    otherCase += contacts
                }
            default:
                continue
            }
        }
        guard otherCase > 0 else { return }
        diagnostics.emit(
            Diagnostic(
                CampaignMessages.caseMismatch(
                    Expression.quoted(text), field: name, exact: exact, otherCase: otherCase),
                at: map.span(literal.range),
                label: "the data writes it in another case"
            )
            .with(note: "text compares exactly, case included")
            .with(
                help: "add 'case: insensitive' to field '\(name)' in '\(list.schema.path)', or write it as the data does"))
    }

    /// How many contacts have each value of the field at `index`; absent values are left out.
    private static func count(field index: Int, of contacts: [Contact]) -> ValueCounts {
        var place: [Value: Int] = [:]
        var counts: ValueCounts = []
        for contact in contacts {
            guard let value = contact[field: index]?.expressionValue else { continue }
            if let known = place[value] {
                counts[known].contacts += 1
            } else {
                place[value] = counts.count
                counts.append((value, 1))
            }
        }
        return counts
    }
}
