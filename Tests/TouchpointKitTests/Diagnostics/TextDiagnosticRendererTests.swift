import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The compiler-style text format (STYLE.md, "What a diagnostic looks like").
@Suite struct TextDiagnosticRendererTests {
    private let campaign = SourceFile(
        path: "campaigns/after-care.yaml",
        text: """
            campaign: after-care
            steps:
              - id: thanks
                body: |
                  Hi {{ frist_name }}, thank you for choosing us.
                send: 3 days after discharge_date at 10:00

            """)

    private var unknownField: Diagnostic {
        let offset = campaign.offset(line: 5, column: 13)
        return Diagnostic(
            DiagnosticMessage(.unknownMergeField, "unknown merge field 'frist_name'"),
            at: SourceSpan(file: campaign, offset: offset, length: 10), label: "not a field of list 'patients'"
        )
        .with(help: "did you mean 'first_name'?")
    }

    @Test func rendersTheStyleGuideExample() {
        let text = DiagnosticReport(format: .text).render([unknownField], outcome: "nothing written")
        #expect(
            text == """
                campaigns/after-care.yaml:5:13: error: unknown merge field 'frist_name' [unknown-merge-field]
                  |
                4 |     body: |
                5 |       Hi {{ frist_name }}, thank you for choosing us.
                  |             ^^^^^^^^^^ not a field of list 'patients'
                6 |     send: 3 days after discharge_date at 10:00
                  = help: did you mean 'first_name'?

                touchpoint: 1 error, 0 warnings; nothing written

                """)
    }

    @Test func colourIsADecorationOnly() {
        let plain = TextDiagnosticRenderer(decorated: false).render(unknownField)
        let coloured = TextDiagnosticRenderer(decorated: true).render(unknownField)
        #expect(!plain.contains("\u{1B}"))
        #expect(coloured.contains("\u{1B}[1;31m"))
        let stripped = coloured.replacingOccurrencesOfANSI()
        #expect(stripped == plain)
    }

    @Test func widensTheGutterForLongFilesAndMarksGaps() {
        let text = (1...12).map { "key\($0): value" }.joined(separator: "\n") + "\n"
        let file = SourceFile(path: "f.yaml", text: text)
        let diagnostic = Diagnostic(
            DiagnosticMessage(.yamlDuplicateKey, "duplicate key"),
            at: SourceSpan(file: file, offset: file.offset(line: 11, column: 1), length: 5),
            label: "defined again here"
        )
        .with(note: "first defined here", at: SourceSpan(file: file, offset: file.offset(line: 2, column: 1), length: 4))
        #expect(
            TextDiagnosticRenderer().render(diagnostic) == """
                f.yaml:11:1: error: duplicate key [yaml-duplicate-key]
                   |
                 2 | key2: value
                   | ---- first defined here
                ...
                10 | key10: value
                11 | key11: value
                   | ^^^^^ defined again here
                12 | key12: value

                """)
    }

    @Test func placesTheCaretAfterTabsAndWideCharacters() {
        let file = SourceFile(path: "f.yaml", text: "days: [\t\"é中😀\",\tmnday]\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(.unknownWeekday, "'mnday' is not a day"),
            at: SourceSpan(file: file, offset: 21, length: 5))
        let lines = TextDiagnosticRenderer().render(diagnostic).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "f.yaml:1:16: error: 'mnday' is not a day [unknown-weekday]")
        #expect(lines[2] == "1 | days: [    \"é中😀\",    mnday]")
        #expect(lines[3] == "  |" + String(repeating: " ", count: 24) + "^^^^^")
    }

    @Test func cutsAVeryLongLineToAWindowAroundTheSpan() {
        let line = String(repeating: "a", count: 300) + "TARGET" + String(repeating: "b", count: 300)
        let file = SourceFile(path: "f.yaml", text: line + "\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(.duplicateWeekday, "here"),
            at: SourceSpan(file: file, offset: 300, length: 6))
        let lines = TextDiagnosticRenderer().render(diagnostic).split(separator: "\n")
        let excerpt = String(lines[2])
        #expect(excerpt.hasPrefix("1 | ..."))
        #expect(excerpt.hasSuffix("..."))
        #expect(excerpt.count <= 4 + TextDiagnosticRenderer.maxLineWidth)
        let caretLine = String(lines[3])
        let caret = caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) }
        let target = excerpt.firstRange(of: "TARGET").map { excerpt.distance(from: excerpt.startIndex, to: $0.lowerBound) }
        #expect(caret != nil)
        #expect(caret == target)
        #expect(caretLine.hasSuffix("^^^^^^"))
    }

    @Test func notesElsewhereAndWithoutAPlaceGoBelow() {
        let here = SourceFile(path: "a.yaml", text: "x: 1\n")
        let there = SourceFile(path: "b.yaml", text: "y: 2\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(.duplicateWeekday, "words"),
            at: SourceSpan(file: here, offset: 3, length: 1)
        )
        .with(note: "defined here", at: SourceSpan(file: there, offset: 3, length: 1))
        .with(note: "why")
        #expect(
            TextDiagnosticRenderer().render(diagnostic, suppressed: 1_200) == """
                a.yaml:1:4: warning: words [duplicate-weekday]
                  |
                1 | x: 1
                  |    ^
                  = note: defined here (b.yaml:1:4)
                  = note: why
                  = note: and 1,200 more like this

                """)
    }

    @Test func aDiagnosticWithoutAPlaceHasNoExcerpt() {
        let diagnostic = Diagnostic(
            DiagnosticMessage(.missingPracticeFile, "no 'touchpoint.yaml'"),
            file: "touchpoint.yaml", help: ["run 'touchpoint init'"])
        #expect(
            TextDiagnosticRenderer().render(diagnostic) == """
                touchpoint.yaml: error: no 'touchpoint.yaml' [missing-practice-file]
                  = help: run 'touchpoint init'

                """)
        let nowhere = Diagnostic(DiagnosticMessage(.duplicateWeekday, "words"), file: nil)
        #expect(TextDiagnosticRenderer().render(nowhere) == "touchpoint: warning: words [duplicate-weekday]\n")
    }

    @Test func redactionLeavesOutContactData() {
        let file = SourceFile(path: "contacts/patients.csv", text: "id,email\np1,jane@@example.com\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(
                .invalidEmail, "'jane@@example.com' is not an e-mail address",
                redacted: "the value is not an e-mail address"),
            at: SourceSpan(file: file, offset: 12, length: 17), position: ReportedPosition(line: 2, column: 2))
        let redacted = TextDiagnosticRenderer(redact: true).render(diagnostic)
        #expect(redacted == "contacts/patients.csv:2:2: error: the value is not an e-mail address [invalid-email]\n")
        let shown = TextDiagnosticRenderer(redact: false).render(diagnostic)
        #expect(shown.contains("jane@@example.com"))
        #expect(shown.contains("^^^^^^^^^^^^^^^^^"))
    }

    @Test(
        arguments: [
            (0, 0, nil, "touchpoint: 0 errors, 0 warnings\n"),
            (1, 1, nil, "touchpoint: 1 error, 1 warning\n"),
            (2, 1_500, "nothing written", "touchpoint: 2 errors, 1,500 warnings; nothing written\n"),
        ] as [(Int, Int, String?, String)])
    func summarisesTheRun(_ errors: Int, _ warnings: Int, _ outcome: String?, _ line: String) {
        #expect(TextDiagnosticRenderer().summary(errors: errors, warnings: warnings, outcome: outcome) == line)
    }

    @Test func aCleanRunPrintsNothing() {
        for format in DiagnosticFormat.allCases where format != .json && format != .sarif {
            #expect(DiagnosticReport(format: format).render([]) == "")
        }
    }
}

