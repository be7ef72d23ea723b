import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// A contact's unsubscribe token, for a practice's own unsubscribe page.
extension PracticeFolder {
    /// The unsubscribe token of the contact with `key` in the list `list`, under the practice's
    /// secret: what `{{ contact.token }}` renders for that contact.
    public func token(list name: String, key: String, checked: CheckedPractice) throws(RequestError) -> String {
        guard let secret = checked.secret else {
            throw RequestError("no secret is set: set TOUCHPOINT_SECRET, or write it in .touchpoint-secret")
        }
        guard let list = checked.lists.first(where: { $0.name == name }) else {
            let names = checked.lists.map { "'\($0.name)'" }.joined(separator: ", ")
            throw RequestError("no contact list '\(name)'" + (names.isEmpty ? "" : "; the lists are \(names)"))
        }
        guard list.contacts.contains(where: { $0.key == key }) else {
            throw RequestError("no contact with the key '\(key)' in '\(name)'")
        }
        return MessageIdentity.token(list: name, contact: key, secret: secret)
    }
}
