import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// ``InputDigest``: every stored property, each self-delimited.
@Suite struct InputDigestTests {
    private struct Pair: Encodable {
        let first: String
        let second: String?
    }

    private struct Grown: Encodable {
        let first: String
        let second: String?
        let third: Bool
    }

    private struct Lists: Encodable {
        let items: [[String]]
    }

    @Test func differentValuesHaveDifferentDigests() {
        let digests = [
            InputDigest.sha256(of: Pair(first: "ab", second: nil)),
            InputDigest.sha256(of: Pair(first: "a", second: "b")),
            InputDigest.sha256(of: Pair(first: "", second: "ab")),
            InputDigest.sha256(of: Pair(first: "ab", second: "")),
            InputDigest.sha256(of: Grown(first: "ab", second: nil, third: false)),
            InputDigest.sha256(of: Lists(items: [["a", "b"]])),
            InputDigest.sha256(of: Lists(items: [["a"], ["b"]])),
            InputDigest.sha256(of: Lists(items: [["ab"]])),
            InputDigest.sha256(of: Lists(items: [[], ["ab"]])),
        ]
        #expect(Set(digests.map { $0.map { String($0, radix: 16) }.joined() }).count == digests.count)
        #expect(InputDigest.sha256(of: Pair(first: "ab", second: nil)) == InputDigest.sha256(of: Pair(first: "ab", second: nil)))
    }

    private struct Dated: Encodable {
        let template: TemplateInput
        let today: TodayInput
    }

    private static func dated(_ source: String, today: LocalDate) -> [UInt8] {
        var diagnostics = DiagnosticBag()
        let template = TemplateParser().parse(ScalarTextMap(file: SourceFile(path: "test", text: source)), diagnostics: &diagnostics)
        return InputDigest.sha256(of: Dated(template: TemplateInput(template, source: source), today: TodayInput(date: today)))
    }

    @Test func todayIsDigestedOnlyWhenATemplateReadsIt() throws {
        let first = try #require(LocalDate(iso: "2026-12-01"))
        let second = try #require(LocalDate(iso: "2026-12-02"))
        #expect(Self.dated("Hello {{ first_name }}", today: first) == Self.dated("Hello {{ first_name }}", today: second))
        let reading = "{% if today >= 2026-12-02 %}Closed{% endif %}"
        #expect(Self.dated(reading, today: first) != Self.dated(reading, today: second))
    }
}
