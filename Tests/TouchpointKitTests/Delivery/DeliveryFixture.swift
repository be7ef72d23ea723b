import Foundation
import Testing
@testable import TouchpointKit

/// A built practice with mail due, and a stand-in for the mail command: a script that keeps each
/// message it is handed with its arguments, and exits with the status in the file `status`.
///
/// The practice (America/Chicago, Monday to Friday 08:00–18:00) has three patients whose visits
/// are on Tuesday 1, Wednesday 2 and Saturday 5 December 2026, a care reminder the day before
/// each visit at 09:00 (so Monday 30 November, Tuesday 1 and Friday 4 December) and a marketing
/// note to all three on Tuesday 1 December at 10:00. It is built as of Monday 30 November.
final class DeliveryFixture {
    let scratch: ScratchFolder
    let folder: PracticeFolder
    let clock = FakeClock()

    /// `delivery` and `reminderExpires` go into touchpoint.yaml and the reminder campaign.
    /// `arguments` are the stand-in's, as YAML list items; `command` replaces the stand-in and its
    /// arguments (`""` for the default command). `address` gives patient N's address.
    init(
        delivery: String = "", arguments: String = "\"{from}\", \"{to}\"", command: String? = nil,
        reminderExpires: String? = nil, hours: String = "08:00-18:00", patients: Int = 3,
        address: (Int) -> String = { "p\($0)@mail.example" }, bounce: String = "bounces@lincolnpt.example"
    ) throws {
        scratch = try ScratchFolder()
        let script = scratch.url.appendingPathComponent("fake-sendmail")
        try scratch.write(
            "fake-sendmail",
            """
            #!/bin/sh
            # Keeps the message it is handed, and its arguments, unless told to refuse it.
            here=$(dirname "$0")
            status=$(cat "$here/status" 2>/dev/null || echo 0)
            if [ "$status" = hang ]; then echo "fake-sendmail: waiting for the network"; exec sleep 60; fi
            if [ "$status" != 0 ]; then echo "fake-sendmail: refused <$2> for now" >&2; exit "$status"; fi
            # Several may run at once: one at a time numbers its message.
            exec 9>"$here/inbox.lock"
            flock 9
            n=$(ls "$here/inbox" | grep -c 'eml$')
            for argument in "$@"; do printf '%s\\n' "$argument"; done > "$here/inbox/$n.args"
            cat > "$here/inbox/$n.eml"

            """)
        chmod(script.path, 0o755)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        let command = command ?? "  command: [\(script.path), \(arguments)]\n"
        try scratch.write(
            "touchpoint.yaml",
            """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: America/Chicago
              bounce: \(bounce)
            unsubscribe:
              mailto: unsubscribe@lincolnpt.example
            send_window:
              hours: "\(hours)"

            """ + (command + delivery == "" ? "" : "delivery:\n" + command + delivery))
        try scratch.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }
              visit: date

            """)
        let visits = ["2026-12-01", "2026-12-02", "2026-12-05"]
        try scratch.write(
            "contacts/patients.csv",
            "id,email,visit\n"
                + (1...patients).map { "p\($0),\(address($0)),\(visits[($0 - 1) % visits.count])" }.joined(separator: "\n")
                + "\n")
        try scratch.write(
            "campaigns/reminder.yaml",
            """
            campaign: reminder
            title: Visit reminder
            audience: patients
            kind: care
            \(reminderExpires.map { "expires: \($0)" } ?? "")
            steps:
              - id: day-before
                send: 1 day before visit at 09:00
                subject: "See you tomorrow"
                body: See you tomorrow.

            """)
        try scratch.write(
            "campaigns/news.yaml",
            """
            campaign: news
            title: December news
            audience: patients
            kind: marketing
            steps:
              - id: december
                send: on 2026-12-01 at 10:00
                subject: "December at the clinic"
                body: Our December hours.

