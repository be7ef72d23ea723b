import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// `touchpoint.yaml` (SPEC §2) read into a checked ``Practice``.
@Suite struct PracticeReaderTests {
    @Test func readsEveryKey() throws {
        let (practice, diagnostics) = PracticeFixtures.read(PracticeFixtures.complete)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.lineColumnID))")
        let p = try #require(practice)
        #expect(p.name == "Lincoln Physical Therapy")
        #expect(p.from.displayName == "Lincoln Physical Therapy")
        #expect(p.from.address.description == "care@lincolnpt.example")
        #expect(p.replyTo?.address.description == "frontdesk@lincolnpt.example")
        #expect(p.replyTo?.displayName == nil)
        #expect(p.address == "1200 O Street, Lincoln, NE 68508")
        #expect(p.timeZone.identifier == "America/Chicago")
        #expect(p.domain == "mail.lincolnpt.example")
        #expect(p.bounce.description == "bounces@lincolnpt.example")
        #expect(p.allowHTML)
        #expect(p.sendWindow.days == [.monday, .tuesday, .wednesday, .thursday, .friday])
        #expect(p.sendWindow.start.description == "08:30")
        #expect(p.sendWindow.end.description == "17:45")
        #expect(p.sendWindow.holidays == [LocalDate(year: 2026, month: 12, day: 25), LocalDate(year: 2027, month: 1, day: 1)])
        #expect(p.marketingCap == FrequencyCap(count: 2, days: 7))
        #expect(p.horizon == CalendarDuration(value: 8, unit: .week))
        #expect(p.unsubscribe.url == "https://lincolnpt.example/unsubscribe?c={{ contact.token }}")
        #expect(p.unsubscribe.urlNode?.span.startPlace == "18:8")
        #expect(p.unsubscribe.mailto?.description == "unsubscribe@lincolnpt.example")
        #expect(p.suppression == "contacts/unsubscribed.txt")
    }

    @Test func fillsInTheDefaults() throws {
        let (practice, diagnostics) = PracticeFixtures.read(PracticeFixtures.minimal)
        #expect(diagnostics.isEmpty)
        let p = try #require(practice)
        #expect(p.replyTo == nil)
        #expect(p.domain == "lincolnpt.example")
        #expect(p.bounce.description == "care@lincolnpt.example")
        #expect(!p.allowHTML)
        #expect(!p.keepGoing)
        #expect(p.sendWindow.days == SendWindow.standard.days)
        #expect(p.sendWindow.start.description == "08:00")
        #expect(p.sendWindow.end.description == "18:00")
        #expect(p.sendWindow.holidays.isEmpty)
        #expect(p.marketingCap == nil)
        #expect(p.horizon == CalendarDuration(value: 60, unit: .day))
        #expect(p.unsubscribe.url == nil)
        #expect(p.suppression == nil)
    }

    @Test(arguments: [
        ("send_window: {days: [Monday, SAT, sun], hours: \"7:30 - 24:00\"}\n", "days"),
        ("limits: {marketing_per_contact: 3 per 2 weeks}\nhorizon: 1 month\n", "limits"),
        ("allow_html: \"YES\"\nsuppression: ./lists//unsubscribed.txt\nkeep_going: yes\n", "flags"),
        ("unsubscribe: {url: \"HTTPS://lincolnpt.example/u\"}\n", "url only"),
    ])
    func acceptsTheOtherSpellings(_ extra: String, _ label: String) throws {
        let text =
            PracticeFixtures.minimal.replacingOccurrences(
                of: "unsubscribe:\n  mailto: unsubscribe@lincolnpt.example\n",
                with: extra.hasPrefix("unsubscribe") ? "" : "unsubscribe:\n  mailto: unsubscribe@lincolnpt.example\n") + extra
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(diagnostics.isEmpty, "\(label): \(diagnostics.map(\.lineColumnID))")
        let p = try #require(practice)
        switch label {
        case "days":
            #expect(p.sendWindow.days == [.monday, .saturday, .sunday])
            #expect(p.sendWindow.start.description == "07:30")
            #expect(p.sendWindow.end == TimeOfDay.endOfDay)
        case "limits":
            #expect(p.marketingCap == FrequencyCap(count: 3, days: 14))
            #expect(p.horizon == CalendarDuration(value: 1, unit: .month))
        case "flags":
            #expect(p.allowHTML)
            #expect(p.keepGoing)
            #expect(p.suppression == "./lists/unsubscribed.txt")
        default:
            #expect(p.unsubscribe.url == "HTTPS://lincolnpt.example/u")
            #expect(p.unsubscribe.mailto == nil)
        }
    }

    /// Each problem, as `line:column id` of every diagnostic it gives (the minimal practice is
    /// lines 1 to 7).
    @Test(
        arguments: [
            ("practice: Lincoln\nunsubscribe: {mailto: a@b.example}\n", ["1:11 expected-mapping"]),
            ("- a\n", ["1:1 expected-mapping"]),
            ("", ["- empty-file"]),
            ("# nothing here\n", ["- empty-file"]),
            ("practice:\n  name: x\n", ["1:1 missing-key", "1:1 missing-key", "1:1 missing-key", "1:1 missing-key"]),
            ("allow_html: false\n", ["1:1 missing-key", "1:1 missing-key"]),
        ] as [(String, [String])])
    func reportsProblemsWithTheWholeFile(_ text: String, _ expected: [String]) {
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(practice == nil)
        #expect(diagnostics.map(\.lineColumnID) == expected)
    }

    @Test(
        arguments: [
            ("colour: blue\n", ["8:1 unknown-key"]),
            ("allow_html: maybe\n", ["8:13 wrong-type"]),
            ("allow_html: [true]\n", ["8:13 wrong-type"]),
            ("keep_going: sometimes\n", ["8:13 wrong-type"]),
            ("horizon: 60\n", ["8:10 invalid-duration"]),
            ("horizon: 0 days\n", ["8:10 invalid-duration"]),
            ("horizon: 10001 days\n", ["8:10 invalid-duration"]),
            ("horizon: 2 fortnights\n", ["8:10 invalid-duration"]),
            ("horizon:\n", ["8:9 empty-value"]),
            ("send_window: weekdays\n", ["8:14 expected-mapping"]),
            ("send_window: {days: mon}\n", ["8:21 wrong-type"]),
            ("send_window: {days: []}\n", ["8:21 no-send-days"]),
            ("send_window: {days: [mon, mnday]}\n", ["8:27 unknown-weekday"]),
            ("send_window: {days: [mon, [tue]]}\n", ["8:27 wrong-type"]),
            ("send_window: {days: [mon, Mon]}\n", ["8:27 duplicate-weekday"]),
            ("send_window: {hours: \"8am-6pm\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {hours: \"08:00-18:00-20:00\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {hours: \"24:00-24:00\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {hours: \"08:60-18:00\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {hours: \"18:00-08:00\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {hours: \"08:00-08:00\"}\n", ["8:22 invalid-hours"]),
            ("send_window: {holidays: [2026-12-25, 2026-02-29, 25/12/2026]}\n", ["8:38 invalid-date", "8:50 invalid-date"]),
            ("send_window: {holidays: 2026-12-25}\n", ["8:25 wrong-type"]),
            ("send_window: {hours: \"08:00-18:00\", dayz: [mon]}\n", ["8:37 unknown-key"]),
            ("limits: {marketing_per_contact: twice a week}\n", ["8:33 invalid-limit"]),
            ("limits: {marketing_per_contact: 0 per 7 days}\n", ["8:33 invalid-limit"]),
            ("limits: {marketing_per_contact: 2 per 1 month}\n", ["8:33 invalid-limit"]),
            ("limits: {marketing_per_contact: 1 per 9223372036854775807 weeks}\n", ["8:33 invalid-limit"]),
            ("limits: {per_contact: 2 per 7 days}\n", ["8:10 unknown-key"]),
            ("suppression: ../unsubscribed.txt\n", ["8:14 path-outside-root"]),
            ("suppression: /etc/unsubscribed.txt\n", ["8:14 path-outside-root"]),
        ] as [(String, [String])])
    func reportsEachProblemAtItsPlace(_ extra: String, _ expected: [String]) {
        let (practice, diagnostics) = PracticeFixtures.read(PracticeFixtures.minimal(plus: extra))
        #expect(diagnostics.map(\.lineColumnID) == expected)
        let onlyWarnings = diagnostics.allSatisfy { $0.severity == .warning }
        #expect((practice != nil) == onlyWarnings)
    }

    @Test(arguments: [
        ("  name: \"\"\n", "2:9 empty-value"),
        ("  name: ~\n", "2:9 empty-value"),
        ("  name: [a]\n", "2:9 wrong-type"),
        ("  from: \"Lincoln PT <care@lincolnpt>\"\n", "3:9 invalid-mailbox"),
        ("  from: \"Lincoln PT <care@lincolnpt.example\"\n", "3:9 invalid-mailbox"),
        ("  from: \"Lincoln PT <care@lincolnpt.example> x\"\n", "3:9 invalid-mailbox"),
        ("  from: \"\\\"Lincoln PT <care@lincolnpt.example>\"\n", "3:9 invalid-mailbox"),
        ("  timezone: America/Chicgo\n", "5:13 unknown-time-zone"),
        ("  timezone: CST\n", "5:13 unknown-time-zone"),
        ("  timezone: 5\n", "5:13 unknown-time-zone"),
        ("  domain: lincolnpt\n", "2:11 invalid-domain"),
        ("  domain: lincoln_pt.example\n", "2:11 invalid-domain"),
        ("  bounce: \"Bounces <bounces@lincolnpt.example>\"\n", "2:11 invalid-email"),
        ("  reply_to: front desk\n", "2:13 invalid-mailbox"),
        ("  adress: x\n", "2:3 unknown-key"),
    ])
    func reportsEachProblemWithThePracticeBlock(_ replacement: String, _ expected: String) {
        // The replacement takes the place of the line holding the same key (or goes in as line 2).
        var lines = PracticeFixtures.minimal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let key = replacement.split(separator: ":").first.map(String.init) ?? ""
        if let index = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) {
            lines[index] = String(replacement.dropLast())
        } else {
            lines.insert(String(replacement.dropLast()), at: 1)
        }
        let (practice, diagnostics) = PracticeFixtures.read(lines.joined(separator: "\n"))
        #expect(practice == nil)
        #expect(diagnostics.map(\.lineColumnID) == [expected])
    }

    @Test func reportsEveryMissingKeyAtTheKeyItBelongsUnder() throws {
        let (_, diagnostics) = PracticeFixtures.read("unsubscribe: {mailto: a@b.example}\npractice:\n  name: Lincoln\n")
        #expect(diagnostics.map(\.lineColumnID) == ["2:1 missing-key", "2:1 missing-key", "2:1 missing-key"])
        #expect(
            diagnostics.map(\.message.text) == [
                "'practice' is missing the required key 'from'",
                "'practice' is missing the required key 'address'",
                "'practice' is missing the required key 'timezone'",
            ])
        #expect(diagnostics.first?.primary?.span.text == "practice")
    }

    @Test func suggestsTheKeyMeant() throws {
        let (_, diagnostics) = PracticeFixtures.read(PracticeFixtures.minimal(plus: "send_windw: {days: [mon]}\n"))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.help == ["did you mean 'send_window'?"])
        #expect(
            diagnostic.notes.map(\.message) == [
                "the practice file takes: practice, allow_html, send_window, limits, horizon, unsubscribe, suppression, outbox, keep_going, delivery, footer, one_per_address"
            ])
    }

    @Test func suggestsTheTimeZoneAndWeekdayMeant() throws {
        let zone = PracticeFixtures.read(PracticeFixtures.minimal.replacingOccurrences(of: "America/Chicago", with: "america/chicago"))
        #expect(zone.diagnostics.first?.help.first == "did you mean 'America/Chicago'?")
        let day = PracticeFixtures.read(PracticeFixtures.minimal(plus: "send_window: {days: [wensday]}\n"))
        #expect(day.diagnostics.first?.help.first == "did you mean 'wednesday'?")
    }

    @Test func reportsAMissingUnsubscribeMethodAtTheKey() throws {
        // The diagnostic once pointed at the mapping under the key, not at the key.
        let text = PracticeFixtures.minimal.replacingOccurrences(
            of: "  mailto: unsubscribe@lincolnpt.example\n",
            with: "  link: https://lincolnpt.example/u\n")
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(practice == nil)
        #expect(diagnostics.map(\.lineColumnID) == ["6:1 missing-unsubscribe-method", "7:3 unknown-key"])
        #expect(diagnostics.first?.primary?.span.text == "unsubscribe")
        let empty = PracticeFixtures.read(
            PracticeFixtures.minimal.replacingOccurrences(
                of: "unsubscribe:\n  mailto: unsubscribe@lincolnpt.example\n", with: "unsubscribe: {}\n"))
        #expect(empty.diagnostics.map(\.lineColumnID) == ["6:1 missing-unsubscribe-method"])
    }

    @Test func reportsEveryUnsubscribeProblem() {
        let text = PracticeFixtures.minimal.replacingOccurrences(
            of: "unsubscribe:\n  mailto: unsubscribe@lincolnpt.example\n",
            with: "unsubscribe:\n  url: lincolnpt.example/unsubscribe\n  mailto: \"mailto:a@b.example, c@d.example\"\n")
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(practice == nil)
        #expect(diagnostics.map(\.lineColumnID) == ["7:8 invalid-url", "8:11 invalid-email"])
    }

    /// A URL is never folded, so one that could not fit on List-Unsubscribe's line is refused.
    @Test func anUnsubscribeURLTooLongForItsHeaderLineIsAnError() {
        let long = "https://lincolnpt.example/" + String(repeating: "u", count: 900)
        let (practice, diagnostics) = PracticeFixtures.read(
            PracticeFixtures.minimal.replacingOccurrences(
                of: "  mailto: unsubscribe@lincolnpt.example\n", with: "  url: \(long)\n"))
        #expect(practice == nil)
        #expect(diagnostics.map(\.lineColumnID) == ["7:8 invalid-url"])
        #expect(diagnostics.first?.message.text.contains("926 characters") == true, "\(diagnostics)")
        let fits = "https://lincolnpt.example/" + String(repeating: "u", count: 900 - 26)
        let (accepted, none) = PracticeFixtures.read(
            PracticeFixtures.minimal.replacingOccurrences(
                of: "  mailto: unsubscribe@lincolnpt.example\n", with: "  url: \(fits)\n"))
        #expect(accepted != nil && none.isEmpty, "\(none)")
    }

    @Test func anHTTPUnsubscribePageIsOnlyAWarning() throws {
        let text = PracticeFixtures.minimal.replacingOccurrences(
            of: "  mailto: unsubscribe@lincolnpt.example\n",
            with: "  url: http://lincolnpt.example/u\n")
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(diagnostics.map(\.lineColumnID) == ["7:8 insecure-unsubscribe-url"])
        #expect(diagnostics.first?.severity == .warning)
        #expect(try #require(practice).unsubscribe.url == "http://lincolnpt.example/u")
    }

    @Test func aMailtoPrefixIsAccepted() throws {
        let text = PracticeFixtures.minimal.replacingOccurrences(of: "mailto: unsubscribe@", with: "mailto: mailto:unsubscribe@")
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(diagnostics.isEmpty)
        #expect(try #require(practice).unsubscribe.mailto?.description == "unsubscribe@lincolnpt.example")
    }

    @Test func keepsGoingAfterAnErrorToReportTheNext() {
        let text = """
            practice:
              name: ""
              from: nobody
              address: "x"
              timezone: Mars/Olympus
            send_window: {days: [mon, xyz], hours: "9-5"}
            horizon: soon
            unsubscribe: {url: "ftp://x"}

            """
        let (practice, diagnostics) = PracticeFixtures.read(text)
        #expect(practice == nil)
        #expect(
            diagnostics.map(\.id) == [
                "empty-value", "invalid-mailbox", "unknown-time-zone", "unknown-weekday", "invalid-hours",
                "invalid-duration", "invalid-url",
            ])
    }

    @Test func parsesDurations() {
        #expect(PracticeReader.parseDuration("1 day") == CalendarDuration(value: 1, unit: .day))
        #expect(PracticeReader.parseDuration("3 Weeks") == CalendarDuration(value: 3, unit: .week))
        #expect(PracticeReader.parseDuration("10000 months") == CalendarDuration(value: 10_000, unit: .month))
        #expect(PracticeReader.parseDuration("10001 days") == nil)
        #expect(PracticeReader.parseDuration("-1 days") == nil)
        #expect(PracticeReader.parseDuration("1 year") == nil)
        #expect(PracticeReader.parseDuration("days") == nil)
        #expect(CalendarDuration(value: 1, unit: .week).description == "1 week")
        #expect(CalendarDuration(value: 60, unit: .day).description == "60 days")
    }
}
