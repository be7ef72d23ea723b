import Crypto
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A message holds its fields narrowly; what goes in comes out.
@Suite struct ScheduledMessageTests {
    @Test func theMessageIDIsTheFirstHalfOfTheInputsDigest() throws {
        let date = try #require(LocalDate(iso: "2026-12-01"))
        let id = MessageIdentity.messageID(
            campaign: "plan", step: "check-in", list: "patients", contact: "p0042", date: date,
            domain: "clinic.example")
        let digest = SHA256.hash(data: Array("plan\0check-in\0patients\0p0042\02026-12-01\0".utf8))
        let expected = digest.prefix(16).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
        #expect(id == expected.joined() + "@clinic.example")
    }

    @Test func fieldsComeBackAsGiven() throws {
        let cases: [(date: String, movedFrom: String?, offset: Int, minutes: Int)] = [
            ("0001-01-01", nil, -43_200, 0),
            ("2026-03-08", "2026-03-07", -21_600, 3 * 60),
            ("9999-12-31", "1969-12-31", 50_400, 23 * 60 + 59),
        ]
        for example in cases {
            let date = try #require(LocalDate(iso: example.date))
            let movedFrom = example.movedFrom.flatMap { LocalDate(iso: $0) }
            let time = try #require(TimeOfDay(hour: example.minutes / 60, minute: example.minutes % 60))
            let identity = MessageIdentity.messageHash(campaign: "c", step: "s", list: "l", contact: "k", date: date)
            let message = ScheduledMessage(
                campaign: 70_000, step: 3, list: 2, contact: 1_000_000, instant: -62_135_596_800,
                utcOffset: example.offset, date: date, time: time, movedFrom: movedFrom,
                identity: identity)
            #expect(message.campaign == 70_000)
            #expect(message.step == 3)
            #expect(message.list == 2)
            #expect(message.contact == 1_000_000)
            #expect(message.instant == -62_135_596_800)
            #expect(message.utcOffset == example.offset)
            #expect(message.date == date)
            #expect(message.time == time)
            #expect(message.movedFrom == movedFrom)
            #expect(example.movedFrom == nil || movedFrom != nil)
            #expect(message.messageID(domain: "mail.example") == identity.hex + "@mail.example")
        }
    }

    @Test func theEndOfTheDayComesBack() {
        let message = ScheduledMessage(
            campaign: 0, step: 0, list: 0, contact: 0, instant: 0, utcOffset: 0, date: .epoch,
            time: .endOfDay, movedFrom: nil,
            identity: MessageIdentity.messageHash(campaign: "", step: "", list: "", contact: "", date: .epoch))
        #expect(message.time == .endOfDay)
    }
}
