import Foundation
internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// `out/sent.log`: what delivery did, one event a line, appended and never rewritten. Each line
/// is eleven tab-separated fields:
///
/// ```
/// logged-at  event  <message-id>  send_at  to  kind  campaign  step  contact  file  reason
/// ```
///
/// `event` is `sending` (written and synced before a hand-off), `sent` (after it succeeded),
/// `retry` (it failed for now), `failed` (delivery gave up) or `expired` (too late to send).
/// The fields after the Message-ID are the message's row of `schedule.csv` — what the frequency
/// cap needs in later builds — and `reason` says why a hand-off failed. Tabs, line breaks and `%`
/// inside a field are percent-encoded. Lines starting with `#` are comments; a line of three
/// fields, `delivered-at <message-id> file`, is the older form of a `sent` line.
public enum SentLog {
    public static let fileName = "sent.log"

    /// What happened to a message.
    public enum Event: String, Sendable, CaseIterable {
        case sending, sent, retry, failed, expired
    }

    /// A message's row of `schedule.csv`, as a record carries it.
    public struct Message: Sendable, Hashable {
        /// ISO 8601 with the contact's offset, as `schedule.csv` writes it.
        public var sendAt: String
        public var to: String
        /// `care` or `marketing`.
        public var kind: String
        public var campaign: String
        public var step: String
        public var contact: String
        /// The message's file, relative to the outbox.
        public var file: String

        public init(sendAt: String, to: String, kind: String, campaign: String, step: String, contact: String, file: String) {
            self.sendAt = sendAt
            self.to = to
            self.kind = kind
            self.campaign = campaign
            self.step = step
            self.contact = contact
            self.file = file
        }
    }

    /// One line of the log.
    public struct Record: Sendable, Hashable {
        /// When delivery wrote it, as `2026-12-01T09:00:02-06:00`.
        public var loggedAt: String
        public var event: Event
        /// Without angle brackets.
        public var messageID: String
        /// `nil` only in a line of the older form.
        public var message: Message?
        /// Why a hand-off failed, for `retry`, `failed` and `expired`; empty otherwise.
        public var reason: String

        public init(loggedAt: String, event: Event, messageID: String, message: Message?, reason: String = "") {
            self.loggedAt = loggedAt
            self.event = event
            self.messageID = messageID
            self.message = message
            self.reason = reason
        }

        /// The line, ending in a line feed.
        public var line: String {
            let message = message ?? Message(sendAt: "", to: "", kind: "", campaign: "", step: "", contact: "", file: "")
            let fields = [
                loggedAt, event.rawValue, "<\(messageID)>", message.sendAt, message.to, message.kind, message.campaign,
                message.step, message.contact, message.file, reason,
            ]
            return fields.map(SentLog.escape).joined(separator: "\t") + "\n"
        }

        /// The record a line holds; `nil` for a comment, a blank line or one that is not a record
        /// (a line cut short when the machine stopped mid-write is one).
        public init?(line text: some StringProtocol) {
            guard !text.hasPrefix("#") else { return nil }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map { SentLog.unescape($0.trimmingSpaces) }
            func messageID(_ field: String) -> String? {
                guard field.hasPrefix("<"), field.hasSuffix(">"), field.count > 2 else { return nil }
                let id = String(field.dropFirst().dropLast())
                return id.contains("@") ? id : nil
            }
            if fields.count == 3, let id = messageID(fields[1]) {
                self.init(loggedAt: fields[0], event: .sent, messageID: id, message: nil)
                return
            }
            guard fields.count == 11, let event = Event(rawValue: fields[1]), let id = messageID(fields[2]) else { return nil }
            self.init(
                loggedAt: fields[0], event: event, messageID: id,
                message: Message(
                    sendAt: fields[3], to: fields[4], kind: fields[5], campaign: fields[6], step: fields[7], contact: fields[8],
                    file: fields[9]),
                reason: fields[10])
        }
    }

    /// The comment a new log starts with.
    public static let header =
        "# touchpoint sent.log: logged-at, event, message-id, send_at, to, kind, campaign, step, contact, file, reason\n"

    /// The records of a log's text, in order.
    public static func records(in file: SourceFile) -> [Record] {
        (1...max(1, file.lineCount)).compactMap { Record(line: file.text(ofLine: $0)) }
    }

    /// What the records say, message by message: the last word on each. A `sending` with no later
    /// `sent`, `retry`, `failed` or `expired` is uncertain.
    public static func ledger(_ records: [Record]) -> DeliveryLedger {
        var ledger = DeliveryLedger()
        var open: Set<String> = []
        var marketing: [String: DeliveredMessage] = [:]
        for record in records {
            let id = record.messageID
            switch record.event {
            case .sending:
                open.insert(id)
            case .sent:
                open.remove(id)
                ledger.delivered.insert(id)
                ledger.undelivered.remove(id)
                ledger.failed.remove(id)
                if marketing[id] == nil, let delivered = deliveredMarketing(record) { marketing[id] = delivered }
            case .retry:
                open.remove(id)
            case .failed, .expired:
                open.remove(id)
                if !ledger.delivered.contains(id) {
                    ledger.undelivered.insert(id)
                    if record.event == .failed { ledger.failed.insert(id) } else { ledger.failed.remove(id) }
                }
            }
        }
        ledger.uncertain = open.subtracting(ledger.delivered)
        ledger.marketing = marketing.values.sorted { ($0.sendAt, $0.messageID) < ($1.sendAt, $1.messageID) }
        return ledger
    }

