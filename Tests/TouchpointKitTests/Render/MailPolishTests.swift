import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// What a message looks like in a real client: a preview line of its own, the practice's own
/// footer, one unsubscribe link, numbers that stay on one line.
@Suite("Mail polish")
struct MailPolishTests {
    private static let practiceFile = """
        practice:
          name: Prairie Motion Physio
          from: "Prairie Motion Physio <hello@prairiemotion.example>"
          address: "42 Elm Street, Ames, IA 50010"
          timezone: America/Chicago
        horizon: 30 days
        unsubscribe:
          url: "https://prairiemotion.example/unsubscribe/{{ contact.token }}"
          mailto: unsubscribe@prairiemotion.example

        """

    /// A practice with one marketing step for `a1`, `footer` added to `touchpoint.yaml`.
    private func practice(step: String, footer: String? = nil, kind: String = "marketing") throws -> ScratchFolder {
        let scratch = try ScratchFolder()
        try scratch.write("touchpoint.yaml", Self.practiceFile + (footer.map { "footer: \($0)\n" } ?? ""))
        try scratch.write(".touchpoint-secret", "a-test-secret-that-is-long-enough-for-tokens\n")
        try scratch.write(
            "contacts/patients.schema.yaml",
            "key: id\nemail: email\nfields:\n  id: { type: string, required: true }\n  first_name: { type: string, required: true }\n"
                + "  email: { type: email, required: true }\n  first_visit: { type: date, required: true }\n")
        try scratch.write(
            "contacts/patients.csv",
            "id,first_name,email,first_visit\na1,Ann,ann@mail.example,2026-12-08\nz2,Zed,zed@mail.example,2026-12-09\n")
        try scratch.write(
            "campaigns/note.yaml",
            "campaign: note\ntitle: A note\naudience: patients\nkind: \(kind)\nsteps:\n  - id: hello\n    send: 2 days after first_visit at 12:00\n"
                + step)
        return scratch
    }

    private func preview(_ scratch: ScratchFolder) throws -> ScheduledPractice.Preview {
        let pipeline = try TestPipeline.load(practice: scratch.url)
        #expect(pipeline.diagnostics.isEmpty, "\(pipeline.diagnostics.map(\.lineColumnID))")
        return try pipeline.scheduled(asOf: "2026-12-01").preview("note", contact: "a1")
    }

