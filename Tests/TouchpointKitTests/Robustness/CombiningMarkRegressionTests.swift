import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit

/// Found by the build robustness test: a character the tool looks for (a quote, a merged `@`'s
/// stand-in, CR) followed by a combining mark is one `Character` with it, so a search among
/// `Character`s did not find it. The quote went undoubled in CSV, the merged `@` stayed U+FDD0 in
/// the message, and the CR of a CRLF went unescaped in a workflow annotation.
@Suite struct CombiningMarkRegressionTests {
    @Test func replacementFindsCharactersACombiningMarkFollows() {
        #expect("a\"\u{338}b".replacingAll("\"", with: "\"\"") == "a\"\"\u{338}b")
        #expect("a\r\nb".replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A") == "a%0D%0Ab")
        let stand = MarkdownEscaper.mergedAt
        #expect("x\(stand)\u{301}y".replacingAll(stand, with: "@") == "x@\u{301}y")
        #expect("日本語".replacingAll("本", with: "-") == "日-語")
        #expect("abc".replacingAll("", with: "-") == "abc")
        #expect(CSVText.quoted("p\"\u{338}1") == "\"p\"\"\u{338}1\"")
    }

    @Test func aMergedAtBeforeACombiningMarkStaysAnAt() throws {
        let scratch = try ScratchFolder()
        try scratch.write("touchpoint.yaml", PracticeFixtures.minimal)
        try scratch.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }
              first_visit: { type: date, required: true }
              note: { type: string, required: true }

            """)
        try scratch.write("contacts/patients.csv", "id,email,first_visit,note\np1,p1@mail.example,2026-12-10,a@\u{301}b\n")
        try scratch.write(
            "campaigns/note.yaml",
            """
            campaign: note
            title: Note
            audience: patients
            kind: care
            steps:
              - id: s
                send: 1 day before first_visit at 09:00
                subject: Your note
                body: "Your note: {{ note }}"

            """)
        let files = try TestPipeline.build(practice: scratch.url, asOf: "2026-11-30")
        #expect(files.count == 1)
        for (path, bytes) in files {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("=EF=B7=90"), "\(path) holds U+FDD0")
            #expect(text.contains("Your note: a@=CC=81b\r\n"), "\(path)")
            #expect(text.contains("<p>Your note: a@=CC=81b</p>"), "\(path)")
        }
    }
}
