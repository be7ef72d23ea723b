import TouchpointCore

/// A strftime-like pattern that dates, or dates and times, in a spreadsheet export follow, such
/// as `%m/%d/%Y` or `%m/%d/%Y %I:%M %p`.
///
/// Directives: `%Y` (four-digit year), `%y` (two-digit year, read as ``TwoDigitYears`` says),
/// `%m` (month, one or two digits), `%d` (day, one or two digits), `%e` (day, optionally
/// space-padded), `%b` and `%B` (an English month name, abbreviated or in full, any case), and
/// for a time of day `%H` (hour, 0–23, one or two digits), `%I` (hour, 1–12, one or two digits,
/// with `%p`), `%M` (minutes, two digits), `%S` (seconds, two digits), `%p` (AM or PM, any case),
/// and `%%` (a percent sign). Every other character must appear as written. A pattern names the
/// year, the month and the day exactly once each, and each part of the time at most once.
///
/// Reading is strict: `02/30/2026` is no date at all, not March 2nd.
public struct DateFormat: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let pieces: [Piece]

    private enum Piece: Hashable {
        case fourDigitYear
        case twoDigitYear
        case month
        case monthName
        case day
        case spacePaddedDay
        case hour24
        case hour12
        case minute
        case second
        case meridiem
        case literal(UInt8)
    }

    /// A part of a date or time that a pattern names.
    public enum Component: String, Sendable, Hashable {
        case year, month, day, hour, minutes, seconds
        case meridiem = "AM/PM"
    }

    /// What is wrong with a pattern. Offsets are byte offsets into the pattern.
    public enum Problem: Error, Sendable, Equatable {
        case unknownDirective(String, offset: Int)
        case danglingPercent(offset: Int)
        case missing(Component)
        case repeated(Component, offset: Int)
        /// `%I` without `%p`, or `%p` without `%I`: a 12-hour clock needs both.
        case halfDayClock(offset: Int)
        /// A `date` field's pattern that reads a time of day.
        case timeInDate(String, offset: Int)

        public var explanation: String {
            switch self {
            case .unknownDirective(let directive, _):
                "'\(directive)' is not a date directive; use %Y %y %m %d %e %b %B, %H %I %M %S %p for a time, or %%"
            case .danglingPercent:
                "the pattern ends with a lone '%'; write '%%' for a percent sign"
            case .missing(let component):
                "the pattern has no \(component.rawValue) (\(component.directives))"
            case .repeated(let component, _):
                "the pattern gives the \(component.rawValue) twice"
            case .halfDayClock:
                "'%I' (the hour on a 12-hour clock) and '%p' (AM or PM) go together"
            case .timeInDate(let directive, _):
                "'\(directive)' reads a time of day, and a date field has none"
            }
        }

        /// Where in the pattern the problem is, when it is at one place.
        public var offset: Int? {
            switch self {
            case .unknownDirective(_, let offset), .danglingPercent(let offset), .repeated(_, let offset),
                .halfDayClock(let offset), .timeInDate(_, let offset):
                offset
            case .missing: nil
            }
        }
    }

    /// The outcome of reading text with a pattern.
    public enum Reading: Sendable, Equatable {
        case date(LocalDate)
        /// The text has the pattern's shape, but no such day exists (February 30th).
        case noSuchDay(year: Int, month: Int, day: Int)
        /// The text does not have the pattern's shape.
        case mismatch
    }

    /// The outcome of reading a date and time with a pattern.
    public enum DateTimeReading: Sendable, Equatable {
        case value(DateTimeValue)
        case noSuchDay(year: Int, month: Int, day: Int)
        case mismatch
    }

    public init(parsing pattern: String) throws(Problem) {
        let bytes = Array(pattern.utf8)
        var pieces: [Piece] = []
        var seen: Set<Component> = []
        var index = 0
        var twelveHour: Int?
        var meridiem: Int?
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "%") else {
                pieces.append(.literal(byte))
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { throw .danglingPercent(offset: index) }
            let piece: Piece
            switch bytes[index + 1] {
            case UInt8(ascii: "Y"): piece = .fourDigitYear
            case UInt8(ascii: "y"): piece = .twoDigitYear
            case UInt8(ascii: "m"): piece = .month
            case UInt8(ascii: "b"), UInt8(ascii: "B"): piece = .monthName
            case UInt8(ascii: "d"): piece = .day
            case UInt8(ascii: "e"): piece = .spacePaddedDay
            case UInt8(ascii: "H"): piece = .hour24
            case UInt8(ascii: "I"):
                piece = .hour12
                twelveHour = index
            case UInt8(ascii: "M"): piece = .minute
            case UInt8(ascii: "S"): piece = .second
            case UInt8(ascii: "p"):
                piece = .meridiem
                meridiem = index
            case UInt8(ascii: "%"): piece = .literal(UInt8(ascii: "%"))
            default:
                var end = index + 2
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                throw .unknownDirective(String(decoding: bytes[index..<end], as: UTF8.self), offset: index)
            }
            if let component = DateFormat.component(of: piece), !seen.insert(component).inserted {
                throw .repeated(component, offset: index)
            }
            pieces.append(piece)
            index += 2
        }
        for component in [Component.year, .month, .day] where !seen.contains(component) {
            throw .missing(component)
        }
        if (twelveHour == nil) != (meridiem == nil), let offset = twelveHour ?? meridiem {
            throw .halfDayClock(offset: offset)
        }
        if seen.contains(.hour) != seen.contains(.minutes) {
            throw .missing(seen.contains(.hour) ? .minutes : .hour)
        }
        if seen.contains(.seconds), !seen.contains(.minutes) { throw .missing(.minutes) }
        self.pattern = pattern
        self.pieces = pieces
    }

    private static func component(of piece: Piece) -> Component? {
        switch piece {
        case .fourDigitYear, .twoDigitYear: .year
        case .month, .monthName: .month
        case .day, .spacePaddedDay: .day
        case .hour24, .hour12: .hour
        case .minute: .minutes
        case .second: .seconds
        case .meridiem: .meridiem
        case .literal: nil
        }
    }

    public var description: String { pattern }

    /// Whether the pattern reads a time of day (`%H`, `%I` …): a `datetime` field's pattern.
    public var hasTime: Bool { pieces.contains { $0 == .hour24 || $0 == .hour12 } }

    /// Whether the year is written with two digits (`%y`), so a century must be chosen.
    public var hasTwoDigitYear: Bool { pieces.contains(.twoDigitYear) }

    /// Whether both the month and the day are numbers, so a date could be read with the two
    /// swapped: `05/10/2026` is May 10th or 5 October.
    package var hasNumericMonthAndDay: Bool {
        pieces.contains(.month) && (pieces.contains(.day) || pieces.contains(.spacePaddedDay))
    }

    /// The same pattern with the month and the day swapped (`%m/%d/%Y` → `%d/%m/%Y`), when both
    /// are numbers.
    package var swappingMonthAndDay: DateFormat? {
        guard hasNumericMonthAndDay else { return nil }
        var text = ""
        for piece in pieces {
            switch piece {
            case .month: text += "%d"
            case .day, .spacePaddedDay: text += "%m"
            default: text += DateFormat.directive(of: piece)
            }
        }
        return try? DateFormat(parsing: text)
    }

    /// Whether the month comes before the day in the pattern.
    package var monthFirst: Bool {
        let month = pieces.firstIndex { $0 == .month || $0 == .monthName } ?? 0
        let day = pieces.firstIndex { $0 == .day || $0 == .spacePaddedDay } ?? 0
        return month < day
    }

    /// "month first" or "day first", for messages about a pattern and its swap.
    package var orderWords: String { monthFirst ? "month first" : "day first" }

    /// The first time directive of the pattern, for a message about a date field's pattern.
    package var firstTimeDirective: (directive: String, offset: Int)? {
        var offset = 0
        for piece in pieces {
            switch piece {
            case .hour24, .hour12, .minute, .second, .meridiem: return (DateFormat.directive(of: piece), offset)
            default: offset += DateFormat.directive(of: piece).utf8.count
            }
        }
        return nil
    }

    private static func directive(of piece: Piece) -> String {
        switch piece {
        case .fourDigitYear: "%Y"
        case .twoDigitYear: "%y"
        case .month: "%m"
        case .monthName: "%b"
        case .day: "%d"
        case .spacePaddedDay: "%e"
        case .hour24: "%H"
        case .hour12: "%I"
        case .minute: "%M"
        case .second: "%S"
        case .meridiem: "%p"
        case .literal(let byte): byte == UInt8(ascii: "%") ? "%%" : String(Unicode.Scalar(byte))
        }
    }

    /// Reads a date written in this pattern.
    public func read(_ text: String, years: TwoDigitYears = .posix) -> Reading {
        read(ArraySlice(text.utf8), years: years)
    }

    /// Reads a date written in this pattern, from its UTF-8 bytes. A time of day in the pattern
    /// must be there and valid, and is dropped.
    public func read(_ bytes: ArraySlice<UInt8>, years: TwoDigitYears = .posix) -> Reading {
        switch readDateTime(bytes, years: years) {
        case .value(let value): .date(value.date)
        case .noSuchDay(let year, let month, let day): .noSuchDay(year: year, month: month, day: day)
        case .mismatch: .mismatch
        }
    }

    /// Reads a date and time written in this pattern; a pattern without a time reads midnight.
    public func readDateTime(_ text: String, years: TwoDigitYears = .posix) -> DateTimeReading {
        readDateTime(ArraySlice(text.utf8), years: years)
    }

    /// Reads a date and time written in this pattern, from its UTF-8 bytes.
    public func readDateTime(_ bytes: ArraySlice<UInt8>, years: TwoDigitYears = .posix) -> DateTimeReading {
        var index = bytes.startIndex
        var year = 0
        var shortYear: Int?
        var month = 0
        var day = 0
        var hour = 0
        var minute = 0
        var second = 0
        var afternoon: Bool?
        func number(maxDigits: Int, minDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while digits < maxDigits, index < bytes.endIndex, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits >= minDigits ? value : nil
        }
        for piece in pieces {
            switch piece {
            case .literal(let byte):
                guard index < bytes.endIndex, bytes[index] == byte else { return .mismatch }
                index += 1
            case .fourDigitYear:
                guard let value = number(maxDigits: 4, minDigits: 4) else { return .mismatch }
                year = value
            case .twoDigitYear:
                guard let value = number(maxDigits: 2, minDigits: 2) else { return .mismatch }
                shortYear = value
            case .month:
                guard let value = number(maxDigits: 2, minDigits: 1) else { return .mismatch }
                month = value
            case .monthName:
                guard let value = monthName(bytes, &index) else { return .mismatch }
                month = value
            case .day:
                guard let value = number(maxDigits: 2, minDigits: 1) else { return .mismatch }
                day = value
            case .spacePaddedDay:
                if index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") { index += 1 }
                guard let value = number(maxDigits: 2, minDigits: 1) else { return .mismatch }
                day = value
            case .hour24:
                guard let value = number(maxDigits: 2, minDigits: 1), value < 24 else { return .mismatch }
                hour = value
            case .hour12:
                guard let value = number(maxDigits: 2, minDigits: 1), (1...12).contains(value) else { return .mismatch }
                hour = value
            case .minute:
                guard let value = number(maxDigits: 2, minDigits: 2), value < 60 else { return .mismatch }
                minute = value
            case .second:
                guard let value = number(maxDigits: 2, minDigits: 2), value < 60 else { return .mismatch }
                second = value
            case .meridiem:
                guard index + 1 < bytes.endIndex, bytes[index + 1] | 0x20 == UInt8(ascii: "m") else { return .mismatch }
                switch bytes[index] | 0x20 {
                case UInt8(ascii: "a"): afternoon = false
                case UInt8(ascii: "p"): afternoon = true
                default: return .mismatch
                }
                index += 2
            }
        }
        guard index == bytes.endIndex, (1...12).contains(month), (1...31).contains(day) else { return .mismatch }
        if let afternoon { hour = hour % 12 + (afternoon ? 12 : 0) }
        if let shortYear { year = years.year(for: shortYear, month: month, day: day) }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            return .noSuchDay(year: year, month: month, day: day)
        }
        guard let value = DateTimeValue(date: date, hour: hour, minute: minute, second: second) else { return .mismatch }
        return .value(value)
    }

    /// The date written in this pattern (two-digit days and months, abbreviated month names).
    public func string(from date: LocalDate) -> String {
        string(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0, second: 0)
    }

    /// The date and time written in this pattern.
    public func string(from value: DateTimeValue) -> String {
        string(
            year: value.date.year, month: value.date.month, day: value.date.day, hour: value.hour, minute: value.minute,
            second: value.second)
    }

    /// November 3rd, 2026 (at 2:30 in the afternoon, when the pattern has a time) in this
    /// pattern, for messages that show what a value should look like.
    package var example: String { string(year: 2026, month: 11, day: 3, hour: 14, minute: 30, second: 0) }

    private func string(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String {
        func pad(_ value: Int, _ width: Int, with padding: String = "0") -> String {
            let text = String(value)
            return String(repeating: padding, count: max(0, width - text.count)) + text
        }
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let byte): out.unicodeScalars.append(Unicode.Scalar(byte))
            case .fourDigitYear: out += pad(year, 4)
            case .twoDigitYear: out += pad(year % 100, 2)
            case .month: out += pad(month, 2)
            case .monthName: out += DateFormat.monthNames[max(0, min(11, month - 1))].prefix(3)
            case .day: out += pad(day, 2)
            case .spacePaddedDay: out += pad(day, 2, with: " ")
            case .hour24: out += pad(hour, 2)
            case .hour12: out += pad(hour % 12 == 0 ? 12 : hour % 12, 2)
            case .minute: out += pad(minute, 2)
            case .second: out += pad(second, 2)
            case .meridiem: out += hour < 12 ? "AM" : "PM"
            }
        }
        return out
    }

    package static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    private static let lowercasedMonthNames: [[UInt8]] = monthNames.map { Array($0.lowercased().utf8) }

    /// An English month name at `index`, in full or its first three letters, any case.
    private func monthName(_ bytes: ArraySlice<UInt8>, _ index: inout Int) -> Int? {
        var end = index
        while end < bytes.endIndex, (bytes[end] | 0x20) >= UInt8(ascii: "a"), (bytes[end] | 0x20) <= UInt8(ascii: "z") {
            end += 1
        }
        let word = bytes[index..<end].map { $0 | 0x20 }
        guard word.count >= 3 else { return nil }
        for (number, name) in DateFormat.lowercasedMonthNames.enumerated()
        where word.elementsEqual(name) || word.elementsEqual(name.prefix(3)) {
            index = end
            return number + 1
        }
        return nil
    }

    /// The pattern of ISO dates, `%Y-%m-%d`.
    package static let iso = DateFormat(
        uncheckedPieces: [.fourDigitYear, .literal(0x2D), .month, .literal(0x2D), .day],
        pattern: "%Y-%m-%d")

    private init(uncheckedPieces: [Piece], pattern: String) {
        self.pieces = uncheckedPieces
        self.pattern = pattern
    }
}

