import Testing
import TouchpointKit

@Suite struct SuppressionFileTests {
    private static let file = """
        # Addresses that asked to receive no more marketing.
        # One a line.
        brian@mail.example
        Yusuf.Demir@inbox.example
        harriet@inbox.example   # asked at the front desk, 2026-10-14
        # moved away
        old.address@mail.example

        """

    @Test func newLinesAreSortedInBelowTheHeader() {
        let (text, effects) = SuppressionFile.merge(
            Self.file,
            [
                .init(address: "ann@mail.example", reason: "2026-12-07 one-click unsubscribe"),
                .init(address: "zed@mail.example", reason: "2026-12-07 bounced 5.1.1"),
            ])
        #expect(
            text == """
                # Addresses that asked to receive no more marketing.
                # One a line.
                ann@mail.example  # 2026-12-07 one-click unsubscribe
                brian@mail.example
                harriet@inbox.example   # asked at the front desk, 2026-10-14
                # moved away
                old.address@mail.example
                Yusuf.Demir@inbox.example
                zed@mail.example  # 2026-12-07 bounced 5.1.1

                """)
        #expect(effects.map(\.1) == [.added, .added])
    }

    /// An address already there stays as it is, unless the new reason stops more.
    @Test func existingLinesWinUnlessTheNewReasonStopsAllMail() {
        let (same, effects) = SuppressionFile.merge(
            Self.file, [.init(address: "BRIAN@mail.example", reason: "2026-12-07 one-click unsubscribe")])
        #expect(same == Self.file)
        #expect(effects.map(\.1) == [.alreadySuppressed])
        let (widened, more) = SuppressionFile.merge(
            Self.file, [.init(address: "harriet@inbox.example", reason: "2026-12-08 complaint (abuse)")])
        #expect(widened.contains("harriet@inbox.example  # 2026-12-08 complaint (abuse)\n"))
        #expect(!widened.contains("front desk"))
        #expect(more.map(\.1) == [.widened])
    }

    @Test func duplicatesBecomeOneLine() {
        let (text, _) = SuppressionFile.merge(
            "a@mail.example\nb@mail.example  # 2026-01-01 one-click unsubscribe\nA@mail.example  # 2026-02-01 bounced 5.1.1\n",
            [.init(address: "c@mail.example", reason: "2026-12-07 one-click unsubscribe")])
        #expect(
            text == "A@mail.example  # 2026-02-01 bounced 5.1.1\nb@mail.example  # 2026-01-01 one-click unsubscribe\n"
                + "c@mail.example  # 2026-12-07 one-click unsubscribe\n")
    }

    @Test func anEmptyFileGetsItsFirstLine() {
        let (text, _) = SuppressionFile.merge("", [.init(address: "a@mail.example", reason: "2026-12-07 one-click unsubscribe")])
        #expect(text == "a@mail.example  # 2026-12-07 one-click unsubscribe\n")
    }

    @Test(arguments: [
        ("2026-12-07 bounced 5.1.1", SuppressionList.Scope.allMail), ("bounced", .allMail), ("2026-12-07 complaint (abuse)", .allMail),
        ("All mail: moved abroad", .allMail), ("2026-12-07 one-click unsubscribe", .marketing), ("asked at the front desk", .marketing),
        ("", .marketing), ("2026-12-07", .marketing), ("not bounced", .marketing),
    ])
    func reasonsDecideTheScope(reason: String, scope: SuppressionList.Scope) {
        #expect(SuppressionList.scope(of: reason) == scope)
    }

    @Test func theDiffShowsTheNewLines() {
        let (text, _) = SuppressionFile.merge(Self.file, [.init(address: "ann@mail.example", reason: "2026-12-07 one-click unsubscribe")])
        #expect(
            LineDiff.unified(old: Self.file, new: text, path: "contacts/unsubscribed.txt") == """
                --- a/contacts/unsubscribed.txt
                +++ b/contacts/unsubscribed.txt
                @@ -1,7 +1,8 @@
                 # Addresses that asked to receive no more marketing.
                 # One a line.
                +ann@mail.example  # 2026-12-07 one-click unsubscribe
                 brian@mail.example
                -Yusuf.Demir@inbox.example
                 harriet@inbox.example   # asked at the front desk, 2026-10-14
                 # moved away
                 old.address@mail.example
                +Yusuf.Demir@inbox.example

                """)
        #expect(LineDiff.unified(old: text, new: text, path: "x") == "")
    }

    /// The diff is the one `diff -u` finds, hunk for hunk, on a longer file with changes apart.
    @Test func farApartChangesMakeSeparateHunks() {
        let old = (1...40).map { "line\($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...40).map { "line\($0)" }
        lines.insert("new-after-2", at: 2)
        lines.remove(at: 30)
        let new = lines.joined(separator: "\n") + "\n"
        let diff = LineDiff.unified(old: old, new: new, path: "f")
        #expect(diff.components(separatedBy: "\n@@ ").count == 3, "\(diff)")
        #expect(diff.contains("@@ -1,5 +1,6 @@\n line1\n line2\n+new-after-2\n line3\n"))
        #expect(diff.contains("-line30\n"))
    }
}
