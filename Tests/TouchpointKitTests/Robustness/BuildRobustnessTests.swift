import Foundation
import Testing

/// Random and mutated practices through the built `touchpoint build`, as a nightly job runs it: it
/// never crashes or dies of a signal, never leaves a temporary file, writes nothing when the
/// practice has errors (exit 1) and leaves the outbox it had as it was, and every message it does
/// write is read by Python's strict e-mail parser without a defect. Every case follows from its
/// seed, which a failure names: `FuzzedPractice(seed:)` rebuilds the practice, and
/// `BuildRobustnessTests.mutation(of:seed:)` the edit of a mutated one.
@Suite("Build robustness", TimeLimits.minutes(2))
final class BuildRobustnessTests {
    private let binary: TouchpointBinary
    private static let randomCount = 40
    private static let mutatedCount = 30
    private static let baseSeed: UInt64 = 0x7075_6368_5F66_757A

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    /// One practice taken through the build, kept until Python has read its messages.
    private struct Case {
        let name: String
        let folder: ScratchFolder
        /// The practice's files as written, by path.
        var practice: [String: [UInt8]]
        var status: Int32 = -1
        var messages: [URL] = []
    }

    private struct Tally {
        /// Builds of practices as generated, and how many of them succeeded.
        var generated = 0
        var generatedBuilt = 0
        var failedCheck = 0
        var failures: [String] = []
    }