    /// The same as `deliveredMarketing(_:)` for a plain line (no field escaped or padded), read
    /// straight from its bytes; `nil` for any other line.
    private static func deliveredMarketing(line: ArraySlice<UInt8>, id: String) -> DeliveredMessage? {
        let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        guard fields.count == 11, fields[5].elementsEqual("marketing".utf8) else { return nil }
        let wanted = [3, 4, 6, 7, 8]
        guard wanted.allSatisfy({ index in !fields[index].contains { $0 == UInt8(ascii: "%") || $0 == 0x20 || $0 == 0x0D } }) else {
            return nil
        }
        func text(_ index: Int) -> String { String(decoding: fields[index], as: UTF8.self) }
        let message = Message(sendAt: text(3), to: text(4), kind: "marketing", campaign: text(6), step: text(7), contact: text(8), file: "")
        return deliveredMarketing(Record(loggedAt: "", event: .sent, messageID: id, message: message))
    }

    /// A `sent` record of a marketing message, as the cap counts it.
    private static func deliveredMarketing(_ record: Record) -> DeliveredMessage? {
        guard let message = record.message, message.kind == "marketing",
            let instant = AsOf.instant(formatted: message.sendAt),
            case .success(let address) = EmailAddress.parse(message.to)
        else { return nil }
        // The offset is the last six characters, `±HH:MM`, of what `AsOf.format` wrote.
        let offsetText = message.sendAt.suffix(6)
        let sign = offsetText.first == "-" ? -1 : 1
        let hours = Int(offsetText.dropFirst().prefix(2)) ?? 0
        let minutes = Int(offsetText.suffix(2)) ?? 0
        return DeliveredMessage(
            messageID: record.messageID, sendAt: instant, utcOffset: sign * (hours * 3600 + minutes * 60),
            address: address.description.lowercased(),
            campaign: message.campaign, step: message.step, contact: message.contact)
    }