extension DateFormat.Component {
    /// The directives that give this component.
    package var directives: String {
        switch self {
        case .year: "%Y or %y"
        case .month: "%m, %b or %B"
        case .day: "%d or %e"
        case .hour: "%H, or %I with %p"
        case .minutes: "%M"
        case .seconds: "%S"
        case .meridiem: "%p"
        }
    }
}

/// Which century a two-digit year (`%y`) is in.
public enum TwoDigitYears: Sendable, Hashable {
    /// The hundred years from `first`: with 1930, `29` is 2029 and `30` is 1930.
    case window(first: Int)
    /// The latest year that puts the date on or before the day: a birth date is never in the
    /// future, so with 2026-11-30, `1/9/45` is 1945 and `11/30/26` is 2026.
    case notAfter(LocalDate)

    /// As POSIX reads them: 69–99 are 1969–1999, 00–68 are 2000–2068.
    public static let posix = TwoDigitYears.window(first: 1969)

    /// The year `shortYear` (0–99) stands for, on `month` and `day`.
    package func year(for shortYear: Int, month: Int, day: Int) -> Int {
        switch self {
        case .window(let first):
            return first + ((shortYear - first) % 100 + 100) % 100
        case .notAfter(let today):
            var year = today.year - ((today.year - shortYear) % 100 + 100) % 100
            if year == today.year, (month, day) > (today.month, today.day) { year -= 100 }
            return year
        }
    }
}
