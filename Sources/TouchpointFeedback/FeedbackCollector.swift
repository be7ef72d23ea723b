import Foundation
import TouchpointCore
import TouchpointFrontEnd

/// What to read for `touchpoint feedback`.
public struct FeedbackRequest: Sendable {
    /// The folder of serve's logs (`--from-log`).
    public var logFolder: String?
    /// The Maildir of bounces, complaints and mailto requests (`--maildir`).
    public var maildir: String?
    /// The secret before the current one (`TOUCHPOINT_PREVIOUS_SECRET`): its tokens still resolve.
    public var previousSecret: String?
    /// The present, in seconds since 1970: the date of an event whose message gives none.
    public var now: Int

    public init(logFolder: String? = nil, maildir: String? = nil, previousSecret: String? = nil, now: Int) {
        self.logFolder = logFolder
        self.maildir = maildir
        self.previousSecret = previousSecret
        self.now = now
    }
}

/// What feedback found and the change it makes to the suppression file, before anything is
/// written: the dry run prints it, the real run applies it.
public struct FeedbackOutcome: Sendable {
    /// The suppression file, as the practice names it, and its text before and after.
    public let suppressionPath: String
    public let oldText: String
    public let newText: String
    /// What happened to each resolved event, and what could not be resolved or read: one line
    /// each, for the person running feedback.
    public let notes: [String]
    /// Counts for the closing line.
    public let summary: String

    let suppressionFile: String
    let logReader: FeedbackLogReader?
    let cursor: FeedbackLogReader.Cursor?
    let maildir: Maildir?
    let processed: [Maildir.Message]

    /// The change as a unified diff; empty when there is none.
    public var diff: String { LineDiff.unified(old: oldText, new: newText, path: suppressionPath) }

    /// Writes the suppression file (when it changed), then records what was read: the log cursor,
    /// and the `S` flag on each processed message. Interrupted, a later run applies the same lines
    /// again, which changes nothing.
    public func apply() throws(EnvironmentError) {
        if newText != oldText {
            try AtomicFile.write(Array(newText.utf8), to: suppressionFile, mode: 0o644)
        }
        if let logReader, let cursor { try logReader.write(cursor) }
        if let maildir {
            for message in processed { try maildir.markSeen(message) }
            if !processed.isEmpty { maildir.sync() }
        }
    }
}

/// Reads what came back — serve's log, a Maildir of reports and requests — resolves each event
/// against the contact lists, and proposes the lines of the suppression file. It guesses nothing:
/// a token or an address that matches no contact is reported and left out.
public struct FeedbackCollector: Sendable {
    public let practice: Practice
    public let directory: ContactDirectory
    /// The practice's folder, where the suppression file is.
    public let root: String

    /// Soft bounces (4.x.x) of one address within this many days…
    public static let softBounceDays = 30
    /// …that count as a hard bounce.
    public static let softBounceLimit = 3

    public init(practice: Practice, directory: ContactDirectory, root: String) {
        self.practice = practice
        self.directory = directory
        self.root = root
    }

    /// One thing that came back, resolved or not.
    struct Event {
        /// Where it was read: `feedback.log:12`, `new/1765….eml`.
        let source: String
        let instant: Int
        let reason: String
        /// The contact it resolved to, or why it did not.
        let resolution: Result<(found: ContactDirectory.Found, address: String), Unresolved>
    }

    struct Unresolved: Error {
        let description: String
        /// Whether a token matched no contact: the message stays unread, so that a run with the
        /// previous secret set (or the lists fixed) resolves it.
        var unknownToken = false
    }

