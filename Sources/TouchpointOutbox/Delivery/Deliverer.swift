import Foundation
internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What a delivery run is asked to do (`touchpoint deliver`'s options).
public struct DeliveryOptions: Sendable {
    /// Deliver as if it were this moment (`--now`): as `--as-of` takes it, in the practice's
    /// zone unless it has an offset. The run's clock starts there.
    public var now: String?
    /// Change nothing: say what would go.
    public var dryRun: Bool
    /// Hand on at most this many messages.
    public var limit: Int?
    /// Send again the messages an interrupted run left uncertain.
    public var resendUncertain: Bool
    /// Where a command named without a `/` is looked for (the caller's `PATH`).
    public var searchPath: [String]
    /// This process's ID, for the lock file.
    public var processID: Int32

    public init(
        now: String? = nil, dryRun: Bool = false, limit: Int? = nil, resendUncertain: Bool = false, searchPath: [String],
        processID: Int32
    ) {
        self.now = now
        self.dryRun = dryRun
        self.limit = limit
        self.resendUncertain = resendUncertain
        self.searchPath = searchPath
        self.processID = processID
    }
}

/// Delivery's view of time, given by the caller (the library never reads the clock): the present
/// instant, for lateness and the log, and a steady clock with a way to wait, for the rate.
public struct DeliveryClock: Sendable {
    /// The present, in seconds since 1970.
    public var now: @Sendable () -> Int
    /// Seconds on a clock that only goes forward.
    public var steady: @Sendable () -> Double
    /// Waits this many seconds.
    public var sleep: @Sendable (Double) -> Void

    public init(now: @escaping @Sendable () -> Int, steady: @escaping @Sendable () -> Double, sleep: @escaping @Sendable (Double) -> Void) {
        self.now = now
        self.steady = steady
        self.sleep = sleep
    }
}

/// Hands the due messages of an outbox to the practice's mail command (SPEC §6), each exactly
/// once and never late:
///
/// - the rows of `schedule.csv` whose time has come, in send order, less those `sent.log`
///   records as delivered or given up on (and those already moved to `out/sent/`);
/// - a message more than its allowance late (`expires:`; 12 hours for care, 3 days for
///   marketing) is marked `expired`, never sent; one due outside the send window (delivery
///   stopped for a while) waits for the window, unless it is less than ``onTimeGrace`` late;
/// - before each hand-off a `sending` record is appended and flushed; after the command exits 0
///   a `sent` record follows and the file moves to `out/sent/<date>/`. A `sending` with no later
///   record (the process died in between) is uncertain: reported, not sent again unless asked;
/// - exit status 75 (EX_TEMPFAIL) or a signal leaves the message due with a `retry` record;
///   another non-zero status does too, until the practice's `attempts` are used up, when the
///   message is marked `failed`;
/// - one run at a time, under the build's lock; at most `rate` hand-offs a period.
package struct Deliverer {
    let outbox: URL
    let practice: Practice
    let sources: DeliverySources
    let options: DeliveryOptions
    let clock: DeliveryClock

    package init(outbox: URL, practice: Practice, sources: DeliverySources, options: DeliveryOptions, clock: DeliveryClock) {
        self.outbox = outbox
        self.practice = practice
        self.sources = sources
        self.options = options
        self.clock = clock
    }

    /// A message less late than this goes even when the send window has just closed: it is on
    /// time, and the build put it inside the window.
    package static let onTimeGrace = 30 * 60

    /// How long the command may take over one message, in seconds. One that takes longer is
    /// killed, the message left uncertain (it may have gone), and the run stops: a mail command
    /// that hangs must not hold the outbox's lock for good.
    package static let commandTimeout = 300.0

    /// The `retry` reasons that start so were temporary failures; the others count as attempts.
    package static let temporaryPrefix = "temporary failure"

    /// What the run did; `nil` when another build or delivery holds the outbox (with its role
    /// and process ID).
    package enum Result {
        case done(DeliveryReport)
        case busy(processID: String?, role: OutboxLock.Role?)
    }

    package func run(progress: ((Int, Int) -> Void)?) throws(EnvironmentError) -> Result {
        let display = outbox.lastPathComponent
        guard let root = OutboxDirectory.openExistingOutbox(at: outbox),
            let state = try root.openSubdirectory(OutboxWriter.stateDirectory)
        else {
            throw EnvironmentError("there is no outbox at '\(outbox.relativePath)'; run 'touchpoint build' first")
        }
        let access: OutboxAccess = practice.outboxGroupReadable ? .group : .owner
        // Opened again with the practice's access, for the folders of `sent/` it creates.
        let folder = try OutboxDirectory.openOutbox(at: outbox, access: access)
        _ = root
        var lock: OutboxLock?
        if !options.dryRun {
            switch try OutboxLock.attempt(in: state, processID: options.processID, role: .deliver) {
            case .held(let held): lock = held
            case .busy(let holder, let role): return .busy(processID: holder, role: role)
            }
        }
        return try withExtendedLifetime(lock) { () throws(EnvironmentError) -> Result in
            let now = clock.now()
            guard let rows = try ScheduleRow.rows(outbox: outbox, through: now) else {
                throw EnvironmentError("there is no '\(display)/\(OutboxWriter.scheduleFileName)'; run 'touchpoint build' first")
            }
            let history = try History(outbox: outbox, due: rows.map(\.messageID))
            return .done(try deliver(rows, history: history, in: folder, now: now, progress: progress))
        }
    }

    /// Works through the due rows.
    private func deliver(
        _ rows: [ScheduleRow], history: History, in root: OutboxDirectory, now: Int, progress: ((Int, Int) -> Void)?
    ) throws(EnvironmentError) -> DeliveryReport {
        var report = DeliveryReport()
        report.dryRun = options.dryRun
        let zone = ZonedTime(practice.timeZone)
        let command = DeliveryCommand(searchPath: options.searchPath)
        let log = options.dryRun ? nil : try SentLogAppender(in: root)
        func logged(_ event: SentLog.Event, _ row: ScheduleRow, reason: String = "", flush: Bool) throws(EnvironmentError) {
            let instant = clock.now()
            let record = SentLog.Record(
                loggedAt: AsOf.format(instant, offset: zone.offset(at: instant)), event: event, messageID: row.messageID,
                message: row.logged, reason: reason)
            try log?.append(record, flush: flush)
        }

        // With `require_approval: true`, what the approvals cover; nothing when there are none.
        var approved: Set<String>?
        if practice.delivery.requireApproval {
            var damaged: [String] = []
            approved = try ApprovalLog.read(outbox: outbox).coveredMessages(outbox: outbox, damaged: &damaged)
            for digest in damaged {
                report.warnings.append(
                    "the approval sha256:\(digest.prefix(12)) in \(ApprovalLog.fileName) has no intact list in "
                        + "\(OutboxWriter.stateDirectory)/\(ApprovalLog.listsDirectory)/: it covers nothing")
            }
        }

        // First what each due message is to get, then the hand-offs.
        var toSend: [ScheduleRow] = []
        var seen: Set<String> = []
        for row in rows where seen.insert(row.messageID).inserted {
            switch history.state(of: row.messageID) {
            case .delivered:
                // A run that died after its `sent` record may have left the file behind.
                if !options.dryRun { _ = try? moveToSent(row, in: root) }
                continue
            case .finished:
                continue
            case .uncertain where !options.resendUncertain:
                report.items.append(.init(row: row, outcome: .uncertain))
                continue
            case .uncertain, .due:
                break
            }
            guard let components = row.fileComponents, try fileExists(components, in: root) else {
                if let components = row.fileComponents, try fileExists(["sent"] + components, in: root) { continue }
                report.items.append(.init(row: row, outcome: .missing))
                continue
            }
            let late = now - row.sendAt
            let allowance = sources.expiry(campaign: row.campaign, step: row.step, kind: row.kind)
            if late > allowance.seconds {
                let reason = "\(TimeSpan.describe(seconds: late)) late; '\(row.campaign).\(row.step)' may go at most \(allowance) late"
                try logged(.expired, row, reason: reason, flush: false)
                report.items.append(.init(row: row, outcome: .expired(reason)))
                continue
            }
            if late > Self.onTimeGrace, !windowIsOpen(at: now, for: row, zone: zone) {
                report.items.append(.init(row: row, outcome: .waiting))
                continue
            }
            if let approved, let components = row.fileComponents {
                let bytes = try folder(components.dropLast(), in: root)?.contents(ofFile: components[components.count - 1])
                guard let bytes, approved.contains(ApprovalLog.messageDigest(bytes)) else {
                    report.items.append(.init(row: row, outcome: .unapproved))
                    continue
                }
            }
            toSend.append(row)
        }
        let allowed = options.limit.map { min($0, toSend.count) } ?? toSend.count
        var outcomes = Array(repeating: DeliveryReport.Outcome.left, count: toSend.count)
        var lastStart: Double?
        // Without a rate, a few hand-offs run at once: their `sending` records share one flush,
        // and the commands' start-up (the floor of any delivery) overlaps.
        let batchSize = practice.delivery.rate == nil ? Self.handOffsAtOnce : 1
        var index = 0
        while index < allowed {
            if options.dryRun {
                outcomes[index] = .wouldSend
                index += 1
                continue
            }
            if let rate = practice.delivery.rate, let lastStart {
                let wait = lastStart + rate.interval - clock.steady()
                if wait > 0 { clock.sleep(wait) }
            }
            lastStart = clock.steady()
            progress?(index, allowed)
            let batch = Array(toSend[index..<min(index + batchSize, allowed)])
            let results = try handOff(batch, history: history, command: command, in: root, log: log, logged: logged)
            for (offset, result) in results.enumerated() {
                outcomes[index + offset] = result.outcome
                if let warning = result.warning { report.warnings.append(warning) }
                if let stop = result.stop, report.stopped == nil { report.stopped = stop }
            }
            index += batch.count
            if report.stopped != nil { break }
        }
        if !options.dryRun { progress?(allowed, allowed) }
        try log?.flush()
        report.items += zip(toSend, outcomes).map { DeliveryReport.Item(row: $0, outcome: $1) }
        report.items.sort { ($0.row.sendAt, $0.row.file) < ($1.row.sendAt, $1.row.file) }
        return report
    }

    /// How many hand-offs run at once when the practice sets no rate.
    package static let handOffsAtOnce = 2

    /// What one hand-off came to.
    private typealias HandOff = (outcome: DeliveryReport.Outcome, warning: String?, stop: String?)

    /// Hands on a few messages at once: their `sending` records, flushed together, then the
    /// commands side by side, and what each exit says.
    private func handOff(
        _ rows: [ScheduleRow], history: History, command: DeliveryCommand, in root: OutboxDirectory, log: SentLogAppender?,
        logged: (SentLog.Event, ScheduleRow, String, Bool) throws(EnvironmentError) -> Void
    ) throws(EnvironmentError) -> [HandOff] {
        var results: [HandOff?] = Array(repeating: nil, count: rows.count)
        var inputs: [Int32?] = Array(repeating: nil, count: rows.count)
        defer { for input in inputs { if let input { close(input) } } }
        for (index, row) in rows.enumerated() {
            if let components = row.fileComponents, let input = try openMessage(components, in: root) {
                inputs[index] = input
                try logged(.sending, row, "", false)
            } else {
                results[index] = (.missing, nil, nil)
            }
        }
        // Every `sending` record is on disk before any of the messages is handed on.
        try log?.flush()
        var running: [DeliveryCommand.Running?] = Array(repeating: nil, count: rows.count)
        let deadline = clock.steady() + Self.commandTimeout
        for (index, row) in rows.enumerated() {
            guard let input = inputs[index] else { continue }
            let arguments = practice.delivery.arguments(from: practice.bounce.description, to: row.to)
            switch command.start(arguments, input: input) {
            case .success(let started): running[index] = started
            case .failure(let problem): results[index] = try interpret(.cannotRun(problem.description), row, arguments, history, logged)
            }
        }
        for (index, row) in rows.enumerated() {
            guard let started = running[index] else { continue }
            let arguments = practice.delivery.arguments(from: practice.bounce.description, to: row.to)
            let outcome = command.finish(started, deadline: deadline, steady: clock.steady)
            results[index] = try interpret(outcome, row, arguments, history, logged)
            if case .sent = results[index]?.outcome {
                do {
                    try moveToSent(row, in: root)
                } catch {
                    results[index]?.warning = "\(row.file) was sent but stays in the outbox: \(error.description)"
                }
            }
        }
        return results.map { $0 ?? (.left, nil, nil) }
    }

    /// What the command's end means for the message, recorded in the log.
    private func interpret(
        _ outcome: DeliveryCommand.Outcome, _ row: ScheduleRow, _ arguments: [String], _ history: History,
        _ logged: (SentLog.Event, ScheduleRow, String, Bool) throws(EnvironmentError) -> Void
    ) throws(EnvironmentError) -> HandOff {
        switch outcome {
        case .exited(0, _):
            try logged(.sent, row, "", false)
            return (.sent, nil, nil)
        case .exited(75, let output):
            let reason = "\(Self.temporaryPrefix) (exit status 75)\(output.isEmpty ? "" : ": " + output)"
            try logged(.retry, row, reason, false)
            return (.retry(reason), nil, nil)
        case .exited(let status, let output):
            let attempt = history.attempts(of: row.messageID) + 1
            let limit = practice.delivery.attempts
            let reason = "exit status \(status), attempt \(attempt) of \(limit)\(output.isEmpty ? "" : ": " + output)"
            if attempt >= limit {
                try logged(.failed, row, reason, false)
                return (.failed(reason), nil, nil)
            }
            try logged(.retry, row, reason, false)
            return (.retry(reason), nil, nil)
        case .signaled(let signal, let output):
            let reason = "\(Self.temporaryPrefix) (killed by signal \(signal))\(output.isEmpty ? "" : ": " + output)"
            try logged(.retry, row, reason, false)
            return (.retry(reason), nil, nil)
        case .timedOut(let output):
            // Whether it went is unknown: no record closes the `sending` line.
            let problem =
                "'\(arguments[0])' did not finish within \(Int(Self.commandTimeout / 60)) minutes and was stopped"
                + (output.isEmpty ? "" : " (it said: \(output))") + "; \(row.file) is uncertain"
            return (.uncertain, nil, problem)
        case .cannotRun(let problem):
            try logged(.retry, row, "\(Self.temporaryPrefix): \(problem)", false)
            return (.retry("\(Self.temporaryPrefix): \(problem)"), nil, problem)
        }
    }

    /// Whether the message's step's send window is open at `now` where the message's contact is. The schedule
    /// gives the contact's offset at the send time; when it is the practice zone's then, the
    /// practice's zone is taken (it knows daylight saving), else that offset.
    private func windowIsOpen(at now: Int, for row: ScheduleRow, zone: ZonedTime) -> Bool {
        let offset = zone.offset(at: row.sendAt) == row.utcOffset ? zone.offset(at: now) : row.utcOffset
        let wall = now + offset
        let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        guard let date = LocalDate(dayNumber: day) else { return false }
        // The step's own window; a step that sends on closed days (`if_moved: send`) keeps to its hours only.
        var window = practice.sendWindow
        if let campaign = sources.campaigns.first(where: { $0.id == row.campaign }) {
            window = campaign.sendWindow(ofStep: row.step, practice: practice.sendWindow)
            if campaign.movePolicy(ofStep: row.step) == .send {
                window.days = Set(Weekday.allCases)
                window.holidays = []
            }
        }
        return window.allows(date) && window.contains(TimeOfDay(minutesSinceMidnight: (wall - day * 86_400) / 60))
    }

    private func folder(_ components: ArraySlice<String>, in root: OutboxDirectory) throws(EnvironmentError) -> OutboxDirectory? {
        var folder = root
        for name in components {
            guard let next = try folder.openSubdirectory(name) else { return nil }
            folder = next
        }
        return folder
    }

    private func fileExists(_ components: [String], in root: OutboxDirectory) throws(EnvironmentError) -> Bool {
        guard let folder = try? folder(components.dropLast(), in: root), let name = components.last else { return false }
        if case .file = try folder.entry(name) { return true }
        return false
    }

    /// The message's file, opened for reading; `nil` when it is not there.
    private func openMessage(_ components: [String], in root: OutboxDirectory) throws(EnvironmentError) -> Int32? {
        guard let folder = try? folder(components.dropLast(), in: root), let name = components.last else { return nil }
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }

    /// Moves a delivered message to `out/sent/<date>/`.
    private func moveToSent(_ row: ScheduleRow, in root: OutboxDirectory) throws(EnvironmentError) {
        guard let components = row.fileComponents, let from = try folder(components.dropLast(), in: root),
            let name = components.last
        else { return }
        var target = try root.makeSubdirectory("sent")
        for component in components.dropLast() { target = try target.makeSubdirectory(component) }
        guard renameat(from.descriptor, name, target.descriptor, name) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw .outboxSystemCall("move", from.path(name), reason: OutboxDirectory.reason(code))
        }
    }
}

