import Foundation
import Testing

/// A nightly build past bad rows (S5): one date typo, one patient without an address. With
/// `--keep-going` (or `keep_going: true`) only those contacts are held back, their messages in
/// `out/` kept exactly as they were, and everyone else's mail is built; without it, nothing is.
@Suite final class KeepGoingTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []
    static let asOf = "2026-11-30"
    static let header = "id,first_name,status,first_visit,email"

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    /// The nightly-build tests' list: a key, a required address, a date and an enum to break.
    static let schema = NightlyBuildTests.schema

    /// Patient `number`'s row: active, a first visit in December.
    static func row(_ number: Int) -> [String] {
        ["p\(number)", "Pat\(number)", "active", "2026-12-\(String(format: "%02d", 2 + number % 25))", "p\(number)@mail.example"]
    }

    /// 35 patients, with the rows of `edits` (by patient number) changed.
    static func export(_ edits: [Int: (inout [String]) -> Void] = [:]) -> String {
        header + "\n"
            + (1...35).map { number in
                var cells = row(number)
                edits[number]?(&cells)
                return cells.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
    }

    static func campaign(_ id: String, days: Int) -> String {
        """
        campaign: \(id)
        title: \(id)
        audience: patients
        where: status == "active"
        kind: care
        steps:
          - id: remind
            send: \(days) days before first_visit at 09:00
            subject: "See you soon"
            body: "Hi {{ first_name | default: \\"there\\" }}."

        """
    }

    /// A practice of 35 patients and two reminder campaigns, built once: 70 messages due.
    private func builtPractice(practice: String = PracticeFixtures.minimal) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", practice)
        try folder.write("contacts/patients.schema.yaml", Self.schema)
        try folder.write("contacts/patients.csv", Self.export())
        try folder.write("campaigns/reminder.yaml", Self.campaign("reminder", days: 1))
        try folder.write("campaigns/early-reminder.yaml", Self.campaign("early-reminder", days: 2))
        let first = try run(folder, "build")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try files(in: folder).count == 70)
        return folder
    }

    private func run(_ folder: ScratchFolder, _ command: String, _ extra: [String] = []) throws -> TouchpointBinary.Run {
        try binary.run([command, "--root", folder.path, "--as-of", Self.asOf] + extra)
    }

    /// One file of the outbox as it stands: its bytes, and what shows whether it was rewritten.
    struct Snapshot: Equatable {
        let bytes: Data
        let modified: Date?
        let inode: Int?
    }

    /// The `.eml` files of the outbox, by path.
    private func files(in folder: ScratchFolder) throws -> [String: Snapshot] {
        let out = folder.url.appendingPathComponent("out")
        var found: [String: Snapshot] = [:]
        let paths = FileManager.default.enumerator(atPath: out.path)?.allObjects.compactMap { $0 as? String } ?? []
        for path in paths where path.hasSuffix(".eml") {
            let url = out.appendingPathComponent(path)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            found[path] = Snapshot(
                bytes: try Data(contentsOf: url), modified: attributes[.modificationDate] as? Date,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.intValue)
        }
        return found
    }

    private func schedule(of folder: ScratchFolder) throws -> String {
        String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("out/schedule.csv")), as: UTF8.self)
    }

    private func manifest(of folder: ScratchFolder) throws -> String {
        String(decoding: try Data(contentsOf: folder.url.appendingPathComponent("out/.touchpoint/manifest")), as: UTF8.self)
    }

    /// The export of the night: p7's first visit is a typo, p11 has no address, and p20's first
    /// name changed (a change that has nothing to do with the errors).
    static let badNight = export([
        7: { $0[3] = "2026-12-32" },
        11: { $0[4] = "" },
        20: { $0[1] = "Patricia" },
    ])

    static func isMessage(_ path: String, of keys: String...) -> Bool {
        keys.contains { path.hasSuffix("-\($0).eml") }
    }

    @Test func keepingGoingHoldsBackOnlyTheContactsWhoseRowsHaveErrors() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        let scheduleBefore = try schedule(of: folder)
        try folder.write("contacts/patients.csv", Self.badNight)
        let run = try run(folder, "build", ["--keep-going"])
        #expect(run.status == 1, "cron must still report the errors")
        #expect(run.stderr.contains("contacts/patients.csv:8:4: error: "))
        #expect(run.stderr.contains("contacts/patients.csv:12:5: error: "))
        #expect(run.stderr.contains("; keeping going past the rows with errors\n"))
        #expect(
            run.stderr.contains(
                "touchpoint: held back 2 contacts whose rows have errors: p7 (contacts/patients.csv:8), p11 (contacts/patients.csv:12)\n"
            ))
        #expect(run.stderr.hasSuffix(": 2 written, 64 unchanged, 0 removed, 4 of held-back contacts kept as they are\n"), "\(run.stderr)")

        let after = try files(in: folder)
        #expect(after.keys.sorted() == before.keys.sorted())
        let held = before.keys.filter { Self.isMessage($0, of: "p7", "p11") }
        #expect(held.count == 4)
        for path in held {
            #expect(after[path] == before[path], "\(path) was rewritten")
        }
        let changed = before.keys.filter { Self.isMessage($0, of: "p20") }
        #expect(changed.count == 2)
        for path in changed {
            #expect(after[path]?.bytes != before[path]?.bytes)
            let text = String(decoding: after[path]?.bytes ?? Data(), as: UTF8.self)
            #expect(text.contains("Hi Patricia."))
        }
        for path in before.keys where !Self.isMessage(path, of: "p7", "p11", "p20") {
            #expect(after[path]?.bytes == before[path]?.bytes)
        }
        // The held contacts' rows stay, in their places: no row shows p20's name.
        #expect(try schedule(of: folder) == scheduleBefore)
        let manifest = try manifest(of: folder)
        for path in held { #expect(manifest.contains(path + "\t")) }
    }

    @Test func withoutKeepingGoingOneBadRowStopsEveryonesMail() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        let scheduleBefore = try schedule(of: folder)
        try folder.write("contacts/patients.csv", Self.badNight)
        let run = try run(folder, "build")
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("touchpoint: 2 errors, 0 warnings; nothing written\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("held back"))
        #expect(try files(in: folder) == before)
        #expect(try schedule(of: folder) == scheduleBefore)
    }

    @Test func keepGoingInThePracticeFileDoesWhatTheFlagDoes() throws {
        let folder = try builtPractice(practice: PracticeFixtures.minimal(plus: "keep_going: true\n"))
        let before = try files(in: folder)
        try folder.write("contacts/patients.csv", Self.badNight)
        let run = try run(folder, "build")
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "touchpoint: held back 2 contacts whose rows have errors: p7 (contacts/patients.csv:8), p11 (contacts/patients.csv:12)\n"
            ))
        let after = try files(in: folder)
        for path in before.keys where Self.isMessage(path, of: "p7", "p11") {
            #expect(after[path] == before[path])
        }
        for path in before.keys where Self.isMessage(path, of: "p20") {
            #expect(after[path]?.bytes != before[path]?.bytes)
        }
        // `check` stays strict: CI fails on the same rows.
        let check = try binary.run(["check", "--root", folder.path])
        #expect(check.status == 1)
        #expect(!check.stderr.contains("held back"))
    }

    @Test func anErrorInACampaignStillStopsTheWholeBuild() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        try folder.write("contacts/patients.csv", Self.badNight)
        try folder.write(
            "campaigns/reminder.yaml", Self.campaign("reminder", days: 1).replacingOccurrences(of: "first_name |", with: "frist_name |"))
        let run = try run(folder, "build", ["--keep-going"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("[unknown-merge-field]"))
        #expect(
            run.stderr.hasSuffix(
                "; nothing written: 1 error is not in a contact's row, which keeping going cannot hold back\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("held back 2"))
        #expect(try files(in: folder) == before)
    }

    @Test func collidingKeysHoldBackBothContacts() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        // p3 becomes 'P2': the same file name as p2's on a share that ignores case.
        try folder.write("contacts/patients.csv", Self.export([3: { $0[0] = "P2" }]))
        let run = try run(folder, "build", ["--keep-going"])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "touchpoint: held back 2 contacts whose rows have errors: p2 (contacts/patients.csv:3), P2 (contacts/patients.csv:4)\n"),
            "\(run.stderr)")
        let after = try files(in: folder)
        for path in before.keys where Self.isMessage(path, of: "p2") {
            #expect(after[path] == before[path])
        }
        #expect(!after.keys.contains { Self.isMessage($0, of: "P2") })
        // p3 is in no list any more: its messages go, as they would in any build.
        #expect(!after.keys.contains { Self.isMessage($0, of: "p3") })
        #expect(after.count == 68)
    }

    @Test func aRowWithoutAKeyStopsTheBuildAndSaysWhy() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        try folder.write("contacts/patients.csv", Self.export([7: { $0[0] = "" }]))
        let run = try run(folder, "build", ["--keep-going"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("contacts/patients.csv:8:1: error: "))
        #expect(run.stderr.contains("this row has no key that can be read, so its error stops the build for everyone"))
        #expect(run.stderr.contains("; nothing written: 1 error is not in a contact's row"))
        #expect(try files(in: folder) == before)
    }

    @Test func theRemovalGuardDoesNotCountHeldMessages() throws {
        // 8 contacts held back keep 16 of the 70 due messages: as removals they would be more
        // than 10 and more than 20%, and stop the build.
        let folder = try builtPractice()
        let before = try files(in: folder)
        var edits: [Int: (inout [String]) -> Void] = [:]
        for number in 1...8 { edits[number] = { $0[2] = "activ" } }
        try folder.write("contacts/patients.csv", Self.export(edits))
        let run = try run(folder, "build", ["--keep-going"])
        #expect(run.status == 1)
        #expect(!run.stderr.contains("[removes-due-messages]"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix(": 0 written, 54 unchanged, 0 removed, 16 of held-back contacts kept as they are\n"), "\(run.stderr)")
        #expect(try files(in: folder) == before)
    }

    @Test func fixingTheRowsBringsTheHeldContactsBack() throws {
        let folder = try builtPractice()
        let before = try files(in: folder)
        try folder.write("contacts/patients.csv", Self.badNight)
        #expect(try run(folder, "build", ["--keep-going"]).status == 1)
        // The next night, the same errors: still held, nothing else to do.
        let again = try run(folder, "build", ["--keep-going"])
        #expect(again.status == 1)
        #expect(
            again.stderr.hasSuffix(": 0 written, 66 unchanged, 0 removed, 4 of held-back contacts kept as they are\n"), "\(again.stderr)")
        // Fixed: p7's visit moved a day, p11 has an address again.
        try folder.write("contacts/patients.csv", Self.export([7: { $0[3] = "2026-12-10" }, 20: { $0[1] = "Patricia" }]))
        let fixed = try run(folder, "build")
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.hasSuffix(": 2 written, 68 unchanged, 2 removed\n"), "\(fixed.stderr)")
        let after = try files(in: folder)
        let old = before.keys.filter { Self.isMessage($0, of: "p7") }
        let new = after.keys.filter { Self.isMessage($0, of: "p7") }
        #expect(old.count == 2 && new.count == 2 && Set(old).isDisjoint(with: new), "\(old) \(new)")
        let rows = try schedule(of: folder).split(separator: "\r\n").filter { $0.contains(",p7,") }
        #expect(Set(rows.map { String($0.split(separator: ",").last ?? "") }) == Set(new))
    }

    @Test func planShowsWhoABuildWouldHoldBack() throws {
        let folder = try builtPractice()
        try folder.write("contacts/patients.csv", Self.badNight)
        let plan = try run(folder, "plan", ["--keep-going"])
        #expect(plan.status == 1)
        #expect(
            plan.stderr.contains(
                "touchpoint: a build would hold back 2 contacts whose rows have errors: p7 (contacts/patients.csv:8), "
                    + "p11 (contacts/patients.csv:12)\n"), "\(plan.stderr)")
        #expect(plan.stdout.contains("0 to add, 2 to change, 0 to remove, 64 unchanged, 4 of held-back contacts kept as they are\n"))
        let json = try run(folder, "plan", ["--keep-going", "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains(#""held":[{"list":"patients","key":"p7","file":"contacts/patients.csv","rows":[8]}"#))
        let strict = try run(folder, "plan")
        #expect(strict.status == 1)
        #expect(strict.stderr.hasSuffix("; nothing planned\n"))
    }
}
