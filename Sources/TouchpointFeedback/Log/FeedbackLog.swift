import TouchpointCore

/// The feedback log `touchpoint serve` writes and `touchpoint feedback` reads: one line a
/// request, `instant TAB token TAB kind`, in UTF-8 with LF:
///
/// ```
/// 2026-12-07T15:04:05+00:00	01ccd29a873a7d3e85ee82e2aa9c44ed	unsubscribe
/// ```
///
/// The instant is UTC. The token is as the request carried it, with every byte outside RFC 3986's
/// unreserved characters percent-encoded and at most ``maxTokenLength`` characters kept, so no
/// request can add a line or a field. Nothing else of the request is kept: no address, no agent.
public enum FeedbackLog {
    /// The file in the log folder that serve appends to.
    public static let fileName = "feedback.log"
    /// The file in the log folder where feedback records how far it has read each log.
    public static let cursorFileName = "feedback.read"
    /// Characters of a token kept in the log; a real token has 32.
    public static let maxTokenLength = 128

    /// What a request asked for.
    public enum Kind: String, Sendable, CaseIterable {
        /// A POST: the one-click unsubscribe (RFC 8058), or the page's button.
        case unsubscribe
        /// A GET: the page was shown; nothing changes.
        case view
    }

    public struct Entry: Sendable, Equatable {
        public let instant: Int
        public let token: String
        public let kind: Kind

        public init(instant: Int, token: String, kind: Kind) {
            self.instant = instant
            self.token = token
            self.kind = kind
        }

        /// The line, ending in LF.
        public var line: String {
            "\(AsOf.format(instant, offset: 0))\t\(FeedbackLog.loggable(token))\t\(kind.rawValue)\n"
        }
    }

    /// A token as the log keeps it.
    public static func loggable(_ token: String) -> String {
        let encoded = PercentEncoding.encode(token)
        return encoded.utf8.count <= maxTokenLength ? encoded : String(encoded.prefix(maxTokenLength))
    }

    /// The entry of one line (without its LF), or `nil` when it is not one.
    public static func entry(_ line: Substring) -> Entry? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let instant = AsOf.instant(formatted: String(fields[0])), !fields[1].isEmpty,
            let kind = Kind(rawValue: String(fields[2]))
        else { return nil }
        return Entry(instant: instant, token: PercentEncoding.decode(fields[1]), kind: kind)
    }
}
