import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Template date formats")
struct TemplateDateFormatTests {
    private let thursday = LanguageFixture.date("2026-03-05")

    @Test(
        "directives",
        arguments: [
            ("%Y-%m-%d", "2026-03-05"),
            ("%y %-m %-d %e", "26 3 5  5"),
            ("%B %b %h", "March Mar Mar"),
            ("%A %a", "Thursday Thu"),
            ("%j %-j", "064 64"),
            ("%u %w", "4 4"),
            ("%F | %D", "2026-03-05 | 03/05/26"),
            ("100%% on %A", "100% on Thursday"),
            ("%H:%M:%S %I %p %P", "00:00:00 12 AM am"),
            ("Ünïcode %B ✓", "Ünïcode March ✓"),
        ])
    func dateDirectives(format: String, expected: String) {
        let (parsed, problems) = StrftimeFormat.parse(format)
        #expect(problems.isEmpty)
        #expect(parsed.string(from: thursday) == expected)
    }

    @Test(
        "times of day",
        arguments: [
            (0, 0, "%H:%M %I:%M %p %-I", "00:00 12:00 AM 12"),
            (9, 5, "%H:%M %I:%M %p %-H", "09:05 09:05 AM 9"),
            (12, 30, "%H:%M %-I %p", "12:30 12 PM"),
            (23, 59, "%H:%M %-I:%M %P", "23:59 11:59 pm"),
        ])
    func times(hour: Int, minute: Int, format: String, expected: String) throws {
        let time = try #require(TimeOfDay(hour: hour, minute: minute))
        #expect(StrftimeFormat(format).string(from: thursday, time: time) == expected)
    }

    @Test func weekdaysAndDayOfYearAcrossTheCalendar() {
        let format = StrftimeFormat("%a %u %w %j")
        #expect(format.string(from: LanguageFixture.date("2026-03-01")) == "Sun 7 0 060")
        #expect(format.string(from: LanguageFixture.date("2028-12-31")) == "Sun 7 0 366")
        #expect(format.string(from: LanguageFixture.date("2024-02-29")) == "Thu 4 4 060")
        #expect(StrftimeFormat("%Y|%y").string(from: LanguageFixture.date("0987-01-01")) == "0987|87")
    }

    @Test(
        "unsupported directives are problems with their byte range",
        arguments: [
            ("%A %Q", "%Q", 3..<5),
            ("%-B", "%-B", 0..<3),
            ("é %", "%", 3..<4),
            ("%-", "%-", 0..<2),
            ("%é", "%é", 0..<3),
        ])
    func problems(format: String, directive: String, range: Range<Int>) {
        let problems = StrftimeFormat.parse(format).problems
        #expect(problems == [StrftimeFormat.Problem(directive: directive, range: range)])
    }
}
