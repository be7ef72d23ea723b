import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Typing values")
    struct FieldValueParserTests {
        private static let localCharacters: [Character] = ["a", "b", "7", ".", "+", "_", "-", "'"]
        private static let domainCharacters: [Character] = ["a", "b", "7", "-", "."]

        /// Mostly well-formed addresses, half of them with an awkward character put in somewhere,
        /// so that both answers come up often.
        private static let candidates = zip(
            Gen<Character?>.element(of: localCharacters).map { $0 ?? "a" }.string(of: 1...6),
            Gen<Character?>.element(of: domainCharacters).map { $0 ?? "a" }.string(of: 1...6),
            Gen<Character?>.element(of: domainCharacters.filter { $0 != "." }).map { $0 ?? "a" }.string(of: 1...3),
            Gen<String?>.element(of: ["", "", "", "", ";", " ", "é", "@", "<", ",", "\"", ".."]).map { $0 ?? "" },
            Gen.int(in: 0...20)
        ).map { local, domain, tld, noise, position in
            var address = Array("\(local)@\(domain).\(tld)")
            address.insert(contentsOf: noise, at: min(position, address.count))
            return String(address)
        }

        @Test func theQuickAddressCheckAcceptsNothingTheFullParserRefuses() async {
            await propertyCheck(count: 500, input: Self.candidates) { candidate in
                let bytes = ArraySlice(candidate.utf8)
                if FieldValueParser.isPlainAddress(bytes) {
                    #expect((try? EmailAddress.parse(candidate).get()) != nil, "accepted \(candidate.debugDescription)")
                }
            }
        }

        @Test(arguments: ["jane@mail.example", "a.b+tag@sub.mail.example", "x_y-z@a-b.example", "O'Brien@mail.example"])
        func plainAddresses(text: String) {
            #expect(FieldValueParser.isPlainAddress(ArraySlice(text.utf8)))
        }

        @Test(arguments: ["jane@mail", "jane@@mail.example", ".jane@mail.example", "jane..doe@mail.example",
                          "jane@-mail.example", "jane@mail-.example", "jane@mail.example.", "jané@mail.example", "@mail.example"])
        func notPlainAddresses(text: String) {
            #expect(!FieldValueParser.isPlainAddress(ArraySlice(text.utf8)))
        }

        @Test func integers() {
            #expect(FieldValueParser.integer(ArraySlice("-42".utf8)) == -42)
            #expect(FieldValueParser.integer(ArraySlice("+7".utf8)) == 7)
            #expect(FieldValueParser.integer(ArraySlice("99999999999999999999".utf8)) == nil)
            #expect(FieldValueParser.integer(ArraySlice("1,000".utf8)) == nil)
            #expect(FieldValueParser.integer(ArraySlice("-".utf8)) == nil)
        }

        @Test func numbersAreFiniteAndDecimal() {
            #expect(FieldValueParser.number(ArraySlice("2.5e1".utf8)) == 25)
            for text in ["nan", "inf", "-infinity", "0x1p3", "1e999", "."] {
                #expect(FieldValueParser.number(ArraySlice(text.utf8)) == nil, "\(text)")
            }
        }

        @Test func listsWithALongerSeparator() {
            #expect(FieldValueParser.list(ArraySlice("a || b||c ||".utf8), separator: "||") == ["a", "b", "c"])
        }

        @Test func dateTimes() throws {
            let day = try #require(LocalDate(year: 2026, month: 11, day: 3))
            #expect(DateTimeValue(iso: Array("2026-11-03T09:30:15.250+05:30".utf8))
                == DateTimeValue(date: day, hour: 9, minute: 30, second: 15, utcOffsetSeconds: 19800))
            #expect(DateTimeValue(iso: Array("2026-11-03T09:30-0600".utf8))?.utcOffsetSeconds == -21600)
            for text in ["2026-11-03", "2026-11-03T24:00", "2026-11-03T09:60", "2026-11-03T09:30+5", "2026-11-03T09:30Zx",
                         "2026-02-30T09:30"] {
                #expect(DateTimeValue(iso: Array(text.utf8)) == nil, "\(text)")
            }
        }
    }
}
