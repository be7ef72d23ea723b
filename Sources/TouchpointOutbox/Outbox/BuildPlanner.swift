import Crypto
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Turns a schedule into what the outbox writer takes: for every message its day folder, file
/// name and a digest of every input, rendered only when the writer asks; and `schedule.csv`,
/// made only when the messages changed.
///
/// Nothing is rendered to plan: a message's digest is made from what the renderer renders it
/// from (``RenderInput``: its step's ``StepInputs``, digested once a step, the contact, the
/// message), so a build whose inputs did not change renders nothing and a build with one edited
/// step renders that step.
public struct BuildPlanner: Sendable {
    public let renderer: MessageRenderer

    public init(renderer: MessageRenderer) {
        self.renderer = renderer
    }

    /// The planned outbox: one message an index, in schedule order.
    public struct Planned: OutboxContent {
        public let renderer: MessageRenderer
        /// The messages to write: those of the schedule that have an address.
        public let messages: [ScheduledMessage]
        /// Messages without a usable address, which cannot be written.
        public let skipped: Int
        /// `schedule.csv`, made when the writer needs it.
        public let schedule: OutboxSchedule
        /// A digest of everything every message's digest is made from, in one pass: it covers
        /// each message's location too, which is made from the send time, the campaign, the step
        /// and the contact's key.
        public let fingerprint: OutboxHash?
        /// The messages of held-back contacts that earlier builds wrote, kept as they are.
        public let held: HeldMessages
        /// Each message's digest, made the first time one is asked for: a build whose
        /// fingerprint matches the last one's never needs them.
        private let digests: LazyDigests

        fileprivate init(
            renderer: MessageRenderer, messages: [ScheduledMessage], skipped: Int, fingerprint: OutboxHash,
            digests: @escaping @Sendable () -> [OutboxHash], scheduleInputs: OutboxHash
        ) {
            self.init(
                renderer: renderer, messages: messages, skipped: skipped, fingerprint: fingerprint,
                digests: LazyDigests(make: digests), held: .none,
                schedule: OutboxSchedule(inputDigest: scheduleInputs) { [renderer, messages] emit in
                    BuildPlanner.scheduleCSV(messages, renderer: renderer, emit: emit)
                })
        }

        private init(
            renderer: MessageRenderer, messages: [ScheduledMessage], skipped: Int, fingerprint: OutboxHash?,
            digests: LazyDigests, held: HeldMessages, schedule: OutboxSchedule
        ) {
            self.renderer = renderer
            self.messages = messages
            self.skipped = skipped
            self.fingerprint = fingerprint
            self.digests = digests
            self.held = held
            self.schedule = schedule
        }

        /// The same messages, and the messages of held-back contacts kept as they are: their
        /// files and manifest records stay, and their rows of the last `schedule.csv` go into
        /// the new one in send-time order. Such content has no fingerprint: the writer always
        /// looks at the outbox file by file.
        public func holding(_ held: HeldMessages) -> Planned {
            guard !held.isEmpty else { return self }
            var inputs: [UInt8] = []
            schedule.inputDigest.append(to: &inputs)
            for row in held.rows { inputs += row.bytes }
            let scheduler = renderer.scheduler
            // A schedule's order: send time, campaign id, the step's place in its campaign, contact key.
            let campaigns = Dictionary(scheduler.campaigns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let rows = held.rows.map { row in
                (row: row, step: campaigns[row.campaign]?.steps.firstIndex { $0.id == row.step } ?? Int.max)
            }.sorted {
                ($0.row.sendAt, $0.row.campaign, $0.step, $0.row.contact) < ($1.row.sendAt, $1.row.campaign, $1.step, $1.row.contact)
            }
            return Planned(
                renderer: renderer, messages: messages, skipped: skipped, fingerprint: nil, digests: digests, held: held,
                schedule: OutboxSchedule(inputDigest: .sha256(inputs)) { [renderer, messages] emit in
                    // Each held row goes in after the messages that come before it.
                    let placed = rows.map { held in
                        var low = 0
                        var high = messages.count
                        while low < high {
                            let middle = (low + high) / 2
                            let message = messages[middle]
                            let place = (
                                message.instant, scheduler.campaigns[message.campaign].id, message.step,
                                scheduler.lists[message.list].contacts[message.contact].key
                            )
                            if place < (held.row.sendAt, held.row.campaign, held.step, held.row.contact) {
                                low = middle + 1
                            } else {
                                high = middle
                            }
                        }
                        return (index: low, bytes: held.row.bytes)
                    }
                    BuildPlanner.scheduleCSV(messages, renderer: renderer, held: placed, emit: emit)
                })
        }

        public var count: Int { messages.count }

        public var heldPaths: Set<String> { held.paths }

        public func location(of index: Int) -> (directory: String, fileName: String) {
            BuildPlanner.location(messages[index], scheduler: renderer.scheduler)
        }

        public func directory(of index: Int) -> String { messages[index].date.description }

        public func fileName(of index: Int) -> String { location(of: index).fileName }

        public func inputDigest(of index: Int) -> OutboxHash { digests.all[index] }

        public func render(_ index: Int) -> [UInt8] {
            let message = messages[index]
            guard let parts = renderer.parts(of: message) else { return [] }
            return renderer.render(message, parts: parts)
        }
    }

