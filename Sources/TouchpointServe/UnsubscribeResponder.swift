import HTTPTypes
import Hummingbird
import NIOCore
import TouchpointKit

/// The request's context: Hummingbird's, and the address of the peer that sent it.
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }
}

/// Answers every request. The route's address: a GET shows the page (and changes nothing, since
/// link scanners fetch every link), a POST with the one-click body unsubscribes — logged and
/// synced before the answer. A token that matches no contact gets the same answers as one that
/// does: the endpoint cannot tell them apart, so it cannot tell anyone which tokens exist.
struct UnsubscribeResponder: HTTPResponder {
    typealias Context = ServeContext

    let endpoint: UnsubscribeEndpoint
    let log: FeedbackLogWriter
    let limiter: RateLimiter
    let limits: UnsubscribeServer.Limits
    let clock: @Sendable () -> Double
    let report: @Sendable (String) -> Void
    /// When the last "log is full" message was printed, so it is printed once a minute at most.
    private let lastReport = ReportThrottle()

    init(
        endpoint: UnsubscribeEndpoint, log: FeedbackLogWriter, limits: UnsubscribeServer.Limits, clock: @escaping @Sendable () -> Double,
        report: @escaping @Sendable (String) -> Void
    ) {
        self.endpoint = endpoint
        self.log = log
        self.limiter = RateLimiter(perMinute: limits.requestsPerMinute)
        self.limits = limits
        self.clock = clock
        self.report = report
    }

    func respond(to request: Request, context: ServeContext) async throws -> Response {
        let now = clock()
        let admission = limiter.admit(client(of: request, context: context), now: now)
        guard admission.admitted else {
            var response = text(.tooManyRequests, "Too many requests; try again in a minute.\n")
            response.headers[.retryAfter] = String(admission.retryAfter)
            return response
        }
        switch endpoint.route.match(path: request.uri.path, query: request.uri.query) {
        case .elsewhere:
            return text(.notFound, "Not found.\n")
        case .noToken:
            return page(.badRequest, endpoint.incompleteLink)
        case .token(let token):
            switch request.method {
            case .get, .head:
                // Recorded when it can be; the page is shown either way.
                _ = record(FeedbackLog.Entry(instant: Int(now), token: token, kind: .view))
                return page(.ok, endpoint.page)
            case .post:
                return await unsubscribe(token: token, request: request, now: now)
            default:
                var response = text(.methodNotAllowed, "Only GET and POST.\n")
                response.headers[.allow] = "GET, HEAD, POST"
                return response
            }
        }
    }

    private func unsubscribe(token: String, request: Request, now: Double) async -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limits.maxBodyBytes {
            return text(.contentTooLarge, "The request is too large.\n")
        }
        let body: ByteBuffer
        switch await collect(request.body) {
        case .collected(let buffer): body = buffer
        case .tooLarge: return text(.contentTooLarge, "The request is too large.\n")
        case .timedOut: return text(.requestTimeout, "The request took too long.\n")
        }
        guard UnsubscribeEndpoint.isOneClick(body: Array(buffer: body), contentType: request.headers[.contentType]) else {
            return text(.badRequest, "Expected the form field List-Unsubscribe=One-Click (RFC 8058).\n")
        }
        switch record(FeedbackLog.Entry(instant: Int(now), token: token, kind: .unsubscribe)) {
        case .written: return page(.ok, endpoint.confirmation)
        case .full, .failed: return page(.serviceUnavailable, endpoint.tryAgain)
        }
    }

    private enum Collected {
        case collected(ByteBuffer)
        case tooLarge
        case timedOut
    }

    /// The body, if it is no larger than the limit and arrives within the timeout.
    private func collect(_ body: RequestBody) async -> Collected {
        let limit = limits.maxBodyBytes
        let timeout = limits.bodyTimeoutSeconds
        return await withTaskGroup(of: Collected.self) { group in
            group.addTask {
                do {
                    return .collected(try await body.collect(upTo: limit))
                } catch {
                    return .tooLarge
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }

    /// Appends a line; a full log or a failed write is reported on standard error.
    private func record(_ entry: FeedbackLog.Entry) -> FeedbackLogWriter.Outcome {
        let outcome = log.append(entry)
        let message: String
        switch outcome {
        case .written:
            return outcome
        case .full:
            message =
                "the feedback log \(log.path) has reached its limit of \(log.limit) bytes: nothing more is recorded, "
                + "and unsubscribes are answered 503 until it is moved away. Run 'touchpoint feedback --from-log \(log.folder)', "
                + "then move the log aside (serve starts a new one), or raise --max-log-size"
        case .failed(let reason):
            message = "cannot write to the feedback log \(log.path): \(reason); unsubscribes are answered 503"
        }
        let now = clock()
        if lastReport.isDue(now) { report(message) }
        return outcome
    }

    /// The client's address: the peer's, or, when the peer is a proxy on this machine, the last
    /// address the proxy added to `X-Forwarded-For`.
    private func client(of request: Request, context: ServeContext) -> String {
        let peer = context.peer?.ipAddress ?? "unknown"
        guard peer == "127.0.0.1" || peer == "::1", let forwarded = request.headers[.xForwardedFor] else { return peer }
        let last = forwarded.split(separator: ",").last.map { String($0).trimmingSpaces } ?? ""
        return last.isEmpty ? peer : last
    }

    private func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        response(status, html, type: "text/html; charset=utf-8")
    }

    private func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        response(status, body, type: "text/plain; charset=utf-8")
    }

    private func response(_ status: HTTPResponse.Status, _ body: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}

extension HTTPField.Name {
    fileprivate static let xForwardedFor = Self("X-Forwarded-For")!
    fileprivate static let referrerPolicy = Self("Referrer-Policy")!
}

/// When an operator's message was last printed: at most once a minute.
private final class ReportThrottle: Sendable {
    private let last = Locked<Double>(-.infinity)

    func isDue(_ now: Double) -> Bool {
        last.withLock { last in
            guard now - last >= 60 else { return false }
            last = now
            return true
        }
    }
}
