import TouchpointCore

extension CheckedPractice {
    /// What a build that keeps going past contact rows with errors makes of this practice's
    /// errors: the contacts it holds back, and how many errors stop it all the same.
    public struct ContactHold: Sendable {
        /// The contacts whose rows have errors, in the order of their lists' files and rows.
        public let held: [HeldContact]
        /// Errors that are not about one contact row that can be told apart by its key — in a
        /// campaign, a template, the practice file, a schema, a data file as a whole, or a row
        /// whose key cannot be read: they stop even a build that keeps going.
        public let blockingErrors: Int

        /// Whether a build that keeps going can go on: every error holds back a contact.
        public var canKeepGoing: Bool { blockingErrors == 0 }
    }

    /// The contacts a build that keeps going would hold back, and the errors that would stop it.
    public var contactHold: ContactHold {
        let listOfPath = Dictionary(lists.map { ($0.path, $0.name) }, uniquingKeysWith: { first, _ in first })
        var held: [HeldContact] = []
        var index: [String: [String: Int]] = [:]
        var blocking = 0
        for diagnostic in diagnostics where diagnostic.severity == .error {
            guard let row = diagnostic.contactRow, let key = row.key, let list = listOfPath[row.path] else {
                blocking += 1
                continue
            }
            if let found = index[list]?[key] {
                let contact = held[found]
                let rows = contact.rows.contains(row.row) ? contact.rows : (contact.rows + [row.row]).sorted()
                held[found] = HeldContact(list: list, key: key, path: contact.path, rows: rows)
            } else {
                index[list, default: [:]][key] = held.count
                held.append(HeldContact(list: list, key: key, path: row.path, rows: [row.row]))
            }
        }
        held.sort { ($0.path, $0.rows[0], $0.key) < ($1.path, $1.rows[0], $1.key) }
        return ContactHold(held: held, blockingErrors: blocking)
    }

    /// The practice as a build that keeps going schedules it: the held contacts left out of
    /// their lists (every contact with a held key, so that a key two rows share is held whole),
    /// and with them the errors that held them back. `nil` when some error stops even such a build.
    package func holdingBack() -> (practice: CheckedPractice, held: [HeldContact])? {
        let hold = contactHold
        guard hold.canKeepGoing else { return nil }
        guard !hold.held.isEmpty else { return (self, []) }
        var keys: [String: Set<String>] = [:]
        for contact in hold.held { keys[contact.list, default: []].insert(contact.key) }
        let kept = lists.map { list in
            guard let held = keys[list.name] else { return list }
            return ContactList(
                name: list.name, schema: list.schema, contacts: list.contacts.filter { !held.contains($0.key) }, path: list.path)
        }
        let practice = CheckedPractice(
            diagnostics: diagnostics.filter { $0.severity != .error }, practice: practice, lists: kept,
            suppression: suppression, campaigns: campaigns, layout: layout, unsubscribeURL: unsubscribeURL, secret: secret)
        return (practice, hold.held)
    }

    /// The practice's diagnostics as a build that keeps going reports them: an error about a row
    /// whose key cannot be read says, in a note, why it stops the build all the same.
    package func reportedKeepingGoing() -> CheckedPractice {
        let marked = diagnostics.map { diagnostic in
            guard diagnostic.severity == .error, diagnostic.contactRow.map({ $0.key == nil }) == true else { return diagnostic }
            // A row the CSV reader could not split has a key cell, but it may hold another column's text.
            let why =
                diagnostic.id.hasPrefix("csv-")
                ? "this row cannot be split into its fields, so its key cannot be trusted"
                : "this row has no key that can be read"
            return diagnostic.with(
                note: "a build that keeps going holds a contact back by its key and keeps its messages in out/ as they are; "
                    + why + ", so its error stops the build for everyone")
        }
        return CheckedPractice(
            diagnostics: marked, practice: practice, lists: lists, suppression: suppression, campaigns: campaigns,
            layout: layout, unsubscribeURL: unsubscribeURL, secret: secret)
    }
}
