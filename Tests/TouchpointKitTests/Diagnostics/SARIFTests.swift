import Foundation
import Testing
import TouchpointKit

/// `--format sarif`: a SARIF 2.1.0 log that the OASIS schema accepts, with a rule for every ID
/// that occurs, exact UTF-16 columns, and no contact data.
@Suite final class SARIFTests {
    /// Folders made by the tests; they live as long as the test.
    private var folders: [ScratchFolder] = []

    /// The SARIF 2.1.0 schema, kept in the team's shared folder beside the repository (CI has it
    /// at the same place), never copied into the repository.
    static let schema = TestLocations.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/sarif-schema-2.1.0.json")

    // MARK: - Practices

    private static let patientsSchema = """
        key: id
        email: email
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          email: { type: email, required: true }
          first_visit: date
          nps: { type: integer, min: 0, max: 10 }

        """

    /// Cell values that must never leave the machine.
    private static let contactValues = [
        "Zephyrine", "quillon@@mail.example", "2026-02-31", "Xanthippe", "eleven", "shared.inbox@mail.example",
        "Ottoline", "Philippa",
    ]

    private static let brokenPatients = """
        id,first_name,email,first_visit,nps
        p0001,Zephyrine,quillon@@mail.example,2026-02-31,eleven
        p0002,Xanthippe,shared.inbox@mail.example,2026-11-03,12
        p0002,Ottoline,shared.inbox@mail.example,2026-11-04,3
        p0003,Philippa,shared.inbox@mail.example,2026-11-05,4
        p0042,"unclosed,shared.inbox@mail.example

        """

    /// A campaign whose body names an unknown field after characters that take two UTF-16 code
    /// units each: '😀' (one code point outside the BMP) and 'é' written as 'e' + U+0301.
    private static let campaignWithWideCharacters = """
        campaign: care
        title: Care
        audience: patients
        kind: care
        steps:
          - id: hello
            send: 1 day after first_visit at 10:00
            subject: "Hello"
            body: |
              Hi 😀 and e\u{301} {{ frist_name }}

        """

