import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointFeedback

/// The feedback loop's ways in: a contact's token, and what came back turned into lines of the
/// suppression file.
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

    /// What came back, resolved against the checked practice's lists, and the change it makes to
    /// the suppression file; nothing is written until the outcome is applied. `nil` when
    /// `touchpoint.yaml` has errors (they are in `checked.diagnostics`).
    public func feedback(_ request: FeedbackRequest, checked: CheckedPractice) throws(EnvironmentError) -> FeedbackOutcome? {
        guard let practice = checked.practice else { return nil }
        let previous = request.previousSecret.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let directory = ContactDirectory(lists: checked.lists, secret: checked.secret, previousSecret: previous)
        return try FeedbackCollector(practice: practice, directory: directory, root: root).collect(request)
    }
}