    @Test func aPreheaderIsTheHiddenLineAtTheTopOfTheHTML() throws {
        let scratch = try practice(
            step: "    subject: Hello\n    preheader: \"Open gym, {{ first_name }} & friends\"\n    body: |\n      Hi {{ first_name }}.\n")
        let message = try preview(scratch)
        #expect(
            message.html.contains(
                "<body style=\"margin:0;padding:0;background:#f4f4f4\">\n<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\" "
                    + "aria-hidden=\"true\">Open gym, Ann &amp; friends</div>\n<div role=\"article\""))
        // Not in the text part, where nothing can be hidden; preview names it beside the subject.
        #expect(!message.text.contains("Open gym"))
        #expect(message.preheader == "Open gym, Ann & friends")
        #expect(try preview(try practice(step: "    subject: Hello\n    body: |\n      Hi.\n")).preheader == nil)
    }

    @Test func withoutAPreheaderNothingIsHidden() throws {
        let message = try preview(try practice(step: "    subject: Hello\n    body: |\n      Hi {{ first_name }}.\n"))
        #expect(!message.html.contains("display:none"))
    }

    @Test func aPreheaderIsCheckedLikeTheSubject() throws {
        let scratch = try practice(step: "    subject: Hello\n    preheader: \"Hi {{ frist_name }}\"\n    body: |\n      Hi.\n")
        let checked = try TestPipeline.check(practice: scratch.url)
        #expect(checked.diagnostics.map(\.lineColumnID) == ["9:23 unknown-merge-field"])
        #expect(checked.diagnostics.first?.path == "campaigns/note.yaml")
        #expect(checked.diagnostics.first?.help == ["did you mean 'first_name'?"])
    }

    @Test func theFooterSaysWhatThePracticeWrites() throws {
        let scratch = try practice(
            step: "    subject: Hello\n    body: |\n      Hi {{ first_name }}.\n",
            footer: "\"You asked {{ practice.name }} for news & offers.\"")
        let message = try preview(scratch)
        #expect(
            message.html.contains(
                "<p style=\"margin:0\">You asked Prairie Motion Physio for news &amp; offers. <a href=\"https://prairiemotion.example/unsubscribe/"
            ))
        #expect(
            message.text.contains(
                "\n42 Elm Street, Ames, IA 50010\nYou asked Prairie Motion Physio for news & offers.\nUnsubscribe: https://"))
        #expect(!message.html.contains("patient or partner"))
    }

    @Test func aLongFooterIsWrappedInTheTextPart() throws {
        let scratch = try practice(
            step: "    subject: Hello\n    body: |\n      Hi.\n",
            footer: "\"You get our notes because you asked {{ practice.name }} for them at the front desk or on our web site.\"")
        let message = try preview(scratch)
        #expect(
            message.text.contains(
                "\nYou get our notes because you asked Prairie Motion Physio for them at\nthe front desk or on our web site.\nUnsubscribe: https://"
            ))
    }

    @Test func theDefaultFooterIsNeutral() throws {
        let message = try preview(try practice(step: "    subject: Hello\n    body: |\n      Hi.\n"))
        #expect(message.text.contains("\nYou receive this e-mail from Prairie Motion Physio.\nUnsubscribe: https://"))
        #expect(message.html.contains("You receive this e-mail from Prairie Motion Physio. <a href=\"https://"))
    }

    @Test func careMessagesHaveNeitherSentenceNorLink() throws {
        let message = try preview(
            try practice(step: "    subject: Hello\n    body: |\n      Hi.\n", footer: "Offers from us", kind: "care"))
        #expect(!message.text.contains("Offers from us") && !message.text.contains("Unsubscribe"))
        #expect(!message.html.contains("Offers from us") && !message.html.contains("Unsubscribe"))
    }

    @Test func theFooterMayNotUseAContactField() throws {
        let scratch = try practice(step: "    subject: Hello\n    body: |\n      Hi.\n", footer: "\"For {{ first_name }}\"")
        let checked = try TestPipeline.check(practice: scratch.url)
        #expect(checked.diagnostics.map(\.lineColumnID) == ["10:17 unknown-merge-field"])
        #expect(checked.diagnostics.first?.path == "touchpoint.yaml")
        #expect(checked.diagnostics.first?.primary?.label == "not a field of list 'the footer'")
    }

    @Test func aBodyWithItsOwnUnsubscribeLinkGetsNoSecondOne() throws {
        let scratch = try practice(
            step: "    subject: Hello\n    body: |\n      Hi.\n\n      [Stop these notes]({{ unsubscribe_url }})\n")
        let message = try preview(scratch)
        let url = try #require(message.parts.unsubscribeURL)
        #expect(message.html.components(separatedBy: url).count == 2, "one link, the body's")
        #expect(message.text.components(separatedBy: url).count == 2)
        #expect(!message.html.contains(">Unsubscribe</a>"))
        #expect(!message.text.contains("Unsubscribe: "))
        #expect(message.text.contains("You receive this e-mail from Prairie Motion Physio.\n"))
        // The header stays: mail clients offer their own button from it.
        #expect(String(decoding: message.eml, as: UTF8.self).contains("List-Unsubscribe: <\(url)>"))
    }

    /// A merged address is never made a link, so shown as text it leaves the footer's link.
    @Test func theAddressShownAsTextIsNoLink() throws {
        let scratch = try practice(step: "    subject: Hello\n    body: |\n      Hi. To stop these notes: {{ unsubscribe_url }}\n")
        let message = try preview(scratch)
        #expect(message.html.contains(">Unsubscribe</a>"))
        #expect(message.text.contains("Unsubscribe: https://"))
    }

    @Test func aLinkInABranchNotTakenLeavesTheFootersLink() throws {
        let scratch = try practice(
            step: "    subject: Hello\n    body: |\n      Hi.{% if first_name == \"Zed\" %} [Stop]({{ unsubscribe_url }}){% endif %}\n")
        let message = try preview(scratch)
        #expect(message.html.contains(">Unsubscribe</a>"))
        #expect(message.text.contains("Unsubscribe: https://"))
    }
}

@Suite("Plain text keeps numbers whole")
struct NonBreakingRunTests {
    private func text(_ markdown: String, width: Int = 72) -> String {
        MarkdownDocument(parsing: markdown).plainText(width: width)
    }

    /// Each width is where, without the rule, the line would have broken inside the number.
    @Test(
        "a phone number or a time does not break where its spaces are",
        arguments: [
            ("Ring the desk at (402) 555-0100 to book.", 22, "Ring the desk at\n(402) 555-0100 to\nbook.\n"),
            ("Ring the desk at +1 402 555 0100 to book.", 19, "Ring the desk at\n+1 402 555 0100 to\nbook.\n"),
            ("Ring us at 402 555 0100, or not.", 14, "Ring us at\n402 555 0100,\nor not.\n"),
            ("Come at 9:30 AM, or later.", 12, "Come at\n9:30 AM, or\nlater.\n"),
            ("Come at 9:30 a.m. please.", 12, "Come at\n9:30 a.m.\nplease.\n"),
        ])
    func numbersStayWhole(markdown: String, width: Int, expected: String) {
        #expect(text(markdown + "\n", width: width) == expected)
    }

    @Test func wordsAroundANumberStillBreak() {
        #expect(text("Visit 3 of 8 is on Monday.\n", width: 8) == "Visit 3\nof 8 is\non\nMonday.\n")
        #expect(text("Room 12 and 14 and 16.\n", width: 7) == "Room 12\nand 14\nand 16.\n")
    }

    @Test func aLongRunOfNumbersBreaksAfterAll() {
        let numbers = (1...20).map(String.init).joined(separator: " ")
        let lines = text(numbers + "\n", width: 30).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.joined(separator: " ") == numbers)
        #expect(lines.allSatisfy { $0.count <= 30 })
    }
}
