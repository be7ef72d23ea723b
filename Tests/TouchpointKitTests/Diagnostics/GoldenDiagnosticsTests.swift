import Foundation
import Testing
import TouchpointKit

/// What users see: each folder under `Golden/` is checked as a practice, and its diagnostics are
/// rendered exactly as `touchpoint check` prints them (text without colour or redaction, and
/// GitHub annotations) and compared with the recorded files. Every case is checked as of
/// 2026-11-30, the day `past:` and `future:` dates are held against.
@Suite struct GoldenDiagnosticsTests {
    @Test(arguments: GoldenCase.all)
    func rendersAsRecorded(_ golden: GoldenCase) throws {
        let result = try TestPipeline.check(practice: golden.folder, asOf: "2026-11-30")
        let text = DiagnosticReport(format: .text, decorated: false, redact: false).render(result.diagnostics)
        let github = DiagnosticReport(format: .github).render(result.diagnostics)

        if GoldenCase.isRecording {
            try Data(text.utf8).write(to: golden.expectedText)
            try Data(github.utf8).write(to: golden.expectedGitHub)
            Issue.record("recorded \(golden.name); run again without RECORD=1 to compare")
            return
        }
        let expectedText = try #require(
            try? String(contentsOf: golden.expectedText, encoding: .utf8),
            "no expected.txt in \(golden.name); run with RECORD=1 to record it")
        let expectedGitHub = try #require(
            try? String(contentsOf: golden.expectedGitHub, encoding: .utf8),
            "no expected.github in \(golden.name); run with RECORD=1 to record it")
        #expect(text == expectedText)
        #expect(github == expectedGitHub)
    }

    @Test func theGoldenFolderHoldsTheCases() {
        // A walk that finds nothing would pass every case vacuously.
        #expect(GoldenCase.all.count >= 25)
        #expect(GoldenCase.all.contains { $0.name == "alias-bomb" })
    }
}
