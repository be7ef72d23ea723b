import Dispatch
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import TouchpointKit

/// `touchpoint serve`: the one-click unsubscribe endpoint (RFC 8058), an HTTP/1.1 server on
/// Hummingbird. It knows the practice's name and the route of its unsubscribe address, and keeps
/// a log of the tokens it was sent; it holds no patient data and no secret. Put it behind a proxy
/// that speaks TLS (docs/feedback.md).
public struct UnsubscribeServer: Sendable {
    /// The bounds every request is held to.
    public struct Limits: Sendable {
        /// The largest POST body read; RFC 8058's is 26 bytes.
        public var maxBodyBytes = 4_096
        /// The longest a POST's body may take to arrive.
        public var bodyTimeoutSeconds = 10
        /// A connection with no request for this long is closed.
        public var idleTimeoutSeconds = 15
        /// The largest request line with its header fields.
        public var maxHeaderBytes = 16_384
        /// Requests one client address may make a minute.
        public var requestsPerMinute = 20

        public init() {}
    }

    public let endpoint: UnsubscribeEndpoint
    public let log: FeedbackLogWriter
    public let host: String
    public let port: Int
    public let limits: Limits

    public init(endpoint: UnsubscribeEndpoint, log: FeedbackLogWriter, host: String, port: Int, limits: Limits = Limits()) {
        self.endpoint = endpoint
        self.log = log
        self.host = host
        self.port = port
        self.limits = limits
    }

    /// Serves until SIGINT or SIGTERM. `clock` gives the present (seconds since 1970);
    /// `listening` is called with the address once the socket is bound (the port the system chose
    /// when `port` is 0); `report` is given what the operator should see on standard error.
    public func run(
        clock: @escaping @Sendable () -> Double, listening: @escaping @Sendable (String, Int) -> Void,
        report: @escaping @Sendable (String) -> Void
    ) async throws {
        let responder = UnsubscribeResponder(endpoint: endpoint, log: log, limits: limits, clock: clock, report: report)
        var decoder = HTTP1Channel.Configuration.DecoderConfiguration()
        decoder.maxHeaderFieldSize = limits.maxHeaderBytes
        decoder.maxHeaderListSize = limits.maxHeaderBytes
        decoder.maxHeaderFieldCount = 100
        let http = HTTP1Channel.Configuration(
            idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)), httpDecoderConfiguration: decoder)
        var logger = Logger(label: "touchpoint-serve", factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        let host = self.host
        let application = Application(
            responder: responder, server: .http1(configuration: http),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in listening(host, channel.localAddress?.port ?? 0) }, logger: logger)
        try await application.runService()
    }

    /// `run`, from code that is not async: blocks until the server stops, and rethrows what
    /// stopped it.
    public func runUntilStopped(
        clock: @escaping @Sendable () -> Double, listening: @escaping @Sendable (String, Int) -> Void,
        report: @escaping @Sendable (String) -> Void
    ) throws {
        let failure = Locked<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await run(clock: clock, listening: listening, report: report)
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
