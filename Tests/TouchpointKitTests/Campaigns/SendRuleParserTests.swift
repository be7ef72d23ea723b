import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointFuzz
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Send rules")
struct SendRuleParserTests {
    private func parse(_ text: String) -> Result<SendRule, SendRuleParser.Failure> {
        SendRuleParser().parse(text)
    }

    private func failure(_ text: String) -> SendRuleParser.Failure? {
        if case .failure(let failure) = parse(text) { return failure }
        return nil
    }

    @Test func relativeRuleWithTime() throws {
        let rule = try parse("2 days before first_visit at 09:00").get()
        guard case .relative(let amount, let unit, let direction, let field) = rule.timing else {
            Issue.record("expected a relative rule, got \(rule.timing)")
            return
        }
        #expect(amount == 2)
        #expect(unit == .day)
        #expect(direction == .before)
        #expect(field.name == "first_visit")
        #expect(field.range == 14..<25)
        #expect(rule.time == TimeOfDay(hour: 9, minute: 0))
        #expect(rule.timeRange == 29..<34)
    }

    @Test(arguments: [
        ("1 day after first_visit", SendRule.Unit.day),
        ("3 weeks after discharge_date", .week),
        ("1 month after discharge_date at 10:30", .month),
        ("6 Months after discharge_date", .month),
    ])
    func units(text: String, unit: SendRule.Unit) throws {
        guard case .relative(_, let parsed, .after, _) = try parse(text).get().timing else {
            Issue.record("expected an 'after' rule")
            return
        }
        #expect(parsed == unit)
    }

    @Test func anniversary() throws {
        let rule = try parse("on birthday every year at 08:30").get()
        #expect(rule.timing == .onField(SendRule.FieldReference(name: "birthday", range: 3..<11), everyYear: true))
        #expect(rule.time == TimeOfDay(hour: 8, minute: 30))
    }

    @Test func contactPrefixIsAccepted() throws {
        let rule = try parse("on contact.first_visit").get()
        #expect(rule.fields.map(\.name) == ["first_visit"])
        #expect(rule.fields.first?.range == 11..<22)
    }

    @Test func broadcast() throws {
        let rule = try parse("on 2026-12-01 at 10:00").get()
        #expect(rule.timing == .onDate(LocalDate(year: 2026, month: 12, day: 1)!))
    }

    @Test func recurringUntil() throws {
        let rule = try parse("every 2 weeks after first_visit until discharge_date").get()
        guard case .recurring(2, .week, let after, let until) = rule.timing else {
            Issue.record("expected a recurring rule")
            return
        }
        #expect(after.name == "first_visit")
        #expect(until?.name == "discharge_date")
    }

