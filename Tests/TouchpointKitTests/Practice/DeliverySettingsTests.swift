import Foundation
import Testing
@testable import TouchpointKit

/// `delivery:` in `touchpoint.yaml` and `expires:` in campaigns, as `touchpoint deliver` reads them.
@Suite struct DeliverySettingsTests {
    @Test func withoutDeliveryTheDefaultsHold() throws {
        let practice = try #require(PracticeFixtures.read(PracticeFixtures.minimal).practice)
        #expect(practice.delivery == .standard)
        #expect(practice.delivery.command == ["/usr/sbin/sendmail", "-i", "-f", "{from}", "--", "{to}"])
        #expect(
            practice.delivery.arguments(from: "b@x.example", to: "p@y.example") == [
                "/usr/sbin/sendmail", "-i", "-f", "b@x.example", "--", "p@y.example",
            ])
        #expect(practice.delivery.rate == nil)
        #expect(practice.delivery.attempts == 3)
    }

    @Test func readsTheCommandTheRateAndTheAttempts() throws {
        let (practice, diagnostics) = PracticeFixtures.read(
            PracticeFixtures.minimal(
                plus: """
                    delivery:
                      command: [msmtp, -a, clinic, -f, "{from}", --, "{to}"]
                      rate: 60/min
                      attempts: 5

                    """))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.lineColumnID))")
        let delivery = try #require(practice?.delivery)
        #expect(delivery.command == ["msmtp", "-a", "clinic", "-f", "{from}", "--", "{to}"])
        #expect(delivery.rate == DeliverySettings.Rate(count: 60, seconds: 60))
        #expect(delivery.rate?.interval == 1)
        #expect(delivery.attempts == 5)
    }

    @Test(arguments: ["10/s", "60/min", "500/hour", "2/h", "1/second", "7/minute"])
    func readsRates(text: String) {
        #expect(DeliverySettings.Rate.parse(text) != nil)
    }

    @Test(arguments: ["60", "0/min", "-1/min", "60/day", "sixty/min", "60 per minute", "/min"])
    func refusesWhatIsNotARate(text: String) {
        #expect(DeliverySettings.Rate.parse(text) == nil)
    }

    @Test func reportsEveryMistakeOfTheDeliveryBlock() {
        let (practice, diagnostics) = PracticeFixtures.read(
            PracticeFixtures.minimal(
                plus: """
                    delivery:
                      command: [sendmail, -f, "{form}", --, "{to}"]
                      rate: 60 a minute
                      attempts: 0
                      retries: 2

                    """))
        #expect(practice == nil)
        #expect(
            diagnostics.map(\.lineColumnID) == [
                "9:27 invalid-delivery-command", "10:9 invalid-delivery-rate", "11:13 invalid-delivery-attempts",
                "12:3 unknown-key",
            ])
        #expect(diagnostics.first?.message.text == "'{form}' is not a placeholder a delivery command may hold")
        #expect(diagnostics.first?.help.first == "did you mean '{from}'?")
    }

    @Test func aCommandNeedsAProgram() {
        let empty = PracticeFixtures.read(PracticeFixtures.minimal(plus: "delivery:\n  command: []\n")).diagnostics
        #expect(empty.map(\.message.text) == ["the delivery command is empty"])
        let placeholder = PracticeFixtures.read(PracticeFixtures.minimal(plus: "delivery:\n  command: [\"{to}\"]\n")).diagnostics
        #expect(placeholder.map(\.message.text) == ["the delivery command's program cannot be a placeholder"])
    }

    @Test(arguments: [("30 minutes", 1_800), ("1 min", 60), ("2 hours", 7_200), ("3 days", 259_200), ("1 week", 604_800)])
    func readsLengthsOfTime(text: String, seconds: Int) {
        #expect(TimeSpan.parse(text)?.seconds == seconds)
    }

    @Test(arguments: ["2h", "two hours", "0 hours", "2 fortnights", "1.5 hours", ""])
    func refusesWhatIsNotALengthOfTime(text: String) {
        #expect(TimeSpan.parse(text) == nil)
    }

    @Test func campaignsAndStepsSayHowLateTheyMayGo() throws {
        let scratch = try ScratchFolder()
        try scratch.write("touchpoint.yaml", PracticeFixtures.minimal)
        try scratch.write(
            "campaigns/news.yaml",
            """
            campaign: news
            title: News
            audience: patients
            expires: 6 hours
            steps:
              - id: first
                send: on 2026-12-01 at 10:00
                subject: Hi
                body: Hello.
              - id: second
                send: on 2026-12-08 at 10:00
                expires: 90 minutes
                subject: Hi
                body: Hello.

            """)
        try scratch.write(
            "campaigns/care.yaml",
            """
            campaign: care
            title: Care
            audience: patients
            kind: care
            steps:
              - id: only
                send: on 2026-12-01 at 10:00
                expires: soon
                subject: Hi
                body: Hello.

            """)
        let sources = try PracticeChecker(root: scratch.path).checkForDelivery()
        #expect(sources.diagnostics.map(\.lineColumnID) == ["8:14 invalid-duration"])
        #expect(sources.diagnostics.first?.path == "campaigns/care.yaml")
        #expect(sources.expiry(campaign: "news", step: "first", kind: "marketing").description == "6 hours")
        #expect(sources.expiry(campaign: "news", step: "second", kind: "marketing").description == "90 minutes")
        #expect(sources.expiry(campaign: "gone", step: "x", kind: "marketing").description == "3 days")
        #expect(sources.expiry(campaign: "gone", step: "x", kind: "care").description == "12 hours")
    }
}