    private func practice(_ files: [String: String]) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        for (path, text) in files { try folder.write(path, text) }
        return folder
    }

    private var brokenPractice: [String: String] {
        [
            "touchpoint.yaml": PracticeFixtures.minimal.replacingOccurrences(of: "America/Chicago", with: "America/Chicgo"),
            "contacts/patients.schema.yaml": Self.patientsSchema,
            "contacts/patients.csv": Self.brokenPatients,
            "campaigns/care.yaml": Self.campaignWithWideCharacters,
        ]
    }

    private func check(_ files: [String: String]) throws -> [Diagnostic] {
        let folder = try practice(files)
        return try TestPipeline.check(practice: folder.url).diagnostics
    }

    private func sarif(_ diagnostics: [Diagnostic]) -> String {
        DiagnosticReport(format: .sarif, toolVersion: "9.9.9").render(diagnostics)
    }

    private func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func run(_ log: [String: Any]) throws -> [String: Any] {
        let runs = try #require(log["runs"] as? [[String: Any]])
        try #require(runs.count == 1)
        return runs[0]
    }

    // MARK: - Schema

    /// The problems Python's `jsonschema` finds in `text` against the SARIF schema, one a line;
    /// empty when it is valid.
    private func schemaProblems(_ text: String) throws -> String {
        let folder = try ScratchFolder()
        defer { withExtendedLifetime(folder) {} }
        let log = folder.url.appendingPathComponent("log.sarif")
        try Data(text.utf8).write(to: log)
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            log = json.load(open(sys.argv[2], encoding="utf-8"))
            for error in jsonschema.Draft4Validator(schema).iter_errors(log):
                print("/".join(map(str, error.absolute_path)) + ": " + error.message)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, Self.schema.path, log.path]
        let output = folder.url.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let printed = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        // A missing module or schema is a failure, not a pass: `make test` installs jsonschema.
        try #require(process.terminationStatus == 0, "python3 with jsonschema could not validate: \(printed)")
        return printed
    }

    @Test func theSchemaIsWhereTheTestsLookForIt() {
        #expect(FileManager.default.fileExists(atPath: Self.schema.path), "no SARIF schema at \(Self.schema.path)")
    }

    @Test func aBrokenPracticeGivesAValidLog() throws {
        let diagnostics = try check(brokenPractice)
        let ids = Set(diagnostics.map(\.id))
        // The practice is broken in every stage, so that every kind of location is exercised.
        #expect(ids.isSuperset(of: ["unknown-time-zone", "invalid-email", "invalid-date", "invalid-integer",
                                    "value-out-of-range", "duplicate-key", "csv-unterminated-quote",
                                    "unknown-merge-field"]),
                "\(ids.sorted())")
        let text = sarif(diagnostics)
        #expect(try schemaProblems(text) == "")
    }

    @Test(arguments: [
        ["touchpoint.yaml": "practice:\n  name: [a\n"],
        ["touchpoint.yaml": PracticeFixtures.minimal + "send_window:\n  days: [mon, mon, funday]\n"],
        ["touchpoint.yaml": PracticeFixtures.minimal + "unsubscribe:\n  url: http://x.example/u\n"],
        ["touchpoint.yaml": ""],
        [:],
    ])
    func otherBrokenPracticesGiveValidLogs(_ files: [String: String]) throws {
        let diagnostics = try check(files)
        #expect(!diagnostics.isEmpty)
        #expect(try schemaProblems(sarif(diagnostics)) == "")
    }

    @Test func aCleanPracticeGivesAValidLogWithNoResults() throws {
        let text = sarif([])
        #expect(try schemaProblems(text) == "")
        let run = try run(try parse(text))
        #expect((run["results"] as? [Any])?.isEmpty == true)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.isEmpty == true)
    }

    @Test func theValidatorRejectsAnInvalidLog() throws {
        // The validation above could pass by accident (a wrong schema, a validator that checks
        // nothing); a log without its version must be caught.
        #expect(try schemaProblems(#"{"runs":[]}"#).contains("'version' is a required property"))
    }

    // MARK: - Content

    @Test func namesTheToolAndOneRulePerID() throws {
        let diagnostics = try check(brokenPractice)
        let run = try run(try parse(sarif(diagnostics)))
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "touchpoint")
        #expect(driver["version"] as? String == "9.9.9")
        #expect(run["columnKind"] as? String == "utf16CodeUnits")

        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs == Set(diagnostics.map(\.id)).sorted())
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            let diagnosticID = try #require(DiagnosticID(rawValue: id), "'\(id)' is not a DiagnosticID")
            let entry = diagnosticID.entry
            #expect(rule["name"] as? String == diagnosticID.name)
            #expect((rule["shortDescription"] as? [String: Any])?["text"] as? String != nil)
            #expect((rule["fullDescription"] as? [String: Any])?["text"] as? String == entry.meaning)
            #expect((rule["help"] as? [String: Any])?["text"] as? String == entry.help)
            #expect((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String == entry.severity.rawValue)
        }

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == diagnostics.count)
        for result in results {
            let id = try #require(result["ruleId"] as? String)
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == id)
            let level = try #require(result["level"] as? String)
            #expect(["error", "warning", "note"].contains(level))
        }
    }

    @Test func resultsCarryTheRedactedWordsAndRelativeLocations() throws {
        let diagnostics = try check(brokenPractice)
        let results = try #require(try run(try parse(sarif(diagnostics)))["results"] as? [[String: Any]])
        let zone = try #require(results.first { $0["ruleId"] as? String == "unknown-time-zone" })
        let text = try #require((zone["message"] as? [String: Any])?["text"] as? String)
        #expect(text.hasPrefix("'America/Chicgo' is not an IANA time zone\nhelp: did you mean 'America/Chicago'?"))
        let physical = try #require(((zone["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "touchpoint.yaml")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        let region = try #require(physical["region"] as? [String: Int])
        #expect(region == ["startLine": 5, "startColumn": 13, "endLine": 5, "endColumn": 27])
    }

    @Test func columnsCountUTF16CodeUnits() throws {
        let diagnostics = try check(brokenPractice)
        let unknown = try #require(diagnostics.first { $0.id == "unknown-merge-field" })
        // Characters: six spaces, "Hi ", one emoji, " and ", one 'é', " {{ " come before the name.
        let start = try #require(unknown.location)
        #expect(start.line == 10 && start.column == 21)
        let results = try #require(try run(try parse(sarif(diagnostics)))["results"] as? [[String: Any]])
        let result = try #require(results.first { $0["ruleId"] as? String == "unknown-merge-field" })
        let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        let region = try #require(physical["region"] as? [String: Int])
        // The emoji and the decomposed 'é' take two UTF-16 code units each.
        #expect(region == ["startLine": 10, "startColumn": 23, "endLine": 10, "endColumn": 33])
    }

    @Test func notesWithAPlaceAreRelatedLocations() throws {
        let file = SourceFile(path: "campaigns/a b/ü.yaml", text: "steps:\n  - id: x\n  - id: x\n")
        let duplicate = Diagnostic(DiagnosticMessage(.duplicateStep, "step 'x' appears twice in this campaign"),
                                   at: SourceSpan(file: file, offset: 24, length: 1), label: "used again here")
            .with(note: "first used here", at: SourceSpan(file: file, offset: 15, length: 1))
            .with(note: "steps are sent in order")
        let text = sarif([duplicate])
        #expect(try schemaProblems(text) == "")
        let result = try #require((try run(try parse(text))["results"] as? [[String: Any]])?.first)
        #expect((result["message"] as? [String: Any])?["text"] as? String
            == "step 'x' appears twice in this campaign\nnote: steps are sent in order")
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        #expect((location["message"] as? [String: Any])?["text"] as? String == "used again here")
        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related[0]["id"] as? Int == 1)
        #expect((related[0]["message"] as? [String: Any])?["text"] as? String == "first used here")
        let physical = try #require(related[0]["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "campaigns/a%20b/%C3%BC.yaml")
        #expect(physical["region"] as? [String: Int] == ["startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 10])
    }

    @Test func aWholeFileProblemIsPlacedAtItsFirstLine() throws {
        let diagnostics = try check([:])
        #expect(diagnostics.map(\.id) == ["missing-practice-file"])
        let result = try #require((try run(try parse(sarif(diagnostics)))["results"] as? [[String: Any]])?.first)
        let physical = try #require(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "touchpoint.yaml")
        #expect(physical["region"] as? [String: Int] == ["startLine": 1])
    }

    @Test func aFloodIsSummarised() throws {
        let file = SourceFile(path: "contacts/patients.csv", text: "id\n")
        let message = DiagnosticMessage(.invalidDate, "'x' is not a date", redacted: "'first_visit' is not a date")
        let flood = (0..<8).map { _ in Diagnostic(message, at: SourceSpan(file: file, offset: 0, length: 2)) }
        let results = try #require(try run(try parse(sarif(flood)))["results"] as? [[String: Any]])
        #expect(results.count == 5)
        #expect((results[4]["message"] as? [String: Any])?["text"] as? String
            == "'first_visit' is not a date\nnote: and 3 more like this")
    }

    @Test func noContactValueAppears() throws {
        let diagnostics = try check(brokenPractice)
        #expect(diagnostics.contains { $0.id == "shared-email" })
        let text = sarif(diagnostics)
        for value in Self.contactValues {
            #expect(!text.contains(value), "the SARIF log holds the contact value '\(value)'")
        }
        // The text format on a terminal does show them: the values are in the diagnostics.
        let terminal = DiagnosticReport(format: .text, redact: false).render(diagnostics)
        #expect(terminal.contains("quillon@@mail.example"))
        #expect(terminal.contains("Xanthippe") || terminal.contains("shared.inbox@mail.example"))
    }

    @Test func spreadsheetPlacesAreProperties() throws {
        let diagnostics = try check(brokenPractice)
        let results = try #require(try run(try parse(sarif(diagnostics)))["results"] as? [[String: Any]])
        let email = try #require(results.first { $0["ruleId"] as? String == "invalid-email" })
        #expect(email["properties"] as? [String: Int] == ["spreadsheetRow": 2, "spreadsheetColumn": 3])
        let physical = try #require(((email["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
        #expect(physical["region"] as? [String: Int] == ["startLine": 2, "startColumn": 17, "endLine": 2, "endColumn": 38])
        // A contact diagnostic's label is left out with its value.
        let location = try #require((email["locations"] as? [[String: Any]])?.first)
        #expect(location["message"] == nil)
    }

    // MARK: - The command

    @Test func checkPrintsSARIFOnStandardOutput() throws {
        let binary = try #require(TouchpointBinary.locate(), "no built 'touchpoint'; build it, or set TOUCHPOINT_BIN")
        let broken = try practice(brokenPractice)
        let run = try binary.run(["check", "--root", broken.path, "--format", "sarif"], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(run.status == 1)
        #expect(run.stderr == "")
        #expect(try schemaProblems(run.stdout) == "")
        let driver = (try self.run(try parse(run.stdout))["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["version"] as? String != nil)

        let clean = try practice(["touchpoint.yaml": PracticeFixtures.minimal])
        let cleanRun = try binary.run(["check", "--root", clean.path, "--format", "sarif"], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(cleanRun.status == 0)
        #expect(cleanRun.stderr == "")
        #expect(try schemaProblems(cleanRun.stdout) == "")
    }
}
