import Foundation
import Testing
import TouchpointKit

/// `touchpoint check` end to end: the built binary, its output streams and its exit status
/// (SPEC §7: 0 success, 1 errors in the sources, 2 usage or I/O error).
@Suite final class CheckCommandTests {
    private let binary: TouchpointBinary
    /// The folders this test made: they live as long as the test, so no folder goes away while
    /// the binary still works in it.
    private var folders: [ScratchFolder] = []

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    /// A practice folder holding `touchpoint.yaml` with `text`.
    private func practice(_ text: String) throws -> ScratchFolder {
        let folder = try emptyFolder()
        try folder.write("touchpoint.yaml", text)
        return folder
    }

    private func emptyFolder() throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        return folder
    }

    private var withErrors: String {
        PracticeFixtures.minimal.replacingOccurrences(of: "America/Chicago", with: "America/Chicgo")
            .replacingOccurrences(of: "  name: Lincoln", with: "  nme: Lincoln")
    }

    private var withAWarning: String {
        PracticeFixtures.minimal.replacingOccurrences(
            of: "  mailto: unsubscribe@lincolnpt.example",
            with: "  url: http://lincolnpt.example/unsubscribe")
    }

    /// The example practice's unsubscribe links carry a token, so it needs a secret; the
    /// Makefile passes this one.
    static let exampleSecret = "example-practice-secret-not-for-real-use"

    @Test func theExamplePracticeChecksCleanly() throws {
        let run = try binary.run(
            ["check", "--root", TestLocations.repositoryRoot.path],
            environment: ["TOUCHPOINT_SECRET": Self.exampleSecret])
        #expect(run.stderr == "")
        #expect(run.stdout == "")
        #expect(run.status == 0)
    }

    @Test func onATerminalCheckReportsReachAsInformation() throws {
        let run = try binary.runOnTerminal(
            ["check", "--root", TestLocations.repositoryRoot.path],
            environment: ["TOUCHPOINT_SECRET": Self.exampleSecret, "NO_COLOR": "1"])
        #expect(run.status == 0)
        #expect(run.terminal.contains("reach from "))
        #expect(run.terminal.contains("birthday.greeting"))
        #expect(!run.terminal.contains("warning"))
        // Off a terminal, the same check prints nothing: CI results do not change by the day.
        let plain = try binary.run(
            ["check", "--root", TestLocations.repositoryRoot.path],
            environment: ["TOUCHPOINT_SECRET": Self.exampleSecret])
        #expect(plain.stderr.isEmpty)
    }

    @Test func theSecretMayComeFromTheSecretFile() throws {
        let folder = try practice(
            PracticeFixtures.minimal.replacingOccurrences(
                of: "  mailto: unsubscribe@lincolnpt.example",
                with: "  url: \"https://lincolnpt.example/u?c={{ contact.token }}\""))
        let without = try binary.run(["check", "--root", folder.path], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(without.status == 1)
        #expect(without.stderr.contains("[missing-secret]"))
        try Data("a-long-random-secret\n".utf8).write(to: folder.url.appendingPathComponent(".touchpoint-secret"))
        let with = try binary.run(["check", "--root", folder.path], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(with.stderr == "")
        #expect(with.status == 0)
    }

    @Test func checksTheCurrentFolderByDefault() throws {
        let folder = try practice(PracticeFixtures.minimal)
        let run = try binary.run(["check"], in: folder.url)
        #expect(run.status == 0)
        #expect(run.stderr == "")
    }

    @Test func errorsGoToStandardErrorAndExitOne() throws {
        let folder = try practice(withErrors)
        let run = try binary.run(["check", "--root", folder.path])
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("touchpoint.yaml:1:1: error: 'practice' is missing the required key 'name' [missing-key]\n"))
        #expect(run.stderr.contains("touchpoint.yaml:2:3: error: unknown key 'nme' in 'practice' [unknown-key]\n"))
        #expect(run.stderr.contains("touchpoint.yaml:5:13: error: 'America/Chicgo' is not an IANA time zone [unknown-time-zone]\n"))
        #expect(run.stderr.contains("  = help: did you mean 'America/Chicago'?\n"))
        #expect(run.stderr.hasSuffix("\ntouchpoint: 3 errors, 0 warnings\n"))
    }

    @Test func printsWhatTheGoldenTestsCompare() throws {
        let golden = try #require(GoldenCase.all.first { $0.name == "duplicate-key" })
        let run = try binary.run(["check", "--root", golden.folder.path])
        #expect(run.status == 1)
        #expect(run.stderr == (try String(contentsOf: golden.expectedText, encoding: .utf8)))
        let github = try binary.run(["check", "--root", golden.folder.path, "--format", "github"])
        #expect(github.stdout == (try String(contentsOf: golden.expectedGitHub, encoding: .utf8)))
    }

    @Test func jsonGoesToStandardOutputAndParses() throws {
        let folder = try practice(withErrors)
        let run = try binary.run(["check", "--root", folder.path, "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stderr == "")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        #expect(document["errors"] as? Int == 3)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.compactMap { $0["id"] as? String } == ["missing-key", "unknown-key", "unknown-time-zone"])
        #expect(diagnostics.first?["file"] as? String == "touchpoint.yaml")

        let cleanFolder = try practice(PracticeFixtures.minimal)
        let clean = try binary.run(["check", "--root", cleanFolder.path, "--format", "json"])
        #expect(clean.status == 0)
        #expect(clean.stdout == "{\"version\":1,\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n")
    }

    @Test func githubAnnotationsGoToStandardOutput() throws {
        let folder = try practice(withErrors)
        let run = try binary.run(["check", "--root", folder.path, "--format", "github"])
        #expect(run.status == 1)
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.hasPrefix("::error file=touchpoint.yaml,line=") })
        #expect(
            lines.last?.hasSuffix(
                "title=unknown-time-zone::'America/Chicgo' is not an IANA time zone%0Ahelp: did you mean 'America/Chicago'?%0Ahelp: use a name from the IANA time zone database, such as 'America/Chicago' or 'Europe/London'"
            ) == true)
    }

    @Test func strictTurnsAWarningIntoFailure() throws {
        let folder = try practice(withAWarning)
        let lenient = try binary.run(["check", "--root", folder.path])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning: the unsubscribe page is not https"))
        #expect(lenient.stderr.hasSuffix("touchpoint: 0 errors, 1 warning\n"))
        let strict = try binary.run(["check", "--root", folder.path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr == lenient.stderr)
    }

    @Test func aMissingPracticeFileIsAnErrorInTheSources() throws {
        let folder = try emptyFolder()
        let run = try binary.run(["check", "--root", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("touchpoint.yaml: error: no 'touchpoint.yaml' in this folder [missing-practice-file]\n"))
    }

    @Test(arguments: [
        (["check", "--root", "/nonexistent/practice"], "touchpoint: error: '/nonexistent/practice' does not exist\n"),
        (["check", "--root", "/dev/null"], "touchpoint: error: '/dev/null' is not a folder\n"),
    ])
    func anUnusableRootExitsTwo(_ arguments: [String], _ message: String) throws {
        let run = try binary.run(arguments)
        #expect(run.status == 2)
        #expect(run.stderr == message)
        #expect(run.stdout == "")
    }

    @Test(arguments: [["check", "--bogus"], ["check", "--format", "xml"], ["frobnicate"], ["check", "--root"]])
    func aUsageErrorExitsTwo(_ arguments: [String]) throws {
        let folder = try practice(PracticeFixtures.minimal)
        let run = try binary.run(arguments, in: folder.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Error:"))
        #expect(run.stderr.contains("Usage:") || run.stderr.contains("USAGE:"))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test(arguments: [["--help"], ["check", "--help"], ["help", "check"], ["--version"]])
    func helpAndVersionExitZero(_ arguments: [String]) throws {
        let run = try binary.run(arguments)
        #expect(run.status == 0)
        #expect(!run.stdout.isEmpty)
        if arguments.contains("check") {
            #expect(run.stdout.contains("--strict"))
            #expect(run.stdout.contains("--format"))
        }
    }

    @Test func noColourWhenNotATerminal() throws {
        let folder = try practice(withErrors)
        let run = try binary.run(["check", "--root", folder.path], environment: ["NO_COLOR": nil, "TERM": "xterm-256color"])
        #expect(run.status == 1)
        #expect(!run.stderr.isEmpty)
        #expect(!run.stderr.contains("\u{1B}"))
    }

    #if os(Linux)
        @Test func colourOnATerminalUnlessNoColourIsSet() throws {
            let folder = try practice(withErrors)
            let coloured = try binary.runOnTerminal(["check", "--root", folder.path], environment: ["NO_COLOR": nil])
            #expect(coloured.status == 1)
            #expect(coloured.terminal.contains("\u{1B}[1;31merror:"))
            let plain = try binary.runOnTerminal(["check", "--root", folder.path], environment: ["NO_COLOR": "1"])
            #expect(plain.status == 1)
            #expect(plain.terminal.contains("error: unknown key 'nme'"))
            #expect(!plain.terminal.contains("\u{1B}"))
        }
    #endif
}
