import Foundation
import Testing

/// A build run every night on a fresh export, as cron runs it: what an export that changed shape
/// or came out short, or a campaign file that disappeared, does to an outbox that holds the
/// coming weeks' mail (S1).
@Suite final class NightlyBuildTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []
    static let asOf = "2026-11-30"

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    static let schema = """
        key: id
        email: email
        min_rows: 1
        fields:
          id: { type: string, required: true }
          first_name: string
          status: { type: enum, values: [active, discharged] }
          first_visit: date
          email: { type: email, required: true }

        """

    /// `count` (at least one) active patients, their first visits spread over December.
    static func export(_ count: Int, header: String = "id,first_name,status,first_visit,email") -> String {
        header + "\n"
            + (1...count).map { number in
                "p\(number),Pat\(number),active,2026-12-\(String(format: "%02d", 2 + number % 25)),p\(number)@mail.example"
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
            body: Hi.

        """
    }

    /// A practice of 35 patients and two reminder campaigns, built once: 70 messages due.
    private func builtPractice() throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
        try folder.write("contacts/patients.schema.yaml", Self.schema)
        try folder.write("contacts/patients.csv", Self.export(35))
        try folder.write("campaigns/reminder.yaml", Self.campaign("reminder", days: 1))
        try folder.write("campaigns/early-reminder.yaml", Self.campaign("early-reminder", days: 2))
        let first = try build(folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try messages(in: folder).count == 70)
        return folder
    }

    private func build(_ folder: ScratchFolder, _ extra: [String] = []) throws -> TouchpointBinary.Run {
        try binary.run(["build", "--root", folder.path, "--as-of", Self.asOf] + extra)
    }

    /// The `.eml` files of the outbox, by path, with their bytes.
    private func messages(in folder: ScratchFolder) throws -> [String: Data] {
        let out = folder.url.appendingPathComponent("out")
        var found: [String: Data] = [:]
        let paths = FileManager.default.enumerator(atPath: out.path)?.allObjects.compactMap { $0 as? String } ?? []
        for path in paths where path.hasSuffix(".eml") {
            found[path] = try Data(contentsOf: out.appendingPathComponent(path))
        }
        return found
    }

    @Test func aHeaderThatChangedCaseStopsTheBuildAndKeepsTheOutbox() throws {
        let folder = try builtPractice()
        let before = try messages(in: folder)
        try folder.write("contacts/patients.csv", Self.export(35, header: "id,first_name,Status,first_visit,email"))
        let run = try build(folder)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "error: column 'Status' is not field 'status': the names differ in case, spaces or punctuation [column-name-mismatch]"))
        #expect(run.stderr.hasSuffix("touchpoint: 1 error, 2 warnings; nothing written\n"))
        #expect(try messages(in: folder) == before)
        let strict = try binary.run(["check", "--root", folder.path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func aHeaderOnlyExportStopsTheBuildAndKeepsTheOutbox() throws {
        let folder = try builtPractice()
        let before = try messages(in: folder)
        try folder.write("contacts/patients.csv", "id,first_name,status,first_visit,email\n")
        let run = try build(folder)
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "contacts/patients.csv: error: the list has 0 contacts, fewer than its schema's 'min_rows: 1' [too-few-rows]"))
        #expect(try messages(in: folder) == before)
        #expect(try binary.run(["check", "--root", folder.path]).status == 1)
    }

    @Test func aCampaignFileThatDisappearedStopsTheBuildUntilTheRemovalIsAccepted() throws {
        let folder = try builtPractice()
        let before = try messages(in: folder)
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("campaigns/early-reminder.yaml"))
        let plan = try binary.run(["plan", "--root", folder.path, "--as-of", Self.asOf])
        #expect(plan.status == 0)
        #expect(plan.stderr.contains("[removes-due-messages]"))
        let run = try build(folder)
        #expect(run.status == 1)
        #expect(
            run.stderr == """
                out/schedule.csv: error: this build would remove 35 of the 70 messages still due (50%), more than 'max_removed: 20%' \
                lets a build remove on its own [removes-due-messages]
                  = note: campaign 'early-reminder' would lose 35 of its 35 due messages
                  = note: campaign 'early-reminder' is no longer in campaigns/: its file was removed or renamed
                  = help: if the removal is meant, run 'touchpoint build --allow-removals'; 'limits: max_removed' in touchpoint.yaml \
                sets how much a build may remove on its own

                touchpoint: 1 error, 0 warnings; nothing written

                """)
        #expect(try messages(in: folder) == before)
        let accepted = try build(folder, ["--allow-removals"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try messages(in: folder).count == 35)
    }

    @Test func anExportCutShortStopsTheBuild() throws {
        let folder = try builtPractice()
        try folder.write("contacts/patients.csv", Self.export(20))
        let run = try build(folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("this build would remove 30 of the 70 messages still due (42%)"))
        #expect(run.stderr.contains("15 contacts with due messages are in no contact list any more: did an export come out short?"))
    }

    @Test func aSmallDeliberateEditIsNotStoppedByThePercentageAlone() throws {
        // 10 of 70 would be blocked by a bare 20% of a smaller practice; the floor of more than
        // 10 messages lets a deliberate edit through.
        let folder = try builtPractice()
        try folder.write("contacts/patients.csv", Self.export(30))
        let run = try build(folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasSuffix(": 0 written, 60 unchanged, 10 removed\n"))
    }

    @Test func maxRemovedInThePracticeFileSetsTheShare() throws {
        let folder = try builtPractice()
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal(plus: "limits:\n  max_removed: 60%\n"))
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("campaigns/early-reminder.yaml"))
        #expect(try build(folder).status == 0)
    }
}
