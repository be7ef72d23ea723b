import TouchpointCore

/// Finds the comparisons that case decides (`"runner" in tags` where the data has `Runner`):
/// text in a condition that some contacts' values match only in another case, so the condition
/// silently leaves them out. Reported once a comparison, at the text, with how many contacts it
/// misses; a field marked `case: insensitive` compares in any case and is never reported. The
/// check reads every contact of the audience list and not the date, so it does not change from
/// one day to the next.
public struct CaseAnalyzer: Sendable {
    public init() {}

    public func analyze(_ campaigns: [CheckedCampaign], lists: [ContactList], diagnostics: inout DiagnosticBag) {
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
            for (condition, map) in conditions {
                check(condition, list: list, map: map, diagnostics: &diagnostics)
            }
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

    private func check(_ expression: Expression, list: ContactList, map: ScalarTextMap, diagnostics: inout DiagnosticBag) {
        switch expression.kind {
        case .not(let operand), .isEmpty(let operand, _):
            check(operand, list: list, map: map, diagnostics: &diagnostics)
        case .and(let items), .or(let items):
            for item in items { check(item, list: list, map: map, diagnostics: &diagnostics) }
        case .comparison(let op, let left, let right) where !op.isOrdering:
            if let field = left.field, case .string = right.kind {
                report(right, field: field, test: .equals, list: list, map: map, diagnostics: &diagnostics)
            } else if let field = right.field, case .string = left.kind {
                report(left, field: field, test: .equals, list: list, map: map, diagnostics: &diagnostics)
            }
        case .membership(let item, let container):
            if let field = container.field, case .string = item.kind {
                report(item, field: field, test: .item, list: list, map: map, diagnostics: &diagnostics)
            } else if let field = item.field, case .list(let texts) = container.kind {
                for text in texts {
                    guard case .string = text.kind else { continue }
                    report(text, field: field, test: .equals, list: list, map: map, diagnostics: &diagnostics)
                }
            }
        case .contains(let haystack, let needle):
            guard let field = haystack.field, case .string = needle.kind else { return }
            let isList = list.schema.index(of: field.contactField ?? "").map { list.schema.fields[$0].type == .list } ?? false
            report(needle, field: field, test: isList ? .item : .part, list: list, map: map, diagnostics: &diagnostics)
        default:
            return
        }
    }

    /// Counts the contacts whose value of `reference` has `literal` as `test` asks exactly, and
    /// those that have it only in another case; reports the second when there are any.
    private func report(
        _ literal: Expression, field reference: FieldReference, test: Test, list: ContactList, map: ScalarTextMap,
        diagnostics: inout DiagnosticBag
    ) {
        guard case .string(let text) = literal.kind, !text.isEmpty, let name = reference.contactField,
            let index = list.schema.index(of: name)
        else { return }
        let field = list.schema.fields[index]
        guard !field.caseInsensitive, [.string, .email, .list].contains(field.type) else { return }
        let folded = text.lowercased()
        var exact = 0
        var otherCase = 0
        for contact in list.contacts {
            switch (contact[field: index]?.expressionValue, test) {
            case (.string(let value)?, .equals), (.string(let value)?, .item):
                if value == text { exact += 1 } else if value.lowercased() == folded { otherCase += 1 }
            case (.string(let value)?, .part):
                if value.contains(text) { exact += 1 } else if value.lowercased().contains(folded) { otherCase += 1 }
            case (.list(let items)?, _):
                if items.contains(text) { exact += 1 } else if items.contains(where: { $0.lowercased() == folded }) { otherCase += 1 }
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
}