            """)
        folder = PracticeFolder(root: scratch.path)
    }

    /// Builds as of `asOf`; the outbox must be written.
    @discardableResult
    func build(asOf: String = "2026-11-30") throws -> NeverDelivered {
        var never: NeverDelivered?
        let outcome = try folder.build(ScheduleRequest(asOf: asOf, now: 0), neverDelivered: { never = $0 })
        guard case .built = outcome else {
            if case .failed(let checked) = outcome {
                Issue.record("the practice has errors: \(checked.diagnostics.map { "\($0.lineColumnID) \($0.message.text)" })")
            } else {
                Issue.record("the build stopped")
            }
            return NeverDelivered(items: [])
        }
        return try #require(never)
    }

    /// Delivers as of `now`; the practice must check.
    func deliver(
        _ now: String, dryRun: Bool = false, limit: Int? = nil, resendUncertain: Bool = false
    ) throws -> DeliveryReport {
        let options = DeliveryOptions(
            now: now, dryRun: dryRun, limit: limit, resendUncertain: resendUncertain, searchPath: ["/usr/bin", "/bin"],
            processID: 4_242)
        switch try folder.deliver(options, clock: clock.clock) {
        case .delivered(_, let report): return report
        case .failed(let sources):
            Issue.record("the practice has errors: \(sources.diagnostics.map(\.message.text))")
            return DeliveryReport()
        case .busy: throw Busy()
        }
    }

    struct Busy: Error {}

    /// The exit status the stand-in gives from now on.
    func refuse(with status: Int) throws {
        try scratch.write("status", "\(status)\n")
    }

    /// From now on the stand-in never finishes.
    func hang() throws {
        try scratch.write("status", "hang\n")
    }

    /// What the stand-in was handed, in the order the hand-offs reached it (several may run at
    /// once): its arguments and the message.
    var handed: [(arguments: [String], message: [UInt8])] {
        get throws {
            let inbox = scratch.url.appendingPathComponent("inbox")
            let count = try FileManager.default.contentsOfDirectory(atPath: inbox.path).count { $0.hasSuffix(".eml") }
            return try (0..<count).map { number in
                let arguments = try String(contentsOf: inbox.appendingPathComponent("\(number).args"), encoding: .utf8)
                return (
                    arguments.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init),
                    [UInt8](try Data(contentsOf: inbox.appendingPathComponent("\(number).eml")))
                )
            }
        }
    }

    /// The records of `out/sent.log`.
    var records: [SentLog.Record] {
        guard let data = FileManager.default.contents(atPath: folder.outbox.appendingPathComponent("sent.log").path) else { return [] }
        return SentLog.records(in: SourceFile(path: "sent.log", bytes: [UInt8](data)))
    }

    /// The bytes of `out/<path>`, if it is there.
    func file(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: folder.outbox.appendingPathComponent(path).path).map { [UInt8]($0) }
    }

    /// The rows of `out/schedule.csv` due by `instant` (all of them by default).
    func rows(through instant: Int = Int.max) throws -> [ScheduleRow] {
        try #require(try ScheduleRow.rows(outbox: folder.outbox, through: instant))
    }

    /// Appends a line to `out/sent.log` as an interrupted run would leave it.
    func appendToLog(_ record: SentLog.Record) throws {
        let url = folder.outbox.appendingPathComponent("sent.log")
        if !FileManager.default.fileExists(atPath: url.path) { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(record.line.utf8))
        try handle.close()
    }
}

/// A clock that stands still unless waited on, and remembers every wait.
final class FakeClock: Sendable {
    private let state = Locked<(steady: Double, sleeps: [Double], tick: Double)>((0, [], 0))

    var sleeps: [Double] { state.withLock { $0.sleeps } }

    /// How far the steady clock moves each time it is read.
    func tick(_ seconds: Double) {
        state.withLock { $0.tick = seconds }
    }

    var clock: DeliveryClock {
        DeliveryClock(
            now: { 1_796_000_000 + Int(self.state.withLock { $0.steady }) },
            steady: {
                self.state.withLock {
                    $0.steady += $0.tick
                    return $0.steady
                }
            },
            sleep: { seconds in
                self.state.withLock {
                    $0.steady += seconds
                    $0.sleeps.append(seconds)
                }
            })
    }
}
