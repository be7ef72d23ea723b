import TouchpointCore

/// How `touchpoint deliver` hands messages on (`delivery:` in `touchpoint.yaml`, SPEC §6): the
/// command each message is piped to, how many may go a minute, and how often a message the command
/// refuses is tried.
public struct DeliverySettings: Sendable, Equatable {
    /// The program and its arguments. `{from}` stands for the practice's bounce address and `{to}`
    /// for the message's recipient; each placeholder is a whole argument or part of one, and the
    /// command never goes through a shell.
    public var command: [String]
    /// At most this many hand-offs a period; `nil` for as fast as the command takes them.
    public var rate: Rate?
    /// How many times a message the command refuses for good (a non-zero exit other than 75) is
    /// tried, one run apart, before delivery gives up on it.
    public var attempts: Int
    /// Whether a message goes only when an approval in `out/approvals.log` covers it
    /// (`require_approval: true`; `touchpoint review --approve` records one).
    public var requireApproval = false

    /// `count` hand-offs every `seconds` seconds.
    public struct Rate: Sendable, Equatable, CustomStringConvertible {
        public var count: Int
        public var seconds: Int

        public init(count: Int, seconds: Int) {
            self.count = count
            self.seconds = seconds
        }

        /// The shortest time between the starts of two hand-offs, in seconds.
        public var interval: Double { Double(seconds) / Double(count) }

        public var description: String {
            let unit = seconds == 1 ? "s" : seconds == 60 ? "min" : seconds == 3_600 ? "hour" : "\(seconds)s"
            return "\(count)/\(unit)"
        }

        /// `N/s`, `N/min`, `N/hour` (also `N/sec`, `N/minute`, `N/h`), N ≥ 1.
        public static func parse(_ text: String) -> Rate? {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(\.trimmingSpaces)
            guard parts.count == 2, let count = Int(parts[0]), (1...1_000_000).contains(count) else { return nil }
            switch parts[1].lowercased() {
            case "s", "sec", "second": return Rate(count: count, seconds: 1)
            case "min", "minute": return Rate(count: count, seconds: 60)
            case "h", "hour": return Rate(count: count, seconds: 3_600)
            default: return nil
            }
        }
    }

    /// The placeholders a command may hold.
    public static let placeholders = ["{from}", "{to}"]

    /// `sendmail -i -f {from} -- {to}`, where Debian's mail servers (Postfix, Exim, msmtp-mta,
    /// nullmailer) all put it: `-i` keeps a line with a lone dot from ending the message, `-f` sets
    /// the envelope sender, where bounces go.
    public static let defaultCommand = ["/usr/sbin/sendmail", "-i", "-f", "{from}", "--", "{to}"]

    public static let defaultAttempts = 3

    public static let standard = DeliverySettings(command: defaultCommand, rate: nil, attempts: defaultAttempts)

    public init(command: [String], rate: Rate?, attempts: Int) {
        self.command = command
        self.rate = rate
        self.attempts = attempts
    }

    /// The command for one message: the placeholders replaced, each argument still one argument.
    public func arguments(from: String, to: String) -> [String] {
        command.map { $0.replacingAll("{from}", with: from).replacingAll("{to}", with: to) }
    }

    /// The placeholders in `argument` that are not `{from}` or `{to}`: any `{…}` without a brace
    /// inside.
    package static func unknownPlaceholders(in argument: String) -> [String] {
        var found: [String] = []
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let candidate = String(rest[open...close])
            if !after[..<close].contains("{"), !placeholders.contains(candidate) { found.append(candidate) }
            rest = rest[rest.index(after: open)...]
        }
        return found
    }
}
