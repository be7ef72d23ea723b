import TouchpointKit

/// At most `perMinute` requests a minute from one client address, as a token bucket: a client
/// may spend its whole minute at once, then one request each `60 / perMinute` seconds. At most
/// `maxClients` addresses are remembered; when the table is full, those whose buckets are full
/// again are forgotten first, and a new address that still finds no room is refused.
final class RateLimiter: Sendable {
    let perMinute: Int
    let maxClients: Int
    private let buckets = Locked<[String: Bucket]>([:])

    private struct Bucket {
        /// Requests left, in thousandths.
        var tokens: Int
        var updated: Double
    }

    init(perMinute: Int, maxClients: Int = 10_000) {
        self.perMinute = max(1, perMinute)
        self.maxClients = max(1, maxClients)
    }

    /// Whether `client` may make a request at `now` (seconds, monotonic); when not, the seconds
    /// until it may.
    func admit(_ client: String, now: Double) -> (admitted: Bool, retryAfter: Int) {
        let full = perMinute * 1000
        let perSecond = Double(perMinute) * 1000 / 60
        return buckets.withLock { table in
            var bucket = table[client] ?? Bucket(tokens: full, updated: now)
            bucket.tokens = min(full, bucket.tokens + Int((now - bucket.updated) * perSecond))
            bucket.updated = now
            if table[client] == nil, table.count >= maxClients {
                table = table.filter { _, other in other.tokens + Int((now - other.updated) * perSecond) < full }
                if table.count >= maxClients { return (false, 60) }
            }
            guard bucket.tokens >= 1000 else {
                table[client] = bucket
                return (false, max(1, Int((Double(1000 - bucket.tokens) / perSecond).rounded(.up))))
            }
            bucket.tokens -= 1000
            table[client] = bucket
            return (true, 0)
        }
    }
}
