import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a build would take away from the messages still due in the outbox it finds, worked out
/// before anything is written. A nightly export that changed shape or came out short looks
/// exactly like a practice that means to send less, so a build that would remove a large share
/// of the due messages stops and says why, unless the removal is accepted.
///
/// The rule: a build is stopped when it would remove more than `maxPercent` of the messages
/// `schedule.csv` lists as still due (sent at or after the as-of instant) **and** more than
/// `minimumCount` of them. The messages of a step taken out of a campaign that is still there
/// do not count: that is an edit of the campaign, never an accident of an export. The floor
/// keeps a deliberate edit in a small practice from being stopped by the percentage alone.
public struct RemovalGuard: Sendable {
    /// Removals up to this many never stop a build.
    public static let minimumCount = 10

    /// One message of the last build's `schedule.csv`.
    public struct Row: Sendable, Equatable {
        public let sendAt: Int
        public let campaign: String
        public let step: String
        public let contact: String
        /// The message's path in the outbox, `2026-12-01/0900-….eml`.
        public let file: String
    }

    /// What the build would remove.
    public struct Report: Sendable, Equatable {
        /// Messages still due in the outbox before the build.
        public let due: Int
        /// Of them, those the build would remove, by campaign id, with each campaign's due count.
        public let removed: [(campaign: String, removed: Int, due: Int)]
        /// Campaigns with due messages that the practice no longer has.
        public let goneCampaigns: [String]
        /// Contacts with due messages that are in no contact list any more.
        public let goneContacts: Int
        /// Whether the removal is more than the practice allows on its own.
        public let isBlocked: Bool

        public var removedCount: Int { removed.reduce(0) { $0 + $1.removed } }

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.due == rhs.due && lhs.goneCampaigns == rhs.goneCampaigns && lhs.goneContacts == rhs.goneContacts
                && lhs.isBlocked == rhs.isBlocked && lhs.removed.map { "\($0)" } == rhs.removed.map { "\($0)" }
        }
    }

    /// The rows of the outbox's `schedule.csv`; none when there is no outbox or no schedule yet.
    public static func rows(outbox: URL) -> [Row] {
        let url = outbox.appendingPathComponent(OutboxWriter.scheduleFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        let file = SourceFile(path: OutboxWriter.scheduleFileName, bytes: [UInt8](data))
        var ignored = DiagnosticBag()
        let records = CSVReader().records(file, diagnostics: &ignored)
        guard let header = records.first?.fields.map({ $0.text(in: file) }),
            let sendAt = header.firstIndex(of: "send_at"), let campaign = header.firstIndex(of: "campaign"),
            let step = header.firstIndex(of: "step"), let contact = header.firstIndex(of: "contact"),
            let path = header.firstIndex(of: "file")
        else { return [] }
        return records.dropFirst().compactMap { record in
            // Only the five cells the guard reads become text.
            let fields = record.fields
            guard fields.count == header.count, let instant = AsOf.instant(formatted: fields[sendAt].text(in: file)) else {
                return nil
            }
            return Row(
                sendAt: instant, campaign: fields[campaign].text(in: file), step: fields[step].text(in: file),
                contact: fields[contact].text(in: file), file: fields[path].text(in: file))
        }
    }

    /// What writing `planned` would remove from the due messages of `rows`. The messages of
    /// contacts it holds back (`planned.held`) are kept as they are, so they are not counted.
    public static func check(_ rows: [Row], planned: BuildPlanner.Planned, asOf: Int, maxPercent: Int) -> Report {
        let scheduler = planned.renderer.scheduler
        let steps = Dictionary(scheduler.campaigns.map { ($0.id, Set($0.steps.map(\.id))) }, uniquingKeysWith: { first, _ in first })
        let held = planned.heldPaths
        let due = rows.filter { row in
            row.sendAt >= asOf && !held.contains(row.file) && steps[row.campaign].map { $0.contains(row.step) } != false
        }
        var kept: Set<String> = []
        kept.reserveCapacity(planned.count)
        for index in 0..<planned.count {
            let location = planned.location(of: index)
            kept.insert(OutboxPath(sanitizing: location.directory, location.fileName).relative)
        }
        var dueByCampaign: [String: Int] = [:]
        var removedByCampaign: [String: Int] = [:]
        var removedContacts: Set<String> = []
        for row in due {
            dueByCampaign[row.campaign, default: 0] += 1
            if !kept.contains(row.file) {
                removedByCampaign[row.campaign, default: 0] += 1
                removedContacts.insert(row.contact)
            }
        }
        let campaigns = Set(steps.keys)
        let keys = Set(scheduler.lists.flatMap { $0.contacts.map(\.key) })
        let removed = removedByCampaign.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { (campaign: $0.key, removed: $0.value, due: dueByCampaign[$0.key] ?? 0) }
        let count = removed.reduce(0) { $0 + $1.removed }
        return Report(
            due: due.count, removed: removed,
            goneCampaigns: removedByCampaign.keys.filter { !campaigns.contains($0) }.sorted(),
            goneContacts: removedContacts.filter { !keys.contains($0) }.count,
            isBlocked: count > minimumCount && count * 100 > maxPercent * due.count)
    }
}

extension RemovalGuard.Report {
    /// The diagnostic a stopped build reports: how much it would remove, from which campaigns,
    /// the likely causes it can see, and how to accept the removal. `path` is the outbox's
    /// `schedule.csv` as the user knows it; `headerWarnings` says whether the check found
    /// columns that match no field.
    public func diagnostic(path: String, maxPercent: Int, headerWarnings: Bool) -> Diagnostic {
        let percent = due == 0 ? 100 : removedCount * 100 / due
        var diagnostic = Diagnostic(
            OutboxMessages.removesDueMessages(removed: removedCount, due: due, percent: percent, maxPercent: maxPercent),
            file: path)
        for campaign in removed.prefix(8) {
            diagnostic = diagnostic.with(
                note: "campaign '\(campaign.campaign)' would lose \(campaign.removed.grouped) of its "
                    + "\(campaign.due.grouped) due \(campaign.due == 1 ? "message" : "messages")")
        }
        if removed.count > 8 { diagnostic = diagnostic.with(note: "and \(removed.count - 8) more campaigns") }
        for campaign in goneCampaigns {
            diagnostic = diagnostic.with(note: "campaign '\(campaign)' is no longer in campaigns/: its file was removed or renamed")
        }
        if goneContacts > 0 {
            diagnostic = diagnostic.with(
                note: "\(goneContacts.grouped) \(goneContacts == 1 ? "contact" : "contacts") with due "
                    + "messages \(goneContacts == 1 ? "is" : "are") in no contact list any more: did an export come out short?")
        }
        if headerWarnings {
            diagnostic = diagnostic.with(note: "a contact list has columns that match no field: did an export's header change?")
        }
        return diagnostic.with(
            help: "if the removal is meant, run 'touchpoint build --allow-removals'; "
                + "'limits: max_removed' in touchpoint.yaml sets how much a build may remove on its own")
    }
}

/// The outbox's own diagnostics.
package enum OutboxMessages {
    package static func removesDueMessages(removed: Int, due: Int, percent: Int, maxPercent: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .removesDueMessages,
            "this build would remove \(removed.grouped) of the \(due.grouped) messages still due (\(percent)%), "
                + "more than 'max_removed: \(maxPercent)%' lets a build remove on its own")
    }
}
