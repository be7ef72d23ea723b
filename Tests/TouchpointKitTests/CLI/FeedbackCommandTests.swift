import Foundation
import Testing
import TouchpointKit

/// `touchpoint token` and `touchpoint feedback` end to end: the built binary on a small practice,
/// a serve log and a Maildir, as a practice runs them every morning.
@Suite final class FeedbackCommandTests {
    private let binary: TouchpointBinary
    private let folder: ScratchFolder
    private static let secret = "feedback-test-secret"
    private static let environment: [String: String?] = [
        "TOUCHPOINT_SECRET": secret, "TOUCHPOINT_PREVIOUS_SECRET": nil, "NO_COLOR": "1",
    ]

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(), "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
        folder = try ScratchFolder()
        try folder.write(
            "touchpoint.yaml",
            """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: America/Chicago
              bounce: bounces@lincolnpt.example
            unsubscribe:
              url: "https://lincolnpt.example/unsubscribe?c={{ contact.token }}"
              mailto: unsubscribe@lincolnpt.example
            suppression: contacts/unsubscribed.txt

            """)
        try folder.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              first_name: string
              email: email
              first_visit: date

            """)
        try folder.write(
            "contacts/patients.csv",
            """
            id,first_name,email,first_visit
            p1,Ann,ann@mail.example,2026-12-14
            p2,Bob,Bob@Mail.example,2026-12-14
            p3,Cy,cy@mail.example,2026-12-14
            p4,Dee,dee@mail.example,2026-12-14
            p5,Eve,eve@mail.example,2026-12-14
            p6,Fay,,2026-12-14

            """)
        try folder.write(
            "campaigns/visit.yaml",
            """
            campaign: visit
            title: Your visit
            audience: patients
            kind: care
            steps:
              - id: reminder
                send: 1 day before first_visit at 09:00
                subject: "See you tomorrow"
                body: "Hi {{ first_name | default: \\"there\\" }}, see you tomorrow."

            """)
        try folder.write("contacts/unsubscribed.txt", "# Who asked for no more marketing.\nold@mail.example   # moved away\n")
    }

    private func token(_ key: String, secret: String = secret) -> String {
        MessageIdentity.token(list: "patients", contact: key, secret: Array(secret.utf8))
    }

    private func run(_ arguments: [String], environment: [String: String?] = environment) throws -> TouchpointBinary.Run {
        try binary.run(arguments + ["--root", folder.path], environment: environment)
    }

    private func text(_ path: String) throws -> String {
        try String(contentsOf: folder.url.appendingPathComponent(path), encoding: .utf8)
    }

    private func files(in path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent(path).path)) ?? []).sorted()
    }

    /// The token as docs/privacy.md specifies it, made by Python's own HMAC: the spec and the
    /// code agree.
    @Test func tokenMatchesTheSpecification() throws {
        let result = try run(["token", "patients", "p1"])
        #expect(result.status == 0, "\(result.stderr)")
        let python = try Python.run(
            "import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode() + b'\\x00' + sys.argv[3].encode(), "
                + "hashlib.sha256).hexdigest()[:32])",
            arguments: [Self.secret, "patients", "p1"]
        ).text
        #expect(result.stdout == python)
        #expect(result.stdout == token("p1") + "\n")

        let unknown = try run(["token", "patients", "nobody"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no contact with the key 'nobody' in 'patients'"))
        let noList = try run(["token", "leads", "p1"])
        #expect(noList.status == 2)
        #expect(noList.stderr.contains("no contact list 'leads'; the lists are 'patients'"))
        let noSecret = try run(["token", "patients", "p1"], environment: ["TOUCHPOINT_SECRET": nil])
        #expect(noSecret.status == 2)
        #expect(noSecret.stderr.contains("no secret is set"))
    }

    private func writeMail() throws {
        try folder.write(
            "mail/new/1765119731.M1P1.host",
            """
            From: MAILER-DAEMON@mail.lincolnpt.example (Mail Delivery System)
            To: bounces@lincolnpt.example
            Subject: Undelivered Mail Returned to Sender
            Date: Mon,  7 Dec 2026 09:02:11 -0600 (CST)
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mail.lincolnpt.example