extension String {
    /// The text without ANSI SGR sequences.
    func replacingOccurrencesOfANSI() -> String {
        var result = ""
        var inEscape = false
        for scalar in unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

@Suite struct TextDiagnosticRendererControlCharacterTests {
    @Test func wordsQuotedFromAFileCannotReachTheTerminalRaw() {
        // A key written "\e[2J\nfake: error" once went out as an escape sequence and a second line.
        let file = SourceFile(path: "touchpoint.yaml", text: "\"\\e[2J\\nx\tk\": 1\n")
        let diagnostic = Diagnostic(
            DiagnosticMessage(.unknownKey, "unknown key '\u{1B}[2J\nx\tk'"),
            at: SourceSpan(file: file, offset: 0, length: 14), label: "bad\u{7}"
        )
        .with(note: "note\u{1B}").with(help: "help\r")
        #expect(
            TextDiagnosticRenderer().render(diagnostic) == """
                touchpoint.yaml:1:1: error: unknown key '\u{241B}[2J\u{240A}x\u{2409}k' [unknown-key]
                  |
                1 | "\\e[2J\\nx    k": 1
                  | ^^^^^^^^^^^^^^^^^ bad\u{2407}
                  = note: note\u{241B}
                  = help: help\u{240D}

                """)
    }
}
