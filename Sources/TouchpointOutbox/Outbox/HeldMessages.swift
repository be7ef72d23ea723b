import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The messages an earlier build wrote for the contacts this build holds back (a row of theirs has
/// errors, and the build was told to keep going): the build neither renders nor removes them, and
/// keeps their files, their manifest records and their rows of `schedule.csv` exactly as they are.
///
/// They are found in the outbox's `schedule.csv`, whose rows name each message's campaign and
/// contact key: a row is held when its campaign's audience is a held contact's list and its
/// contact is that contact. The messages of a campaign the practice no longer has are not held:
/// with the campaign gone, no build produces them.
public struct HeldMessages: Sendable {
    /// One row of the last build's `schedule.csv`, as it was written.
    public struct Row: Sendable, Equatable {
        public let sendAt: Int
        public let campaign: String
        public let step: String
        public let contact: String
        /// The message's path in the outbox, `2026-12-01/0900-….eml`.
        public let file: String
        /// The row's bytes, its line break included.
        public let bytes: [UInt8]
    }

    /// The rows, in the order of the file.
    public let rows: [Row]

    public init(rows: [Row]) {
        self.rows = rows
    }

    /// No messages held: what a build that holds no contact back keeps.
    public static let none = HeldMessages(rows: [])

    public var isEmpty: Bool { rows.isEmpty }

    /// The held messages' paths in the outbox.
    public var paths: Set<String> { Set(rows.map(\.file)) }

    /// The rows of the outbox's `schedule.csv` whose contact is held in their campaign's list:
    /// `keys` gives, for each campaign id, the held keys of its audience. None when there is no
    /// outbox or no schedule yet.
    public static func read(outbox: URL, keys: [String: Set<String>]) -> HeldMessages {
        guard !keys.isEmpty else { return .none }
        let url = outbox.appendingPathComponent(OutboxWriter.scheduleFileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return .none }
        let file = SourceFile(path: OutboxWriter.scheduleFileName, bytes: [UInt8](data))
        var ignored = DiagnosticBag()
        let records = CSVReader().records(file, diagnostics: &ignored)
        guard let header = records.first?.fields.map({ $0.text(in: file) }),
            let sendAt = header.firstIndex(of: "send_at"), let campaign = header.firstIndex(of: "campaign"),
            let step = header.firstIndex(of: "step"), let contact = header.firstIndex(of: "contact"),
            let path = header.firstIndex(of: "file")
        else { return .none }
        return HeldMessages(
            rows: records.dropFirst().compactMap { record in
                let fields = record.fields
                guard !record.isMalformed, fields.count == header.count,
                    let held = keys[fields[campaign].text(in: file)], held.contains(fields[contact].text(in: file)),
                    let instant = AsOf.instant(formatted: fields[sendAt].text(in: file))
                else { return nil }
                return Row(
                    sendAt: instant, campaign: fields[campaign].text(in: file), step: fields[step].text(in: file),
                    contact: fields[contact].text(in: file),
                    file: fields[path].text(in: file), bytes: Array(file.bytes[record.range]) + [0x0D, 0x0A])
            })
    }
}
