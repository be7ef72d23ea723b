import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Floods of the same problem are counted, not printed.
@Suite struct DiagnosticSummarizerTests {
    private let file = SourceFile(path: "contacts/patients.csv", text: String(repeating: "row\n", count: 20))

    private func diagnostic(_ id: DiagnosticID, _ text: String, line: Int, path: String? = nil) -> Diagnostic {
        let message = DiagnosticMessage(id, text)
        if let path { return Diagnostic(message, file: path) }
        return Diagnostic(message, at: SourceSpan(file: file, offset: file.offset(line: line, column: 1), length: 3))
    }

    @Test func showsTheFirstFiveOfAKindAndCountsTheRest() {
        let diagnostics = (1...8).map { diagnostic(.invalidEmail, "not an address", line: $0) }
        let summary = DiagnosticSummarizer().summarize(diagnostics)
        #expect(summary.count == 5)
        #expect(summary.map(\.suppressed) == [0, 0, 0, 0, 3])
        #expect(summary.map { $0.diagnostic.location?.line } == [1, 2, 3, 4, 5])
    }

    @Test func keepsDifferentWordsIDsAndFilesApart() {
        var diagnostics = (1...6).map { diagnostic(.invalidEmail, "not an address", line: $0) }
        diagnostics.append(diagnostic(.invalidEmail, "another problem", line: 7))
        diagnostics.append(diagnostic(.invalidDate, "not an address", line: 8))
        diagnostics.append(diagnostic(.invalidEmail, "not an address", line: 0, path: "other.csv"))
        let summary = DiagnosticSummarizer().summarize(diagnostics)
        #expect(summary.count == 8)
        #expect(summary.map(\.suppressed) == [0, 0, 0, 0, 1, 0, 0, 0])
    }

    @Test func groupsByTheRedactedWords() {
        let diagnostics = ["ann@@x", "bob@@y", "cy@@z"].enumerated().map { index, value in
            Diagnostic(
                DiagnosticMessage(
                    .invalidEmail, "'\(value)' is not an address",
                    redacted: "the value is not an address"),
                at: SourceSpan(file: file, offset: file.offset(line: index + 1, column: 1), length: 3))
        }
        let summary = DiagnosticSummarizer(shown: 1).summarize(diagnostics)
        #expect(summary.count == 1)
        #expect(summary.first?.suppressed == 2)
    }

    @Test func renderersSayHowManyMoreThereAre() {
        let diagnostics = (1...4_216).map { diagnostic(.invalidEmail, "not an address", line: $0 % 20 + 1) }
        let text = DiagnosticReport(format: .text).render(diagnostics)
        #expect(text.contains("  = note: and 4,211 more like this\n"))
        #expect(text.hasSuffix("touchpoint: 4,216 errors, 0 warnings\n"))
        let github = DiagnosticReport(format: .github).render(diagnostics)
        #expect(github.split(separator: "\n").count == 5)
        #expect(github.contains("%0Anote: and 4,211 more like this\n"))
    }

    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1_000, "1,000"), (4_211, "4,211"), (1_234_567, "1,234,567"), (-12_345, "-12,345")])
    func formatsCountsWithThousandsSeparators(_ value: Int, _ text: String) {
        #expect(value.grouped == text)
    }
}
