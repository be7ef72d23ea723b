import ArgumentParser
import Foundation
import TouchpointKit

/// The `touchpoint` command: parses arguments, calls TouchpointKit, prints, picks an exit code
/// (0 success, 1 the sources have errors, 2 usage or I/O error).
@main
struct Touchpoint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "touchpoint",
        abstract: "Compile a practice's patient-journey campaigns into dated, checked e-mail.",
        discussion: "Run the commands from the practice's folder, or pass '--root DIR'.",
        version: "0.1.0",
        subcommands: [
            Check.self, Build.self, Plan.self, Explain.self, Preview.self, Review.self, Deliver.self, Serve.self, Feedback.self,
            Token.self, Init.self, Schema.self,
        ]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as EnvironmentError {
            // When standard error cannot take the message either, the status still says it.
            try? Output.standardError("touchpoint: error: \(error.description)\n")
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure {
                if code == .success {
                    do {
                        try Output.standardOutput(fullMessage(for: error) + "\n")
                    } catch {
                        try? Output.standardError("touchpoint: error: \(error.description)\n")
                        Foundation.exit(2)
                    }
                }
                Foundation.exit(code.rawValue)
            }
            // Usage errors: argument-parser's message and help, with SPEC §7's exit status 2.
            try? Output.standardError(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }
}

/// Options every command takes.
struct RootOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The practice's folder.", valueName: "dir"))
    var root: String = "."

    /// The unsubscribe-token secret from the environment (`TOUCHPOINT_SECRET`), if set.
    var secret: String? {
        ProcessInfo.processInfo.environment["TOUCHPOINT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
