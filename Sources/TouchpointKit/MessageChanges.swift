import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox
import TouchpointFeedback

/// What a build of the practice would change, message by message, against what was built before:
/// the outbox (`plan`'s "Against out/", `review`'s "What changed") or the practice as of a git
/// revision (`review --against REF`).
///
/// A message is *changed* only when its bytes differ — exactly the messages a build writes again —
/// and is shown by its old and new subject and text part. A message that goes is *removed* with the
/// reason this schedule gives for it (already past, a `where` now false, capped, suppressed, its
/// step deleted, moved to another time, …).
public struct MessageChanges: Sendable {
    /// One message, as a row of the schedule names it.
    public struct Message: Sendable, Equatable {
        /// Relative to the outbox: `2026-12-01/0900-campaign-step-key.eml`.
        public let path: String
        public let campaign: String
        public let step: String
        public let contact: String
        /// ISO 8601 with the contact's offset.
        public let sendAt: String
    }

    /// A message whose bytes change.
    public struct Change: Sendable {
        public let message: Message
        public let oldSubject: String
        public let newSubject: String
        /// The plain-text parts, decoded.
        public let oldText: String
        public let newText: String

        public var subjectChanged: Bool { oldSubject != newSubject }
    }

    /// Why a message that was there is not any more.
    public enum RemovalReason: Sendable, Equatable {
        case campaignDeleted
        case stepDeleted
        /// Delivery recorded it as delivered: it left the outbox for `out/sent/`.
        case delivered
        /// Its time is before as-of.
        case past
        /// Its contact is no longer in the audience's list.
        case contactGone
        /// The campaign's `where` (its source) is false for the contact now.
        case campaignWhereFalse(String)
        /// The step's `where` (its source) is false for the contact now.
        case stepWhereFalse(String)
        /// The schedule produces it but does not send it: capped, suppressed, no consent, ….
        case dropped(DropReason)
        /// The same step goes to the same contact at another time (the new message's path).
        case moved(to: String)
        case beyondHorizon
        /// The send rule no longer gives this time (the contact's date changed, say).
        case notProduced

        public var description: String {
            switch self {
            case .campaignDeleted: "its campaign was deleted"
            case .stepDeleted: "its step was deleted"
            case .delivered: "already delivered"
            case .past: "already past"
            case .contactGone: "the contact is no longer in the list"
            case .campaignWhereFalse(let source): "the campaign's 'where' is now false: \(source)"
            case .stepWhereFalse(let source): "the step's 'where' is now false: \(source)"
            case .dropped(.frequencyCap): "capped: the marketing frequency cap"
            case .dropped(let reason): reason.description
            case .moved(let path): "moved to \(path)"
            case .beyondHorizon: "beyond the horizon"
            case .notProduced: "its send rule no longer gives this time"
            }
        }

        /// A short stable name, for JSON and for grouping.
        public var name: String {
            switch self {
            case .campaignDeleted: "campaign-deleted"
            case .stepDeleted: "step-deleted"
            case .delivered: "delivered"
            case .past: "past"
            case .contactGone: "contact-gone"
            case .campaignWhereFalse, .stepWhereFalse: "where-false"
            case .dropped(let reason): reason.rawValue
            case .moved: "moved"
            case .beyondHorizon: "beyond-horizon"
            case .notProduced: "not-produced"
            }
        }
    }

    public struct Removal: Sendable {
        public let message: Message
        public let reason: RemovalReason
    }

    /// What the changes are against, as a person names it: `out/`, or a git revision.
    public let against: String
    /// In path order.
    public let added: [Message]
    public let changed: [Change]
    public let removed: [Removal]
    public let unchanged: Int
    /// Messages of contacts held back, kept as they are.
    public let held: Int

    /// How many messages a build would write: the added and the changed ones.
    public var written: Int { added.count + changed.count }

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
}

// MARK: - Computing the changes

extension MessageChanges {
    /// A message of the side compared against, read when needed.
    struct OldMessage: Sendable {
        let message: Message
        let sendAt: Int
        let messageID: String
        let bytes: @Sendable () -> [UInt8]?
    }