    @Test func randomAndMutatedPracticesBuildSafely() throws {
        var tally = Tally()
        var cases: [Case] = []
        for index in 0..<Self.randomCount {
            let seed = Self.baseSeed &+ UInt64(index)
            let practice = FuzzedPractice(seed: seed)
            var current = Case(name: "FuzzedPractice(seed: \(Self.hex(seed)))", folder: try ScratchFolder(), practice: practice.files)
            try Self.write(practice.files, into: current.folder)
            try build(&current, before: nil, tally: &tally)
            tally.generated += 1
            if current.status == 0 { tally.generatedBuilt += 1 }
            cases.append(current)
        }
        var mutatedBuilt = 0
        for index in 0..<Self.mutatedCount {
            let seed = Self.baseSeed &+ UInt64(Self.randomCount + index)
            let practice = FuzzedPractice(seed: seed)
            var current = Case(
                name: "mutation(of: FuzzedPractice(seed: \(Self.hex(seed))), seed: \(Self.hex(seed)))",
                folder: try ScratchFolder(), practice: practice.files)
            try Self.write(practice.files, into: current.folder)
            try build(&current, before: nil, tally: &tally)
            tally.generated += 1
            if current.status == 0 { tally.generatedBuilt += 1 }
            let before = Self.outbox(of: current.folder)
            let (path, bytes) = Self.mutation(of: practice, seed: seed)
            try current.folder.write(path, bytes: bytes)
            current.practice[path] = bytes
            try build(&current, before: before, tally: &tally)
            if current.status == 0 { mutatedBuilt += 1 }
            cases.append(current)
        }

        // One Python process reads every message of every case.
        let files = cases.flatMap(\.messages)
        let (problems, summaries) = try EmailChecker.check(files)
        for problem in problems {
            let owner = cases.first { problem.contains($0.folder.path) }?.name ?? "?"
            tally.failures.append("\(owner): \(problem)")
        }
        #expect(summaries.count == files.count, "Python read \(summaries.count) of \(files.count) messages")

        #expect(tally.failures.isEmpty, "\(tally.failures.count) problems:\n\(tally.failures.prefix(20).joined(separator: "\n"))")
        // The generated practices are valid in shape, and mostly valid outright: were most of them
        // to fail their check, the build would be exercised on next to nothing.
        #expect(
            tally.generatedBuilt * 4 >= tally.generated * 3, "only \(tally.generatedBuilt) of \(tally.generated) generated practices built")
        #expect(
            mutatedBuilt > 0 && tally.failedCheck >= Self.mutatedCount / 4,
            "mutations that still built: \(mutatedBuilt); builds that failed their check: \(tally.failedCheck)")
        print(
            "build robustness: \(tally.generated) generated practices, \(tally.generatedBuilt) built;",
            "\(Self.mutatedCount) mutated, \(mutatedBuilt) built; \(tally.failedCheck) failed their check;",
            "\(files.count) messages read by Python")
        #expect(files.count > 100, "only \(files.count) messages were written")
    }

    /// Builds the case's practice and checks what the run did; `before` is the outbox an earlier
    /// build left, which a failed build must leave untouched.
    private func build(_ current: inout Case, before: [String: Data]?, tally: inout Tally) throws {
        let run = try binary.run(
            ["build", "--root", current.folder.path, "--as-of", FuzzedPractice.asOf],
            environment: ["TOUCHPOINT_SECRET": nil, "NO_COLOR": "1"])
        current.status = run.status
        func fail(_ problem: String) {
            tally.failures.append("\(current.name): \(problem)\nstderr: \(run.stderr.prefix(600))")
        }
        let crash = ["Fatal error", "Stack dump", "Current stack trace", "Backtrace", "Illegal instruction", "Segmentation"]
        if let sign = crash.first(where: { run.stderr.contains($0) }) { fail("the build printed '\(sign)'") }
        let after = Self.outbox(of: current.folder)
        for path in Self.allFiles(in: current.folder.url) {
            if path.contains(".tmp-") { fail("a temporary file was left behind: \(path)") }
            if !path.hasPrefix("out/"), current.practice[path] == nil { fail("a file was written outside out/: \(path)") }
        }
        switch run.status {
        case 0:
            let schedule = String(decoding: after["schedule.csv"] ?? Data(), as: UTF8.self)
            let written = after.keys.filter { $0.hasSuffix(".eml") }.sorted()
            for path in written where !schedule.contains(path) { fail("\(path) is not in schedule.csv") }
            current.messages = written.map { current.folder.url.appendingPathComponent("out/" + $0) }
        case 1:
            tally.failedCheck += 1
            let earlier = before ?? [:]
            let changed = Set(after.keys).union(earlier.keys).filter { after[$0] != earlier[$0] }
            if !changed.isEmpty { fail("a build that failed its check changed the outbox: \(changed.sorted())") }
            // What an earlier build wrote is still there, and still read.
            current.messages = after.keys.filter { $0.hasSuffix(".eml") }.sorted()
                .map { current.folder.url.appendingPathComponent("out/" + $0) }
        default:
            fail("the build ended with status \(run.status) (a signal's number when it was killed)")
            current.messages = []
        }
    }

    /// One random edit of one file of `practice`: half the time a few of the YAML robustness
    /// test's edits (byte changes, insertions of text that means something to YAML or CSV,
    /// deletions, lines moved or cut short), otherwise one byte changed or one piece of awkward text
    /// put in, which inside a quoted value often leaves a practice that still builds.
    static func mutation(of practice: FuzzedPractice, seed: UInt64) -> (path: String, bytes: [UInt8]) {
        var random = SeededGenerator(seed: seed ^ 0x6D75_7461_7465)
        let path = practice.files.keys.filter { $0 != ".touchpoint-secret" }.sorted().randomElement(using: &random) ?? ""
        var bytes = practice.files[path] ?? []
        let at = Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0 where at < bytes.count:
            bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 1:
            bytes.insert(contentsOf: Array(FuzzedPractice.text(&random, pieces: 1...3).utf8), at: at)
        default:
            bytes = YAMLRobustnessTests.mutate(bytes, with: &random)
        }
        return (path, bytes)
    }

    private static func write(_ files: [String: [UInt8]], into folder: ScratchFolder) throws {
        for (path, bytes) in files {
            try folder.write(path, bytes: bytes)
        }
    }

    /// The files of the practice's outbox but the build's own state, by path under `out/`.
    private static func outbox(of folder: ScratchFolder) -> [String: Data] {
        let out = folder.url.appendingPathComponent("out")
        var files: [String: Data] = [:]
        for path in allFiles(in: out) where !path.hasPrefix(".touchpoint/") {
            files[path] = FileManager.default.contents(atPath: out.appendingPathComponent(path).path)
        }
        return files
    }

    /// Every regular file under `folder`, hidden ones too, by relative path.
    private static func allFiles(in folder: URL) -> [String] {
        let paths = FileManager.default.enumerator(atPath: folder.path)?.allObjects.compactMap { $0 as? String } ?? []
        return paths.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
    }

    private static func hex(_ value: UInt64) -> String {
        "0x" + String(value, radix: 16)
    }
}
