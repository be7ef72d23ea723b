import Foundation
import Testing
import TouchpointKit

/// `touchpoint schema FILE` end to end: the draft on standard output, ready to redirect into the
/// list's schema file; problems on standard error.
@Suite final class SchemaCommandTests {
    private let binary: TouchpointBinary
    private var folders: [ScratchFolder] = []

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    @Test(arguments: ["excel-us", "excel-eu", "google-sheets", "emr-appointments"])
    func printsTheDraftBesideTheExport(_ name: String) throws {
        let run = try binary.run(
            ["schema", "docs/exports/\(name).csv", "--as-of", "2026-11-30"], in: TestLocations.repositoryRoot)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        let recorded = try String(
            contentsOf: TestLocations.repositoryRoot.appendingPathComponent("docs/exports/\(name).schema.yaml"), encoding: .utf8)
        #expect(run.stdout == recorded)
    }

    @Test func theDraftRedirectedIntoTheSchemaChecksClean() throws {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
        let csv = try Data(contentsOf: TestLocations.repositoryRoot.appendingPathComponent("docs/exports/excel-us.csv"))
        try folder.write("contacts/patients.csv", bytes: [UInt8](csv))
        let draft = try binary.run(["schema", "contacts/patients.csv", "--as-of", "2026-11-30"], in: folder.url)
        #expect(draft.status == 0)
        try folder.write("contacts/patients.schema.yaml", draft.stdout)
        let check = try binary.run(["check", "--as-of", "2026-11-30"], in: folder.url)
        #expect(check.stderr == "")
        #expect(check.status == 0)
    }

    @Test func aFileThatIsNotCSVDraftsNothing() throws {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("broken.csv", "id,email\np1,\"unclosed\n")
        let run = try binary.run(["schema", "broken.csv"], in: folder.url)
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("[csv-unterminated-quote]"))
        #expect(run.stderr.contains("no schema drafted"))
    }

    @Test func aMissingFileIsAnIOError() throws {
        let folder = try ScratchFolder()
        folders.append(folder)
        let run = try binary.run(["schema", "nothing.csv"], in: folder.url)
        #expect(run.status == 2)
        #expect(run.stderr == "touchpoint: error: 'nothing.csv' does not exist\n")
    }
}