    /// The changes from `old` (by path) to the messages of `planned`, where `candidates` are the
    /// paths present on both sides whose inputs may differ (the others are unchanged), and
    /// `scheduled` is the practice that made `planned`.
    static func compare(
        against: String, scheduled: ScheduledPractice, planned: BuildPlanner.Planned, old: [String: OldMessage],
        added: [String], candidates: [String], removed: [String], unchanged: Int, held: Int
    ) -> MessageChanges {
        let scheduler = scheduled.scheduler
        var paths: [String: Int] = [:]
        paths.reserveCapacity(planned.count)
        for index in 0..<planned.count {
            let location = planned.location(of: index)
            paths[Self.path(location)] = index
        }
        let indexOfPath = paths
        @Sendable func message(_ index: Int, path: String) -> Message {
            let scheduled = planned.messages[index]
            let campaign = scheduler.campaigns[scheduled.campaign]
            return Message(
                path: path, campaign: campaign.id, step: campaign.steps[scheduled.step].id,
                contact: scheduler.lists[scheduled.list].contacts[scheduled.contact].key,
                sendAt: AsOf.format(scheduled.instant, offset: scheduled.utcOffset))
        }
        let addedMessages = added.sorted().compactMap { path in indexOfPath[path].map { message($0, path: path) } }
        let sortedCandidates = candidates.sorted()
        let compared: [Change?] = Parallel.map(sortedCandidates.count) { range in
            range.map { number -> Change? in
                let path = sortedCandidates[number]
                guard let index = indexOfPath[path] else { return nil }
                let new = planned.render(index)
                guard let previous = old[path]?.bytes(), previous != new else { return nil }
                let before = MailEntity(parsing: previous)
                let after = MailEntity(parsing: new)
                return Change(
                    message: message(index, path: path), oldSubject: Self.subject(of: before), newSubject: Self.subject(of: after),
                    oldText: Self.text(of: before), newText: Self.text(of: after))
            }
        }
        let changes = compared.compactMap { $0 }
        let reasons = removed.isEmpty ? nil : RemovalReasons(scheduled: scheduled, planned: planned)
        let removals = removed.sorted().compactMap { path -> Removal? in
            guard let previous = old[path] else {
                return Removal(
                    message: Message(path: path, campaign: "", step: "", contact: "", sendAt: ""), reason: .notProduced)
            }
            return Removal(message: previous.message, reason: reasons?.reason(previous) ?? .notProduced)
        }
        return MessageChanges(
            against: against, added: addedMessages, changed: changes, removed: removals,
            unchanged: unchanged + (sortedCandidates.count - changes.count), held: held)
    }

    static func path(_ location: (directory: String, fileName: String)) -> String {
        OutboxPath(sanitizing: location.directory, location.fileName).relative
    }

    /// The decoded Subject of a message.
    public static func subject(of message: MailEntity) -> String {
        MIMEHeader.decodingEncodedWords(message.header("Subject") ?? "")
    }

    /// The decoded plain-text part of a message (the first `text/plain` part).
    public static func text(of message: MailEntity) -> String {
        let part = message.allParts.first { $0.mediaType == "text/plain" && $0.parts.isEmpty }
        return (part?.text ?? "").replacingAll("\r\n", with: "\n")
    }
}

/// Why each message that goes is not in the new schedule.
private struct RemovalReasons {
    let scheduled: ScheduledPractice
    let planned: BuildPlanner.Planned
    private let dropped: [String: DropReason]
    /// The new path of each campaign, step and contact's first message.
    private let pathOfStep: [String: String]
    private let campaigns: [String: Int]
    /// Each list's contacts by key.
    private let contacts: [[String: Int]]

