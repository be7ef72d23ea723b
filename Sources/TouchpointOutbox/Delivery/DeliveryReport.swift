import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// What one `touchpoint deliver` run did, message by message (SPEC §6).
public struct DeliveryReport: Sendable {
    /// What became of one due message.
    public enum Outcome: Sendable, Equatable {
        /// Handed on: the command took it.
        case sent
        /// `--dry-run`: it would be handed on now.
        case wouldSend
        /// Too late to send: marked `expired` in `sent.log` (or would be, in a dry run). The
        /// reason says how late.
        case expired(String)
        /// The command refused it for now; it stays due and the next run tries it again.
        case retry(String)
        /// The command refused it for the last allowed time; marked `failed`.
        case failed(String)
        /// An earlier run began handing it on and never learnt whether it arrived; not sent again
        /// unless `--resend-uncertain`.
        case uncertain
        /// Due outside the send window: it waits for the window to open.
        case waiting
        /// Not reached: `--limit` was met, or the run stopped.
        case left
        /// Its file is not in the outbox: the next build writes it again.
        case missing
        /// The practice requires approval (`require_approval: true`) and no approval in
        /// `approvals.log` covers the message as it is now: held back until one does.
        case unapproved
    }

    public struct Item: Sendable, Equatable {
        public let row: ScheduleRow
        public let outcome: Outcome
    }

    /// Every due message that was not already delivered or given up on, in send order.
    public var items: [Item] = []
    /// Set when the run stopped early because the command could not be run at all (a missing
    /// program, say): every later message is left for the next run.
    public var stopped: String?
    /// Things that went wrong after a message was handed on (a file that could not be moved to
    /// `out/sent/`); the message still counts as sent.
    public var warnings: [String] = []
    /// Whether this was a dry run.
    public var dryRun = false

    public init() {}

    public func count(_ matching: (Outcome) -> Bool) -> Int { items.count { matching($0.outcome) } }

    public var sent: Int { count { $0 == .sent || $0 == .wouldSend } }
    public var expired: Int { count { if case .expired = $0 { true } else { false } } }
    public var failed: Int { count { if case .failed = $0 { true } else { false } } }
    public var retried: Int { count { if case .retry = $0 { true } else { false } } }
    public var uncertain: Int { count { $0 == .uncertain } }
    public var waiting: Int { count { $0 == .waiting } }
    public var left: Int { count { $0 == .left } }
    public var missing: Int { count { $0 == .missing } }
    public var unapproved: Int { count { $0 == .unapproved } }

    /// Something needs a person: a message failed, expired, is uncertain or must be retried, or
    /// the run stopped.
    public var needsAttention: Bool {
        expired + failed + retried + uncertain + missing > 0 || stopped != nil
    }

    /// `12 sent, 1 expired, 0 failed, 2 waiting for the send window`, and what else happened.
    public var summary: String {
        var parts = [
            "\(sent.grouped) \(dryRun ? "to send" : "sent")", "\(expired.grouped) \(dryRun ? "to expire" : "expired")",
            "\(failed.grouped) failed", "\(waiting.grouped) waiting for the send window",
        ]
        if retried > 0 { parts.append("\(retried.grouped) to retry") }
        if uncertain > 0 { parts.append("\(uncertain.grouped) uncertain") }
        if missing > 0 { parts.append("\(missing.grouped) missing") }
        if unapproved > 0 { parts.append("\(unapproved.grouped) held back without approval") }
        if left > 0 { parts.append("\(left.grouped) left for the next run") }
        return parts.joined(separator: ", ")
    }

    /// The outcome's name and reason, as the JSON report and the text lines give them.
    public static func describe(_ outcome: Outcome) -> (name: String, reason: String) {
        switch outcome {
        case .sent: ("sent", "")
        case .wouldSend: ("would-send", "")
        case .expired(let reason): ("expired", reason)
        case .retry(let reason): ("retry", reason)
        case .failed(let reason): ("failed", reason)
        case .uncertain: ("uncertain", "an earlier run was interrupted while handing it on; whether it arrived is unknown")
        case .waiting: ("waiting", "due outside the send window; it goes when the window opens")
        case .left: ("left", "left for the next run")
        case .missing: ("missing", "its file is not in the outbox; the next build writes it again")
        case .unapproved:
            (
                "unapproved",
                "held back: the practice requires approval and no approval covers this message as built; "
                    + "run 'touchpoint review --approve'"
            )
        }
    }

    /// The report as one JSON object: the counts, and each message with its outcome. Addresses
    /// are left out unless `addresses`.
    public func json(addresses: Bool) -> String {
        let counts: [(String, Int)] = [
            ("sent", sent), ("expired", expired), ("failed", failed), ("retry", retried), ("uncertain", uncertain),
            ("waiting", waiting), ("left", left), ("missing", missing), ("unapproved", unapproved),
        ]
        let messages = items.map { item in
            let (name, reason) = Self.describe(item.outcome)
            var fields: [(String, String)] = [
                ("send_at", JSON.string(item.row.sendAtText)), ("campaign", JSON.string(item.row.campaign)),
                ("step", JSON.string(item.row.step)), ("contact", JSON.string(item.row.contact)),
            ]
            if addresses { fields.append(("to", JSON.string(item.row.to))) }
            fields += [
                ("message_id", JSON.string("<" + item.row.messageID + ">")), ("file", JSON.string(item.row.file)),
                ("outcome", JSON.string(name)), ("reason", JSON.string(addresses ? reason : Self.redacted(reason, item.row.to))),
            ]
            return JSON.object(fields)
        }
        var fields: [(String, String)] = [("dry_run", dryRun ? "true" : "false")]
        fields += counts.map { ($0.0, String($0.1)) }
        fields.append(("stopped", stopped.map(JSON.string) ?? "null"))
        fields.append(("warnings", "[" + warnings.map(JSON.string).joined(separator: ",") + "]"))
        fields.append(("messages", "[" + messages.joined(separator: ",") + "]"))
        return JSON.object(fields) + "\n"
    }

    /// `text` with the recipient's address, which a mail server's message may quote, left out.
    public static func redacted(_ text: String, _ address: String) -> String {
        address.isEmpty ? text : text.replacingAll(address, with: "<recipient>")
    }
}
