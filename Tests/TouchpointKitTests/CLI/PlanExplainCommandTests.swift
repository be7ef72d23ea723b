import Foundation
import Testing

/// `touchpoint plan` and `touchpoint explain` end to end (SPEC §7): the built binary on small
/// practices, its output and its exit status.
@Suite final class PlanExplainCommandTests {
    private let binary: TouchpointBinary
    /// The folders this test made, alive as long as the test so the binary never loses its folder.
    private var folders: [ScratchFolder] = []
    private static let environment: [String: String?] = ["TOUCHPOINT_SECRET": "x", "NO_COLOR": "1"]

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(),
            "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private static let practiceFile = """
        practice:
          name: Lincoln Physical Therapy
          from: "Lincoln Physical Therapy <care@lincolnpt.example>"
          address: "1200 O Street, Lincoln, NE 68508"
          timezone: America/Chicago
          domain: lincolnpt.example
        send_window:
          days: [mon, tue, wed, thu, fri]
          hours: "08:00-18:00"
          holidays: [2026-12-09]
        limits:
          marketing_per_contact: 1 per 7 days
        horizon: 30 days
        unsubscribe:
          mailto: unsubscribe@lincolnpt.example

        """

    private static let schema = """
        key: id
        email: email
        timezone: timezone
        consent: subscribed
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          email: { type: email, unique: false }
          status: { type: enum, values: [prospect, active, discharged] }
          first_visit: date
          birthday: date
          subscribed: { type: boolean, default: true }
          timezone: timezone

        """

    private static let patients = """
        id,first_name,email,status,first_visit,birthday,subscribed,timezone
        p1,Maria,maria@mail.example,active,2026-12-07,1980-12-10,yes,
        p2,Luis,luis@mail.example,active,2026-12-03,1975-12-08,no,Europe/London
        p3,Sofia,sofia@mail.example,prospect,,1990-12-02,yes,
        p4,Ana,,active,2026-11-20,,yes,

        """

    private static let welcome = """
        campaign: welcome
        title: Welcome
        audience: patients
        where: status == "active"
        kind: care
        priority: 10
        steps:
          - id: get-ready
            send: 1 day before first_visit at 09:00
            subject: "See you soon, {{ first_name }}"
            body: "Hi {{ first_name }}, see you soon."
          - id: how-did-it-go
            send: 1 day after first_visit at 17:00
            subject: "How did it go?"
            body: "Hi {{ first_name }}, how did it go?"

        """

    private static let birthday = """
        campaign: birthday
        title: Birthday
        audience: patients
        where: status != "prospect"
        kind: marketing
        priority: 1
        steps:
          - id: greeting
            send: on birthday every year at 10:00
            subject: "Happy birthday, {{ first_name }}!"
            body: "Happy birthday, {{ first_name }}."

        """

    private static let news = """
        campaign: news
        title: News
        audience: patients
        kind: marketing
        priority: 5
        steps:
          - id: december
            send: on 2026-12-08 at 08:30
            subject: "December news"
            body: "What is new at the clinic."

