import Foundation
import Testing
@testable import TouchpointKit

/// `touchpoint review`, `plan --diff` and `plan --open` end to end: the built binary on the review
/// fixture's practice.
@Suite final class ReviewCommandTests {
    private let binary: TouchpointBinary
    private static let environment: [String: String?] = [
        "TOUCHPOINT_SECRET": "x", "NO_COLOR": "1", "DISPLAY": nil, "WAYLAND_DISPLAY": nil,
    ]

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private func run(_ arguments: [String], in fixture: ReviewFixture) throws -> TouchpointBinary.Run {
        try binary.run(arguments, in: fixture.scratch.url, environment: Self.environment)
    }

    @Test func reviewWritesTheSiteAndPrintsItsPage() throws {
        let fixture = try ReviewFixture()
        let review = try run(["review", "--as-of", "2026-11-30"], in: fixture)
        #expect(review.status == 0, "\(review.stderr)")
        let index = fixture.folder.outbox.appendingPathComponent("review/index.html")
        #expect(review.stdout == index.path + "\n")
        let page = try String(contentsOf: index, encoding: .utf8)
        #expect(page.contains("<h1>Review: 8 messages</h1>"))
        #expect(page.contains("Against out/: 8 to add, 0 to change, 0 to remove, 0 unchanged."))
        #expect(
            FileManager.default.fileExists(
                atPath: fixture.folder.outbox.appendingPathComponent("review/messages/2026-12-08/1000-news-december-p3.html").path))
        // Elsewhere with --site, for one campaign.
        let site = fixture.scratch.url.appendingPathComponent("elsewhere")
        let one = try run(["review", "--as-of", "2026-11-30", "--campaign", "news", "--site", site.path], in: fixture)
        #expect(one.status == 0, "\(one.stderr)")
        let only = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(only.contains("<h1>Review: 4 messages of news</h1>"))
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("campaigns/reminder.html").path))
        let unknown = try run(["review", "--as-of", "2026-11-30", "--campaign", "newz"], in: fixture)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no campaign 'newz'"))
    }

    @Test func reviewApproveRecordsTheApproval() throws {
        let fixture = try ReviewFixture()
        let approve = try run(["review", "--as-of", "2026-11-30", "--approve", "--by", "Jane Doe"], in: fixture)
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.stderr.hasPrefix("touchpoint: approved sha256:"))
        #expect(approve.stderr.hasSuffix(" (8 messages) by Jane Doe; recorded in approvals.log\n"))
        let log = try ApprovalLog.read(outbox: fixture.folder.outbox)
        #expect(log.entries.map(\.approver) == ["Jane Doe"])
        #expect(log.entries.map(\.count) == [8])
        let text = try String(contentsOf: fixture.folder.outbox.appendingPathComponent("approvals.log"), encoding: .utf8)
        #expect(text.hasPrefix("# touchpoint approvals: approved at, digest, messages, approver\n"))
        // The next review says it is approved.
        let again = try run(["review", "--as-of", "2026-11-30"], in: fixture)
        #expect(again.status == 0)
        let page = try String(contentsOf: fixture.folder.outbox.appendingPathComponent("review/index.html"), encoding: .utf8)
        #expect(page.contains("was approved by Jane Doe at "))
    }

    @Test func planDiffShowsHowTheTextChanges() throws {
        let fixture = try ReviewFixture()
        #expect(try run(["build", "--as-of", "2026-11-30"], in: fixture).status == 0)
        try fixture.write("campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        let plain = try run(["plan", "--as-of", "2026-11-30"], in: fixture)
        #expect(
            plain.stdout.contains(
                "\nAgainst out/: 0 to add, 4 to change, 0 to remove, 4 unchanged\n  ~ 2026-12-08/1000-news-december-p1.eml\n  ~"))
        let diff = try run(["plan", "--as-of", "2026-11-30", "--diff"], in: fixture)
        #expect(diff.status == 0)
        #expect(
            diff.stdout.contains(
                "  ~ 2026-12-08/1000-news-december-p1.eml\n      --- a/2026-12-08/1000-news-december-p1.eml\n"
                    + "      +++ b/2026-12-08/1000-news-december-p1.eml\n      @@ "))
        #expect(diff.stdout.contains("      -Our December hours are 7 to 7.\n      +Our December hours are 8 to 6.\n"))
    }

    @Test func planOpenWritesTheReviewAndSaysWhereItIsWithoutADisplay() throws {
        let fixture = try ReviewFixture()
        let plan = try run(["plan", "--as-of", "2026-11-30", "--open"], in: fixture)
        #expect(plan.status == 0, "\(plan.stderr)")
        let index = fixture.folder.outbox.appendingPathComponent("review/index.html")
        #expect(plan.stderr.hasSuffix("touchpoint: the review is at \(index.path)\n"))
        #expect(FileManager.default.fileExists(atPath: index.path))
    }

    @Test func reviewAgainstAGitRevision() throws {
        let fixture = try ReviewFixture()
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                ["git", "-C", fixture.scratch.path, "-c", "user.name=Test", "-c", "user.email=test@example.invalid"] + arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try fixture.write(".gitignore", "/out/\n/contacts/patients.csv\n")
        try git("init", "--quiet")
        try git("add", ".")
        try git("commit", "--quiet", "-m", "first")
        try fixture.write("campaigns/news.yaml", ReviewFixture.newsletter.replacingOccurrences(of: "are 7 to 7", with: "are 8 to 6"))
        let review = try run(["review", "--as-of", "2026-11-30", "--against", "HEAD"], in: fixture)
        #expect(review.status == 0, "\(review.stderr)")
        let page = try String(contentsOf: fixture.folder.outbox.appendingPathComponent("review/changes.html"), encoding: .utf8)
        #expect(page.contains("<h2 id=\"against-1\">Against HEAD</h2>"))
        #expect(page.contains("<p data-counts=\"0,4,0,4\">0 to add, 4 to change, 0 to remove, 4 unchanged.</p>"))
        #expect(
            page.contains(
                "<td class=\"deleted\"><span class=\"vh\">removed: </span>Our December hours are 7 to 7. "
                    + "The running clinic is on Thursdays.</td>"))
        // The checkout is gone again.
        let list = Process()
        list.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        list.arguments = ["git", "-C", fixture.scratch.path, "worktree", "list"]
        let output = Pipe()
        list.standardOutput = output
        try list.run()
        list.waitUntilExit()
        let trees = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(trees.split(separator: "\n").count == 1, "\(trees)")
        let missing = try run(["review", "--as-of", "2026-11-30", "--against", "no-such-branch"], in: fixture)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot find the revision 'no-such-branch'"))
    }
}
