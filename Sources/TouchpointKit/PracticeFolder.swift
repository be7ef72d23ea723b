import Foundation
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox

/// The library's front door: a practice's folder, and the way from it to each product of the
/// pipeline — checked sources, a schedule, rendered messages, a built outbox. The CLI and every
/// test go through here; nothing else wires the stages.
///
/// ```swift
/// let folder = PracticeFolder(root: ".", secret: environment["TOUCHPOINT_SECRET"])
/// let checked = try folder.check()                                  // load → check
/// let scheduled = try folder.schedule(checked, ScheduleRequest(now: now))   // → schedule
/// let message = scheduled?.render(scheduled!.schedule.messages[0])  // → render
/// ```
///
/// Only loading (here and in the front end) and emitting (the outbox) touch the file system; the
/// clock, the environment and the terminal are the caller's, passed in as values.
public struct PracticeFolder: Sendable {
    /// The practice's folder, as given.
    public let root: String
    /// The outbox folder: `out/` in the practice unless given.
    public let outbox: URL
    /// The value of `TOUCHPOINT_SECRET`, when set; else `.touchpoint-secret` in the folder is read.
    private let secret: String?
    /// The practice's files, when it is held in memory rather than in a folder.
    private let files: [String: [UInt8]]?

    public init(root: String, outbox: String? = nil, secret: String? = nil) {
        self.root = root
        self.outbox =
            outbox.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: root).appendingPathComponent("out")
        self.secret = secret
        self.files = nil
    }

    /// A practice held in memory: `files` by path in the practice (`touchpoint.yaml`,
    /// `contacts/patients.csv`, …). It checks, schedules and renders as a folder does; it has no
    /// outbox, so schedule it with a `delivered` ledger and never build it.
    public init(files: [String: [UInt8]], secret: String? = nil) {
        self.root = "/"
        self.outbox = URL(fileURLWithPath: "/nonexistent-outbox-of-a-practice-in-memory")
        self.secret = secret
        self.files = files
    }

    /// Loads the practice's files and checks everything: every problem of every file, and the
    /// practice in its checked form.
    ///
    /// `request` gives the day of the check: its as-of day (or the day of its `now`) in the
    /// practice's time zone, which contact fields marked `past: true` or `future: true` are held
    /// against and which decides the century of their two-digit years. Without it (or with an
    /// as-of that is not a date), those checks are not made.
    public func check(_ request: ScheduleRequest? = nil) throws(EnvironmentError) -> CheckedPractice {
        let loader: SourceLoader
        if let files { loader = SourceLoader(files: files) } else { loader = try SourceLoader(root: root) }
        return try PracticeChecker(loader: loader, secret: secret).check { practice in
            guard let request, let asOf = try? request.resolve(for: practice).asOf else { return nil }
            return ZonedTime(practice.timeZone).local(asOf).date
        }
    }

    /// The schedule of a practice that checked without errors (`nil` when it has errors), with
    /// what the outbox's `sent.log` records as delivered left out and counted by the frequency
    /// cap — or what `delivered` records, when given.
    ///
    /// With `keepGoing`, as a build told to keep going makes it: when every error is about one
    /// contact row (see ``CheckedPractice/contactHold``), those contacts are held back — left out
    /// of the schedule and listed in ``ScheduledPractice/held`` — and everyone else is scheduled.
    public func schedule(
        _ checked: CheckedPractice, _ request: ScheduleRequest, delivered: DeliveryLedger? = nil, keepGoing: Bool = false
    ) throws(RequestError) -> ScheduledPractice? {
        var holding: (practice: CheckedPractice, held: [HeldContact]) = (checked, [])
        if keepGoing {
            guard let held = checked.holdingBack() else { return nil }
            holding = held
        }
        var ledger = delivered ?? SentLog.ledger(outbox: outbox)
        // The messages the outbox lists as due before as-of: those delivery has not done yet stay
        // while they may still go out, and the rest are reported, never dropped silently.
        var pastRows: [ScheduleRow] = []
        if delivered == nil, holding.practice.errorCount == 0, let practice = holding.practice.practice {
            let (asOf, _) = try request.resolve(for: practice)
            pastRows = (try? ScheduleRow.rows(outbox: outbox, through: asOf - 1)) ?? []
            ledger.outstanding = Set(pastRows.map(\.messageID)).subtracting(ledger.delivered).subtracting(ledger.undelivered)
        }
        guard let scheduler = Scheduler(holding.practice, ledger: ledger) else { return nil }
        let (asOf, horizon) = try request.resolve(for: scheduler.practice)
        let schedule = scheduler.schedule(asOf: asOf, horizonEnd: scheduler.horizonEnd(asOf: asOf, horizon: horizon))
        return ScheduledPractice(
            checked: holding.practice, scheduler: scheduler, schedule: schedule, held: holding.held, pastRows: pastRows)
    }

    /// Whether a build of `checked` keeps going past contact rows with errors: when `asked`
    /// (`build --keep-going`) or when the practice says so (`keep_going: true`).
    public func keepsGoing(_ checked: CheckedPractice, asked: Bool) -> Bool {
        asked || checked.practice?.keepGoing == true
    }

    /// What a build of `scheduled` would remove from the messages still due in the outbox, and
    /// the diagnostic that stops it when that is more than the practice allows.
    public func removals(_ scheduled: ScheduledPractice) -> (report: RemovalGuard.Report, diagnostic: Diagnostic?) {
        removals(scheduled, planned: planned(scheduled))
    }

    /// What the writer takes for `scheduled`: its messages, and the messages earlier builds wrote
    /// for the contacts it holds back, found in the outbox's `schedule.csv`, to keep as they are.
    func planned(_ scheduled: ScheduledPractice) -> BuildPlanner.Planned {
        let planned = scheduled.plan()
        guard !scheduled.held.isEmpty else { return planned }
        var heldKeys: [String: Set<String>] = [:]
        for contact in scheduled.held { heldKeys[contact.list, default: []].insert(contact.key) }
        let scheduler = scheduled.scheduler
        var keys: [String: Set<String>] = [:]
        for campaign in scheduler.campaigns {
            if let held = heldKeys[scheduler.lists[campaign.listIndex].name] { keys[campaign.id] = held }
        }
        return planned.holding(HeldMessages.read(outbox: outbox, keys: keys))
    }

    private func removals(_ scheduled: ScheduledPractice, planned: BuildPlanner.Planned)
        -> (report: RemovalGuard.Report, diagnostic: Diagnostic?)
    {
        let maxPercent = scheduled.scheduler.practice.maxRemovedPercent
        let report = RemovalGuard.check(
            RemovalGuard.rows(outbox: outbox), planned: planned, asOf: scheduled.schedule.asOf,
            maxPercent: maxPercent)
        guard report.isBlocked else { return (report, nil) }
        let headerWarnings = scheduled.checked.diagnostics.contains { $0.id == "unknown-column" }
        return (report, report.diagnostic(path: schedulePath, maxPercent: maxPercent, headerWarnings: headerWarnings))
    }

    /// The outbox's `schedule.csv`, as the user names it: `out/schedule.csv` in the practice.
    private var schedulePath: String {
        let rootPath = URL(fileURLWithPath: root).standardizedFileURL.path
        let path = outbox.standardizedFileURL.appendingPathComponent(OutboxWriter.scheduleFileName).path
        return path.hasPrefix(rootPath + "/") ? String(path.dropFirst(rootPath.count + 1)) : path
    }

    /// The result of `build`.
    public enum BuildOutcome: Sendable {
        /// The practice has errors (that keeping going cannot hold back): nothing was written.
        case failed(CheckedPractice)
        /// The build would remove more of the due messages than the practice allows on its own:
        /// nothing was written, and the diagnostic says why.
        case stopped(CheckedPractice, Diagnostic)
        /// The outbox was brought in line with the schedule, but for the `held` contacts, whose
        /// rows have errors: their messages were kept as earlier builds wrote them.
        case built(CheckedPractice, messages: Int, OutboxReport, held: [HeldContact])
    }

    /// Checks, schedules and writes the outbox: the whole pipeline. The outbox as the last build
    /// left it is read while the practice is checked and scheduled. `checked` is called once the
    /// practice is checked, before anything is written (to show its diagnostics), with what
    /// keeping going makes of its errors when the build keeps going. A build that
    /// would remove more of the due messages than the practice allows stops unless
    /// `allowRemovals` (see `RemovalGuard`). `replacement` says how replaced messages are
    /// written (see `OutboxReplacement`). `progress` is called
    /// with the number of messages rendered so far and the number this build renders.
    ///
    /// A practice with errors writes nothing, unless the build keeps going (`keepGoing`, or
    /// `keep_going: true` in the practice) and every error is about one contact row whose key can
    /// be read: then those contacts are held back — no message of theirs is written or removed,
    /// their files, manifest records and rows of `schedule.csv` stay as they are — and everyone
    /// else's messages are built.
    ///
    /// `lockWait` is how long to wait for a delivery (or another build) that holds the outbox.
    /// `neverDelivered` is called once the outbox is written, with the messages whose time passed
    /// without delivery and that the build no longer keeps.
    public func build(
        _ request: ScheduleRequest,
        keepGoing: Bool = false,
        allowRemovals: Bool = false,
        replacement: OutboxReplacement = .reuseOldFiles,
        lockWait: Double = 0,
        checked report: (CheckedPractice, CheckedPractice.ContactHold?) throws -> Void = { _, _ in },
        progress: ((Int, Int) -> Void)? = nil,
        neverDelivered: (NeverDelivered) throws -> Void = { _ in }
    ) throws -> BuildOutcome {
        // The writer starts reading the outbox as the last build left it, while the practice is
        // checked and scheduled.
        let writer = OutboxWriter.open(directory: outbox, replacement: replacement, lockWait: lockWait)
        let checked = try check(request)
        let keepsGoing = keepsGoing(checked, asked: keepGoing)
        if keepsGoing {
            try report(checked.reportedKeepingGoing(), checked.contactHold)
        } else {
            try report(checked, nil)
        }
        guard let scheduled = try schedule(checked, request, keepGoing: keepsGoing) else { return .failed(checked) }
        let planned = planned(scheduled)
        // A plan whose fingerprint is the last build's removes nothing: the guard reads the old
        // schedule only when the messages changed.
        let unchanged = planned.fingerprint != nil && writer.prefetched?.wait()?.manifest.fingerprint == planned.fingerprint
        if !allowRemovals, !unchanged, let stop = removals(scheduled, planned: planned).diagnostic {
            return .stopped(checked, stop)
        }
        let access: OutboxAccess = scheduled.scheduler.practice.outboxGroupReadable ? .group : .owner
        let written = try writer.write(planned, schedule: planned.schedule, access: access, progress: progress)
        try neverDelivered(scheduled.neverDelivered)
        return .built(checked, messages: planned.count, written, held: scheduled.held)
    }

    /// The result of `deliver`.
    public enum DeliveryOutcome: Sendable {
        /// `touchpoint.yaml` or a campaign file has errors: nothing was sent.
        case failed(DeliverySources)
        /// Another delivery (or a build, when `delivering` is false) holds the outbox: nothing
        /// was done.
        case busy(processID: String?, delivering: Bool)
        /// The due messages were dealt with as the report says.
        case delivered(DeliverySources, DeliveryReport)
    }

    /// Hands the outbox's due messages to the practice's mail command (SPEC §6; see
    /// `Deliverer`). Reads `touchpoint.yaml` and the campaign files, not the contacts: the
    /// messages were checked when built. `progress` is called with the number of messages handed
    /// on so far and the number this run hands on.
    /// A `--now` in `options` that is not a date and time is a `RequestError`.
    public func deliver(_ options: DeliveryOptions, clock: DeliveryClock, progress: ((Int, Int) -> Void)? = nil) throws
        -> DeliveryOutcome
    {
        let sources = try PracticeChecker(root: root, secret: secret).checkForDelivery()
        guard sources.errorCount == 0, let practice = sources.practice else { return .failed(sources) }
        var clock = clock
        if let text = options.now {
            guard let instant = AsOf.parse(text, zone: ZonedTime(practice.timeZone)) else {
                throw RequestError("'\(text)' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM[+HH:MM])")
            }
            let start = clock.now()
            let now = clock.now
            clock.now = { instant + (now() - start) }
        }
        let deliverer = Deliverer(outbox: outbox, practice: practice, sources: sources, options: options, clock: clock)
        switch try deliverer.run(progress: progress) {
        case .done(let report): return .delivered(sources, report)
        case .busy(let holder, let role): return .busy(processID: holder, delivering: role != .build)
        }
    }
}

