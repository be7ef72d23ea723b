import TouchpointCore
import TouchpointFeedback
import TouchpointKit

/// "What changed": against the outbox (and a git revision when asked), the messages a build would
/// add, change (old and new subject, the text parts side by side) and remove (with the reason).
extension Model {
    /// Changed messages shown in full on the page, at most; the rest are listed.
    static let changesShown = 200

    func changesPage() -> String {
        var body = "<h1>What changed</h1>\n"
        if site.changes.isEmpty { body += "<p>Nothing to compare with.</p>\n" }
        for (number, changes) in site.changes.enumerated() {
            body += changesSection(changes, number: number)
        }
        return ReviewPage.document(title: "What changed", practice: title, depth: 0, section: .changes, body: body)
    }

    func changesSection(_ changes: MessageChanges, number: Int) -> String {
        var out = "<section aria-labelledby=\"against-\(number)\">\n"
        out += "<h2 id=\"against-\(number)\">Against \(escape(changes.against))</h2>\n"
        out +=
            "<p data-counts=\"\(changes.added.count),\(changes.changed.count),\(changes.removed.count),\(changes.unchanged)\">"
            + "\(changes.added.count.grouped) to add, \(changes.changed.count.grouped) to change, "
            + "\(changes.removed.count.grouped) to remove, \(changes.unchanged.grouped) unchanged"
            + (changes.held > 0 ? ", \(changes.held.grouped) of held-back contacts kept as they are" : "") + ".</p>\n"
        if changes.isEmpty { return out + "<p>A build would change nothing.</p>\n</section>\n" }
        if !changes.changed.isEmpty {
            out += "<h3>Changed (\(changes.changed.count.grouped))</h3>\n"
            // The changes of one step look alike: the subject and text of its first message are
            // shown, with every message of the step that changes.
            var groups: [String: [MessageChanges.Change]] = [:]
            var order: [String] = []
            for change in changes.changed {
                let key = "\(change.message.campaign).\(change.message.step)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(change)
            }
            for key in order.prefix(Self.changesShown) {
                let group = groups[key] ?? []
                guard let first = group.first else { continue }
                out += "<article class=\"change\">\n<h4>\(escape(first.message.campaign)).\(escape(first.message.step)): "
                out += "\(group.count.grouped) \(group.count == 1 ? "message" : "messages")</h4>\n"
                let subjects = group.count { $0.subjectChanged }
                out += "<p>For example \(messageLink(outboxPath: first.message.path, depth: 0)), to \(escape(first.message.contact)):</p>\n"
                if first.subjectChanged {
                    out +=
                        "<p>Subject: <del><span class=\"vh\">old: </span>\(escape(first.oldSubject))</del> → "
                        + "<ins><span class=\"vh\">new: </span>\(escape(first.newSubject))</ins>"
                        + (group.count > 1 ? " (the subject changes in \(subjects.grouped) of the \(group.count.grouped))" : "") + "</p>\n"
                } else {
                    out += "<p>Subject, unchanged: \(escape(first.newSubject))</p>\n"
                }
                out += sideBySide(old: first.oldText, new: first.newText)
                out += "<details><summary>The \(group.count.grouped) messages</summary>\n<ul>\n"
                for change in group {
                    let subject = change.subjectChanged ? ": \(escape(change.oldSubject)) → \(escape(change.newSubject))" : ""
                    out += "<li>\(messageLink(outboxPath: change.message.path, depth: 0))\(subject)</li>\n"
                }
                out += "</ul>\n</details>\n</article>\n"
            }
            if order.count > Self.changesShown {
                out +=
                    "<p>… and \((order.count - Self.changesShown).grouped) more kinds of change; <code>touchpoint plan --diff</code> lists them.</p>\n"
            }
        }
        if !changes.added.isEmpty {
            out += "<h3>Added (\(changes.added.count.grouped))</h3>\n<ul>\n"
            for message in changes.added {
                out += "<li>\(messageLink(outboxPath: message.path, depth: 0))</li>\n"
            }
            out += "</ul>\n"
        }
        if !changes.removed.isEmpty {
            out += "<h3>Removed (\(changes.removed.count.grouped))</h3>\n<table class=\"wide\">\n<thead><tr>"
            out += "<th scope=\"col\">Message</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n"
            for removal in changes.removed {
                out +=
                    "<tr data-reason=\"\(escape(removal.reason.name))\"><td><code>\(escape(removal.message.path))</code></td>"
                    + "<td>\(escape(removal.reason.description))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    /// The two texts side by side, line by line: deleted lines on the left, inserted on the
    /// right, with three lines of context around each change.
    func sideBySide(old: String, new: String) -> String {
        let a = LineDiff.lines(old)
        let b = LineDiff.lines(new)
        let script = LineDiff.edits(a, b)
        // Rows: (left line, right line, kind); a run of deletions is paired with the insertions after it.
        var rows: [(left: String?, right: String?, changed: Bool)] = []
        var index = 0
        while index < script.count {
            let edit = script[index]
            if edit.kind == .same {
                rows.append((a[edit.oldLine - 1], b[edit.newLine - 1], false))
                index += 1
                continue
            }
            var deleted: [String] = []
            var inserted: [String] = []
            while index < script.count, script[index].kind != .same {
                if script[index].kind == .deleted {
                    deleted.append(a[script[index].oldLine - 1])
                } else {
                    inserted.append(b[script[index].newLine - 1])
                }
                index += 1
            }
            for line in 0..<max(deleted.count, inserted.count) {
                rows.append((line < deleted.count ? deleted[line] : nil, line < inserted.count ? inserted[line] : nil, true))
            }
        }
        let near = Set(
            rows.indices.filter { rows[$0].changed }.flatMap { max(0, $0 - 3)...min(rows.count - 1, $0 + 3) })
        var out = "<table class=\"diff\">\n<thead><tr><th scope=\"col\">Before</th><th scope=\"col\">After</th></tr></thead>\n<tbody>\n"
        var skipped = false
        for (number, row) in rows.enumerated() {
            guard near.contains(number) else {
                if !skipped { out += "<tr><td class=\"muted\">…</td><td class=\"muted\">…</td></tr>\n" }
                skipped = true
                continue
            }
            skipped = false
            let left = row.left.map(escape) ?? ""
            let right = row.right.map(escape) ?? ""
            if row.changed {
                out +=
                    "<tr><td class=\"\(row.left == nil ? "" : "deleted")\">\(row.left == nil ? "" : "<span class=\"vh\">removed: </span>")\(left)</td>"
                    + "<td class=\"\(row.right == nil ? "" : "inserted")\">\(row.right == nil ? "" : "<span class=\"vh\">added: </span>")\(right)</td></tr>\n"
            } else {
                out += "<tr><td>\(left)</td><td>\(right)</td></tr>\n"
            }
        }
        return out + "</tbody>\n</table>\n"
    }
}
