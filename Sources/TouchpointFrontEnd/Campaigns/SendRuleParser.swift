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

    private static let forms = "'N days before|after FIELD', 'on FIELD [every year]', 'on YYYY-MM-DD' or 'every N weeks after FIELD'"

    private func rule(_ cursor: inout Cursor) throws(Failure) -> SendRule {
        guard let first = cursor.current else {
            throw Failure(message: "the send rule is empty", range: cursor.gap, help: "write a rule such as \(Self.forms)")
        }
        let timing: SendRule.Timing
        switch first.text.lowercased() {
        case "on":
            cursor.index += 1
            timing = try onRule(&cursor)
        case "every":
            cursor.index += 1
            let amount = try number(&cursor)
            if let word = cursor.current, Self.isHours(word.text) {
                throw Failure(
                    message: "a repeating rule counts days, weeks or months, not hours", range: word.range,
                    help: "write 'every 1 day after …', or one step for each reminder: '2 hours before appointment'")
            }
            let unit = try self.unit(&cursor)
            try keyword("after", &cursor, help: "a repeating rule counts from a date: 'every 2 weeks after first_visit'")
            let after = try field(&cursor)
            var until: SendRule.FieldReference?
            if cursor.current?.text.lowercased() == "until" {
                cursor.index += 1
                until = try field(&cursor)
            }
            timing = .recurring(amount: amount, unit: unit, after: after, until: until)
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
            guard let parsed = TimeOfDay(value.text) else {
                throw Failure(
                    message: "'\(value.text)' is not a time of day", range: value.range,
                    help: "write it on a 24-hour clock as HH:MM, as in 'at 09:00' or 'at 17:30'")
            }
            time = parsed
            timeRange = value.range
        }
        if let extra = cursor.current {
            let expected = time == nil ? "'at HH:MM' or the end of the rule" : "the end of the rule"
            throw Failure(message: "expected \(expected), found '\(extra.text)'", range: extra.range, help: nil)
        }
        return SendRule(timing: timing, time: time, timeRange: timeRange)
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
        return SendRule.FieldReference(name: name, range: range)
    }
}