    /// `out/YYYY-MM-DD/HHMM-campaign-step-key.eml`: the contact's key, never a name or address.
    public static func location(_ message: ScheduledMessage, campaign: String, step: String, key: String)
        -> (directory: String, fileName: String)
    {
        let minutes = message.time.minutes
        var name: [UInt8] = []
        name.reserveCapacity(campaign.utf8.count + step.utf8.count + key.utf8.count + 12)
        for digit in [minutes / 600, minutes / 60 % 10, minutes % 60 / 10, minutes % 10] {
            name.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: digit))
        }
        for part in [campaign, step, key] {
            name.append(UInt8(ascii: "-"))
            name += part.utf8
        }
        name += ".eml".utf8
        return (message.date.description, String(decoding: name, as: UTF8.self))
    }

    package static func location(_ message: ScheduledMessage, scheduler: Scheduler) -> (directory: String, fileName: String) {
        let campaign = scheduler.campaigns[message.campaign]
        return location(
            message, campaign: campaign.id, step: campaign.steps[message.step].id,
            key: scheduler.lists[message.list].contacts[message.contact].key)
    }

    public func plan(_ schedule: Schedule) -> Planned {
        let scheduler = renderer.scheduler
        func hasAddress(_ message: ScheduledMessage) -> Bool {
            let list = scheduler.lists[message.list]
            if case .email = list.contacts[message.contact][field: list.schema.emailField] { return true }
            return false
        }
        // The scheduler drops messages without an address, so this is the schedule's own array.
        let messages = schedule.messages.allSatisfy(hasAddress) ? schedule.messages : schedule.messages.filter(hasAddress)
        // What a message is rendered from, and where it goes: the step's id names its file.
        let stepDigests = zip(scheduler.campaigns, renderer.steps).map { campaign, steps in
            zip(campaign.steps, steps).map { step, inputs in Self.digest(inputs.digest, step: step) }
        }
        // What a row of schedule.csv shows besides the message's headers.
        let rowDigests = zip(scheduler.campaigns, renderer.steps).map { campaign, steps in
            zip(campaign.steps, steps).map { step, inputs in
                Self.digest(inputs.headers.digest, step: step, step.kind.rawValue)
            }
        }
        // Each contact's values once, rather than once for each of its messages.
        let contactDigests = scheduler.lists.map { list in
            Parallel.map(list.contacts.count) { range in
                var input: [UInt8] = []
                return range.map { index in
                    input.removeAll(keepingCapacity: true)
                    ContactDigest.append(list.contacts[index], to: &input)
                    return OutboxHash.sha256(input)
                }
            }
        }
        let digests = { @Sendable in
            Parallel.map(messages.count) { range in
                var input: [UInt8] = []
                return range.map { index in
                    let message = messages[index]
                    input.removeAll(keepingCapacity: true)
                    input += stepDigests[message.campaign][message.step]
                    contactDigests[message.list][message.contact].append(to: &input)
                    MessageDigest.append(message, to: &input)
                    return OutboxHash.sha256(input)
                }
            }
        }
        let fingerprint = Self.digest(
            of: messages, label: MessageRenderer.version, stepDigests: stepDigests,
            contactDigests: contactDigests)
        let scheduleInputs = Self.digest(
            of: messages, label: "schedule.csv", stepDigests: rowDigests,
            contactDigests: contactDigests)
        return Planned(
            renderer: renderer, messages: messages, skipped: schedule.messages.count - messages.count,
            fingerprint: fingerprint, digests: digests, scheduleInputs: scheduleInputs)
    }

    /// A step's inputs' digest with the parts of its messages' locations and rows that are the
    /// step's own.
    private static func digest(_ inputs: [UInt8], step: CheckedStep, _ more: String...) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: inputs)
        for part in [step.id] + more {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0x1E])
        }
        return Array(hasher.finalize())
    }

    /// A digest of all the messages' inputs in one pass: `label`, every step's digest, every
    /// contact's, and each message's step, contact, send time and Message-ID, in order. Whatever
    /// changes one message's digest (made from the same parts) changes it.
    ///
    /// With the steps' row digests (their headers, not their bodies), it is what `schedule.csv`
    /// is made from: an edit to a body or the layout leaves it as it was, so the schedule is not
    /// made again.
    private static func digest(
        of messages: [ScheduledMessage], label: String, stepDigests: [[[UInt8]]],
        contactDigests: [[OutboxHash]]
    ) -> OutboxHash {
        var hasher = SHA256()
        hasher.update(data: Array(label.utf8))
        for campaign in stepDigests {
            for step in campaign { hasher.update(data: step) }
            hasher.update(data: [0x1E])
        }
        for digests in contactDigests {
            digests.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
        var input: [Int64] = []
        input.reserveCapacity(4_096 * 7)
        var identities: [UInt8] = []
        identities.reserveCapacity(16 * 4_096)
        for start in stride(from: 0, to: messages.count, by: 4_096) {
            input.removeAll(keepingCapacity: true)
            identities.removeAll(keepingCapacity: true)
            for message in messages[start..<min(messages.count, start + 4_096)] {
                input += [Int64(message.campaign), Int64(message.step), Int64(message.list), Int64(message.contact)]
                MessageDigest.append(numbersOf: message, to: &input)
                message.identity.append(to: &identities)
            }
            input.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            hasher.update(data: identities)
        }
        return OutboxHash(hasher.finalize())
    }

    /// `schedule.csv`: a header and one row a message, in schedule order. Rows are made side by
    /// side a window at a time and handed on in order, so memory stays at one window's rows.
    /// `held` are rows kept from the last `schedule.csv`, each with the index of the message it
    /// goes before, in order.
    package static func scheduleCSV(
        _ messages: [ScheduledMessage], renderer: MessageRenderer, held: [(index: Int, bytes: [UInt8])] = [],
        emit: ([UInt8]) -> Void
    ) {
        emit(Array("send_at,campaign,step,contact,to,subject,kind,message_id,file\r\n".utf8))
        func emitRows(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            emit(
                Parallel.map(range.count, chunkSize: 1_024) { part in
                    rows(messages[(range.lowerBound + part.lowerBound)..<(range.lowerBound + part.upperBound)], renderer: renderer)
                })
        }
        let window = 16_384
        var next = 0
        for start in stride(from: 0, to: messages.count, by: window) {
            let end = min(messages.count, start + window)
            var from = start
            while next < held.count, held[next].index < end {
                emitRows(from..<held[next].index)
                emit(held[next].bytes)
                from = held[next].index
                next += 1
            }
            emitRows(from..<end)
        }
        for row in held[next...] { emit(row.bytes) }
    }

    /// The rows of `schedule.csv` for some messages.
    private static func rows(_ messages: ArraySlice<ScheduledMessage>, renderer: MessageRenderer) -> [UInt8] {
        let scheduler = renderer.scheduler
        var rows: [UInt8] = []
        for message in messages {
            guard let (address, subject) = renderer.addressAndSubject(of: message) else { continue }
            let campaign = scheduler.campaigns[message.campaign]
            let location = location(message, scheduler: scheduler)
            let fields = [
                AsOf.format(message.instant, offset: message.utcOffset), campaign.id, campaign.steps[message.step].id,
                scheduler.lists[message.list].contacts[message.contact].key, address.description,
                subject, campaign.steps[message.step].kind.rawValue, "<\(message.messageID(domain: scheduler.practice.domain))>",
                OutboxPath.sanitize(location.directory) + "/" + OutboxPath.sanitize(location.fileName),
            ]
            for (number, field) in fields.enumerated() {
                if number > 0 { rows.append(UInt8(ascii: ",")) }
                CSVText.append(HeaderEncoding.sanitize(field), to: &rows)
            }
            rows += [0x0D, 0x0A]
        }
        return rows
    }
}

/// Digests made once, the first time they are asked for, on whichever thread asks first.
private final class LazyDigests: Sendable {
    private let make: @Sendable () -> [OutboxHash]
    private let made = Locked<[OutboxHash]?>(nil)

    init(make: @escaping @Sendable () -> [OutboxHash]) {
        self.make = make
    }

    var all: [OutboxHash] {
        made.withLock { made in
            if let made { return made }
            let all = make()
            made = all
            return all
        }
    }
}