/// When a schedule is for: the as-of instant and the horizon, as given on a command line, and
/// the present instant the caller read from its clock.
public struct ScheduleRequest: Sendable {
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[±HH:MM]`; `nil` for now.
    public var asOf: String?
    /// A length like `60 days`; `nil` for the practice's horizon.
    public var horizon: String?
    /// The present, in seconds since 1970.
    public var now: Int

    public init(asOf: String? = nil, horizon: String? = nil, now: Int) {
        self.asOf = asOf
        self.horizon = horizon
        self.now = now
    }

    /// The years an as-of may fall in.
    public static let years = 1900...9000

    /// The as-of instant and the horizon for `practice`: dates are in its time zone.
    public func resolve(for practice: Practice) throws(RequestError) -> (asOf: Int, horizon: CalendarDuration) {
        let zone = ZonedTime(practice.timeZone)
        var instant = now
        if let asOf {
            guard let parsed = AsOf.parse(asOf, zone: zone) else {
                throw RequestError("'\(asOf)' is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)")
            }
            instant = parsed
        }
        // The calendar's arithmetic is sound far beyond these years; schedules are not.
        guard Self.years.contains(zone.local(instant).date.year) else {
            throw RequestError(
                "'\(asOf ?? AsOf.format(instant, offset: 0))' is outside the years "
                    + "\(Self.years.lowerBound)–\(Self.years.upperBound) that a schedule can be made for")
        }
        var duration = practice.horizon
        if let horizon {
            guard let parsed = PracticeReader.parseDuration(horizon) else {
                throw RequestError("'\(horizon)' is not a length of time like '60 days'")
            }
            duration = parsed
        }
        return (instant, duration)
    }
}

/// A request the practice cannot answer: an as-of that is not a date, a campaign or contact it
/// does not have. The caller's mistake, not the sources': a usage error.
public struct RequestError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The request named several things (contacts sharing an address) and the description lists
    /// them to choose from: an answer to show as it is, not a misuse of the command.
    public var listsChoices = false

    public init(_ description: String) {
        self.description = description
    }
}