    @Test(
        arguments: [
            // text, message, range, help
            ("2 days befor first_visit", "expected 'before' or 'after', found 'befor'", 7..<12, "did you mean 'before'?"),
            ("2 fortnights after first_visit", "unknown unit 'fortnights'", 2..<12, "use days, weeks or months"),
            ("2 dayz after first_visit", "unknown unit 'dayz'", 2..<6, "did you mean 'days'?"),
            ("2 days after", "expected a date field", 12..<12, "name a date field of the audience, such as 'first_visit'"),
            ("2 days", "expected 'before' or 'after'", 6..<6, nil),
            ("on 2026-02-30", "'2026-02-30' is not a date: February 2026 has 28 days, not 30", 3..<13, nil),
            ("on 2026-13-01", "'2026-13-01' is not a date: there is no month 13", 3..<13, nil),
            ("on 2026-1-05", "'2026-1-05' is not a date in the form YYYY-MM-DD", 3..<12, nil),
            (
                "1 day after first_visit at 25:00", "'25:00' is not a time of day", 27..<32,
                "write it on a 24-hour clock as HH:MM, as in 'at 09:00' or 'at 17:30'"
            ),
            ("1 day after first_visit at", "expected a time after 'at'", 26..<26, "write it as HH:MM, as in 'at 09:00'"),
            ("1 day after first_visit soon", "expected 'at HH:MM' or the end of the rule, found 'soon'", 24..<28, nil),
            (
                "on birthday every month", "expected 'year' after 'every', found 'month'", 18..<23,
                "'on FIELD every year' repeats on the date's anniversary"
            ),
            (
                "every 2 weeks before first_visit", "expected 'after', found 'before'", 14..<20,
                "a repeating rule counts from a date, 'every 2 weeks after first_visit', or goes on a weekday, "
                    + "'every 2 weeks on monday'"
            ),
            (
                "tomorrow", "expected a number, 'on' or 'every', found 'tomorrow'", 0..<8,
                "write a rule such as 'N days before|after FIELD', 'on FIELD [every year]', 'on YYYY-MM-DD', 'every N weeks after FIELD', "
                    + "'on the 1st of every month' or 'every 2 weeks on monday'"
            ),
            (
                "", "the send rule is empty", 0..<0,
                "write a rule such as 'N days before|after FIELD', 'on FIELD [every year]', 'on YYYY-MM-DD', 'every N weeks after FIELD', "
                    + "'on the 1st of every month' or 'every 2 weeks on monday'"
            ),
            (
                "2 days before 3rd_visit", "expected a date field, found '3rd_visit'", 14..<23,
                "name a date field of the audience, such as 'first_visit'"
            ),
            (
                "1 day after first_visit at 12:00 AM", "'12:00 AM' is not a time on a 24-hour clock", 27..<35,
                "times are on a 24-hour clock: write 'at 00:00'"
            ),
            ("1 day after first_visit at 12pm", "'12pm' is not a time of day", 27..<31, "times are on a 24-hour clock: write 'at 12:00'"),
            (
                "every 0 weeks after first_visit", "'every 0 weeks' never repeats: the rule would send nothing", 6..<7,
                "repeat at least every 1 week, as in 'every 1 week after …'"
            ),
            (
                "every days after first_visit until discharge_date", "expected a number after 'every', found 'days'", 6..<10,
                "did you mean 'every 1 day after first_visit until discharge_date'?"
            ),
            (
                "2 days before discharge date", "'discharge date' is not a field name: field names have no spaces", 14..<28,
                "did you mean 'discharge_date'?"
            ),
            ("on the 3th of every month", "'3th' is not an ordinal: 3 is written '3rd'", 7..<10, "write 'on the 3rd of every month'"),
            ("on the 11st of every month", "'11st' is not an ordinal: 11 is written '11th'", 7..<11, "write 'on the 11th of every month'"),
            (
                "every 2 weeks on monday starting 2026-02-30", "'2026-02-30' is not a date: February 2026 has 28 days, not 30", 33..<43,
                "write it as YYYY-MM-DD"
            ),
        ] as [(String, String, Range<Int>, String?)])
    func errors(text: String, message: String, range: Range<Int>, help: String?) {
        let failure = failure(text)
        #expect(failure?.message == message)
        #expect(failure?.range == range)
        #expect(failure?.help == help)
    }

    @Test func nonASCIIWordsKeepByteRanges() {
        let failure = failure("2 días after first_visit")
        #expect(failure?.message == "unknown unit 'días'")
        #expect(failure?.range == 2..<7)
    }

    /// A rule prints in the plainest words `send:` takes, which parse back to the same rule.
    @Test(arguments: [
        ("2 days before first_visit at 09:00", "2 days before first_visit at 09:00"),
        ("1 day after discharge_date", "1 day after discharge_date"),
        ("on birthday every year at 10:00", "on birthday every year at 10:00"),
        ("every 2 weeks after first_visit until discharge_date", "every 2 weeks after first_visit until discharge_date"),
        ("on the 1st of every month at 08:30", "on the 1st of every month at 08:30"),
        ("on the 22nd of every month", "on the 22nd of every month"),
        ("on the 13th of every month", "on the 13th of every month"),
        ("on the last day of every month", "on the last day of every month"),
        ("on the first Tuesday of every month", "on the first tuesday of every month"),
        ("on the last fri of every month at 16:00", "on the last friday of every month at 16:00"),
        ("every 2 week on monday", "every 2 weeks on monday"),
        ("every 1 week on mon starting 2026-12-07 at 07:30", "every 1 week on monday starting 2026-12-07 at 07:30"),
    ])
    func printsAsItParses(_ text: String, _ printed: String) throws {
        let rule = try parse(text).get()
        #expect(rule.description == printed)
        let again = try parse(printed).get()
        #expect(again.description == printed)
        #expect(ExpressionProperties.sendRuleProblems(text).isEmpty)
    }

}
