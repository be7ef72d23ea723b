import TouchpointCore

/// A strftime-like pattern that dates in a spreadsheet export follow, such as `%m/%d/%Y`.
///
/// Directives: `%Y` (four-digit year), `%y` (two-digit year: 69–99 are 1969–1999, 00–68 are
/// 2000–2068, as POSIX reads them), `%m` (month, one or two digits), `%d` (day, one or two digits),
/// `%e` (day, optionally space-padded), `%b` and `%B` (an English month name, abbreviated or in
/// full, any case) and `%%` (a percent sign). Every other character must appear as written. A
/// pattern names the year, the month and the day exactly once each.
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
        case literal(UInt8)
    }

    /// A part of a date that a pattern must name.
    public enum Component: String, Sendable, Hashable {
        case year, month, day
    }

    /// What is wrong with a pattern. Offsets are byte offsets into the pattern.
    public enum Problem: Error, Sendable, Equatable {
        case unknownDirective(String, offset: Int)
        case danglingPercent(offset: Int)
        case missing(Component)
        case repeated(Component, offset: Int)

        public var explanation: String {
            switch self {
            case .unknownDirective(let directive, _):
                "'\(directive)' is not a date directive; use %Y %y %m %d %e %b %B or %%"
            case .danglingPercent:
                "the pattern ends with a lone '%'; write '%%' for a percent sign"
            case .missing(let component):
                "the pattern has no \(component.rawValue) (\(component.directives))"
            case .repeated(let component, _):
                "the pattern gives the \(component.rawValue) twice"
            }
        }

        /// Where in the pattern the problem is, when it is at one place.
        public var offset: Int? {
            switch self {
            case .unknownDirective(_, let offset), .danglingPercent(let offset), .repeated(_, let offset): offset
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

    public init(parsing pattern: String) throws(Problem) {
        let bytes = Array(pattern.utf8)
        var pieces: [Piece] = []
        var seen: Set<Component> = []
        var index = 0
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
        self.pattern = pattern
        self.pieces = pieces
    }

    private static func component(of piece: Piece) -> Component? {
        switch piece {
        case .fourDigitYear, .twoDigitYear: .year
        case .month, .monthName: .month
        case .day, .spacePaddedDay: .day
        case .literal: nil
        }
    }

    public var description: String { pattern }

    /// Reads a date written in this pattern.
    public func read(_ text: String) -> Reading {
        read(ArraySlice(text.utf8))
    }

    /// Reads a date written in this pattern, from its UTF-8 bytes.
    public func read(_ bytes: ArraySlice<UInt8>) -> Reading {
        var index = bytes.startIndex
        var year = 0
        var month = 0
        var day = 0
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
                year = value < 69 ? 2000 + value : 1900 + value
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
            }
        }
        guard index == bytes.endIndex, (1...12).contains(month), (1...31).contains(day) else { return .mismatch }
        guard let date = LocalDate(year: year, month: month, day: day) else {
            return .noSuchDay(year: year, month: month, day: day)
        }
        return .date(date)
    }

    /// The date written in this pattern (two-digit days and months, abbreviated month names).
    public func string(from date: LocalDate) -> String {
        string(year: date.year, month: date.month, day: date.day)
    }

    /// November 3rd, 2026 in this pattern, for messages that show what a date should look like.
    package var example: String { string(year: 2026, month: 11, day: 3) }

    private func string(year: Int, month: Int, day: Int) -> String {
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
        }
    }
}
