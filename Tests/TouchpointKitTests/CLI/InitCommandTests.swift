import Foundation
import Testing
import TouchpointKit

/// `touchpoint init` end to end: the practice it writes checks clean and builds, and it never
/// overwrites a file. Also the shell completions argument-parser generates from the commands.
@Suite final class InitCommandTests {
    private let binary: TouchpointBinary
    /// The folders this test made: they live as long as the test.
    private var folders: [ScratchFolder] = []

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private func emptyFolder() throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        return folder
    }

    /// No secret anywhere: the starter practice must not need one.
    private let noSecret: [String: String?] = ["TOUCHPOINT_SECRET": nil]

    @Test func writesAPracticeThatChecksCleanAndBuilds() throws {
        let folder = try emptyFolder()
        let practice = folder.url.appendingPathComponent("lincoln-pt")
        let initRun = try binary.run(["init", practice.path], environment: noSecret)
        #expect(initRun.status == 0)
        #expect(initRun.stderr == "")
        for file in PracticeTemplate.files {
            #expect(initRun.stdout.contains("  \(file.path)\n"), "init does not list '\(file.path)'")
            let written = try Data(contentsOf: practice.appendingPathComponent(file.path))
            #expect(String(decoding: written, as: UTF8.self) == file.contents, "'\(file.path)'")
        }
        #expect(initRun.stdout.contains("Next steps:"))

        let check = try binary.run(["check"], in: practice, environment: noSecret)
        #expect(check.stderr == "")
        #expect(check.stdout == "")
        #expect(check.status == 0)

        let build = try binary.run(["build", "--as-of", "2026-11-30"], in: practice, environment: noSecret)
        #expect(build.status == 0, "\(build.stderr)")
        let out = practice.appendingPathComponent("out")
        let messages =
            FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".eml") } ?? []
        #expect(!messages.isEmpty, "the starter practice built no message")
    }

    @Test func theStarterKeepsSendingInLaterYears() throws {
        // A practice built as of now, long after the made-up dates, still has something to show.
        let folder = try emptyFolder()
        #expect(try binary.run(["init", folder.path], environment: noSecret).status == 0)
        let build = try binary.run(["build", "--as-of", "2031-06-02"], in: folder.url, environment: noSecret)
        #expect(build.status == 0, "\(build.stderr)")
        let messages =
            FileManager.default.enumerator(atPath: folder.url.appendingPathComponent("out").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".eml") } ?? []
        #expect(!messages.isEmpty)
    }

    @Test func initialisesTheCurrentFolderByDefault() throws {
        let folder = try emptyFolder()
        try folder.write("README.md", "A practice.\n")
        let run = try binary.run(["init"], in: folder.url, environment: noSecret)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("touchpoint: wrote a new practice in this folder:\n"))
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("touchpoint.yaml").path))
        // A file init does not write is left as it was.
        #expect(try String(contentsOf: folder.url.appendingPathComponent("README.md"), encoding: .utf8) == "A practice.\n")
    }

    @Test func theHookIsExecutableAndTheRestIsNot() throws {
        let folder = try emptyFolder()
        #expect(try binary.run(["init", folder.path]).status == 0)
        for file in PracticeTemplate.files {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.url.appendingPathComponent(file.path).path)
            let mode = try #require(attributes[.posixPermissions] as? Int)
            #expect(mode == (file.isExecutable ? 0o755 : 0o644), "'\(file.path)' has mode \(String(mode, radix: 8))")
        }
        #expect(PracticeTemplate.files.filter(\.isExecutable).map(\.path) == ["hooks/pre-commit"])
    }

    @Test func refusesToOverwriteAndWritesNothing() throws {
        let folder = try emptyFolder()
        try folder.write("touchpoint.yaml", "practice: mine\n")
        try folder.write("campaigns/welcome.yaml", "campaign: mine\n")
        let run = try binary.run(["init", folder.path], environment: noSecret)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(
            run.stderr == """
                touchpoint: error: '\(folder.path)' already has files that init would write; nothing was written:
                  touchpoint.yaml
                  campaigns/welcome.yaml

                """)
        #expect(try String(contentsOf: folder.url.appendingPathComponent("touchpoint.yaml"), encoding: .utf8) == "practice: mine\n")
        let left = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["campaigns", "campaigns/welcome.yaml", "touchpoint.yaml"])
    }

    @Test func refusesAFolderThatIsAFile() throws {
        let folder = try emptyFolder()
        try folder.write("practice", "not a folder\n")
        let run = try binary.run(["init", folder.url.appendingPathComponent("practice").path])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("touchpoint: error: "))
        #expect(run.stderr.contains("is a file, not a folder"))
    }

    @Test func theFolderIsGivenOnce() throws {
        let run = try binary.run(["init", "a", "--root", "b"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("give the folder once"))
    }

    // MARK: - The copies in docs/integration

    @Test(arguments: ["docs/integration/touchpoint.yml", "docs/integration/pre-commit"])
    func theDocumentedCopiesEqualWhatInitWrites(_ path: String) throws {
        let text = path.hasSuffix(".yml") ? PracticeTemplate.workflow : PracticeTemplate.preCommitHook
        let url = TestLocations.repositoryRoot.appendingPathComponent(path)
        #expect(try String(contentsOf: url, encoding: .utf8) == text, "'\(path)' differs from PracticeTemplate; copy it again")
    }

    @Test func theWorkflowAndHookAreWhereInitPutsThem() {
        let byPath = Dictionary(uniqueKeysWithValues: PracticeTemplate.files.map { ($0.path, $0.contents) })
        #expect(byPath[".github/workflows/touchpoint.yml"] == PracticeTemplate.workflow)
        #expect(byPath["hooks/pre-commit"] == PracticeTemplate.preCommitHook)
        #expect(PracticeTemplate.workflow.contains("touchpoint check --format github"))
        #expect(PracticeTemplate.workflow.contains("github/codeql-action/upload-sarif"))
        #expect(PracticeTemplate.workflow.contains("${{ secrets.TOUCHPOINT_SECRET }}"))
        #expect(PracticeTemplate.preCommitHook.hasPrefix("#!/bin/sh\n"))
        #expect(PracticeTemplate.practice.contains("mailto:"))
    }

    @Test func theHookRefusesACommitThatDoesNotCheck() throws {
        let folder = try emptyFolder()
        #expect(try binary.run(["init", folder.path]).status == 0)
        // The hook runs `touchpoint` from PATH: put the built one first.
        let path = binary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let environment: [String: String?] = ["PATH": path, "TOUCHPOINT_SECRET": nil, "GIT_DIR": nil, "GIT_INDEX_FILE": nil]
        func sh(_ script: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = folder.url
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in environment { merged[key] = value }
            process.environment = merged
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(try sh("git init -q . && git add -A") == 0, "git is needed for this test")
        #expect(try sh("hooks/pre-commit") == 0)
        // Break the staged time zone; the working tree stays correct, and the hook checks the index.
        try folder.write("touchpoint.yaml", PracticeTemplate.practice.replacingOccurrences(of: "America/Chicago", with: "America/Chicgo"))
        #expect(try sh("git add touchpoint.yaml") == 0)
        try folder.write("touchpoint.yaml", PracticeTemplate.practice)
        #expect(try sh("hooks/pre-commit") == 1)
    }

    @Test func theHookChecksAContactExportKeptOutOfGit() throws {
        let folder = try emptyFolder()
        #expect(try binary.run(["init", folder.path]).status == 0)
        let path = binary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        func sh(_ script: String) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = folder.url
            var merged = ProcessInfo.processInfo.environment
            for (key, value) in ["PATH": path, "TOUCHPOINT_SECRET": nil, "GIT_DIR": nil, "GIT_INDEX_FILE": nil] as [String: String?] {
                merged[key] = value
            }
            process.environment = merged
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        // The tutorial's pattern: the real export git-ignored, a synthetic sample committed for CI.
        try folder.write(".gitignore", PracticeTemplate.gitignore + "/contacts/patients.csv\n")
        try folder.write("contacts/samples/patients.csv", PracticeTemplate.patients)
        try #require(try sh("git init -q . && git add -A") == 0, "git is needed for this test")
        #expect(try sh("git ls-files --error-unmatch contacts/patients.csv") != 0)
        #expect(try sh("hooks/pre-commit") == 0)
        // The export in the working tree is what the hook checks.
        try folder.write(
            "contacts/patients.csv", PracticeTemplate.patients.replacingOccurrences(of: "avery.sample@mail.example", with: "avery"))
        #expect(try sh("hooks/pre-commit") == 1)
    }

    // MARK: - Completions

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameEverySubcommand(_ shell: String) throws {
        let run = try binary.run(["--generate-completion-script", shell])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        for command in ["check", "build", "plan", "explain", "preview", "init"] {
            let word = try Regex("(^|[^A-Za-z0-9_-])\(command)([^A-Za-z0-9_-]|$)")
            #expect(run.stdout.contains(word), "the \(shell) completions do not mention '\(command)'")
        }
        #expect(run.stdout.contains("sarif"), "the \(shell) completions do not offer '--format sarif'")
    }
}