    init(scheduled: ScheduledPractice, planned: BuildPlanner.Planned) {
        self.scheduled = scheduled
        self.planned = planned
        let schedule = scheduled.schedule
        dropped = Dictionary(
            schedule.dropped.map { (schedule.messageID(of: $0.message), $0.reason) }, uniquingKeysWith: { first, _ in first })
        var paths: [String: String] = [:]
        let scheduler = scheduled.scheduler
        for index in 0..<planned.count {
            let message = planned.messages[index]
            let campaign = scheduler.campaigns[message.campaign]
            let key = Self.key(campaign.id, campaign.steps[message.step].id, scheduler.lists[message.list].contacts[message.contact].key)
            if paths[key] == nil { paths[key] = MessageChanges.path(planned.location(of: index)) }
        }
        pathOfStep = paths
        campaigns = Dictionary(scheduler.campaigns.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        contacts = scheduler.lists.map { list in
            Dictionary(list.contacts.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private static func key(_ campaign: String, _ step: String, _ contact: String) -> String {
        campaign + "\u{1F}" + step + "\u{1F}" + contact
    }

    func reason(_ old: MessageChanges.OldMessage) -> MessageChanges.RemovalReason {
        let scheduler = scheduled.scheduler
        let schedule = scheduled.schedule
        let message = old.message
        guard let campaignIndex = campaigns[message.campaign] else { return .campaignDeleted }
        let campaign = scheduler.campaigns[campaignIndex]
        guard let step = campaign.steps.first(where: { $0.id == message.step }) else { return .stepDeleted }
        if scheduler.ledger.delivered.contains(old.messageID) { return .delivered }
        if old.sendAt < schedule.asOf { return .past }
        let list = scheduler.lists[campaign.listIndex]
        guard let contactIndex = contacts[campaign.listIndex][message.contact] else { return .contactGone }
        let contact = list.contacts[contactIndex]
        let evaluator = ExpressionEvaluator(today: schedule.today)
        let resolve = list.resolver(for: contact)
        if let condition = campaign.condition, !evaluator.evaluate(condition, contact: resolve) {
            return .campaignWhereFalse(Self.source(campaign.campaign.condition))
        }
        if let condition = step.condition, !evaluator.evaluate(condition, contact: resolve) {
            return .stepWhereFalse(Self.source(step.step.condition))
        }
        if let reason = dropped[old.messageID] { return .dropped(reason) }
        if let path = pathOfStep[Self.key(message.campaign, message.step, message.contact)] { return .moved(to: path) }
        if old.sendAt > schedule.horizonEnd { return .beyondHorizon }
        return .notProduced
    }

    private static func source(_ node: YAMLNode?) -> String {
        node?.scalar?.value.split(whereSeparator: \.isNewline).joined(separator: " ") ?? ""
    }
}

extension PracticeFolder {
    /// What a build of `scheduled` would change in the outbox, message by message.
    public func messageChanges(_ scheduled: ScheduledPractice, against name: String = "out/") throws(EnvironmentError)
        -> MessageChanges
    {
        let planned = planned(scheduled)
        let paths = try OutboxWriter(directory: outbox).preview(planned)
        let rows = (try? ScheduleRow.rows(outbox: outbox, through: Int.max)) ?? []
        var old: [String: MessageChanges.OldMessage] = [:]
        let wanted = Set(paths.changed).union(paths.removed)
        let outbox = outbox
        for row in rows where wanted.contains(row.file) && old[row.file] == nil {
            old[row.file] = MessageChanges.OldMessage(
                message: MessageChanges.Message(
                    path: row.file, campaign: row.campaign, step: row.step, contact: row.contact, sendAt: row.sendAtText),
                sendAt: row.sendAt, messageID: row.messageID,
                bytes: { FileManager.default.contents(atPath: outbox.appendingPathComponent(row.file).path).map(Array.init) })
        }
        // A changed file that schedule.csv does not list is still compared by its bytes.
        for path in paths.changed where old[path] == nil {
            old[path] = MessageChanges.OldMessage(
                message: MessageChanges.Message(path: path, campaign: "", step: "", contact: "", sendAt: ""), sendAt: 0,
                messageID: "",
                bytes: { FileManager.default.contents(atPath: outbox.appendingPathComponent(path).path).map(Array.init) })
        }
        return MessageChanges.compare(
            against: name, scheduled: scheduled, planned: planned, old: old, added: paths.added, candidates: paths.changed,
            removed: paths.removed, unchanged: paths.unchanged, held: paths.held)
    }

    /// What changes from the practice `old` (the same practice at another revision, scheduled
    /// for the same as-of and horizon) to `scheduled`, message by message.
    public static func messageChanges(from old: ScheduledPractice, to scheduled: ScheduledPractice, against name: String)
        -> MessageChanges
    {
        let before = old.plan()
        let after = scheduled.plan()
        var oldIndex: [String: Int] = [:]
        for index in 0..<before.count { oldIndex[MessageChanges.path(before.location(of: index))] = index }
        var added: [String] = []
        var candidates: [String] = []
        var unchanged = 0
        var present: Set<String> = []
        for index in 0..<after.count {
            let path = MessageChanges.path(after.location(of: index))
            present.insert(path)
            guard let previous = oldIndex[path] else {
                added.append(path)
                continue
            }
            if before.inputDigest(of: previous) == after.inputDigest(of: index) { unchanged += 1 } else { candidates.append(path) }
        }
        var messages: [String: MessageChanges.OldMessage] = [:]
        let scheduler = old.scheduler
        let compared = Set(candidates)
        for (path, index) in oldIndex where !present.contains(path) || compared.contains(path) {
            let message = before.messages[index]
            let campaign = scheduler.campaigns[message.campaign]
            messages[path] = MessageChanges.OldMessage(
                message: MessageChanges.Message(
                    path: path, campaign: campaign.id, step: campaign.steps[message.step].id,
                    contact: scheduler.lists[message.list].contacts[message.contact].key,
                    sendAt: AsOf.format(message.instant, offset: message.utcOffset)),
                sendAt: message.instant, messageID: old.schedule.messageID(of: message), bytes: { before.render(index) })
        }
        let removed = oldIndex.keys.filter { !present.contains($0) }
        return MessageChanges.compare(
            against: name, scheduled: scheduled, planned: after, old: messages, added: added, candidates: candidates,
            removed: removed, unchanged: unchanged, held: 0)
    }
}

extension MessageChanges {
    /// The changes of one campaign's messages (`--campaign`), of which a build would write
    /// `messages` in all: those not added or changed are its unchanged ones.
    public func only(campaign: String, messages: Int) -> MessageChanges {
        let added = added.filter { $0.campaign == campaign }
        let changed = changed.filter { $0.message.campaign == campaign }
        return MessageChanges(
            against: against, added: added, changed: changed,
            removed: removed.filter { $0.message.campaign == campaign },
            unchanged: max(0, messages - added.count - changed.count), held: held)
    }
}

extension PracticeFolder {
    /// The digest of each message of `scheduled.plan()`, in order, as ``ApprovalLog`` takes it:
    /// the SHA-256 of the message's bytes as `build` writes them. For a message whose inputs are
    /// those the outbox's manifest records for its file, the manifest's digest of the file's
    /// content is taken; the others are rendered.
    public func messageDigests(_ scheduled: ScheduledPractice) -> [String] {
        let planned = scheduled.plan()
        var manifest = OutboxManifest.empty
        if let root = OutboxDirectory.openExistingOutbox(at: outbox),
            let state = try? root.openSubdirectory(OutboxWriter.stateDirectory),
            let read = try? OutboxWriter.readManifest(in: state)
        {
            manifest = read
        }
        let recorded = manifest
        return Parallel.map(planned.count) { range in
            range.map { index in
                let location = planned.location(of: index)
                if let record = recorded.index(of: OutboxPath(sanitizing: location.directory, location.fileName)),
                    recorded.list[record].inputDigest == planned.inputDigest(of: index)
                {
                    return recorded.list[record].contentDigest.description
                }
                return ApprovalLog.messageDigest(planned.render(index))
            }
        }
    }
}