    /// Each record of a log's bytes, in order, read as little as can be: `body` gets the event,
    /// the Message-ID (without angle brackets, as bytes), the line, and a way to read the whole
    /// record when it needs more. A log of a busy practice holds millions of lines; most of them
    /// only count as "this message was sent".
    package static func scan(_ bytes: [UInt8], _ body: (Event, ArraySlice<UInt8>, ArraySlice<UInt8>, () -> Record?) -> Void) {
        let tab = UInt8(ascii: "\t")
        var start = 0
        let count = bytes.count
        while start < count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? count
            defer { start = end + 1 }
            guard end > start, bytes[start] != UInt8(ascii: "#") else { continue }
            let line = bytes[start..<end]
            func full() -> Record? { Record(line: String(decoding: line, as: UTF8.self)) }
            // Where the first three fields end, and how many fields there are.
            var tabs = (0, 0, 0)
            var tabCount = 0
            for index in line.indices where bytes[index] == tab {
                switch tabCount {
                case 0: tabs.0 = index
                case 1: tabs.1 = index
                case 2: tabs.2 = index
                default: break
                }
                tabCount += 1
            }
            let simple = { (range: Range<Int>) in
                !bytes[range].contains { $0 == UInt8(ascii: "%") || $0 == 0x20 || $0 == 0x0D }
            }
            if tabCount == 2 {
                // The older form, `delivered-at <message-id> file`: a `sent`.
                let idField = (tabs.0 + 1)..<tabs.1
                guard simple(idField) else {
                    if let record = full() { body(record.event, ArraySlice(record.messageID.utf8), line, { record }) }
                    continue
                }
                if let id = messageID(in: bytes, idField) { body(.sent, id, line, full) }
                continue
            }
            guard tabCount == 10 else { continue }
            let eventField = (tabs.0 + 1)..<tabs.1
            let idField = (tabs.1 + 1)..<tabs.2
            guard simple(eventField), simple(idField) else {
                if let record = full() { body(record.event, ArraySlice(record.messageID.utf8), line, { record }) }
                continue
            }
            guard let event = event(in: bytes[eventField]), let id = messageID(in: bytes, idField) else { continue }
            body(event, id, line, full)
        }
    }

    private static func event(in field: ArraySlice<UInt8>) -> Event? {
        for event in Event.allCases where field.elementsEqual(event.rawValue.utf8) { return event }
        return nil
    }

    /// `<…@…>`'s inside, as `Record(line:)` takes it.
    private static func messageID(in bytes: [UInt8], _ field: Range<Int>) -> ArraySlice<UInt8>? {
        guard field.count > 2, bytes[field.lowerBound] == UInt8(ascii: "<"), bytes[field.upperBound - 1] == UInt8(ascii: ">") else {
            return nil
        }
        let inside = bytes[(field.lowerBound + 1)..<(field.upperBound - 1)]
        return inside.contains(UInt8(ascii: "@")) ? inside : nil
    }

    /// What a log's bytes say, message by message: the same as `ledger(records(in:))`, without
    /// making a record of every line.
    package static func ledger(bytes: [UInt8]) -> DeliveryLedger {
        var ledger = DeliveryLedger()
        var open: Set<String> = []
        var marketing: [String: DeliveredMessage] = [:]
        let marketingKind = Array("\tmarketing\t".utf8)
        scan(bytes) { event, idBytes, line, record in
            let id = String(decoding: idBytes, as: UTF8.self)
            switch event {
            case .sending:
                open.insert(id)
            case .sent:
                open.remove(id)
                ledger.delivered.insert(id)
                ledger.undelivered.remove(id)
                ledger.failed.remove(id)
                // Only a marketing record is read whole, for the cap.
                if marketing[id] == nil, contains(line, marketingKind),
                    let delivered = deliveredMarketing(line: line, id: id) ?? record().flatMap(deliveredMarketing)
                {
                    marketing[id] = delivered
                }
            case .retry:
                open.remove(id)
            case .failed, .expired:
                open.remove(id)
                if !ledger.delivered.contains(id) {
                    ledger.undelivered.insert(id)
                    if event == .failed { ledger.failed.insert(id) } else { ledger.failed.remove(id) }
                }
            }
        }
        ledger.uncertain = open.subtracting(ledger.delivered)
        ledger.marketing = marketing.values.sorted { ($0.sendAt, $0.messageID) < ($1.sendAt, $1.messageID) }
        return ledger
    }

    /// Whether `line` holds `needle`.
    private static func contains(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, line.count >= needle.count else { return false }
        var index = line.startIndex
        while index + needle.count <= line.endIndex {
            if line[index] == first, line[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// What delivery has recorded for an outbox: `sent.log`, and the messages moved into `sent/`
    /// (delivered, whatever the log says).
    public static func ledger(outbox folder: URL) -> DeliveryLedger {
        var ledger = DeliveryLedger()
        let log = folder.appendingPathComponent(fileName)
        if let bytes = try? contents(of: log.path) {
            ledger = self.ledger(bytes: bytes)
        }
        let sent = folder.appendingPathComponent("sent", isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(at: sent, includingPropertiesForKeys: nil) else { return ledger }
        while let url = enumerator.nextObject() as? URL {
            guard url.pathExtension == "eml", let handle = try? FileHandle(forReadingFrom: url) else { continue }
            defer { try? handle.close() }
            if let head = try? handle.read(upToCount: 8192), let id = messageID(inHeaders: [UInt8](head)) {
                ledger.delivered.insert(id)
                ledger.uncertain.remove(id)
                ledger.undelivered.remove(id)
                ledger.failed.remove(id)
            }
        }
        return ledger
    }

    /// The bytes of the file at `path`, read straight into one array; `nil` when there is no
    /// such file.
    package static func contents(of path: String) throws(EnvironmentError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .outboxSystemCall("open", path, reason: OutboxDirectory.reason(errno))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .outboxSystemCall("read", path, reason: OutboxDirectory.reason(errno)) }
        var failure: Int32?
        // An empty file reads as []: a capacity of 0 gives the shared empty array, whose count
        // threads must not set at once.
        guard status.st_size > 0 else { return [] }
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size)) { buffer, count in
            count = 0
            while count < buffer.count {
                let read = Glibc.read(descriptor, buffer.baseAddress.map { $0 + count }, buffer.count - count)
                if read < 0, errno == EINTR { continue }
                if read < 0 { failure = errno }
                if read <= 0 { break }
                count += read
            }
        }
        if let failure { throw .outboxSystemCall("read", path, reason: OutboxDirectory.reason(failure)) }
        return bytes
    }

    /// The Message-ID (without angle brackets) in the headers of a message's first bytes.
    public static func messageID(inHeaders bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.isEmpty || line == "\r" { return nil }
            guard line.lowercased().hasPrefix("message-id:") else { continue }
            let value = line.dropFirst("message-id:".count).filter { $0 != "\r" }.trimmingSpaces
            let id = value.hasPrefix("<") && value.hasSuffix(">") ? String(value.dropFirst().dropLast()) : value
            return id.contains("@") ? id : nil
        }
        return nil
    }

    /// A field with its tabs, line breaks and `%` percent-encoded.
    static func escape(_ field: String) -> String {
        PercentEncoding.encode(field) { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != UInt8(ascii: "%") }
    }

    static func unescape(_ field: String) -> String {
        PercentEncoding.decode(field)
    }
}