    public func collect(_ request: FeedbackRequest) throws(EnvironmentError) -> FeedbackOutcome {
        guard let relative = practice.suppression else {
            throw EnvironmentError(
                "touchpoint.yaml names no suppression file, so there is nowhere to write what came back; "
                    + "add 'suppression: contacts/unsubscribed.txt' (and create the file)")
        }
        let path = URL(fileURLWithPath: root).appendingPathComponent(relative).path
        let oldText: String
        if FileManager.default.fileExists(atPath: path) {
            do {
                oldText = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw EnvironmentError("cannot read '\(relative)': \(error.localizedDescription)")
            }
        } else {
            oldText = ""
        }
        var events: [Event] = []
        var notes: [String] = []
        var counts: [String: Int] = [:]
        var logReader: FeedbackLogReader?
        var cursor: FeedbackLogReader.Cursor?
        if let folder = request.logFolder {
            let reader = FeedbackLogReader(folder: folder)
            let read = try reader.read()
            for line in read.malformed { notes.append("\(line): not a line of the feedback log; skipped") }
            for located in read.entries {
                switch located.entry.kind {
                case .view:
                    counts["page view", default: 0] += 1
                case .unsubscribe:
                    counts["one-click unsubscribe", default: 0] += 1
                    events.append(
                        Event(
                            source: "\(located.file):\(located.line)", instant: located.entry.instant, reason: "one-click unsubscribe",
                            resolution: resolve(token: located.entry.token, address: nil)))
                }
            }
            logReader = reader
            cursor = read.cursor
        }
        var maildir: Maildir?
        var processed: [Maildir.Message] = []
        if let folder = request.maildir {
            let box = Maildir(folder: folder)
            let mail = try readMaildir(box, now: request.now)
            events += mail.events
            notes += mail.notes
            for (key, value) in mail.counts { counts[key, default: 0] += value }
            processed = mail.processed
            maildir = box
        }
        // The additions: for each address, the widest reason, and of those the earliest.
        var additions: [String: (addition: SuppressionFile.Addition, instant: Int)] = [:]
        let zone = ZonedTime(practice.timeZone)
        for event in events {
            switch event.resolution {
            case .failure(let unresolved):
                notes.append("\(event.source): \(event.reason): \(unresolved.description); nothing written")
            case .success(let resolved):
                let date = zone.local(event.instant).date
                let addition = SuppressionFile.Addition(address: resolved.address, reason: "\(date) \(event.reason)")
                let key = resolved.address.lowercased()
                if let earlier = additions[key],
                    earlier.addition.scope > addition.scope
                        || (earlier.addition.scope == addition.scope && earlier.instant <= event.instant)
                {
                    continue
                }
                additions[key] = (addition, event.instant)
                notes.append("\(event.source): \(event.reason): \(resolved.found.description)")
            }
        }
        let ordered = additions.values.sorted { $0.addition.address.lowercased() < $1.addition.address.lowercased() }.map(\.addition)
        let (newText, effects) = SuppressionFile.merge(oldText, ordered)
        let added = effects.count { $0.1 == .added }
        let widened = effects.count { $0.1 == .widened }
        let already = effects.count { $0.1 == .alreadySuppressed }
        let read = counts.keys.sorted().map { name in
            let count = counts[name] ?? 0
            return "\(count) \(count == 1 ? name : Self.plural(name))"
        }.joined(separator: ", ")
        var summary = read.isEmpty ? "nothing new came back" : read
        summary += "; \(added) \(added == 1 ? "line" : "lines") added to \(relative)"
        if widened > 0 { summary += ", \(widened) widened to all mail" }
        if already > 0 { summary += ", \(already) already there" }
        let unresolved = events.count { if case .failure = $0.resolution { true } else { false } }
        if unresolved > 0 { summary += "; \(unresolved) not resolved" }
        return FeedbackOutcome(
            suppressionPath: relative, oldText: oldText, newText: newText, notes: notes, summary: summary,
            suppressionFile: path, logReader: logReader, cursor: cursor, maildir: maildir, processed: processed)
    }

    /// `unsubscribe by e-mail` → `unsubscribes by e-mail`, `complaint` → `complaints`.
    private static func plural(_ name: String) -> String {
        guard let space = name.firstIndex(of: " "), name.hasSuffix("by e-mail") else { return name + "s" }
        return name[..<space] + "s" + name[space...]
    }

    /// The contact a token names, else the one an address belongs to.
    private func resolve(token: String?, address: String?) -> Result<(found: ContactDirectory.Found, address: String), Unresolved> {
        if let token, let (found, _) = directory.contact(token: token) {
            guard let written = found.address else {
                return .failure(Unresolved(description: "\(found.description) has no address"))
            }
            return .success((found, written))
        }
        if let address, let found = directory.contacts(address: address).first, let written = found.address {
            return .success((found, written))
        }
        if let token {
            let shown = token.count > 40 ? String(token.prefix(40)) + "…" : token
            if let address {
                return .failure(
                    Unresolved(
                        description: "neither the token '\(shown)' nor the address '\(address)' matches a contact", unknownToken: true))
            }
            return .failure(
                Unresolved(
                    description: "the token '\(shown)' matches no contact under the secret (nor TOUCHPOINT_PREVIOUS_SECRET)",
                    unknownToken: true))
        }
        if let address { return .failure(Unresolved(description: "'\(address)' is in no contact list")) }
        return .failure(Unresolved(description: "it names neither a token nor an address"))
    }

    private struct MaildirResult {
        var events: [Event] = []
        var notes: [String] = []
        var counts: [String: Int] = [:]
        var processed: [Maildir.Message] = []
    }