            Final-Recipient: rfc822; bob@mail.example
            Action: failed
            Status: 5.1.1

            --B--

            """)
        try folder.write(
            "mail/new/1765119800.M2P1.host",
            """
            From: Cy <CY@mail.example>
            To: unsubscribe@lincolnpt.example
            Subject: unsubscribe
            Date: Mon, 7 Dec 2026 09:30:00 -0600

            Please stop.

            """)
        try folder.write(
            "mail/new/1765119900.M3P1.host",
            """
            From: Someone <someone@else.example>
            To: unsubscribe@lincolnpt.example
            Subject: unsubscribe \(token("p4"))
            Date: Tue, 8 Dec 2026 09:30:00 -0600

            """)
        try folder.write(
            "mail/new/1765120000.M4P1.host",
            """
            From: Front Desk <frontdesk@mail.example>
            To: bounces@lincolnpt.example
            Subject: Out of office
            Auto-Submitted: auto-replied

            Back on Monday.

            """)
        // Two soft bounces already counted, and a third within 30 days: a hard bounce.
        for (name, date) in [
            ("1764000000.M5P1.host:2,S", "Mon, 23 Nov 2026"), ("1764500000.M6P1.host:2,S", "Mon, 30 Nov 2026"),
            ("1765200000.M7P1.host", "Mon, 7 Dec 2026"),
        ] {
            try folder.write(
                (name.contains(":2,") ? "mail/cur/" : "mail/new/") + name,
                """
                From: MAILER-DAEMON@mail.lincolnpt.example
                To: bounces@lincolnpt.example
                Subject: Undelivered Mail Returned to Sender
                Date: \(date) 10:00:00 -0600
                Content-Type: multipart/report; report-type=delivery-status; boundary="S"

                --S
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mail.lincolnpt.example

                Final-Recipient: rfc822; eve@mail.example
                Action: failed
                Status: 4.2.2

                --S--

                """)
        }
    }

    @Test func turnsWhatCameBackIntoSuppressionLines() throws {
        let log = [
            "2026-12-07T15:00:00+00:00\t\(token("p1"))\tview",
            "2026-12-07T15:00:05+00:00\t\(token("p1"))\tunsubscribe",
            "2026-12-07T16:00:00+00:00\t0123456789abcdef0123456789abcdef\tunsubscribe",
            "a broken line",
        ]
        try folder.write("log/feedback.log", log.joined(separator: "\n") + "\n")
        try writeMail()
        let before = try text("contacts/unsubscribed.txt")

        let dry = try run(["feedback", "--from-log", folder.path + "/log", "--maildir", folder.path + "/mail", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout == """
                --- a/contacts/unsubscribed.txt
                +++ b/contacts/unsubscribed.txt
                @@ -1,2 +1,7 @@
                 # Who asked for no more marketing.
                +ann@mail.example  # 2026-12-07 one-click unsubscribe
                +Bob@Mail.example  # 2026-12-07 bounced 5.1.1
                +cy@mail.example  # 2026-12-07 unsubscribed by e-mail
                +dee@mail.example  # 2026-12-08 unsubscribed by e-mail
                +eve@mail.example  # 2026-12-07 bounced 4.2.2, 3 times in 30 days
                 old@mail.example   # moved away

