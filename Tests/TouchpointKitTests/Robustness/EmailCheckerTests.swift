import Foundation
import Testing

/// The robustness tests trust `EmailChecker` to find what is wrong with a message; here it is
/// shown broken messages, one fault each, made from a recorded good one, and must name each.
@Suite struct EmailCheckerTests {
    static let good = TestLocations.emlGoldenFolder
        .appendingPathComponent("ascii-note/expected/2026-12-07/0900-ascii-note-a1.eml")

    /// Each fault: how it is made from the good message's text, and what the checker must say.
    static let faults: [(name: String, edit: @Sendable (String) -> String, says: String)] = [
        ("bare-lf", { $0.replacingOccurrences(of: "Hi Ann,\r\n", with: "Hi Ann,\n") }, "a bare LF"),
        ("bare-cr", { $0.replacingOccurrences(of: "Hi Ann,\r\n", with: "Hi Ann,\r") }, "a bare CR"),
        ("no-final-crlf", { String($0.dropLast(2)) }, "the last line does not end in CRLF"),
        ("bcc", { $0.replacingOccurrences(of: "MIME-Version", with: "Bcc: x@evil.example\r\nMIME-Version") }, "a Bcc header"),
        (
            "two-recipients", { $0.replacingOccurrences(of: "<ann.baker@mail.example>", with: "<a@mail.example>, b@mail.example") },
            "not exactly one recipient"
        ),
        (
            "long-encoded-word",
            {
                $0.replacingOccurrences(
                    of: "Subject: See you tomorrow, Ann",
                    with: "Subject: =?UTF-8?Q?" + String(repeating: "a", count: 60) + "?=")
            }, "a header line with an encoded word longer than 76"
        ),
        (
            "line-over-998",
            {
                $0.replacingOccurrences(of: "See you tomorrow, Ann", with: String(repeating: "word ", count: 200))
            }, "a header line longer than 998"
        ),
        (
            "not-ascii", { $0.replacingOccurrences(of: "See you tomorrow, Ann", with: "See you tomorrow, Zoë") },
            "a header line is not ASCII"
        ),
        (
            "strict-defect", { $0.replacingOccurrences(of: "Subject:", with: "Subject : x\r\n continued\r\nX-Bad\r\nSubject:") },
            "MissingHeaderBodySeparatorDefect"
        ),
        (
            "long-encoded-body-line", { $0.replacingOccurrences(of: "Hi Ann,", with: String(repeating: "x", count: 80)) },
            "an encoded line longer than 76"
        ),
        ("not-utf8", { $0.replacingOccurrences(of: "Hi Ann,", with: "Hi =FF,") }, "a part is not UTF-8"),
        ("noncharacter", { $0.replacingOccurrences(of: "Hi Ann,", with: "Hi a=EF=B7=90b,") }, "a part holds a noncharacter"),
    ]

    @Test func itNamesEveryFault() throws {
        let scratch = try ScratchFolder()
        let text = try String(contentsOf: Self.good, encoding: .utf8)
        var files = [scratch.url.appendingPathComponent("good.eml")]
        try scratch.write("good.eml", text)
        for fault in Self.faults {
            let edited = fault.edit(text)
            #expect(edited != text, "\(fault.name) did not change the message")
            try scratch.write(fault.name + ".eml", edited)
            files.append(scratch.url.appendingPathComponent(fault.name + ".eml"))
        }
        let (problems, summaries) = try EmailChecker.check(files)
        #expect(!problems.contains { $0.contains("good.eml") }, "\(problems)")
        #expect(summaries.contains { $0.contains("good.eml Ann Baker <ann.baker@mail.example> | See you tomorrow, Ann | Hi Ann,") })
        for fault in Self.faults {
            let found = problems.filter { $0.contains("/\(fault.name).eml:") }
            #expect(found.contains { $0.contains(fault.says) }, "\(fault.name): \(found)")
        }
    }
}
