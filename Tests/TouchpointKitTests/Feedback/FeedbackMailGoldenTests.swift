import Foundation
import Testing
@testable import TouchpointFeedback
import TouchpointKit

/// Received mail as `touchpoint feedback` reads it: each `FeedbackGolden/NAME.eml` — delivery
/// reports in the shapes Postfix, Exim, Gmail and Outlook send, complaints as Outlook and Yahoo
/// send them, mailto requests, and broken ones — beside `NAME.expected`, what was made of it.
/// `RECORD=1` rewrites the expected files and fails.
@Suite struct FeedbackMailGoldenTests {
    static let folder = TestLocations.testsFolder.appendingPathComponent("FeedbackGolden", isDirectory: true)

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test(arguments: cases)
    func readsAsRecorded(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(name + ".eml")))
        let text = Self.describe(FeedbackMail.read(bytes, unsubscribeAddress: "unsubscribe@lincolnpt.example"))
        let expected = Self.folder.appendingPathComponent(name + ".expected")
        if GoldenCase.isRecording {
            try Data(text.utf8).write(to: expected)
            Issue.record("recorded \(name); run again without RECORD=1 to compare")
            return
        }
        let recorded = try #require(try? String(contentsOf: expected, encoding: .utf8), "no \(name).expected; run with RECORD=1")
        #expect(text == recorded)
    }

    @Test func theFolderHoldsEveryShape() {
        // A walk that finds nothing would pass vacuously.
        for name in [
            "postfix-hard-bounce", "exim-hard-bounce", "gmail-hard-bounce", "outlook-hard-bounce", "outlook-jmrp-complaint",
            "yahoo-arf-complaint", "malformed-binary", "malformed-empty",
        ] {
            #expect(Self.cases.contains(name), "\(name).eml is missing")
        }
    }

    /// Every cut of a real report reads as something, never a crash.
    @Test func everyTruncationOfAReportIsRead() throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("gmail-hard-bounce.eml")))
        for length in stride(from: 0, through: bytes.count, by: 7) {
            _ = FeedbackMail.read(Array(bytes[0..<length]), unsubscribeAddress: nil)
        }
    }

    /// A report nested deeper than any mail client would nest one is read only so deep.
    @Test func deepNestingIsBounded() {
        var message = "Content-Type: text/plain\n\nend\n"
        for level in 0..<200 {
            message = "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n\(message)\n--b\(level)--\n"
        }
        let entity = MailEntity(parsing: Array(("Subject: x\n" + message).utf8))
        #expect(entity.allParts.count <= MailEntity.maxDepth + 2)
    }

    static func describe(_ mail: FeedbackMail) -> String {
        func date(_ instant: Int?) -> String { instant.map { AsOf.format($0, offset: 0) } ?? "none" }
        switch mail {
        case .bounce(let report):
            var out = "delivery report, dated \(date(report.instant)), token \(report.token ?? "none")\n"
            for recipient in report.recipients {
                let kind = recipient.isHard ? "hard" : recipient.isSoft ? "soft" : "neither"
                out += "  \(recipient.address ?? "no address"): \(recipient.action) \(recipient.status ?? "no status") (\(kind))\n"
                if let diagnostic = recipient.diagnostic { out += "    \(diagnostic)\n" }
            }
            return out
        case .complaint(let report):
            return "complaint '\(report.feedbackType)', dated \(date(report.instant)), from \(report.address ?? "no address"), "
                + "token \(report.token ?? "none")\n"
        case .unsubscribe(let request):
            return "unsubscribe request, dated \(date(request.instant)), from \(request.from ?? "no address"), "
                + "token \(request.token ?? "none")\n"
        case .unrecognized(let why):
            return "not recognised: \(why)\n"
        case .malformed(let why):
            return "warning: \(why)\n"
        }
    }
}