                """)
        #expect(
            dry.stderr.contains("feedback.log:3: one-click unsubscribe: the token '0123456789abcdef0123456789abcdef' matches no contact"))
        #expect(dry.stderr.contains("feedback.log:4: not a line of the feedback log; skipped"))
        #expect(dry.stderr.contains("new/1765120000.M4P1.host: an automatic reply (Auto-Submitted: auto-replied); left unread"))
        #expect(dry.stderr.contains("(dry run: nothing written)"))
        #expect(try text("contacts/unsubscribed.txt") == before)
        #expect(files(in: "mail/new").count == 5)
        #expect(!files(in: "log").contains("feedback.read"))

        let real = try run(["feedback", "--from-log", folder.path + "/log", "--maildir", folder.path + "/mail"])
        #expect(real.status == 0, "\(real.stderr)")
        #expect(
            real.stderr.hasSuffix(
                "touchpoint feedback: 1 hard bounce, 2 one-click unsubscribes, 1 page view, 1 soft bounce, "
                    + "2 unsubscribes by e-mail; 5 lines added to contacts/unsubscribed.txt; 1 not resolved\n"), "\(real.stderr)")
        let after = try text("contacts/unsubscribed.txt")
        #expect(after.contains("Bob@Mail.example  # 2026-12-07 bounced 5.1.1\n"))
        // Applied mail is marked read; what was not recognised stays unread.
        #expect(files(in: "mail/new") == ["1765120000.M4P1.host"])
        #expect(files(in: "mail/cur").contains("1765119731.M1P1.host:2,S"))
        #expect(files(in: "log").contains("feedback.read"))

        // Nothing is applied twice: a line taken out by hand stays out.
        try folder.write(
            "contacts/unsubscribed.txt", after.replacingOccurrences(of: "ann@mail.example  # 2026-12-07 one-click unsubscribe\n", with: ""))
        let again = try run(["feedback", "--from-log", folder.path + "/log", "--maildir", folder.path + "/mail"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("nothing new came back; 0 lines added"), "\(again.stderr)")
        #expect(!(try text("contacts/unsubscribed.txt")).contains("ann@"))

        // A line appended later is read on its own.
        let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("log/feedback.log"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-12-09T15:00:05+00:00\t\(token("p3"))\tunsubscribe\n".utf8))
        try handle.close()
        let later = try run(["feedback", "--from-log", folder.path + "/log"])
        #expect(
            later.stderr.contains("1 one-click unsubscribe; 0 lines added to contacts/unsubscribed.txt, 1 already there"), "\(later.stderr)"
        )

        // The care message to the bounced address is no longer scheduled, and explain says why.
        let explain = try run(["explain", "p2", "--as-of", "2026-12-01"])
        #expect(
            explain.stdout.contains(
                "reminder  not sent 2026-12-11T09:00:00-06:00: on the suppression list (contacts/unsubscribed.txt:2: 2026-12-07 bounced 5.1.1; stops all mail)"
            ), "\(explain.stdout)")
    }

    /// After the secret is replaced, tokens in links already sent resolve with the previous one.
    @Test func tokensOfThePreviousSecretResolveWhenItIsGiven() throws {
        try folder.write("log/feedback.log", "2026-12-07T15:00:05+00:00\t\(token("p5", secret: "old-secret"))\tunsubscribe\n")
        let without = try run(["feedback", "--from-log", folder.path + "/log", "--dry-run"])
        #expect(without.stderr.contains("matches no contact under the secret (nor TOUCHPOINT_PREVIOUS_SECRET)"), "\(without.stderr)")
        var environment = Self.environment
        environment["TOUCHPOINT_PREVIOUS_SECRET"] = "old-secret"
        let with = try run(["feedback", "--from-log", folder.path + "/log", "--dry-run"], environment: environment)
        #expect(with.stdout.contains("+eve@mail.example  # 2026-12-07 one-click unsubscribe"), "\(with.stderr)")
    }

    @Test func usageErrors() throws {
        let neither = try run(["feedback"])
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("give '--from-log DIR', '--maildir DIR', or both"))
        let notMaildir = try run(["feedback", "--maildir", folder.path + "/contacts"])
        #expect(notMaildir.status == 2)
        #expect(notMaildir.stderr.contains("is not a Maildir: it has neither 'new/' nor 'cur/'"))
    }
}
