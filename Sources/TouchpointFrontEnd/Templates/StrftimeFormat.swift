import TouchpointCore

/// A strftime-style date format for the `date` filter: `"%A, %B %-d"`.
///
/// Parsed once into segments; formatting is plain arithmetic with fixed English names, with no
/// locale and no formatter object. Supported directives:
///
/// | directive | meaning | example |
/// |---|---|---|
/// | `%Y` `%y` | year, 4 / 2 digits | 2026, 26 |
/// | `%m` `%-m` | month number | 03, 3 |
/// | `%d` `%-d` `%e` | day of the month, zero-padded / plain / space-padded | 05, 5, " 5" |
/// | `%B` `%b` `%h` | month name, full / short | March, Mar |
/// | `%A` `%a` | weekday name, full / short | Thursday, Thu |
/// | `%H` `%-H` | hour, 24-hour clock | 09, 9 |
/// | `%I` `%-I` | hour, 12-hour clock | 09, 9 |
/// | `%M` `%S` | minute, second | 05, 00 |
/// | `%p` `%P` | AM/PM, am/pm | PM, pm |
/// | `%j` | day of the year | 064 |
/// | `%u` `%w` | weekday number, Monday = 1 / Sunday = 0 | 4, 4 |
/// | `%F` `%D` | `%Y-%m-%d`, `%m/%d/%y` | 2026-03-05, 03/05/26 |
/// | `%%` | a percent sign | % |
///
/// `-` after `%` drops the padding of any numeric directive. A date without a time of day formats
/// its time as midnight.
public struct StrftimeFormat: Sendable, Equatable {
    package enum Directive: UInt8, Sendable, CaseIterable {
        case year = 0x59  // Y
        case shortYear = 0x79  // y
        case month = 0x6D  // m
        case day = 0x64  // d
        case spacedDay = 0x65  // e
        case monthName = 0x42  // B
        case shortMonthName = 0x62  // b
        case shortMonthAlias = 0x68  // h
        case weekdayName = 0x41  // A
        case shortWeekdayName = 0x61  // a
        case hour = 0x48  // H
        case hour12 = 0x49  // I
        case minute = 0x4D  // M
        case second = 0x53  // S
        case meridiem = 0x70  // p
        case lowerMeridiem = 0x50  // P
        case dayOfYear = 0x6A  // j
        case isoWeekday = 0x75  // u
        case weekdayNumber = 0x77  // w
        case isoDate = 0x46  // F
        case usDate = 0x44  // D
        case percent = 0x25  // %

        package var isNumeric: Bool {
            switch self {
            case .year, .shortYear, .month, .day, .spacedDay, .hour, .hour12, .minute, .second, .dayOfYear,
                .isoWeekday, .weekdayNumber:
                true
            default: false
            }
        }
    }

    package enum Segment: Sendable, Equatable {
        case literal(String)
        case directive(Directive, unpadded: Bool)
    }

    /// A directive the format does not support, with its byte range in the format text.
    public struct Problem: Sendable, Equatable {
        public let directive: String
        public let range: Range<Int>
    }

    package let segments: [Segment]

    /// The supported directives, for help lines.
    public static let supportedDirectives =
        "%Y %y %m %d %e %B %b %A %a %H %I %M %S %p %P %j %u %w %F %D %% (and %-d, %-m, %-I … without padding)"

    /// Parses `format`. Unsupported directives are kept as literal text in the format and listed
    /// in the problems.
    public static func parse(_ format: String) -> (format: StrftimeFormat, problems: [Problem]) {
        let bytes = Array(format.utf8)
        var segments: [Segment] = []
        var problems: [Problem] = []
        var literal: [UInt8] = []
        var index = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(String(decoding: literal, as: UTF8.self))) }
            literal.removeAll()
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "%") else {
                literal.append(bytes[index])
                index += 1
                continue
            }
            let start = index
            var cursor = index + 1
            let unpadded = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "-")
            if unpadded { cursor += 1 }
            guard cursor < bytes.count else {
                problems.append(Problem(directive: String(decoding: bytes[start...], as: UTF8.self), range: start..<bytes.count))
                literal.append(contentsOf: bytes[start...])
                break
            }
            let length = ExpressionLexer.characterLength(bytes, at: cursor, end: bytes.count)
            let end = cursor + length
            if let directive = Directive(rawValue: bytes[cursor]), !unpadded || directive.isNumeric {
                flush()
                segments.append(.directive(directive, unpadded: unpadded))
            } else {
                problems.append(Problem(directive: String(decoding: bytes[start..<end], as: UTF8.self), range: start..<end))
                literal.append(contentsOf: bytes[start..<end])
            }
            index = end
        }
        flush()
        return (StrftimeFormat(segments: segments), problems)
    }

    /// The format, ignoring any unsupported directive (kept as text).
    public init(_ format: String) {
        self = Self.parse(format).format
    }

    private init(segments: [Segment]) {
        self.segments = segments
    }

    package static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]
    package static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `date` (at `time`, or midnight) in this format.
    public func string(from date: LocalDate, time: TimeOfDay? = nil) -> String {
        var result = ""
        for segment in segments {
            switch segment {
            case .literal(let text): result += text
            case .directive(let directive, let unpadded): append(directive, unpadded: unpadded, date, time, to: &result)
            }
        }
        return result
    }

    private func append(_ directive: Directive, unpadded: Bool, _ date: LocalDate, _ time: TimeOfDay?, to result: inout String) {
        func number(_ value: Int, width: Int, pad: Character = "0") {
            let digits = String(value)
            if !unpadded, digits.count < width { result += String(repeating: pad, count: width - digits.count) }
            result += digits
        }
        let hour = time?.hour ?? 0
        let weekday = date.weekday.rawValue - 1  // 0 = Sunday
        switch directive {
        case .year: number(date.year, width: 4)
        case .shortYear: number(date.year % 100, width: 2)
        case .month: number(date.month, width: 2)
        case .day: number(date.day, width: 2)
        case .spacedDay: number(date.day, width: 2, pad: " ")
        case .monthName: result += Self.monthNames[date.month - 1]
        case .shortMonthName, .shortMonthAlias: result += Self.monthNames[date.month - 1].prefix(3)
        case .weekdayName: result += Self.weekdayNames[weekday]
        case .shortWeekdayName: result += Self.weekdayNames[weekday].prefix(3)
        case .hour: number(hour, width: 2)
        case .hour12: number(hour % 12 == 0 ? 12 : hour % 12, width: 2)
        case .minute: number(time?.minute ?? 0, width: 2)
        case .second: number(0, width: 2)
        case .meridiem: result += hour < 12 ? "AM" : "PM"
        case .lowerMeridiem: result += hour < 12 ? "am" : "pm"
        case .dayOfYear:
            var days = date.day
            for month in 1..<date.month { days += LocalDate.daysIn(month: month, year: date.year) }
            number(days, width: 3)
        case .isoWeekday: number(weekday == 0 ? 7 : weekday, width: 1)
        case .weekdayNumber: number(weekday, width: 1)
        case .isoDate:
            result += date.description
        case .usDate:
            let year = date.year % 100
            result +=
                (date.month < 10 ? "0" : "") + String(date.month) + "/" + (date.day < 10 ? "0" : "") + String(date.day)
                + "/" + (year < 10 ? "0" : "") + String(year)
        case .percent: result += "%"
        }
    }
}