    private func readMaildir(_ box: Maildir, now: Int) throws(EnvironmentError) -> MaildirResult {
        var result = MaildirResult()
        let unsubscribeAddress = practice.unsubscribe.mailto?.description
        // Soft bounces, seen or new, by address: they count across runs.
        var softBounces: [String: [(instant: Int, status: String, isNew: Bool, source: String, token: String?)]] = [:]
        for message in try box.messages() {
            guard let bytes = try box.bytes(of: message) else {
                if !message.isSeen { result.notes.append("\(message.path): larger than \(Maildir.maxMessageSize >> 20) MB; not read") }
                continue
            }
            let mail = FeedbackMail.read(bytes, unsubscribeAddress: unsubscribeAddress)
            if message.isSeen {
                // Applied before; only its soft bounces still count.
                if case .bounce(let report) = mail {
                    for recipient in report.recipients where recipient.isSoft {
                        guard let address = recipient.address else { continue }
                        softBounces[address, default: []].append(
                            (report.instant ?? message.deliveredAt ?? now, recipient.status ?? "4.0.0", false, message.path, report.token))
                    }
                }
                continue
            }
            let instant: Int
            switch mail {
            case .bounce(let report): instant = report.instant ?? message.deliveredAt ?? now
            case .complaint(let report): instant = report.instant ?? message.deliveredAt ?? now
            case .unsubscribe(let request): instant = request.instant ?? message.deliveredAt ?? now
            case .unrecognized, .malformed: instant = now
            }
            switch mail {
            case .malformed(let why):
                result.notes.append("\(message.path): warning: \(why); left unread")
            case .unrecognized(let why):
                result.notes.append("\(message.path): \(why); left unread")
            case .unsubscribe(let request):
                result.counts["unsubscribe by e-mail", default: 0] += 1
                let event = Event(
                    source: message.path, instant: instant, reason: "unsubscribed by e-mail",
                    resolution: resolve(token: request.token, address: request.from))
                result.events.append(event)
                if keepsUnread(event) { continue }
                result.processed.append(message)
            case .complaint(let report):
                guard report.feedbackType != "not-spam" else {
                    result.notes.append("\(message.path): a 'not-spam' report; nothing to do")
                    result.processed.append(message)
                    continue
                }
                result.counts["complaint", default: 0] += 1
                let event = Event(
                    source: message.path, instant: instant, reason: "complaint (\(report.feedbackType))",
                    resolution: resolve(token: report.token, address: report.address))
                result.events.append(event)
                if keepsUnread(event) { continue }
                result.processed.append(message)
            case .bounce(let report):
                var keep = false
                for recipient in report.recipients {
                    if recipient.isHard {
                        result.counts["hard bounce", default: 0] += 1
                        let event = Event(
                            source: message.path, instant: instant, reason: "bounced \(recipient.status ?? "5.0.0")",
                            resolution: resolve(token: report.token, address: recipient.address))
                        result.events.append(event)
                        keep = keep || keepsUnread(event)
                    } else if recipient.isSoft, let address = recipient.address {
                        result.counts["soft bounce", default: 0] += 1
                        softBounces[address, default: []].append((instant, recipient.status ?? "4.0.0", true, message.path, report.token))
                    } else if recipient.action == "delayed" {
                        result.counts["delay warning", default: 0] += 1
                    } else if recipient.action == "failed" {
                        result.notes.append("\(message.path): a failure without a 4.x.x or 5.x.x status; not counted")
                    }
                }
                if !keep { result.processed.append(message) }
            }
        }
        // Three soft bounces within 30 days, one of them new, count as a hard bounce.
        for (address, bounces) in softBounces.sorted(by: { $0.key < $1.key }) {
            guard let newest = bounces.filter(\.isNew).max(by: { $0.instant < $1.instant }) else { continue }
            let window = bounces.filter { $0.instant <= newest.instant && newest.instant - $0.instant <= Self.softBounceDays * 86_400 }
            guard window.count >= Self.softBounceLimit else { continue }
            result.events.append(
                Event(
                    source: newest.source, instant: newest.instant,
                    reason: "bounced \(newest.status), \(window.count) times in \(Self.softBounceDays) days",
                    resolution: resolve(token: newest.token, address: address)))
        }
        return result
    }

    /// An event whose token matched no contact stays unread: set `TOUCHPOINT_PREVIOUS_SECRET`
    /// (or fix the lists), and a later run resolves it. One that named only an unknown address
    /// is done with.
    private func keepsUnread(_ event: Event) -> Bool {
        if case .failure(let unresolved) = event.resolution { return unresolved.unknownToken }
        return false
    }
}
