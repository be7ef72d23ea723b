import ArgumentParser
import Foundation
import TouchpointKit
import TouchpointServe

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer the one-click unsubscribe POST (RFC 8058) and show the unsubscribe page.",
        discussion: """
            Reads only touchpoint.yaml: its 'unsubscribe: url' gives the route (the token in a path \
            segment or a query parameter) and its name the page's heading. Each request to the route \
            appends one line (instant, token, kind) to DIR/feedback.log, synced before the answer; \
            'touchpoint feedback --from-log DIR' turns the log into lines of the suppression file. \
            It holds no patient data and no secret. Put it behind a proxy that speaks TLS; see \
            docs/feedback.md.
            """)

    @OptionGroup var root: RootOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "addr"))
    var bind = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on (0: any free port, printed when listening).", valueName: "n"))
    var port = 8080

    @Option(help: ArgumentHelp("The folder of the feedback log.", valueName: "dir"))
    var log: String

    @Option(help: ArgumentHelp("The most the feedback log may hold, in megabytes.", valueName: "mb"))
    var maxLogSize = 64

    @Option(help: ArgumentHelp("Requests one client address may make a minute.", valueName: "n"))
    var rateLimit = 20

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("'--port' takes 0 to 65535") }
        guard maxLogSize > 0 else { throw ValidationError("'--max-log-size' takes a number of megabytes above 0") }
        guard rateLimit > 0 else { throw ValidationError("'--rate-limit' takes a number above 0") }
    }

    func run() throws {
        let endpoint: UnsubscribeEndpoint
        switch try root.folder().endpoint() {
        case .success(let found):
            endpoint = found
        case .failure(.diagnostics(let diagnostics)):
            try DiagnosticOutput(format: .text).write(diagnostics, outcome: "nothing served")
            throw ExitCode.failure
        case .failure(.route(let problem)):
            throw EnvironmentError(problem)
        }
        let writer = try FeedbackLogWriter(folder: log, limit: maxLogSize << 20)
        var limits = UnsubscribeServer.Limits()
        limits.requestsPerMinute = rateLimit
        let server = UnsubscribeServer(endpoint: endpoint, log: writer, host: bind, port: port, limits: limits)
        let pattern = endpoint.route.pattern
        let logPath = writer.path
        do {
            try server.runUntilStopped(
                clock: { Date().timeIntervalSince1970 },
                listening: { host, port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    try? Output.standardError("touchpoint serve: listening on http://\(shown):\(port)\(pattern); logging to \(logPath)\n")
                },
                report: { message in try? Output.standardError("touchpoint serve: error: \(message)\n") })
        } catch {
            throw EnvironmentError("cannot serve on \(bind):\(port): \(error)")
        }
    }
}
