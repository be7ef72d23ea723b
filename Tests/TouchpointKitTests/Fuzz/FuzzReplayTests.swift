import Foundation
import Testing
@testable import TouchpointFuzz
@testable import TouchpointKit

/// Every input the fuzzers keep — each target's corpus, and every crash they ever found, kept as
/// a regression input — replayed through the same properties the harnesses check under libFuzzer
/// (docs/fuzzing.md). The checks that need Python run here, over the corpus, rather than per input
/// under the fuzzer: Python's `csv` module writes what our reader read, and `email.policy.strict`
/// reads the messages the MIME and practice targets write.
@Suite("Fuzz replay")
struct FuzzReplayTests {
    static let fuzzFolder = TestLocations.repositoryRoot.appendingPathComponent("Tests/Fuzz")

    /// The corpus and regression inputs of `target`, by path.
    static func inputs(_ target: FuzzTarget, _ kind: String) -> [String] {
        FuzzHarness.files(at: fuzzFolder.appendingPathComponent("\(target.rawValue)/\(kind)").path)
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: path), "cannot read \(path)"))
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusAndRegressionInputKeepsItsProperties(_ target: FuzzTarget) throws {
        let corpus = Self.inputs(target, "corpus")
        #expect(corpus.count >= 3, "\(target.rawValue) has \(corpus.count) corpus inputs")
        let dictionary = Self.fuzzFolder.appendingPathComponent("\(target.rawValue)/\(target.rawValue).dict").path
        #expect(FileManager.default.fileExists(atPath: dictionary), "no dictionary \(dictionary)")
        for path in corpus + Self.inputs(target, "regressions") {
            let problems = target.problems(try Self.bytes(path))
            #expect(problems.isEmpty, "\(path):\n\(problems.joined(separator: "\n"))")
        }
    }

    /// The harness's own properties fail on what they must catch, so a replay that passes means
    /// something.
    @Test func thePropertiesCatchWhatTheyCheck() {
        let broken = "From: a@b.example\nTo: x@y.example, z@y.example\n\nbody"
        #expect(MailAudit.problems(Array(broken.utf8), recipient: EmailAddress(localPart: "x", domain: "y.example")).count >= 2)
        #expect(ExpressionProperties.sendRuleProblems("2 days before first_visit at 09:00").isEmpty)
        #expect(
            ExpressionProperties.Shape(rule("2 days before first_visit")) != ExpressionProperties.Shape(rule("2 days after first_visit")))
        #expect(CSVProperties.write([[Array("a\"b".utf8), []]], delimiter: 0x2C) == Array("\"a\"\"b\",\"\"\r\n".utf8))
        #expect(MailAudit.containsEncodedWord(Array("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=".utf8)))
        #expect(!MailAudit.containsEncodedWord(Array("List-Unsubscribe: <https://x.example/u?c=?UTF-8?Q?,x>".utf8)))
        #expect(TemplateProperties.unescaped(["<p>Hi <fuzz-canary></p>", "<p>&lt;fuzz-canary&gt;</p>"]).count == 1)
        // A template that checks reaches the HTML part, with the values escaped there.
        let sent = PracticeProperties.run(
            TemplateProperties.practice(
                template: "Hi **{{ first_name }}** {{ tags | join: \", \" }}",
                values: ["Ann<fuzz-canary>", "", "", "a;b<fuzz-canary>", ""], allowHTML: true))
        #expect(sent.problems.isEmpty, "\(sent.problems)")
        #expect(sent.html.count == 1)
        #expect(sent.html.first?.contains("Ann&lt;fuzz-canary&gt;") == true, "\(sent.html)")
        let archive = PracticeArchive(files: ["touchpoint.yaml": Array("practice: x\n".utf8)], asOf: "9999-12-31")
        #expect(PracticeArchive(unpacking: archive.packed) == archive)
    }

    private func rule(_ text: String) -> SendRule {
        guard case .success(let rule) = SendRuleParser().parse(text) else { preconditionFailure("fixture rule \(text)") }
        return rule
    }

    @Test func sendRulesPrintAsTheyParse() {
        for text in [
            "1 day before first_visit", "2 weeks after contact.discharge_date at 17:30", "3 hours before appointment",
            "on birthday every year at 08:00", "on 2026-12-09", "every 2 months after first_visit until discharge_date",
            "ON at AT 09:00", "+1 Day After x",
        ] {
            let printed = rule(text).description
            #expect(ExpressionProperties.Shape(rule(printed)) == ExpressionProperties.Shape(rule(text)), "\(text) → \(printed)")
        }
        #expect(rule("2 WEEKS after first_visit at 9:05").description == "2 weeks after first_visit at 09:05")
    }

    /// The two crash classes hostile testing once found are reached by the practice target: its
    /// report goes to `/dev/full` for every input, and its regression inputs name as-of days at
    /// the calendar's ends.
    @Test func theKnownCrashClassesAreReached() throws {
        #expect(FullDevice.descriptor >= 0)
        #expect(FullDevice.problems(writing: "touchpoint: 1 error").isEmpty)
        var asOfs: Set<String> = []
        for path in Self.inputs(.practice, "regressions") {
            if let asOf = PracticeArchive(unpacking: try Self.bytes(path)).asOf { asOfs.insert(asOf) }
        }
        #expect(asOfs.isSuperset(of: ["9999-12-31", "0001-01-01"]), "\(asOfs)")
    }

    /// Python's `csv` module writes the records our reader read from each CSV corpus input (as
    /// `csv.writer` does by default: minimal quoting, CRLF); our reader reads them back the same.
    @Test func pythonsCSVWriterAgreesWithOurReader() throws {
        var tables: [[[String]]] = []
        for path in Self.inputs(.csv, "corpus") + Self.inputs(.csv, "regressions") {
            if let records = CSVProperties.records(try Self.bytes(path)) { tables.append(records) }
        }
        #expect(tables.count >= 3, "only \(tables.count) CSV inputs read without errors")
        let script = """
            import csv, io, json, sys
            out = []
            for table in json.load(sys.stdin):
                buffer = io.StringIO(newline='')
                csv.writer(buffer).writerows(table)
                out.append(buffer.getvalue())
            json.dump(out, sys.stdout)
            """
        let python = try Python.run(script, input: JSONEncoder().encode(tables))
        #expect(python.status == 0)
        let written = try JSONDecoder().decode([String].self, from: python.output)
        #expect(written.count == tables.count)
        for (table, text) in zip(tables, written) {
            #expect(CSVProperties.read(Array(text.utf8)) == table, "Python wrote \(text.debugDescription)")
        }
    }

    /// Python's `email.policy.strict` reads every message the MIME and practice targets write for
    /// their corpora, as `EmailChecker` reads a build's.
    @Test func pythonsStrictParserReadsTheMessages() throws {
        let folder = try ScratchFolder()
        var files: [URL] = []
        let writers: [(FuzzTarget, ([UInt8]) -> [UInt8])] = [
            (.mime, { MIMEProperties.message($0) }), (.practice, { PracticeProperties.messages($0).first ?? [] }),
        ]
        for (target, messages) in writers {
            for (index, path) in (Self.inputs(target, "corpus") + Self.inputs(target, "regressions")).enumerated() {
                let eml = messages(try Self.bytes(path))
                guard !eml.isEmpty else { continue }
                let name = "\(target.rawValue)-\(index).eml"
                try folder.write(name, bytes: eml)
                files.append(folder.url.appendingPathComponent(name))
            }
        }
        #expect(files.count >= 6)
        let (problems, summaries) = try EmailChecker.check(files)
        // A MIME input's bodies are the fuzzer's, not the renderer's: they may hold the
        // noncharacters the renderer keeps for itself, which the checker rejects in a built message.
        let real = problems.filter { !($0.contains("/mime-") && $0.hasSuffix("a part holds a noncharacter")) }
        #expect(real.isEmpty, "\(real.joined(separator: "\n"))")
        #expect(summaries.count == files.count)
    }
}
