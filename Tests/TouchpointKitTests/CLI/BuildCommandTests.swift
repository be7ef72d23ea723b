import Foundation
import Testing

/// `touchpoint build` end to end: incremental, atomic, never escaping `out/`, and what Python's
/// strict e-mail parser makes of the example practice's outbox.
@Suite final class BuildCommandTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []
    private static let secret = ["TOUCHPOINT_SECRET": "build-tests-secret" as String?]

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private static let practiceFile = """
        practice:
          name: Prairie Motion Physio
          from: "Prairie Motion Physio <hello@prairiemotion.example>"
          address: "42 Elm Street, Ames, IA 50010"
          timezone: America/Chicago
        send_window:
          days: [mon, tue, wed, thu, fri, sat, sun]
          hours: "08:00-20:00"
        horizon: 30 days
        unsubscribe:
          url: "https://prairiemotion.example/u/{{ contact.token }}"

        """

    private static let schema = """
        key: id
        email: email
        name: "{{ first_name }}"
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          email: { type: email, required: true, unique: false }
          first_visit: { type: date, required: true }

        """

    private static let campaign = """
        campaign: visits
        title: Visits
        audience: patients
        kind: care
        steps:
          - id: before
            send: 1 day before first_visit at 09:00
            subject: "See you tomorrow, {{ first_name }}"
            body: "Hi {{ first_name }}, see you tomorrow."
          - id: after
            send: 1 day after first_visit at 17:00
            subject: "How did it go, {{ first_name }}?"
            body: "Hi {{ first_name }}, how did it go?"

        """

    /// A practice with `count` patients whose first visits spread over the next three weeks.
    private func practice(patients count: Int, extraRows: String = "") throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", Self.practiceFile)
        try folder.write("contacts/patients.schema.yaml", Self.schema)
        var rows = "id,first_name,email,first_visit\n"
        for index in 0..<count {
            rows += "p\(index),Pat \(index),p\(index)@mail.example,2026-12-\(String(format: "%02d", 3 + index % 20))\n"
        }
        try folder.write("contacts/patients.csv", rows + extraRows)
        try folder.write("campaigns/visits.yaml", Self.campaign)
        return folder
    }

    private func build(_ folder: ScratchFolder) throws -> TouchpointBinary.Run {
        try binary.run(["build", "--root", folder.path, "--as-of", "2026-12-01"], environment: Self.secret)
    }

    /// Every file under `out/` (but the build's own state) with its modification time and bytes.
    private func snapshot(_ folder: ScratchFolder) -> [String: (Date, Data)] {
        let out = folder.url.appendingPathComponent("out")
        var result: [String: (Date, Data)] = [:]
        let enumerator = FileManager.default.enumerator(at: out, includingPropertiesForKeys: [.contentModificationDateKey])
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(out.path.count + 1))
            guard !relative.hasPrefix(".touchpoint"), !url.hasDirectoryPath,
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .isDirectoryKey]),
                values.isDirectory != true, let date = values.contentModificationDate,
                let data = try? Data(contentsOf: url)
            else { continue }
            result[relative] = (date, data)
        }
        return result
    }

    private func emlFiles(_ snapshot: [String: (Date, Data)]) -> Set<String> {
        Set(snapshot.keys.filter { $0.hasSuffix(".eml") })
    }

    @Test func aSecondBuildRewritesNothing() throws {
        let folder = try practice(patients: 20)
        let first = try build(folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("40 messages in"))
        let before = snapshot(folder)
        #expect(emlFiles(before).count == 40)
        Thread.sleep(forTimeInterval: 1.1)
        let second = try build(folder)
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 written, 40 unchanged, 0 removed"), "\(second.stderr)")
        let after = snapshot(folder)
        for (path, (date, data)) in before {
            #expect(after[path]?.0 == date, "\(path) was rewritten")
            #expect(after[path]?.1 == data)
        }
    }

    @Test func changingOneContactRewritesOnlyItsFiles() throws {
        let folder = try practice(patients: 20)
        _ = try build(folder)
        let before = snapshot(folder)
        let csv = try String(contentsOf: folder.url.appendingPathComponent("contacts/patients.csv"), encoding: .utf8)
        try folder.write("contacts/patients.csv", csv.replacingOccurrences(of: "p7,Pat 7,", with: "p7,Patricia,"))
        Thread.sleep(forTimeInterval: 1.1)
        let run = try build(folder)
        #expect(run.stderr.contains("2 written, 38 unchanged, 0 removed"), "\(run.stderr)")
        let after = snapshot(folder)
        let changed = Set(after.keys.filter { path in path.hasSuffix(".eml") && after[path]?.0 != before[path]?.0 })
        #expect(changed.count == 2)
        #expect(changed.allSatisfy { $0.hasSuffix("-p7.eml") })
    }

    @Test func removingAStepRemovesExactlyItsFiles() throws {
        let folder = try practice(patients: 20)
        _ = try build(folder)
        let before = emlFiles(snapshot(folder))
        let withoutAfter = Self.campaign.components(separatedBy: "  - id: after")[0]
        try folder.write("campaigns/visits.yaml", withoutAfter)
        let run = try build(folder)
        #expect(run.stderr.contains("0 written, 20 unchanged, 20 removed"), "\(run.stderr)")
        let after = emlFiles(snapshot(folder))
        #expect(before.subtracting(after) == Set(before.filter { $0.contains("-visits-after-") }))
        #expect(after.allSatisfy { $0.contains("-visits-before-") })
    }

    @Test func aFailingCheckLeavesTheOutboxUntouched() throws {
        let folder = try practice(patients: 5)
        _ = try build(folder)
        let before = snapshot(folder)
        try folder.write(
            "campaigns/visits.yaml", Self.campaign.replacingOccurrences(of: "{{ first_name }}, see", with: "{{ frist_name }}, see"))
        let run = try build(folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unknown-merge-field]"))
        #expect(run.stderr.contains("nothing written"))
        let after = snapshot(folder)
        #expect(Set(after.keys) == Set(before.keys))
        for (path, (date, _)) in before { #expect(after[path]?.0 == date) }
    }

    @Test func keysCannotEscapeTheOutbox() throws {
        let folder = try practice(patients: 1, extraRows: "../../etc/passwd,Eve,eve@mail.example,2026-12-10\n")
        let run = try build(folder)
        #expect(run.status == 0, "\(run.stderr)")
        let files = emlFiles(snapshot(folder))
        #expect(files.count == 4)
        #expect(
            files.allSatisfy { path in
                let parts = path.split(separator: "/")
                return parts.count == 2 && !parts.contains("..") && !parts.contains(".")
            })
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("etc").path))
    }

    /// A build killed while it writes messages leaves each of them whole or absent, and the next
    /// build brings the outbox to what an uninterrupted build writes. The kill is proved to have
    /// landed mid-write: the journal (`out/.touchpoint/pending`), which a build writes before its
    /// first message and deletes after its manifest, outlives the killed build.
    @Test func aBuildKilledWhileWritingLeavesNoPartialMessageAndTheNextBuildRepairsIt() throws {
        let folder = try practice(patients: 150)
        let out = folder.url.appendingPathComponent("out")
        let journal = out.appendingPathComponent(".touchpoint/pending")
        // An uninterrupted build of the same practice, meanwhile, for what the outbox should hold.
        let fresh = try practice(patients: 150)
        let uninterrupted = try launchBuild(fresh)
        let victim = try launchBuild(folder)
        // Kill it once the journal is written and the first message has been renamed into place.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, victim.isRunning {
            if FileManager.default.fileExists(atPath: journal.path), Self.anyMessage(in: out) { break }
            Thread.sleep(forTimeInterval: 0.001)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGKILL)
        try #require(
            FileManager.default.fileExists(atPath: journal.path),
            "the build finished before the kill, which then proved nothing")
        let killed = snapshot(folder)
        let written = emlFiles(killed)
        #expect(!written.isEmpty, "the kill landed before the first message was in place")
        for (path, (_, data)) in killed where path.hasSuffix(".eml") {
            #expect(data.suffix(4) == Data("--\r\n".utf8), "\(path) is partial")
        }

        let repair = try build(folder)
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journal.path))
        let repaired = snapshot(folder)
        uninterrupted.waitUntilExit()
        #expect(uninterrupted.terminationStatus == 0)
        let expected = snapshot(fresh)
        #expect(emlFiles(expected).count == 300)
        #expect(Set(repaired.keys) == Set(expected.keys))
        #expect(!Self.temporaryFiles(in: out))
        for (path, (_, data)) in expected { #expect(repaired[path]?.1 == data, "\(path)") }
    }

    /// Starts `touchpoint build` on `folder`, output discarded.
    private func launchBuild(_ folder: ScratchFolder) throws -> Process {
        let process = Process()
        process.executableURL = binary.url
        process.arguments = ["build", "--root", folder.path, "--as-of", "2026-12-01"]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.secret.compactMapValues { $0 }) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Whether a day folder of the outbox holds a message under its final name.
    private static func anyMessage(in out: URL) -> Bool {
        let days = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.filter { $0.hasPrefix("2026-") } ?? []
        return days.contains { day in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(day).path)) ?? []
            return names.contains { !$0.hasPrefix(".") && $0.hasSuffix(".eml") }
        }
    }

    /// Whether any file under `folder` has a writer's temporary name (`.name.tmp-<pid>`).
    private static func temporaryFiles(in folder: URL) -> Bool {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            if (relative as NSString).lastPathComponent.contains(".tmp-") { return true }
        }
        return false
    }

    /// Two builds of the same inputs, in two processes with different working folders, time
    /// zones and locales, write byte-identical outboxes: Message-IDs and MIME boundaries come
    /// from the content, never from the process, the clock or the machine. Only the build's own
    /// state (`.touchpoint/`, which names each build) differs.
    @Test func twoBuildsInSeparateProcessesAreByteIdentical() throws {
        let first = try ScratchFolder()
        let second = try ScratchFolder()
        folders += [first, second]
        let secret = "example-practice-secret-not-for-real-use"
        let arguments = ["build", "--root", TestLocations.repositoryRoot.path, "--as-of", "2026-11-30", "--out"]
        let one = try binary.run(
            arguments + [first.path], in: first.url,
            environment: ["TOUCHPOINT_SECRET": secret, "TZ": "UTC", "LC_ALL": "C"])
        let two = try binary.run(
            arguments + [second.path], in: second.url,
            environment: ["TOUCHPOINT_SECRET": secret, "TZ": "Pacific/Chatham", "LC_ALL": "de_DE.UTF-8"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.status == 0, "\(two.stderr)")
        let firstFiles = Self.files(in: first.url)
        let secondFiles = Self.files(in: second.url)
        #expect(firstFiles.keys.filter { $0.hasSuffix(".eml") }.count > 20)
        #expect(firstFiles.keys.contains("schedule.csv"))
        #expect(firstFiles.keys.sorted() == secondFiles.keys.sorted())
        for (path, bytes) in firstFiles.sorted(by: { $0.key < $1.key }) {
            #expect(secondFiles[path] == bytes, "\(path) differs between the two builds")
        }
    }

    /// Every file under `folder` but the build's own state, by relative path, with its bytes.
    private static func files(in folder: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            if relative == ".touchpoint" {
                enumerator?.skipDescendants()
                continue
            }
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[relative] = try? Data(contentsOf: url)
        }
        return files
    }

    @Test func pythonReadsTheExamplePracticesOutboxWithoutDefects() throws {
        let out = try ScratchFolder()
        folders.append(out)
        let run = try binary.run(
            ["build", "--root", TestLocations.repositoryRoot.path, "--as-of", "2026-11-30", "--out", out.path],
            environment: ["TOUCHPOINT_SECRET": "example-practice-secret-not-for-real-use"])
        #expect(run.status == 0, "\(run.stderr)")
        var files: [URL] = []
        let enumerator = FileManager.default.enumerator(at: out.url, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "eml" { files.append(url) }
        }
        #expect(files.count > 20)
        let (problems, summaries) = try EmailChecker.check(files)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        #expect(summaries.count == files.count)
        // Each message is addressed to the contact schedule.csv names for its file.
        let schedule = try String(contentsOf: out.url.appendingPathComponent("schedule.csv"), encoding: .utf8)
        var recipients: [String: String] = [:]
        for row in schedule.split(separator: "\r\n").dropFirst() {
            let fields = row.split(separator: ",")
            guard let file = fields.last, fields.count >= 9 else { continue }
            recipients[out.url.appendingPathComponent(String(file)).path] = String(fields[4])
        }
        #expect(recipients.count == files.count)
        for summary in summaries {
            let path = String(summary.prefix { $0 != " " })
            let to = recipients[path] ?? "?"
            #expect(summary.contains("<\(to)>"), "\(summary)")
        }
    }
}
