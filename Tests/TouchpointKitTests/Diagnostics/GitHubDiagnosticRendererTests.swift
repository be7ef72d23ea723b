import Testing
import TouchpointKit

/// GitHub Actions workflow commands.
@Suite struct GitHubDiagnosticRendererTests {
    @Test func writesOneCommandWithPlaceAndTitle() {
        let file = SourceFile(path: "campaigns/after-care.yaml", text: "steps:\n  - body: Hi {{ frist_name }}\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(.unknownMergeField, "unknown merge field 'frist_name'"),
            at: SourceSpan(file: file, offset: 23, length: 10)
        )
        .with(help: "did you mean 'first_name'?")
        #expect(
            GitHubDiagnosticRenderer().render(diagnostic) == """
                ::error file=campaigns/after-care.yaml,line=2,col=17,endLine=2,endColumn=27,title=unknown-merge-field::\
                unknown merge field 'frist_name'%0Ahelp: did you mean 'first_name'?

                """)
    }

    @Test(arguments: [(DiagnosticID.unknownKey, "error"), (.duplicateWeekday, "warning")])
    func mapsSeverityToACommand(_ id: DiagnosticID, _ command: String) {
        let diagnostic = Diagnostic(DiagnosticMessage(id, "words"), file: "f.yaml")
        #expect(GitHubDiagnosticRenderer().render(diagnostic) == "::\(command) file=f.yaml,title=\(id.rawValue)::words\n")
    }

    @Test func escapesDataAndProperties() {
        let diagnostic = Diagnostic(
            DiagnosticMessage(.duplicateWeekday, "100% done\r\nnext line: a, b"),
            file: "odd dir/a:b,c%d.yaml")
        #expect(
            GitHubDiagnosticRenderer().render(diagnostic) == """
                ::warning file=odd dir/a%3Ab%2Cc%25d.yaml,title=duplicate-weekday::100%25 done%0D%0Anext line: a, b

                """)
    }

    @Test func aDiagnosticWithoutAFileHasNoProperties() {
        let diagnostic = Diagnostic(DiagnosticMessage(.unknownKey, "words"), file: nil)
        #expect(GitHubDiagnosticRenderer().render(diagnostic) == "::error title=unknown-key::words\n")
    }

    @Test func notesInOtherFilesNameTheirPlace() {
        let here = SourceFile(path: "a.yaml", text: "x: 1\n")
        let there = SourceFile(path: "b.yaml", text: "y: 2\n")
        let diagnostic = Diagnostic(DiagnosticMessage(.unknownKey, "words"), at: SourceSpan(file: here, offset: 0, length: 1))
            .with(note: "defined here", at: SourceSpan(file: there, offset: 3, length: 1))
            .with(note: "no place")
        #expect(
            GitHubDiagnosticRenderer().render(diagnostic, suppressed: 2) == """
                ::error file=a.yaml,line=1,col=1,endLine=1,endColumn=2,title=unknown-key::words%0Anote: defined here (b.yaml:1:4)\
                %0Anote: no place%0Anote: and 2 more like this

                """)
    }

    @Test func redactsContactData() {
        let file = SourceFile(path: "contacts/patients.csv", text: "id,email\np1,jane@@example.com\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(
                .invalidEmail, "'jane@@example.com' is not an e-mail address",
                redacted: "the value is not an e-mail address"),
            at: SourceSpan(file: file, offset: 12, length: 17), position: ReportedPosition(line: 2, column: 2))
        #expect(
            GitHubDiagnosticRenderer().render(diagnostic) == """
                ::error file=contacts/patients.csv,line=2,col=2,endLine=2,endColumn=2,title=invalid-email::\
                the value is not an e-mail address

                """)
    }
}
