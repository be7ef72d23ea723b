import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A message's digest is made from what the renderer renders it from, so that between two builds
/// exactly the messages whose bytes change are written again: none stays stale, none is
/// rewritten for nothing. Each case changes one input between two builds of the golden practice
/// into one outbox and checks that the second build rewrote exactly the messages whose bytes
/// differ.
@Suite struct RenderInputDigestTests {
    /// The golden practice with `files` (relative path to text) written over or beside it.
    private static func practice(_ files: [String: String], in scratch: ScratchFolder) throws {
        try EMLGoldenTests.writeAllCases(into: scratch)
        for (relative, text) in files { try scratch.write(relative, text) }
    }

    /// A file of the golden cases, as written by `practice(_:in:)` before any edit.
    private static func original(_ relative: String) -> String {
        GoldenCase.messages.lazy.compactMap { golden in
            try? String(contentsOf: golden.folder.appendingPathComponent(relative), encoding: .utf8)
        }.first ?? ""
    }

    /// The practice in `root` planned as of `asOf`.
    private static func plan(root: String, asOf day: String) throws -> BuildPlanner.Planned {
        let pipeline = try TestPipeline.load(practice: URL(fileURLWithPath: root))
        #expect(pipeline.diagnostics.isEmpty, "\(pipeline.diagnostics.map(\.message.text))")
        return try pipeline.plan(asOf: day)
    }

    /// Each message's path and bytes.
    private static func messages(_ planned: BuildPlanner.Planned) -> [String: [UInt8]] {
        Dictionary(
            uniqueKeysWithValues: (0..<planned.count).map { index in
                let location = planned.location(of: index)
                return (location.directory + "/" + location.fileName, planned.render(index))
            })
    }

    /// Builds the practice with `before` into an outbox, then with `after`, and returns the paths
    /// the second build wrote and those whose bytes changed.
    private static func rebuild(before: (asOf: String, files: [String: String]), after: (asOf: String, files: [String: String]))
        throws -> (rewritten: [String], changed: [String])
    {
        let scratch = try ScratchFolder()
        let writer = OutboxWriter(directory: scratch.url.appendingPathComponent("out", isDirectory: true))
        try practice(before.files, in: scratch)
        let first = try plan(root: scratch.path, asOf: before.asOf)
        _ = try writer.write(first, schedule: first.schedule)
        try practice(after.files, in: scratch)
        let second = try plan(root: scratch.path, asOf: after.asOf)
        let report = try writer.write(second, schedule: second.schedule)
        let old = messages(first)
        let changed = messages(second).filter { path, bytes in old[path].map { $0 != bytes } ?? true }.keys.sorted()
        #expect(report.removed == 0)
        return (report.writtenPaths, changed)
    }

    /// A layout whose text depends on the as-of date, through a condition on `today`.
    private static let holidayLayout = [
        "campaigns/layout.html": """
        <html><body>{% if today >= 2026-12-02 %}<p>Closed on the holidays.</p>{% endif %}
        {{ content }}
        <p>{{ practice.name }} <a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>

        """
    ]

    /// A bug fix. The old digest of a step read `today` only when its subject or body used it:
    /// the layout's templates (and the display-name and unsubscribe templates) were not looked
    /// at, so a layout whose condition reads `today` left every message as it was on the day
    /// before: the second build rewrote nothing and this test failed. Now every template the step
    /// is rendered from is part of its inputs and says whether it reads `today`.
    @Test func aLayoutThatReadsTodayIsRenderedAgainTheNextDay() throws {
        let result = try Self.rebuild(before: ("2026-12-01", Self.holidayLayout), after: ("2026-12-02", Self.holidayLayout))
        #expect(result.changed.count == 7)
        #expect(result.rewritten == result.changed)
    }

    /// What `today` costs otherwise: nothing, when no template reads it.
    @Test func aLayoutThatDoesNotReadTodayIsNotRenderedAgainTheNextDay() throws {
        let layout = ["campaigns/layout.html": "<html><body>{{ content }}<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a></body></html>\n"]
        let result = try Self.rebuild(before: ("2026-12-01", layout), after: ("2026-12-02", layout))
        #expect(result.changed.isEmpty)
        #expect(result.rewritten.isEmpty)
    }

    /// A list field read by a template, and a list field's items.
    private static func tags(_ first: String) -> [String: String] {
        let schema = original("contacts/patients.schema.yaml")
        let csv = original("contacts/patients.csv")
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] += ",tags"
        lines[1] += ",\"\(first)\""
        lines[2] += ",b"
        lines[lines.count - 2] += ",c"
        let ascii = original("campaigns/ascii.yaml")
        return [
            "contacts/patients.schema.yaml": schema + "  tags: { type: list, separator: \";\" }\n",
            "contacts/patients.csv": lines.joined(separator: "\n"),
            "campaigns/ascii.yaml": ascii.replacingOccurrences(
                of: "See you tomorrow at the clinic.",
                with: "Tags: {{ tags | join: \"/\" }}."),
        ]
    }

    /// A bug fix. The old digest of a contact took each value as text, where a list shows its
    /// items joined with ", ": one item "a, b" and the two items "a" and "b" gave the same digest,
    /// though `join: "/"` shows them as "a, b" and "a/b", so the second build rewrote nothing and
    /// this test failed. Now each value is digested as the typed value the renderer reads.
    @Test func aListValueWhoseItemsChangeButNotItsTextIsRenderedAgain() throws {
        let result = try Self.rebuild(before: ("2026-12-01", Self.tags("a, b")), after: ("2026-12-01", Self.tags("a;b")))
        #expect(result.changed == ["2026-12-07/0900-ascii-note-a1.eml"])
        #expect(result.rewritten == result.changed)
    }

    /// Of a build's inputs, an edited step changes that step's messages and no others.
    @Test func anEditedStepRewritesItsMessagesOnly() throws {
        let ascii = Self.original("campaigns/marketing.yaml")
        let edited = ["campaigns/marketing.yaml": ascii.replacingOccurrences(of: "open gym", with: "OPEN GYM")]
        let result = try Self.rebuild(before: ("2026-12-01", [:]), after: ("2026-12-01", edited))
        #expect(result.changed.count == 2)
        #expect(result.changed.allSatisfy { $0.contains("-marketing-offer-") })
        #expect(result.rewritten == result.changed)
    }

    /// What a contact's digest is made from (``ContactDigest``): its key and its values. Its row
    /// is not rendered. A property added to `Contact` fails this test, so that whoever adds it
    /// decides whether the renderer reads it and, if so, adds it to the digest.
    @Test func aContactsDigestTakesEachOfItsProperties() {
        let contact = Contact(key: "a1", row: 2, values: [])
        #expect(Mirror(reflecting: contact).children.map(\.label) == ["key", "row", "values"])
    }
}
