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
        /// An `email` cell is checked by the one grammar of addresses, and refused for the reason
        /// that grammar gives.
        @Test(arguments: [
            "jane@mail.example", "a.b+tag@sub.mail.example", "jane@mail", "jane@@mail.example",
            ".jane@mail.example", "jane..doe@mail.example", "jane@-mail.example", "jane@mail-.example",
            "jane@mail.example.", "jané@mail.example", "@mail.example", "a@b.example;c@d.example",
        ])
        func emailCellsUseTheAddressGrammar(text: String) {
            let cell = FieldValueParser.email(ArraySlice(text.utf8))
            switch EmailAddress.parse(text) {
            case .success(let address):
                #expect(cell == .success(.email(text)))
                #expect((try? cell.get())?.emailAddress == address)
            case .failure(let problem):
                #expect(cell == .failure(.email(problem)))
            }
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
            #expect(
                DateTimeValue(iso: Array("2026-11-03T09:30:15.250+05:30".utf8))
                    == DateTimeValue(date: day, hour: 9, minute: 30, second: 15, utcOffsetSeconds: 19800))
            #expect(DateTimeValue(iso: Array("2026-11-03T09:30-0600".utf8))?.utcOffsetSeconds == -21600)
            for text in [
                "2026-11-03", "2026-11-03T24:00", "2026-11-03T09:60", "2026-11-03T09:30+5", "2026-11-03T09:30Zx",
                "2026-02-30T09:30",
            ] {
                #expect(DateTimeValue(iso: Array(text.utf8)) == nil, "\(text)")
            }
        }
    }
}
