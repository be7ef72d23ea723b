import Foundation
import Testing
import TouchpointKit

/// The machine-readable format: one JSON document with the documented fields.
@Suite struct JSONDiagnosticRendererTests {
    private func parse(_ json: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func listsEveryDiagnosticWithTheDocumentedFields() throws {
        let file = SourceFile(path: "touchpoint.yaml", text: "practice:\n  name: x\n  name: y\n")
        let duplicate = Diagnostic(
            DiagnosticMessage(.yamlDuplicateKey, "duplicate key 'name'"),
            at: SourceSpan(file: file, offset: 22, length: 4), label: "defined again here"
        )
        .with(note: "first defined here", at: SourceSpan(file: file, offset: 12, length: 4))
        .with(help: "remove one of them")
        let missing = Diagnostic(DiagnosticMessage(.unrecognizedContactFile, "no \"list\"\tfile\n"), file: nil)
        let output = JSONDiagnosticRenderer().render([duplicate, missing])
        #expect(output.hasSuffix("\n"))
        let document = try parse(output)
        #expect(document["version"] as? Int == 1)
        #expect(document["errors"] as? Int == 1)
        #expect(document["warnings"] as? Int == 1)
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)

        let first = diagnostics[0]
        #expect(first["id"] as? String == "yaml-duplicate-key")
        #expect(first["severity"] as? String == "error")
        #expect(first["message"] as? String == "duplicate key 'name'")
        #expect(first["file"] as? String == "touchpoint.yaml")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 3)
        #expect(first["endLine"] as? Int == 3)
        #expect(first["endColumn"] as? Int == 7)
        #expect(first["label"] as? String == "defined again here")
        let notes = try #require(first["notes"] as? [[String: Any]])
        #expect(notes.count == 1)
        #expect(notes[0]["message"] as? String == "first defined here")
        #expect(notes[0]["file"] as? String == "touchpoint.yaml")
        #expect(notes[0]["line"] as? Int == 2)
        #expect(notes[0]["column"] as? Int == 3)
        #expect(first["help"] as? [String] == ["remove one of them"])

        let second = diagnostics[1]
        #expect(second["message"] as? String == "no \"list\"\tfile\n")
        #expect(second["severity"] as? String == "warning")
        #expect(second["file"] == nil)
        #expect(second["line"] == nil)
        #expect((second["notes"] as? [Any])?.isEmpty == true)
    }

    @Test func anEmptyRunIsAnEmptyList() throws {
        let output = JSONDiagnosticRenderer().render([])
        #expect(output == "{\"version\":1,\"errors\":0,\"warnings\":0,\"diagnostics\":[]}\n")
        #expect(try parse(output)["diagnostics"] as? [Any] != nil)
    }

    @Test func escapesEveryCharacterJSONForbidsRaw() throws {
        let text = "quote \" backslash \\ bell \u{7} nul \u{0} separator \u{2028} é中😀"
        let diagnostic = Diagnostic(DiagnosticMessage(.unknownKey, text), file: "a\"b.yaml")
        let output = JSONDiagnosticRenderer().render([diagnostic])
        #expect(output.contains("\\u0007"))
        #expect(output.contains("\\u0000"))
        #expect(output.contains("\\u2028"))
        let diagnostics = try #require(try parse(output)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String == text)
        #expect(diagnostics.first?["file"] as? String == "a\"b.yaml")
        #expect(diagnostics.first?["severity"] as? String == "error")
    }

    @Test func leavesOutContactData() throws {
        let file = SourceFile(path: "contacts/patients.csv", text: "id,email\np1,jane@@example.com\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(
                .invalidEmail, "'jane@@example.com' is not an e-mail address",
                redacted: "the value is not an e-mail address"),
            at: SourceSpan(file: file, offset: 12, length: 17), label: "'jane@@example.com'")
        let output = JSONDiagnosticRenderer().render([diagnostic])
        #expect(!output.contains("jane"))
        let diagnostics = try #require(try parse(output)["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String == "the value is not an e-mail address")
        #expect(diagnostics.first?["label"] == nil)
    }

    @Test func theGoldenCasesRenderAsValidJSON() throws {
        for golden in GoldenCase.all {
            let result = try TestPipeline.check(practice: golden.folder)
            let document = try parse(DiagnosticReport(format: .json).render(result.diagnostics))
            #expect((document["diagnostics"] as? [Any])?.count == result.diagnostics.count, "\(golden.name)")
            #expect(document["errors"] as? Int == result.errorCount, "\(golden.name)")
        }
    }
}
