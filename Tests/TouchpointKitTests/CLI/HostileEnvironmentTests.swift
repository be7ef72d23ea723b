import Foundation
import Testing

/// What hostile testing of the built binary found, each as the case that showed it: a full
/// device, dates at the calendar's ends, a CI runner with a terminal.
@Suite final class HostileEnvironmentTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    /// A small practice that checks clean, with one patient; `contacts` replaces its rows.
    private func practice(contacts: String = "id,first_name,email\np1,Ann,ann@x.example\n") throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
        try folder.write(
            "contacts/patients.schema.yaml",
            "key: id\nemail: email\nfields:\n  id: { type: string, required: true }\n"
                + "  first_name: string\n  email: { type: email, required: true }\n")
        try folder.write("contacts/patients.csv", contacts)
        try folder.write(
            "campaigns/hello.yaml",
            """
            campaign: hello
            title: Hello
            audience: patients
            kind: care
            steps:
              - id: hi
                send: on 2026-12-01 at 09:00
                subject: "Hello, {{ first_name | default: \\"there\\" }}"
                body: Hi.

            """)
        return folder
    }

    /// Runs the binary with standard output or standard error on `/dev/full`, where every write
    /// fails with ENOSPC, as on a disk that filled up; the other stream goes to a file.
    private func runFull(_ arguments: [String], full stream: String) throws -> (status: Int32, other: String) {
        let scratch = try ScratchFolder()
        let otherURL = scratch.url.appendingPathComponent("other")
        _ = FileManager.default.createFile(atPath: otherURL.path, contents: nil)
        let other = try FileHandle(forWritingTo: otherURL)
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let process = Process()
        process.executableURL = binary.url
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stream == "stdout" ? full : other
        process.standardError = stream == "stdout" ? other : full
        try process.run()
        process.waitUntilExit()
        try other.close()
        try full.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: otherURL), as: UTF8.self))
    }

    @Test(arguments: [
        ["check", "--format", "json"], ["plan", "--as-of", "2026-11-30"], ["explain", "p1", "--as-of", "2026-11-30"],
        ["preview", "hello", "--as-of", "2026-11-30"], ["plan", "--as-of", "2026-11-30", "--format", "csv"],
    ])
    func writingToAFullDeviceExitsTwo(_ arguments: [String]) throws {
        let folder = try practice()
        let run = try runFull(arguments + ["--root", folder.path], full: "stdout")
        #expect(run.status == 2)
        #expect(run.other == "touchpoint: error: cannot write to standard output: No space left on device\n")
    }

    @Test func diagnosticsToAFullDeviceExitTwoNotATrap() throws {
        let folder = try practice(contacts: "id,first_name,email\np1,Ann,ann@@x.example\n")
        for arguments in [["check", "--root", folder.path], ["build", "--root", folder.path, "--as-of", "2026-11-30"]] {
            let run = try runFull(arguments, full: "stderr")
            #expect(run.status == 2, "\(arguments[0])")
            #expect(run.other == "")
        }
    }

    @Test(arguments: ["9999-12-31", "9999-11-01", "0001-01-01", "0001-01-02", "1899-12-31T23:00"])
    func asOfAtTheCalendarsEndsIsAUsageError(_ asOf: String) throws {
        let folder = try practice()
        for command in ["plan", "build"] {
            let run = try binary.run([command, "--root", folder.path, "--as-of", asOf])
            #expect(run.status == 2)
            #expect(run.stderr.hasPrefix("Error: '\(asOf)' is outside the years 1900–9000 that a schedule can be made for\n"))
        }
    }

    @Test func theCalendarsLastUsableYearsStillPlan() throws {
        let folder = try practice()
        for asOf in ["1900-01-01", "9000-12-31"] {
            let run = try binary.run(["plan", "--root", folder.path, "--as-of", asOf, "--horizon", "5000 weeks", "--format", "csv"])
            #expect(run.status == 0, "\(asOf): \(run.stderr)")
        }
    }

    #if os(Linux)
        @Test(arguments: ["CI", "GITHUB_ACTIONS", "BUILDKITE"])
        func patientValuesAreHiddenWheneverCIIsSet(_ variable: String) throws {
            let folder = try practice(contacts: "id,first_name,email\np1,Ann,ann.private@@x.example\n")
            var quiet: [String: String?] = ["CI": nil, "GITHUB_ACTIONS": nil, "BUILDKITE": nil, "NO_COLOR": "1"]
            let shown = try binary.runOnTerminal(["check", "--root", folder.path], environment: quiet)
            #expect(shown.status == 1)
            #expect(shown.terminal.contains("ann.private@@x.example"))
            quiet[variable] = "true"
            let hidden = try binary.runOnTerminal(["check", "--root", folder.path], environment: quiet)
            #expect(hidden.status == 1)
            #expect(!hidden.terminal.contains("ann.private"))
            #expect(hidden.terminal.contains("contacts/patients.csv:2:3: error:"))
        }
    #endif
}

/// The outbox holds patient data: nobody but its owner reads it, whatever the umask, unless the
/// practice asks for its group.
@Suite final class OutboxPermissionTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private func practice(_ extra: String = "") throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal(plus: extra))
        try folder.write(
            "contacts/patients.schema.yaml",
            "key: id\nemail: email\nfields:\n  id: { type: string, required: true }\n"
                + "  email: { type: email, required: true }\n")
        try folder.write("contacts/patients.csv", "id,email\np1,ann@x.example\n")
        try folder.write(
            "campaigns/hello.yaml",
            "campaign: hello\ntitle: Hello\naudience: patients\nkind: care\nsteps:\n"
                + "  - id: hi\n    send: on 2026-12-01 at 09:00\n    subject: Hello\n    body: Hi.\n")
        return folder
    }

    /// The permission bits of everything the build wrote, by path relative to the outbox.
    private func modes(_ folder: ScratchFolder) throws -> [String: Int] {
        let out = folder.url.appendingPathComponent("out")
        var modes: [String: Int] = [".": try mode(out.path)]
        for case let path as String in FileManager.default.enumerator(atPath: out.path)?.allObjects ?? [] {
            modes[path] = try mode(out.appendingPathComponent(path).path)
        }
        return modes
    }

    private func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theOutboxIsNotWorldReadable() throws {
        let folder = try practice()
        // An outbox made by an earlier version, world-readable under the usual umask 022.
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("out"), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755])
        let run = try binary.run(["build", "--root", folder.path, "--as-of", "2026-11-30"])
        #expect(run.status == 0, "\(run.stderr)")
        let modes = try modes(folder)
        #expect(modes["."] == 0o700)
        #expect(modes["2026-12-01"] == 0o700)
        #expect(modes["2026-12-01/0900-hello-hi-p1.eml"] == 0o600)
        #expect(modes["schedule.csv"] == 0o600)
        #expect(modes.values.allSatisfy { $0 & 0o077 == 0 }, "\(modes)")
    }

    @Test func groupModeLetsTheGroupRead() throws {
        let folder = try practice("outbox:\n  mode: group\n")
        let run = try binary.run(["build", "--root", folder.path, "--as-of", "2026-11-30"])
        #expect(run.status == 0, "\(run.stderr)")
        let modes = try modes(folder)
        #expect(modes["."] == 0o750)
        #expect(modes["2026-12-01/0900-hello-hi-p1.eml"] == 0o640)
        #expect(modes.values.allSatisfy { $0 & 0o007 == 0 }, "\(modes)")
    }
}
