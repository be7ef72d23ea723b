import Foundation
import Testing
import TouchpointKit

/// `--format sarif`: a well-formed SARIF 2.1.0 log, with a rule for every ID that occurs, exact
/// UTF-16 columns, and no contact data.
///
/// Every log is checked by ``SARIFStructure``, which needs nothing but the repository. When the
/// team's shared folder is beside the repository (`../shared/data/sarif-schema-2.1.0.json`), each
/// log is validated against the official OASIS schema too, with Python's `jsonschema`; the schema
/// is never copied into the repository. The run prints one line saying which of the two ran.
@Suite final class SARIFTests {
    /// Folders made by the tests; they live as long as the test.
    private var folders: [ScratchFolder] = []

    /// Where the official SARIF 2.1.0 schema is, when it is there.
    static let schema = TestLocations.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data/sarif-schema-2.1.0.json")

    /// Whether the logs are validated against the official schema as well as checked for
    /// structure. Worked out once a run, which is when the line saying so is printed.
    static let validatesAgainstSchema: Bool = {
        if FileManager.default.fileExists(atPath: schema.path) {
            print("SARIF: checked structure; validated against the official 2.1.0 schema at \(schema.path)")
            return true
        }
        print("SARIF: checked structure; official schema not found beside the repository (\(schema.path)), structure only")
        return false
    }()

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

    // MARK: - Validation

    /// What is wrong with the log in `text`: the structural problems, then, where the official
    /// schema is beside the repository, the schema's. Empty when the log is valid.
    private func problems(_ text: String) throws -> [String] {
        var problems = SARIFStructure.problems(in: text)
        if Self.validatesAgainstSchema {
            problems += try schemaProblems(text).split(separator: "\n").map { "schema: " + $0 }
        }
        return problems
    }

