import TouchpointCore
import TouchpointFeedback

extension MessageChanges {
    /// What a build would change, like `terraform plan`: the counts, then each message added
    /// (`+`), changed (`~`, with its subject when that changes, and with `diff` a unified diff of
    /// its text part) and removed (`-`, with the reason), at most `listed` of each.
    public func text(listed: Int = 20, diff: Bool = false) -> String {
        var out =
            "\nAgainst \(against): \(added.count.grouped) to add, \(changed.count.grouped) to change, "
            + "\(removed.count.grouped) to remove, \(unchanged.grouped) unchanged"
            + (held > 0 ? ", \(held.grouped) of held-back contacts kept as they are" : "") + "\n"
        func more(_ sign: String, _ count: Int) {
            if count > listed { out += "  \(sign) … and \((count - listed).grouped) more\n" }
        }
        for message in added.prefix(listed) { out += "  + \(message.path)\n" }
        more("+", added.count)
        for change in changed.prefix(listed) {
            out += "  ~ \(change.message.path)\n"
            if change.subjectChanged {
                out += "      subject: \(JSON.string(change.oldSubject)) → \(JSON.string(change.newSubject))\n"
            }
            if diff {
                let lines = LineDiff.unified(old: change.oldText, new: change.newText, path: change.message.path)
                for line in lines.split(separator: "\n", omittingEmptySubsequences: false).dropLast() { out += "      \(line)\n" }
            }
        }
        more("~", changed.count)
        for removal in removed.prefix(listed) { out += "  - \(removal.message.path) (\(removal.reason.description))\n" }
        more("-", removed.count)
        return out
    }

    /// The changes as a JSON object: the paths added, changed and removed (as before), the
    /// number unchanged, and for each change its subjects and for each removal its reason.
    public var json: String {
        func list(_ paths: [String]) -> String { "[" + paths.map(JSON.string).joined(separator: ",") + "]" }
        let changes = changed.map { change in
            JSON.object([
                ("file", JSON.string(change.message.path)), ("old_subject", JSON.string(change.oldSubject)),
                ("new_subject", JSON.string(change.newSubject)),
            ])
        }
        let removals = removed.map { removal in
            JSON.object([
                ("file", JSON.string(removal.message.path)), ("reason", JSON.string(removal.reason.name)),
                ("why", JSON.string(removal.reason.description)),
            ])
        }
        return JSON.object(
            [
                ("added", list(added.map(\.path))), ("changed", list(changed.map(\.message.path))),
                ("removed", list(removed.map(\.message.path))), ("unchanged", String(unchanged)),
            ] + (held > 0 ? [("held", String(held))] : []) + [
                ("changes", "[" + changes.joined(separator: ",") + "]"), ("removals", "[" + removals.joined(separator: ",") + "]"),
            ])
    }
}
