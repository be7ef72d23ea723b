import Foundation
internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// One row of the outbox's `schedule.csv`, as delivery and the next build read it.
public struct ScheduleRow: Sendable, Equatable {
    /// The send instant, and the text it was read from (ISO 8601 with the contact's offset).
    public let sendAt: Int
    public let sendAtText: String
    public let campaign: String
    public let step: String
    public let contact: String
    /// The recipient: the envelope address delivery hands the message to.
    public let to: String
    /// `care` or `marketing`.
    public let kind: String
    /// Without angle brackets.
    public let messageID: String
    /// The message's file, relative to the outbox: `2026-12-01/0900-….eml`.
    public let file: String

    /// The contact's offset from UTC at the send instant, in seconds, from the text's `±HH:MM`.
    public var utcOffset: Int {
        let text = sendAtText.suffix(6)
        let sign = text.first == "-" ? -1 : 1
        return sign * ((Int(text.dropFirst().prefix(2)) ?? 0) * 3_600 + (Int(text.suffix(2)) ?? 0) * 60)
    }

    /// The row as `sent.log` records carry it.
    public var logged: SentLog.Message {
        SentLog.Message(sendAt: sendAtText, to: to, kind: kind, campaign: campaign, step: step, contact: contact, file: file)
    }

    /// The file's path split into its folders and name, when it stays inside the outbox (the
    /// build wrote it so; a hand-edited schedule may not have).
    public var fileComponents: [String]? {
        let components = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard components.count >= 2, components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
            components.first != "sent", !components[0].hasPrefix(".")
        else { return nil }
        return components
    }

    /// The columns a row needs.
    static let columns = ["send_at", "campaign", "step", "contact", "to", "kind", "message_id", "file"]

    /// The rows of `schedule.csv` in `outbox` whose send instant is at or before `instant`, in
    /// the schedule's order; `nil` when there is no `schedule.csv`. The schedule is sorted by
    /// send time, so only its beginning is read, however many messages come later.
    public static func rows(outbox: URL, through instant: Int) throws(EnvironmentError) -> [ScheduleRow]? {
        let path = outbox.appendingPathComponent(OutboxWriter.scheduleFileName).path
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else {
            if errno == ENOENT { return nil }
            throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno))
        }
        defer { close(file) }
        var size = 256 * 1024
        while true {
            var buffer = [UInt8](repeating: 0, count: size)
            var count = 0
            while count < size {
                let read = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress.map { $0 + count }, size - count, off_t(count)) }
                if read < 0, errno == EINTR { continue }
                if read < 0 { throw .outboxSystemCall("read", path, reason: OutboxDirectory.reason(errno)) }
                if read == 0 { break }
                count += read
            }
            let isWhole = count < size
            // A prefix ends at its last line break; the record there may still be cut inside quotes.
            let end = isWhole ? count : (buffer[0..<count].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if let rows = parse(Array(buffer[0..<end]), through: instant, isWhole: isWhole) { return rows }
            size *= 4
        }
    }

    /// The rows through `instant` of the beginning of a schedule; `nil` when the rows might go on
    /// past what `bytes` holds.
    static func parse(_ bytes: [UInt8], through instant: Int, isWhole: Bool) -> [ScheduleRow]? {
        let file = SourceFile(path: OutboxWriter.scheduleFileName, bytes: bytes)
        var ignored = DiagnosticBag()
        var header: [Int]?
        var rows: [ScheduleRow] = []
        var reachedEnd = false
        CSVReader().read(file, diagnostics: &ignored) { record, _ in
            guard !reachedEnd else { return }
            let fields = record.fields.map { $0.text(in: file) }
            guard let columns = header else {
                let found = Self.columns.compactMap { fields.firstIndex(of: $0) }
                if found.count == Self.columns.count { header = found } else { reachedEnd = true }
                return
            }
            guard !record.isMalformed, fields.count > (columns.max() ?? 0) else { return }
            let sendAtText = fields[columns[0]]
            guard let sendAt = AsOf.instant(formatted: sendAtText) else { return }
            if sendAt > instant {
                reachedEnd = true
                return
            }
            var id = fields[columns[6]]
            if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
            rows.append(
                ScheduleRow(
                    sendAt: sendAt, sendAtText: sendAtText, campaign: fields[columns[1]], step: fields[columns[2]],
                    contact: fields[columns[3]], to: fields[columns[4]], kind: fields[columns[5]], messageID: id,
                    file: fields[columns[7]]))
        }
        // Otherwise the last record may be cut short by the prefix: the caller reads more.
        return reachedEnd || isWhole ? rows : nil
    }
}