    /// The problems Python's `jsonschema` finds in `text` against the official SARIF schema, one
    /// a line; empty when it is valid.
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
        let python = try Python.run(script, arguments: [Self.schema.path, log.path], mergingErrors: true)
        let printed = python.text
        // With the schema there, a missing module is a failure, not a pass: `make test` installs
        // jsonschema when it finds the schema.
        try #require(python.status == 0, "python3 with jsonschema could not validate: \(printed)")
        return printed
    }

    @Test func aBrokenPracticeGivesAValidLog() throws {
        let diagnostics = try check(brokenPractice)
        let ids = Set(diagnostics.map(\.id))
        // The practice is broken in every stage, so that every kind of location is exercised.
        #expect(
            ids.isSuperset(of: [
                "unknown-time-zone", "invalid-email", "invalid-date", "invalid-integer",
                "value-out-of-range", "duplicate-key", "csv-unterminated-quote",
                "unknown-merge-field",
            ]),
            "\(ids.sorted())")
        let text = sarif(diagnostics)
        #expect(try problems(text) == [])
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
        #expect(try problems(sarif(diagnostics)) == [])
    }

    @Test func aCleanPracticeGivesAValidLogWithNoResults() throws {
        let text = sarif([])
        #expect(try problems(text) == [])
        let run = try run(try parse(text))
        #expect((run["results"] as? [Any])?.isEmpty == true)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.isEmpty == true)
    }

    @Test(.enabled(if: SARIFTests.validatesAgainstSchema, "the official schema is not beside the repository"))
    func theSchemaRejectsAnInvalidLog() throws {
        // The validation above could pass by accident (a wrong schema, a validator that checks
        // nothing); a log without its version must be caught.
        #expect(try schemaProblems(#"{"runs":[]}"#).contains("'version' is a required property"))
    }

    /// A valid log, changed in one place, and what the structural check must say about it.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        let change: @Sendable (inout SARIFDocument) throws -> Void

        var testDescription: String { name }
    }

    static let breakages: [Breakage] = [
        Breakage(name: "no version", expected: "log: 'version' is required") { $0.log["version"] = nil },
        Breakage(name: "another version", expected: #"version: '2.0.0' is not "2.1.0""#) { $0.log["version"] = "2.0.0" },
        Breakage(name: "no $schema", expected: "$schema: missing") { $0.log["$schema"] = nil },
        Breakage(name: "another $schema", expected: "is not the SARIF 2.1.0 schema's URI") {
            $0.log["$schema"] = "https://example.com/s.json"
        },
        Breakage(name: "no runs", expected: "log: 'runs' is required") { $0.log["runs"] = nil },
        Breakage(name: "a misspelt property", expected: "runs/0/results/0: 'ruleID' is not a property SARIF defines here") {
            try $0.editResult(0) { $0["ruleID"] = $0["ruleId"] }
        },
        Breakage(name: "a result without words", expected: "runs/0/results/0: 'message' is required") {
            try $0.editResult(0) { $0["message"] = nil }
        },
        Breakage(name: "a message without text", expected: "runs/0/results/0/message: 'text' is required") {
            try $0.editResult(0) { $0["message"] = ["markdown": "x"] }
        },
        Breakage(name: "a ruleIndex past the rules", expected: "runs/0/results/0/ruleIndex: 99 is past the") {
            try $0.editResult(0) { $0["ruleIndex"] = 99 }
        },
        Breakage(name: "a ruleId that disagrees with its ruleIndex", expected: "but 'ruleId' is 'no-such-rule'") {
            try $0.editResult(0) { $0["ruleId"] = "no-such-rule" }
        },
        Breakage(name: "an unknown level", expected: "runs/0/results/0/level: 'fatal' is not a level") {
            try $0.editResult(0) { $0["level"] = "fatal" }
        },
        Breakage(name: "an unknown default level", expected: "defaultConfiguration/level: 'notice' is not a level") {
            try $0.editRule(0) { $0["defaultConfiguration"] = ["level": "notice"] }
        },
        Breakage(name: "a rule without id", expected: "runs/0/tool/driver/rules/0: 'id' is required") {
            try $0.editRule(0) { $0["id"] = nil }
        },
        Breakage(name: "a rule twice", expected: "is the id of more than one rule") {
            try $0.editRun { run in
                var tool = run["tool"] as? [String: Any] ?? [:]
                var driver = tool["driver"] as? [String: Any] ?? [:]
                let rules = driver["rules"] as? [Any] ?? []
                driver["rules"] = rules + rules.prefix(1)
                tool["driver"] = driver
                run["tool"] = tool
            }
        },
        Breakage(name: "line 0", expected: "region/startLine: 0 is less than 1") { try $0.editRegion { $0["startLine"] = 0 } },
        Breakage(name: "column 0", expected: "region/startColumn: 0 is less than 1") { try $0.editRegion { $0["startColumn"] = 0 } },
        Breakage(name: "a line as text", expected: "region/startLine: not an integer") { try $0.editRegion { $0["startLine"] = "5" } },
        Breakage(name: "a region that ends before it starts", expected: "ends at column 1, before it starts at column") {
            try $0.editRegion {
                $0["endLine"] = $0["startLine"]
                $0["endColumn"] = 1
            }
        },
        Breakage(name: "an unknown column kind", expected: "runs/0/columnKind: 'bytes' is not a column kind") {
            try $0.editRun { $0["columnKind"] = "bytes" }
        },
        Breakage(name: "no results", expected: "runs/0: 'results' is missing") { try $0.editRun { $0["results"] = nil } },
        Breakage(name: "a path that is not a URI", expected: "'campaigns/a b.yaml' is not a URI reference") {
            try $0.editRegion(artifact: { $0["uri"] = "campaigns/a b.yaml" }) { _ in }
        },
    ]

    @Test(arguments: breakages)
    func theStructuralCheckRejectsABrokenLog(_ breakage: Breakage) throws {
        let text = sarif(try check(brokenPractice))
        #expect(SARIFStructure.problems(in: text) == [])
        var document = try SARIFDocument(text)
        try breakage.change(&document)
        let problems = SARIFStructure.problems(of: document.log)
        #expect(problems.contains { $0.contains(breakage.expected) }, "\(problems)")
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
        let duplicate = Diagnostic(
            DiagnosticMessage(.duplicateStep, "step 'x' appears twice in this campaign"),
            at: SourceSpan(file: file, offset: 24, length: 1), label: "used again here"
        )
        .with(note: "first used here", at: SourceSpan(file: file, offset: 15, length: 1))
        .with(note: "steps are sent in order")
        let text = sarif([duplicate])
        #expect(try problems(text) == [])
        let result = try #require((try run(try parse(text))["results"] as? [[String: Any]])?.first)
        #expect(
            (result["message"] as? [String: Any])?["text"] as? String
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
        #expect(
            (results[4]["message"] as? [String: Any])?["text"] as? String
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
        #expect(try problems(run.stdout) == [])
        let driver = (try self.run(try parse(run.stdout))["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["version"] as? String != nil)

        let clean = try practice(["touchpoint.yaml": PracticeFixtures.minimal])
        let cleanRun = try binary.run(["check", "--root", clean.path, "--format", "sarif"], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(cleanRun.status == 0)
        #expect(cleanRun.stderr == "")
        #expect(try problems(cleanRun.stdout) == [])
    }
}

/// A SARIF log parsed into JSON objects, to be broken in one place at a time.
struct SARIFDocument {
    var log: [String: Any]

    init(_ text: String) throws {
        log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    mutating func editRun(_ edit: (inout [String: Any]) throws -> Void) throws {
        var runs = try #require(log["runs"] as? [[String: Any]])
        try #require(!runs.isEmpty)
        try edit(&runs[0])
        log["runs"] = runs
    }

    mutating func editResult(_ index: Int, _ edit: (inout [String: Any]) throws -> Void) throws {
        try editRun { run in
            var results = try #require(run["results"] as? [[String: Any]])
            try #require(results.indices.contains(index))
            try edit(&results[index])
            run["results"] = results
        }
    }

    mutating func editRule(_ index: Int, _ edit: (inout [String: Any]) throws -> Void) throws {
        try editRun { run in
            var tool = try #require(run["tool"] as? [String: Any])
            var driver = try #require(tool["driver"] as? [String: Any])
            var rules = try #require(driver["rules"] as? [[String: Any]])
            try #require(rules.indices.contains(index))
            try edit(&rules[index])
            driver["rules"] = rules
            tool["driver"] = driver
            run["tool"] = tool
        }
    }

    /// Edits the first location of the first result whose region starts after column 1, and its
    /// artifact location.
    mutating func editRegion(
        artifact: (inout [String: Any]) throws -> Void = { _ in },
        _ edit: (inout [String: Any]) throws -> Void
    ) throws {
        try editRun { run in
            var results = try #require(run["results"] as? [[String: Any]])
            let index = try #require(
                results.firstIndex { result in
                    let location = (result["locations"] as? [[String: Any]])?.first
                    let region = (location?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
                    return (region?["startColumn"] as? Int ?? 0) > 1
                })
            var locations = try #require(results[index]["locations"] as? [[String: Any]])
            var physical = try #require(locations[0]["physicalLocation"] as? [String: Any])
            var region = try #require(physical["region"] as? [String: Any])
            var artifactLocation = try #require(physical["artifactLocation"] as? [String: Any])
            try edit(&region)
            try artifact(&artifactLocation)
            physical["region"] = region
            physical["artifactLocation"] = artifactLocation
            locations[0]["physicalLocation"] = physical
            results[index]["locations"] = locations
            run["results"] = results
        }
    }
}
