import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Date formats")
    struct DateFormatTests {
        private func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate? {
            LocalDate(year: year, month: month, day: day)
        }

        @Test(arguments: [
            ("%m/%d/%Y", "11/03/2026", 2026, 11, 3),
            ("%m/%d/%Y", "1/3/2026", 2026, 1, 3),
            ("%d.%m.%Y", "03.11.2026", 2026, 11, 3),
            ("%Y-%m-%d", "2026-11-03", 2026, 11, 3),
            ("%d/%m/%y", "03/11/26", 2026, 11, 3),
            ("%d/%m/%y", "17/05/68", 2068, 5, 17),
            ("%d/%m/%y", "17/05/69", 1969, 5, 17),
            ("%e %b %Y", " 3 Nov 2026", 2026, 11, 3),
            ("%e %b %Y", "13 nov 2026", 2026, 11, 13),
            ("%B %d, %Y", "November 03, 2026", 2026, 11, 3),
            ("%B %d, %Y", "NOV 03, 2026", 2026, 11, 3),
            ("%Y%%%m%%%d", "2026%11%03", 2026, 11, 3),
        ])
        func reads(pattern: String, text: String, year: Int, month: Int, day: Int) throws {
            let format = try DateFormat(parsing: pattern)
            #expect(format.read(text) == .date(try #require(date(year, month, day))))
        }

        @Test func aDayThatDoesNotExistIsNotRolledOver() throws {
            let format = try DateFormat(parsing: "%m/%d/%Y")
            #expect(format.read("02/30/2026") == .noSuchDay(year: 2026, month: 2, day: 30))
            #expect(format.read("02/29/2028") == .date(try #require(date(2028, 2, 29))))
            #expect(format.read("02/29/2026") == .noSuchDay(year: 2026, month: 2, day: 29))
        }

        @Test(arguments: ["2026-11-03", "11/03/26", "13/03/2026", "11/00/2026", "11/03/2026 ", "11/03/20261", "", "ab/cd/efgh"])
        func mismatches(text: String) throws {
            #expect(try DateFormat(parsing: "%m/%d/%Y").read(text) == .mismatch)
        }

        @Test func unknownDirectiveIsReportedAtItsOffset() {
            #expect(throws: DateFormat.Problem.unknownDirective("%Q", offset: 3)) { try DateFormat(parsing: "%m/%Q/%Y") }
            #expect(throws: DateFormat.Problem.danglingPercent(offset: 6)) { try DateFormat(parsing: "%m/%d/%") }
        }

        @Test func aPatternNamesEachPartOnce() {
            #expect(throws: DateFormat.Problem.missing(.year)) { try DateFormat(parsing: "%m/%d") }
            #expect(throws: DateFormat.Problem.missing(.day)) { try DateFormat(parsing: "%B %Y") }
            #expect(throws: DateFormat.Problem.repeated(.month, offset: 3)) { try DateFormat(parsing: "%m/%b/%d/%Y") }
        }

        @Test func writesDates() throws {
            let day = try #require(date(2026, 1, 5))
            #expect(try DateFormat(parsing: "%m/%d/%Y").string(from: day) == "01/05/2026")
            #expect(try DateFormat(parsing: "%e %B %y").string(from: day) == " 5 Jan 26")
            #expect(DateFormat.iso.string(from: day) == "2026-01-05")
            #expect(try DateFormat(parsing: "%Y-%m-%d") == DateFormat.iso)
        }
    }
}