/// What `sent.log` says of each message, as delivery needs it.
struct History {
    enum State {
        /// Not yet handed on, or refused for now.
        case due
        /// A hand-off began and was never confirmed.
        case uncertain
        case delivered
        /// Failed or expired: delivery is done with it.
        case finished
    }

    private var states: [String: State] = [:]
    /// How many times the command refused each message for good.
    private var refusals: [String: Int] = [:]

    /// What the log in `outbox` says of the messages `due` (their Message-IDs): only their
    /// records are read whole, however long the log.
    init(outbox: URL, due: [String]) throws(EnvironmentError) {
        let path = outbox.appendingPathComponent(SentLog.fileName).path
        // An unreadable log is an error: read as empty, it would send everything again.
        guard let bytes = try SentLog.contents(of: path) else { return }
        let wanted = Set(due.map { ArraySlice($0.utf8) })
        SentLog.scan(bytes) { event, idBytes, _, record in
            guard wanted.contains(idBytes) else { return }
            let id = String(decoding: idBytes, as: UTF8.self)
            switch event {
            case .sending:
                if states[id] != .delivered { states[id] = .uncertain }
            case .sent:
                states[id] = .delivered
            case .retry:
                if states[id] != .delivered { states[id] = .due }
                if record()?.reason.hasPrefix(Deliverer.temporaryPrefix) == false { refusals[id, default: 0] += 1 }
            case .failed, .expired:
                if states[id] != .delivered { states[id] = .finished }
            }
        }
    }

    func state(of id: String) -> State { states[id] ?? .due }

    func attempts(of id: String) -> Int { refusals[id] ?? 0 }
}
