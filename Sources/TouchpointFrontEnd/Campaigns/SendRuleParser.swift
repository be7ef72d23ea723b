import TouchpointCore

/// Parses the text of a `send:` rule. The grammar is small enough that each error can say exactly
/// which word was expected where.
///
/// ```
/// <N> day(s)|week(s)|month(s) before|after <date-field> [at HH:MM]
/// <N> hour(s) before|after <datetime-field>
/// on <date-field> [every year] [at HH:MM]
/// on YYYY-MM-DD [at HH:MM]
/// every <N> day(s)|week(s)|month(s) after <date-field> [until <date-field>] [at HH:MM]
/// on the <1st…31st|last day> of every month [at HH:MM]
/// on the <first|second|third|fourth|last> <weekday> of every month [at HH:MM]
/// every <N> week(s) on <weekday> [starting YYYY-MM-DD] [at HH:MM]
/// ```
public struct SendRuleParser: Sendable {
    /// A problem in a rule: words, where (byte range in the rule's text), and what to do.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        public let range: Range<Int>
        public let help: String?
    }

    private struct Word {
        let text: String
        let range: Range<Int>
    }

    public init() {}

    public func parse(_ text: String) -> Result<SendRule, Failure> {
        let bytes = Array(text.utf8)
        var words: [Word] = []
        var start: Int?
        for offset in 0...bytes.count {
            let byte = offset < bytes.count ? bytes[offset] : 0x20
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if isSpace, let wordStart = start {
                words.append(Word(text: String(decoding: bytes[wordStart..<offset], as: UTF8.self), range: wordStart..<offset))
                start = nil
            } else if !isSpace, start == nil {
                start = offset
            }
        }
        var cursor = Cursor(words: words, end: bytes.count)
        do {
            return .success(try rule(&cursor))
        } catch {
            return .failure(error)
        }
    }

    private struct Cursor {
        let words: [Word]
        let end: Int
        var index = 0

        var current: Word? { index < words.count ? words[index] : nil }
        /// Where a missing word would go: just after the previous one.
        var gap: Range<Int> {
            if let current { return current.range }
            let at = words.last.map { $0.range.upperBound } ?? end
            return at..<at
        }

        mutating func next() -> Word? {
            defer { index += 1 }
            return current
        }
    }

    /// Words that may follow a field in a rule.
    private static let keywords: Set<String> = ["at", "until", "every", "starting", "on"]

    private static let forms =
        "'N days before|after FIELD', 'on FIELD [every year]', 'on YYYY-MM-DD', 'every N weeks after FIELD', "
        + "'on the 1st of every month' or 'every 2 weeks on monday'"

    private func rule(_ cursor: inout Cursor) throws(Failure) -> SendRule {
        guard let first = cursor.current else {
            throw Failure(message: "the send rule is empty", range: cursor.gap, help: "write a rule such as \(Self.forms)")
        }
        let timing: SendRule.Timing
        switch first.text.lowercased() {
        case "on":
            cursor.index += 1
            if cursor.current?.text.lowercased() == "the" {
                cursor.index += 1
                timing = try monthlyRule(&cursor)
            } else {
                timing = try onRule(&cursor)
            }
        case "every":
            cursor.index += 1
            if let word = cursor.current, Int(word.text) == nil, let unit = Self.unitNamed(word.text) {
                let rest = cursor.words[(cursor.index + 1)...].map(\.text).joined(separator: " ")
                throw Failure(
                    message: "expected a number after 'every', found '\(word.text)'", range: word.range,
                    help: "did you mean 'every 1 \(unit.rawValue)\(rest.isEmpty ? "" : " " + rest)'?")
            }
            let amount = try number(&cursor)
            if let word = cursor.current, Self.isHours(word.text) {
                throw Failure(
                    message: "a repeating rule counts days, weeks or months, not hours", range: word.range,
                    help: "write 'every 1 day after …', or one step for each reminder: '2 hours before appointment'")
            }
            let amountRange = cursor.words[cursor.index - 1].range
            let unit = try self.unit(&cursor)
            if amount == 0 {
                throw Failure(
                    message: "'every 0 \(unit.rawValue)s' never repeats: the rule would send nothing", range: amountRange,
                    help: "repeat at least every 1 \(unit.rawValue), as in 'every 1 \(unit.rawValue) after …'")
            }
            if let on = cursor.current, on.text.lowercased() == "on" {
                guard unit == .week else {
                    throw Failure(
                        message: "'on' a weekday goes with weeks, not \(unit.rawValue)s", range: on.range,
                        help: unit == .month
                            ? "write 'on the 1st of every month' or 'on the first tuesday of every month'"
                            : "write 'every 1 week on monday', or count from a date: 'every \(amount) days after first_visit'")
                }
                cursor.index += 1
                let weekday = try self.weekday(&cursor, after: "on")
                var starting: LocalDate?
                if cursor.current?.text.lowercased() == "starting" {
                    cursor.index += 1
                    guard let word = cursor.next() else {
                        throw Failure(message: "expected a date after 'starting'", range: cursor.gap, help: "write it as YYYY-MM-DD")
                    }
                    guard let date = LocalDate(iso: word.text) else {
                        throw Failure(message: Self.invalidDate(word.text), range: word.range, help: "write it as YYYY-MM-DD")
                    }
                    starting = date
                }
                timing = .weekly(amount: amount, weekday: weekday, starting: starting)
            } else {
                try keyword(
                    "after", &cursor,
                    help: "a repeating rule counts from a date, 'every 2 weeks after first_visit', or goes on a weekday, "
                        + "'every 2 weeks on monday'")
                let after = try field(&cursor)
                var until: SendRule.FieldReference?
                if cursor.current?.text.lowercased() == "until" {
                    cursor.index += 1
                    until = try field(&cursor)
                }
                timing = .recurring(amount: amount, unit: unit, after: after, until: until)
            }
        default:
            guard Int(first.text) != nil else {
                throw Failure(
                    message: "expected a number, 'on' or 'every', found '\(first.text)'", range: first.range,
                    help: "write a rule such as \(Self.forms)")
            }
            let amount = try number(&cursor)
            if let word = cursor.current, Self.isHours(word.text) {
                cursor.index += 1
                let direction = try self.direction(&cursor)
                timing = .hours(amount: amount, direction: direction, field: try field(&cursor))
                if let at = cursor.current, at.text.lowercased() == "at" {
                    throw Failure(
                        message: "'at' does not go with hours: the message goes \(amount) \(amount == 1 ? "hour" : "hours") "
                            + "\(direction.rawValue) the field's time",
                        range: at.range,
                        help: "remove 'at …', or count days: '1 day before appointment at 09:00'")
                }
            } else {
                let unit = try self.unit(&cursor)
                let direction = try self.direction(&cursor)
                timing = .relative(amount: amount, unit: unit, direction: direction, field: try field(&cursor))
            }
        }
        var time: TimeOfDay?
        var timeRange: Range<Int>?
        if let word = cursor.current, word.text.lowercased() == "at" {
            cursor.index += 1
            guard let value = cursor.next() else {
                throw Failure(message: "expected a time after 'at'", range: cursor.gap, help: "write it as HH:MM, as in 'at 09:00'")
            }
            let meridiem = cursor.current.flatMap { Self.meridiem($0.text) }
            guard let parsed = TimeOfDay(value.text), meridiem == nil else {
                let twelveHour = Self.twelveHour(value.text, then: cursor.current?.text)
                let help = twelveHour.map { "times are on a 24-hour clock: write 'at \($0)'" }
                if meridiem != nil, let next = cursor.current {
                    throw Failure(
                        message: "'\(value.text) \(next.text)' is not a time on a 24-hour clock",
                        range: value.range.lowerBound..<next.range.upperBound,
                        help: help ?? "write it on a 24-hour clock as HH:MM, as in 'at 09:00' or 'at 17:30'")
                }
                throw Failure(
                    message: "'\(value.text)' is not a time of day", range: value.range,
                    help: help ?? "write it on a 24-hour clock as HH:MM, as in 'at 09:00' or 'at 17:30'")
            }
            time = parsed
            timeRange = value.range
        }
        if let extra = cursor.current {
            let expected = time == nil ? "'at HH:MM' or the end of the rule" : "the end of the rule"
            if time == nil, let written = TimeOfDay(extra.text) ?? Self.twelveHour(extra.text, then: nil).flatMap(TimeOfDay.init) {
                throw Failure(
                    message: "expected 'at' before the time '\(extra.text)'", range: extra.range, help: "write 'at \(written)'")
            }
            throw Failure(message: "expected \(expected), found '\(extra.text)'", range: extra.range, help: nil)
        }
        return SendRule(timing: timing, time: time, timeRange: timeRange)
    }

    private static let ordinals = ["first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1]

    /// After `on the`: `1st of every month`, `last day of every month`, `first tuesday of every month`.
    private func monthlyRule(_ cursor: inout Cursor) throws(Failure) -> SendRule.Timing {
        let help = "write 'on the 1st of every month', 'on the last day of every month' or 'on the first tuesday of every month'"
        guard let word = cursor.next() else {
            throw Failure(message: "expected a day of the month after 'on the'", range: cursor.gap, help: help)
        }
        let lowered = word.text.lowercased()
        let day: SendRule.MonthDay
        var range = word.range
        if let ordinal = Self.ordinals[lowered] {
            if ordinal < 0, cursor.current?.text.lowercased() == "day" {
                range = word.range.lowerBound..<(cursor.current?.range.upperBound ?? word.range.upperBound)
                cursor.index += 1
                day = .lastDay
            } else {
                let weekday = try self.weekday(&cursor, after: "'\(word.text)'")
                range = word.range.lowerBound..<cursor.words[cursor.index - 1].range.upperBound
                day = .weekday(ordinal: ordinal, weekday)
            }
        } else if lowered == "fifth" {
            let weekday = cursor.current.flatMap { Self.weekdayNamed($0.text) }
            let name = weekday.map { Self.capitalized($0.fullName) } ?? "weekday"
            throw Failure(
                message: "not every month has a fifth \(name)", range: word.range,
                help: "write 'on the last \(weekday?.fullName ?? "tuesday") of every month' for the last one of each month")
        } else if let first = lowered.first, first.isNumber {
            day = .day(try Self.dayOfMonth(word))
        } else {
            throw Failure(
                message: "expected a day of the month ('1st', '15th', 'last day') or a weekday ('first tuesday') after 'on the', "
                    + "found '\(word.text)'",
                range: word.range, help: help)
        }
        try keyword("of", &cursor, help: help)
        try keyword("every", &cursor, help: help)
        guard let unit = cursor.next() else {
            throw Failure(message: "expected 'month'", range: cursor.gap, help: help)
        }
        let unitText = unit.text.lowercased()
        guard unitText == "month" || unitText == "months" else {
            throw Failure(
                message: "expected 'month', found '\(unit.text)'", range: unit.range,
                help: unitText.hasPrefix("week")
                    ? "a weekly rule is written 'every 1 week on monday'"
                    : unitText.hasPrefix("year") ? "a yearly rule counts from a date field: 'on birthday every year'" : help)
        }
        return .monthly(day, range: range)
    }

    /// `1st` to `31st`, with the suffix English gives the number.
    private static func dayOfMonth(_ word: Word) throws(Failure) -> Int {
        let text = word.text.lowercased()
        let digits = String(text.prefix { $0.isASCII && $0.isNumber })
        let suffix = String(text.dropFirst(digits.count))
        guard let number = Int(digits), digits.count <= 2 else {
            throw Failure(message: "'\(word.text)' is not a day of the month", range: word.range, help: "write a day from '1st' to '31st'")
        }
        guard (1...31).contains(number) else {
            throw Failure(
                message: "a month has no day \(number)", range: word.range,
                help: "write a day from '1st' to '31st', or 'last day'")
        }
        let right = ordinalSuffix(number)
        guard suffix == right else {
            throw Failure(
                message: suffix.isEmpty
                    ? "write the day of the month as an ordinal: '\(number)\(right)'"
                    : "'\(word.text)' is not an ordinal: \(number) is written '\(number)\(right)'",
                range: word.range, help: "write 'on the \(number)\(right) of every month'")
        }
        return number
    }

    private static func ordinalSuffix(_ number: Int) -> String {
        if (11...13).contains(number % 100) { return "th" }
        switch number % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

    /// The weekdays from Monday, as suggestions are offered: the first of equally close ones wins.
    private static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `monday`, `mon` or `mondays`, any case.
    private static func weekdayNamed(_ text: String) -> Weekday? {
        let lowered = text.lowercased()
        return Weekday(name: lowered) ?? (lowered.hasSuffix("s") ? Weekday(name: String(lowered.dropLast())) : nil)
    }

    private func weekday(_ cursor: inout Cursor, after: String) throws(Failure) -> Weekday {
        guard let word = cursor.next() else {
            throw Failure(message: "expected a weekday after \(after)", range: cursor.gap, help: "write monday, tuesday, … or sunday")
        }
        guard let weekday = Self.weekdayNamed(word.text) else {
            let suggestion = Suggestion.closest(to: word.text.lowercased(), in: Self.weekdayNames)
            throw Failure(
                message: "expected a weekday, found '\(word.text)'", range: word.range,
                help: suggestion.map { "did you mean '\($0)'?" } ?? "write monday, tuesday, … or sunday")
        }
        return weekday
    }

    /// `am` or `pm`, with or without dots, any case.
    private static func meridiem(_ text: String) -> String? {
        let lowered = String(text.lowercased().filter { $0 != "." })
        return lowered == "am" || lowered == "pm" ? lowered : nil
    }

    /// A 12-hour time, as `9:00` followed by `AM`, or `9am` or `5:30pm`, on the 24-hour clock.
    private static func twelveHour(_ text: String, then next: String?) -> String? {
        var clock = String(text.lowercased().filter { $0 != "." })
        var half = next.flatMap(meridiem)
        for suffix in ["am", "pm"] where clock.hasSuffix(suffix) {
            half = suffix
            clock = String(clock.dropLast(2))
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hour = Int(parts[0]), (0...23).contains(hour) else { return nil }
        let minute = parts.count == 2 ? Int(parts[1]) : 0
        guard let minute, (0...59).contains(minute) else { return nil }
        var hour24 = hour
        if let half {
            guard (1...12).contains(hour) else { return nil }
            hour24 = hour % 12 + (half == "pm" ? 12 : 0)
        }
        return TimeOfDay(hour: hour24, minute: minute)?.description
    }

    private func onRule(_ cursor: inout Cursor) throws(Failure) -> SendRule.Timing {
        guard let word = cursor.current else {
            throw Failure(
                message: "expected a date field or a date after 'on'", range: cursor.gap,
                help: "write 'on birthday every year' or 'on 2026-12-01'")
        }
        if let first = word.text.first, first.isNumber {
            guard let date = LocalDate(iso: word.text) else {
                throw Failure(message: Self.invalidDate(word.text), range: word.range, help: nil)
            }
            cursor.index += 1
            return .onDate(date)
        }
        let field = try field(&cursor)
        var everyYear = false
        if cursor.current?.text.lowercased() == "every" {
            cursor.index += 1
            let help = "'on FIELD every year' repeats on the date's anniversary"
            guard let year = cursor.next() else {
                throw Failure(message: "expected 'year' after 'every'", range: cursor.gap, help: help)
            }
            guard year.text.lowercased() == "year" else {
                throw Failure(message: "expected 'year' after 'every', found '\(year.text)'", range: year.range, help: help)
            }
            everyYear = true
        }
        return .onField(field, everyYear: everyYear)
    }

    /// Why `text` is not a date: the form, or, for one in the form, the month or day that does
    /// not exist.
    private static func invalidDate(_ text: String) -> String {
        let form = "'\(text)' is not a date in the form YYYY-MM-DD"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.map(\.count) == [4, 2, 2],
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return form }
        guard (1...12).contains(month) else { return "'\(text)' is not a date: there is no month \(parts[1])" }
        let days = LocalDate.daysIn(month: month, year: year)
        guard day < 1 || day > days else { return form }
        return "'\(text)' is not a date: \(DateFormat.monthNames[month - 1]) \(year) has \(days) days, not \(day)"
    }

    private static func unitNamed(_ word: String) -> SendRule.Unit? {
        let lowered = word.lowercased()
        return SendRule.Unit.allCases.first { lowered == $0.rawValue || lowered == $0.rawValue + "s" }
    }

    private static func isHours(_ word: String) -> Bool {
        let lowered = word.lowercased()
        return lowered == "hour" || lowered == "hours"
    }

    private func direction(_ cursor: inout Cursor) throws(Failure) -> SendRule.Direction {
        guard let word = cursor.next() else {
            throw Failure(message: "expected 'before' or 'after'", range: cursor.gap, help: nil)
        }
        guard let direction = SendRule.Direction(rawValue: word.text.lowercased()) else {
            let suggestion = Suggestion.closest(to: word.text, in: ["before", "after"])
            throw Failure(
                message: "expected 'before' or 'after', found '\(word.text)'", range: word.range,
                help: suggestion.map { "did you mean '\($0)'?" })
        }
        return direction
    }

    private func number(_ cursor: inout Cursor) throws(Failure) -> Int {
        guard let word = cursor.next() else {
            throw Failure(message: "expected a number", range: cursor.gap, help: nil)
        }
        guard let value = Int(word.text), value >= 0, value <= 10_000 else {
            throw Failure(message: "expected a whole number, found '\(word.text)'", range: word.range, help: nil)
        }
        return value
    }

    private func unit(_ cursor: inout Cursor) throws(Failure) -> SendRule.Unit {
        guard let word = cursor.next() else {
            throw Failure(message: "expected 'days', 'weeks' or 'months'", range: cursor.gap, help: nil)
        }
        let lowered = word.text.lowercased()
        if let unit = SendRule.Unit.allCases.first(where: { lowered == $0.rawValue || lowered == $0.rawValue + "s" }) {
            return unit
        }
        let names = SendRule.Unit.allCases.flatMap { [$0.rawValue + "s", $0.rawValue] } + ["hours", "hour"]
        let suggestion = Suggestion.closest(to: lowered, in: names)
        throw Failure(
            message: "unknown unit '\(word.text)'", range: word.range,
            help: suggestion.map { "did you mean '\($0)'?" } ?? "use days, weeks or months")
    }

    private func keyword(_ expected: String, _ cursor: inout Cursor, help: String) throws(Failure) {
        guard let word = cursor.next() else {
            throw Failure(message: "expected '\(expected)'", range: cursor.gap, help: help)
        }
        guard word.text.lowercased() == expected else {
            throw Failure(message: "expected '\(expected)', found '\(word.text)'", range: word.range, help: help)
        }
    }

    private func field(_ cursor: inout Cursor) throws(Failure) -> SendRule.FieldReference {
        guard let word = cursor.next() else {
            throw Failure(
                message: "expected a date field", range: cursor.gap, help: "name a date field of the audience, such as 'first_visit'")
        }
        var name = word.text
        var range = word.range
        if name.hasPrefix("contact.") {
            name = String(name.dropFirst("contact.".count))
            range = (range.lowerBound + "contact.".utf8.count)..<range.upperBound
        }
        let valid = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard valid, let first = name.first, !first.isNumber else {
            throw Failure(
                message: "expected a date field, found '\(word.text)'", range: word.range,
                help: "name a date field of the audience, such as 'first_visit'")
        }
        // `first visit`: a field name written with spaces.
        var parts = [name]
        var end = range.upperBound
        while !name.contains("_"), let next = cursor.current, !Self.keywords.contains(next.text.lowercased()),
            next.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }), next.text.first?.isLetter == true
        {
            parts.append(next.text)
            end = next.range.upperBound
            cursor.index += 1
        }
        if parts.count > 1 {
            throw Failure(
                message: "'\(parts.joined(separator: " "))' is not a field name: field names have no spaces",
                range: range.lowerBound..<end, help: "did you mean '\(parts.joined(separator: "_"))'?")
        }
        return SendRule.FieldReference(name: name, range: range)
    }
}