        """

    /// The practice above in a new folder.
    private func practice() throws -> ScratchFolder {
        let folder = try ScratchFolder()
        folders.append(folder)
        try folder.write("touchpoint.yaml", Self.practiceFile)
        try folder.write("contacts/patients.schema.yaml", Self.schema)
        try folder.write("contacts/patients.csv", Self.patients)
        try folder.write("campaigns/welcome.yaml", Self.welcome)
        try folder.write("campaigns/birthday.yaml", Self.birthday)
        try folder.write("campaigns/news.yaml", Self.news)
        return folder
    }

    private func run(_ arguments: [String], in folder: ScratchFolder) throws -> TouchpointBinary.Run {
        try binary.run(arguments + ["--root", folder.path], environment: Self.environment)
    }

    // MARK: plan

    @Test func planShowsTheScheduleByDayWithCountsAndWhatIsNotSent() throws {
        let folder = try practice()
        let run = try run(["plan", "--as-of", "2026-11-30"], in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                Schedule from 2026-11-30 to 2026-12-30 (America/Chicago): 6 messages

                Wed 2026-12-02
                  09:00  welcome.get-ready      p2  (2026-12-02T09:00:00+00:00)

                Fri 2026-12-04
                  09:00  welcome.get-ready      p1  (moved from 2026-12-06)
                  17:00  welcome.how-did-it-go  p2  (2026-12-04T17:00:00+00:00)

                Tue 2026-12-08
                  08:30  news.december          p1
                  08:30  news.december          p3
                  17:00  welcome.how-did-it-go  p1

                By campaign:
                  news          2  (december 2)
                  welcome       4  (get-ready 2, how-did-it-go 2)

                Not sent:
                       2  already past
                       1  the marketing frequency cap
                       2  not subscribed to marketing
                       1  no valid e-mail address

                Against out/: 6 to add, 0 to change, 0 to remove, 0 unchanged
                  + 2026-12-02/0900-welcome-get-ready-p2.eml
                  + 2026-12-04/0900-welcome-get-ready-p1.eml
                  + 2026-12-04/1700-welcome-how-did-it-go-p2.eml
                  + 2026-12-08/0830-news-december-p1.eml
                  + 2026-12-08/0830-news-december-p3.eml
                  + 2026-12-08/1700-welcome-how-did-it-go-p1.eml

                """)
    }

    @Test func planComparesWithTheBuiltOutbox() throws {
        let folder = try practice()
        let build = try run(["build", "--as-of", "2026-11-30"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        let unchanged = try run(["plan", "--as-of", "2026-11-30"], in: folder)
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout.hasSuffix("\nAgainst out/: 0 to add, 0 to change, 0 to remove, 6 unchanged\n"))
        // Sofia unsubscribes: her newsletter goes.
        try folder.write("contacts/patients.csv", Self.patients.replacingOccurrences(of: "1990-12-02,yes", with: "1990-12-02,no"))
        let changed = try run(["plan", "--as-of", "2026-11-30"], in: folder)
        #expect(
            changed.stdout.hasSuffix(
                """

                Against out/: 0 to add, 0 to change, 1 to remove, 5 unchanged
                  - 2026-12-08/0830-news-december-p3.eml (not subscribed to marketing)

                """))
    }

    @Test func planAsCSV() throws {
        let folder = try practice()
        let run = try run(["plan", "--as-of", "2026-11-30", "--format", "csv"], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "send_at,campaign,step,contact,to,kind,message_id")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { $0.count == 7 })
        #expect(
            rows.map { $0[0...4].joined(separator: " ") } == [
                "2026-12-02T09:00:00+00:00 welcome get-ready p2 luis@mail.example",
                "2026-12-04T09:00:00-06:00 welcome get-ready p1 maria@mail.example",
                "2026-12-04T17:00:00+00:00 welcome how-did-it-go p2 luis@mail.example",
                "2026-12-08T08:30:00-06:00 news december p1 maria@mail.example",
                "2026-12-08T08:30:00-06:00 news december p3 sofia@mail.example",
                "2026-12-08T17:00:00-06:00 welcome how-did-it-go p1 maria@mail.example",
            ])
        #expect(rows.map { $0[5] } == ["care", "care", "care", "marketing", "marketing", "care"])
        for row in rows {
            #expect(row[6].hasPrefix("<") && row[6].hasSuffix("@lincolnpt.example>") && row[6].count == 52)
        }
        #expect(Set(rows.map { $0[6] }).count == rows.count)
    }

    @Test func planAsJSON() throws {
        let folder = try practice()
        let run = try run(["plan", "--as-of", "2026-11-30", "--format", "json"], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
        let root = try #require(object as? [String: Any])
        #expect(root["from"] as? String == "2026-11-30T06:00:00+00:00")
        #expect(root["to"] as? String == "2026-12-30T06:00:00+00:00")
        let messages = try #require(root["messages"] as? [[String: Any]])
        #expect(messages.count == 6)
        #expect(
            messages.map { "\($0["campaign"] ?? "").\($0["step"] ?? "") \($0["contact"] ?? "")" } == [
                "welcome.get-ready p2", "welcome.get-ready p1", "welcome.how-did-it-go p2",
                "news.december p1", "news.december p3", "welcome.how-did-it-go p1",
            ])
        #expect(messages[1]["send_at"] as? String == "2026-12-04T09:00:00-06:00")
        #expect(messages[1]["moved_from"] as? String == "2026-12-06")
        #expect(messages[0]["moved_from"] is NSNull)
        #expect(messages[3]["kind"] as? String == "marketing")
        let notSent = try #require(root["not_sent"] as? [String: Int])
        #expect(
            notSent == [
                "past": 2, "beyond-horizon": 0, "window": 0, "if-moved-skip": 0, "after-until": 0, "clock-change": 0,
                "frequency-cap": 1, "suppressed": 0, "no-consent": 2, "no-address": 1, "one-per-address": 0, "already-sent": 0,
            ])
    }

    @Test func planFiltersByCampaignAndContact() throws {
        let folder = try practice()
        let byCampaign = try run(["plan", "--as-of", "2026-11-30", "--format", "csv", "--campaign", "news"], in: folder)
        #expect(byCampaign.status == 0)
        #expect(
            byCampaign.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1...3].joined(separator: " ") } == [
                "news december p1", "news december p3",
            ])
        let byContact = try run(["plan", "--as-of", "2026-11-30", "--format", "csv", "--contact", "p1"], in: folder)
        #expect(byContact.status == 0)
        #expect(
            byContact.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1...3].joined(separator: " ") } == [
                "welcome get-ready p1", "news december p1", "welcome how-did-it-go p1",
            ])
        let both = try run(["plan", "--as-of", "2026-11-30", "--campaign", "welcome", "--contact", "p2"], in: folder)
        #expect(both.status == 0)
        #expect(both.stdout.hasPrefix("Schedule from 2026-11-30 to 2026-12-30 (America/Chicago): 2 messages\n"))
        #expect(both.stdout.contains("welcome.get-ready      p2"))
        #expect(!both.stdout.contains("p1"))
    }

    @Test func planOfAnUnknownCampaignIsAUsageError() throws {
        let folder = try practice()
        let run = try run(["plan", "--as-of", "2026-11-30", "--campaign", "newz"], in: folder)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("no campaign 'newz'"))
    }

    @Test func planOfABadAsOfIsAUsageError() throws {
        let folder = try practice()
        let run = try run(["plan", "--as-of", "2026-13-01"], in: folder)
        #expect(run.status == 2)
        #expect(run.stderr.contains("'2026-13-01' is not a date"))
    }

    @Test func aPracticeWithErrorsPlansNothing() throws {
        let folder = try practice()
        try folder.write("campaigns/news.yaml", Self.news.replacingOccurrences(of: "on 2026-12-08", with: "on 2026-12-32"))
        for command in [["plan"], ["explain", "p1"]] {
            let run = try run(command + ["--as-of", "2026-11-30"], in: folder)
            #expect(run.status == 1)
            #expect(run.stdout == "")
            #expect(run.stderr.contains("campaigns/news.yaml:"))
            #expect(run.stderr.hasSuffix("touchpoint: 1 error, 0 warnings; nothing planned\n"))
        }
    }

    // MARK: explain

    @Test func explainShowsEachStepAndWhy() throws {
        let folder = try practice()
        let run = try run(["explain", "p1", "--as-of", "2026-11-30"], in: folder)
        #expect(run.stderr == "")
        #expect(run.status == 0)
        #expect(
            run.stdout == """
                p1 in 'patients' (contacts/patients.csv:2), maria@mail.example, time zone America/Chicago
                as of 2026-11-30T00:00:00-06:00, horizon to 2026-12-30T00:00:00-06:00

                birthday (marketing)
                  greeting  not sent 2026-12-10T10:00:00-06:00: the marketing frequency cap (1 per 7 days), used by news.december on 2026-12-08

                news (marketing)
                  december  will be sent 2026-12-08T08:30:00-06:00

                welcome (care)
                  get-ready      will be sent 2026-12-04T09:00:00-06:00 (moved from 2026-12-06 by the send window)
                  how-did-it-go  will be sent 2026-12-08T17:00:00-06:00

                """)
    }

    @Test func explainNamesTheHouseholdMessageThatUsedTheAllowance() throws {
        let folder = try practice()
        let household = "p5,Mateo,maria@mail.example,active,,,yes,\n"
        try folder.write("contacts/patients.csv", Self.patients + (Self.patients.hasSuffix("\n") ? "" : "\n") + household)
        let run = try run(["explain", "p5", "--as-of", "2026-11-30", "--campaign", "news"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let line =
            "  december  not sent 2026-12-08T08:30:00-06:00: the marketing frequency cap (1 per 7 days), "
            + "used by news.december to p1 on 2026-12-08\n"
        #expect(run.stdout.contains(line), "\(run.stdout)")
    }

    @Test func explainShowsTheFailingConditionWithTheContactsValues() throws {
        let folder = try practice()
        let run = try run(["explain", "p3", "--as-of", "2026-11-30"], in: folder)
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                """

                birthday (marketing): its 'where' is false: status != "prospect" (status = "prospect")

                """))
        #expect(
            run.stdout.hasSuffix(
                """

                welcome (care): its 'where' is false: status == "active" (status = "prospect")

                """))
    }

    @Test func explainShowsAnEmptyAnchorFieldAndAPastDate() throws {
        let folder = try practice()
        try folder.write("contacts/patients.csv", Self.patients + "p5,Ines,ines@mail.example,active,,,yes,\n")
        let empty = try run(["explain", "p5", "--as-of", "2026-11-30", "--campaign", "welcome"], in: folder)
        #expect(empty.status == 0)
        #expect(
            empty.stdout.hasSuffix(
                """
                welcome (care)
                  get-ready      not sent: 'first_visit' is empty, so the rule has no date
                  how-did-it-go  not sent: 'first_visit' is empty, so the rule has no date

                """))
        let past = try run(["explain", "p4", "--as-of", "2026-12-15", "--campaign", "welcome"], in: folder)
        #expect(past.status == 0)
        #expect(
            past.stdout.hasSuffix(
                """
                welcome (care)
                  get-ready      not sent: its date, 2026-11-19, is already past
                  how-did-it-go  not sent: its date, 2026-11-21, is already past

                """))
        let recent = try run(["explain", "p4", "--as-of", "2026-11-23", "--campaign", "welcome"], in: folder)
        #expect(
            recent.stdout.hasSuffix(
                """
                welcome (care)
                  get-ready      not sent 2026-11-19T09:00:00-06:00: already past
                  how-did-it-go  not sent 2026-11-23T17:00:00-06:00: no valid e-mail address (moved from 2026-11-21 by the send window)

                """))
    }

    @Test func explainShowsDeliveredMessages() throws {
        let folder = try practice()
        let plan = try run(["plan", "--as-of", "2026-11-30", "--format", "csv", "--contact", "p1", "--campaign", "news"], in: folder)
        let id = try #require(plan.stdout.split(separator: "\n").dropFirst().first?.split(separator: ",").last)
        try folder.write("out/sent.log", "2026-12-08T08:30:05-06:00\t\(id)\t2026-12-08/0830-news-december-p1.eml\n")
        let run = try run(["explain", "p1", "--as-of", "2026-11-30", "--campaign", "news"], in: folder)
        #expect(run.status == 0)
        #expect(
            run.stdout.hasSuffix(
                """
                news (marketing)
                  december  not sent 2026-12-08T08:30:00-06:00: already delivered

                """))
    }

    @Test func explainOfAnUnknownContactIsAUsageError() throws {
        let folder = try practice()
        let run = try run(["explain", "p9", "--as-of", "2026-11-30"], in: folder)
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("no contact with the key 'p9' in any list"))
        let campaign = try self.run(["explain", "p1", "--as-of", "2026-11-30", "--campaign", "newz"], in: folder)
        #expect(campaign.status == 2)
        #expect(campaign.stderr.contains("no campaign 'newz'"))
    }

    // MARK: what preview, plan and explain say about who gets what

    @Test func previewOfAContactWhoWillNotReceiveTheStepSaysWhyFirst() throws {
        let folder = try practice()
        let prospect = try run(["preview", "welcome.get-ready", "--contact", "p3", "--as-of", "2026-11-30"], in: folder)
        #expect(prospect.status == 0, "\(prospect.stderr)")
        let lines = prospect.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Not sent to p3: campaign 'welcome': its 'where' is false: status == \"active\" (status = \"prospect\")")
        #expect(lines.dropFirst().first?.hasPrefix("Date: ") == true)
        // Dropped by the cap: the same words as 'explain', then the date it would have gone.
        let capped = try run(["preview", "birthday", "--contact", "p1", "--as-of", "2026-11-30"], in: folder)
        #expect(
            capped.stdout.hasPrefix(
                """
                Not sent to p1: the marketing frequency cap (1 per 7 days), used by news.december on 2026-12-08
                Date: 2026-12-10T10:00:00-06:00 (not sent)
                Subject: Happy birthday, Maria!
                To: maria@mail.example


                """))
        // As HTML or a whole message, the notice goes to standard error, so the file stays whole.
        let html = try run(["preview", "birthday", "--contact", "p2", "--as-of", "2026-11-30", "--as", "html"], in: folder)
        #expect(html.status == 0)
        #expect(html.stderr == "touchpoint: not sent to p2 (2026-12-08T10:00:00+00:00): not subscribed to marketing\n")
        #expect(!html.stdout.contains("not sent") && html.stdout.contains("Happy birthday, Luis."))
    }

    @Test func previewOfARecipientShowsTheSendDateAndNoNotice() throws {
        let folder = try practice()
        let run = try run(["preview", "news", "--contact", "p1", "--as-of", "2026-11-30"], in: folder)
        #expect(run.status == 0)
        #expect(run.stderr == "")
        #expect(run.stdout.hasPrefix("Date: 2026-12-08T08:30:00-06:00\nSubject: December news\nTo: maria@mail.example\n\n"))
        let eml = try self.run(["preview", "news", "--contact", "p1", "--as-of", "2026-11-30", "--as", "eml"], in: folder)
        #expect(eml.stderr == "")
    }

    @Test func previewShowsTheFirstMessageTheContactGetsWhenAnEarlierOneIsDropped() throws {
        let folder = try practice()
        // Every three days from Maria's first visit; the cap drops those within a week of the newsletter.
        try folder.write(
            "campaigns/tips.yaml",
            """
            campaign: tips
            title: Tips
            audience: patients
            where: status == "active"
            priority: 1
            steps:
              - id: tip
                send: every 3 days after first_visit at 11:00
                subject: "A tip, {{ first_name }}"
                body: "Stretch after a walk."

            """)
        let explain = try run(["explain", "p1", "--as-of", "2026-11-30", "--campaign", "tips"], in: folder)
        #expect(explain.stdout.contains("  tip  not sent 2026-12-10T11:00:00-06:00: the marketing frequency cap"), "\(explain.stdout)")
        #expect(explain.stdout.contains("will be sent 2026-12-16T11:00:00-06:00"), "\(explain.stdout)")
        let preview = try run(["preview", "tips", "--contact", "p1", "--as-of", "2026-11-30"], in: folder)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(preview.stdout.hasPrefix("Date: 2026-12-16T11:00:00-06:00\nSubject: A tip, Maria\n"), "\(preview.stdout)")
    }

    /// `not_sent` of `plan --format json` with extra arguments.
    private func notSent(_ arguments: [String], in folder: ScratchFolder) throws -> (messages: Int, notSent: [String: Int]) {
        let run = try run(["plan", "--as-of", "2026-11-30", "--format", "json"] + arguments, in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let messages = try #require(root["messages"] as? [[String: Any]])
        return (messages.count, try #require(root["not_sent"] as? [String: Int]))
    }

    @Test func planTotalsCountOnlyTheCampaignAndContactAsked() throws {
        let folder = try practice()
        // Past messages of other campaigns are not this campaign's.
        let welcome = try run(["plan", "--as-of", "2026-11-30", "--campaign", "welcome"], in: folder)
        #expect(welcome.stdout.hasPrefix("Schedule from 2026-11-30 to 2026-12-30 (America/Chicago): 4 messages\n"))
        #expect(
            welcome.stdout.hasSuffix(
                """
                By campaign:
                  welcome       4  (get-ready 2, how-did-it-go 2)

                Not sent:
                       2  already past

                """))
        let p4 = try run(["plan", "--as-of", "2026-11-30", "--contact", "p4"], in: folder)
        #expect(
            p4.stdout == """
                Schedule from 2026-11-30 to 2026-12-30 (America/Chicago): 0 messages

                Not sent:
                       2  already past
                       1  no valid e-mail address

                """)
        // Every message of the whole plan is counted once by campaign and once by contact.
        let whole = try notSent([], in: folder)
        for split in [["welcome", "birthday", "news"].map { ["--campaign", $0] }, ["p1", "p2", "p3", "p4"].map { ["--contact", $0] }] {
            var messages = 0
            var totals: [String: Int] = [:]
            for arguments in split {
                let part = try notSent(arguments, in: folder)
                messages += part.messages
                totals.merge(part.notSent, uniquingKeysWith: +)
            }
            #expect(messages == whole.messages)
            #expect(totals == whole.notSent)
        }
        let one = try notSent(["--campaign", "birthday", "--contact", "p1"], in: folder)
        #expect(one.messages == 0)
        #expect(one.notSent.filter { $0.value > 0 } == ["frequency-cap": 1])
    }

    @Test func explainTakesAnAddressInAnyCase() throws {
        let folder = try practice()
        let byKey = try run(["explain", "p1", "--as-of", "2026-11-30"], in: folder)
        let byAddress = try run(["explain", "Maria@Mail.example", "--as-of", "2026-11-30"], in: folder)
        #expect(byAddress.status == 0, "\(byAddress.stderr)")
        #expect(byAddress.stdout == byKey.stdout)
        let unknown = try run(["explain", "nobody@mail.example", "--as-of", "2026-11-30"], in: folder)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no contact with the address 'nobody@mail.example' in any list"))
    }

    @Test func explainListsTheContactsThatShareAnAddressOrAName() throws {
        let folder = try practice()
        try folder.write(
            "contacts/patients.schema.yaml",
            Self.schema.replacingOccurrences(of: "email: email\n", with: "email: email\nname: \"{{ first_name }} Lopez\"\n"))
        try folder.write(
            "contacts/patients.csv", Self.patients + "p5,Mateo,maria@mail.example,active,,,yes,\np6,Maria,m6@mail.example,active,,,yes,\n")
        let shared = try run(["explain", "maria@mail.example", "--as-of", "2026-11-30"], in: folder)
        #expect(shared.status == 2)
        #expect(shared.stdout == "")
        #expect(!shared.stderr.contains("Usage"))
        #expect(
            shared.stderr.hasPrefix(
                """
                touchpoint: 2 contacts have the address 'maria@mail.example'; explain one of them by its key:
                  p1  Maria Lopez  maria@mail.example  ('patients', contacts/patients.csv:2)
                  p5  Mateo Lopez  maria@mail.example  ('patients', contacts/patients.csv:6)
                """))
        let name = try run(["explain", "maria", "--as-of", "2026-11-30"], in: folder)
        #expect(name.status == 2)
        #expect(name.stderr.contains("2 contacts have a name like 'maria'; explain one of them by its key:\n  p1  Maria Lopez"))
        #expect(name.stderr.contains("\n  p6  Maria Lopez  m6@mail.example  ('patients', contacts/patients.csv:7)"))
        // Every word of the name, in any case: one contact.
        let one = try run(["explain", "mateo LOPEZ", "--as-of", "2026-11-30", "--campaign", "news"], in: folder)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.hasPrefix("p5 in 'patients' (contacts/patients.csv:6), maria@mail.example"))
    }

    @Test func explainOrdersCampaignsByIdWhateverTheFilesAreCalled() throws {
        let folder = try practice()
        let before = try run(["explain", "p1", "--as-of", "2026-11-30"], in: folder)
        let planBefore = try run(["plan", "--as-of", "2026-11-30"], in: folder)
        // The file names now sort the other way round from the ids.
        try FileManager.default.removeItem(atPath: folder.path + "/campaigns/welcome.yaml")
        try FileManager.default.removeItem(atPath: folder.path + "/campaigns/news.yaml")
        try folder.write("campaigns/a-welcome.yaml", Self.welcome)
        try folder.write("campaigns/b-news.yaml", Self.news)
        try FileManager.default.removeItem(atPath: folder.path + "/campaigns/birthday.yaml")
        try folder.write("campaigns/c-birthday.yaml", Self.birthday)
        let after = try run(["explain", "p1", "--as-of", "2026-11-30"], in: folder)
        #expect(after.status == 0)
        #expect(after.stdout == before.stdout)
        let order = after.stdout.split(separator: "\n").filter { $0.hasSuffix(")") && !$0.hasPrefix(" ") && !$0.hasPrefix("p1") }
        #expect(order == ["birthday (marketing)", "news (marketing)", "welcome (care)"])
        // plan's counts by campaign are by id too.
        #expect(try run(["plan", "--as-of", "2026-11-30"], in: folder).stdout == planBefore.stdout)
    }

    @Test func aDraftIsCheckedPreviewedAndListedButNeverPlannedOrBuilt() throws {
        let folder = try practice()
        try folder.write(
            "campaigns/news.yaml", Self.news.replacingOccurrences(of: "kind: marketing\n", with: "kind: marketing\ndraft: true\n"))
        let plan = try run(["plan", "--as-of", "2026-11-30"], in: folder)
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(!plan.stdout.contains("news.december"))
        #expect(plan.stdout.contains("\nDrafts (checked, never built):\n  news  campaigns/news.yaml\n"))
        // Without the newsletter, Maria's birthday message is within the cap.
        #expect(plan.stdout.contains("10:00  birthday.greeting      p1"))
        let build = try run(["build", "--as-of", "2026-11-30"], in: folder)
        #expect(build.status == 0, "\(build.stderr)")
        let schedule = try String(contentsOfFile: folder.path + "/out/schedule.csv", encoding: .utf8)
        #expect(!schedule.contains(",news,"))
        #expect(schedule.contains(",birthday,"))
        let preview = try run(["preview", "news", "--as-of", "2026-11-30"], in: folder)
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(
            preview.stdout.hasPrefix(
                "Not sent to p1: campaign 'news': a draft (draft: true), never built\nDate: 2026-12-08T08:30:00-06:00 (not sent)\n"))
        let explain = try run(["explain", "p1", "--as-of", "2026-11-30", "--campaign", "news"], in: folder)
        #expect(explain.stdout.hasSuffix("\nnews (marketing): a draft (draft: true), never built\n"))
        // On a terminal, check's reach table says so instead of a count.
        let check = try binary.runOnTerminal(["check", "--as-of", "2026-11-30", "--root", folder.path], environment: Self.environment)
        #expect(check.status == 0)
        let reach = check.terminal.replacingOccurrences(of: "\r\n", with: "\n")
        #expect(reach.contains("\n  news.december           draft, never built\n"), "\(reach)")
        #expect(reach.contains("\n  birthday.greeting           1 contact\n"), "\(reach)")
    }

    @Test func campaignsInSubfoldersAreRead() throws {
        let folder = try practice()
        let before = try run(["plan", "--as-of", "2026-11-30", "--format", "csv"], in: folder)
        try FileManager.default.removeItem(atPath: folder.path + "/campaigns/news.yaml")
        try folder.write("campaigns/newsletters/2026/december.yaml", Self.news)
        let after = try run(["plan", "--as-of", "2026-11-30", "--format", "csv"], in: folder)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == before.stdout)
        #expect(after.stdout.contains(",news,december,"))
    }

    @Test func aFieldMarkedCaseInsensitiveMatchesInAnyCase() throws {
        let folder = try practice()
        try folder.write(
            "campaigns/welcome.yaml",
            Self.welcome.replacingOccurrences(of: "where: status == \"active\"", with: "where: first_name == \"MARIA\""))
        let exact = try run(["check", "--as-of", "2026-11-30"], in: folder)
        #expect(exact.stderr.contains("[case-mismatch]"))
        #expect(
            try run(["plan", "--as-of", "2026-11-30", "--campaign", "welcome", "--format", "csv"], in: folder).stdout.split(separator: "\n")
                .count == 1)
        try folder.write(
            "contacts/patients.schema.yaml",
            Self.schema.replacingOccurrences(
                of: "first_name: { type: string, required: true }", with: "first_name: { type: string, required: true, case: insensitive }")
        )
        let check = try run(["check", "--as-of", "2026-11-30"], in: folder)
        #expect(!check.stderr.contains("case-mismatch"), "\(check.stderr)")
        let plan = try run(["plan", "--as-of", "2026-11-30", "--campaign", "welcome", "--format", "csv"], in: folder)
        #expect(
            plan.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1...3].joined(separator: " ") } == [
                "welcome get-ready p1", "welcome how-did-it-go p1",
            ])
    }
}
