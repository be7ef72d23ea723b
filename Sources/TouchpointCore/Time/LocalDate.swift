/// A calendar date without a time or zone: a holiday, a birthday, a first visit.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// `nil` when the day does not exist (February 30th is not March 2nd).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= LocalDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date known to exist, for constants.
    private init(known year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1970-01-01, where day numbers start.
    public static let epoch = LocalDate(known: 1970, 1, 1)

    /// Parses ISO `YYYY-MM-DD`, exactly.
    public init?(iso text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in utf8[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `YYYY-MM-DD`; the year is always four digits (1–9999).
    public var description: String {
        let zero = UInt8(ascii: "0")
        let bytes: [UInt8] = [
            zero + UInt8(year / 1000), zero + UInt8(year / 100 % 10), zero + UInt8(year / 10 % 10), zero + UInt8(year % 10),
            UInt8(ascii: "-"), zero + UInt8(month / 10), zero + UInt8(month % 10),
            UInt8(ascii: "-"), zero + UInt8(day / 10), zero + UInt8(day % 10),
        ]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A wall-clock time of day, in minutes since midnight.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let minutes: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Parses `HH:MM` (24-hour clock; one-digit hours allowed).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// Midnight at the end of the day, as the end of a window "08:00-24:00".
    public static let endOfDay = TimeOfDay(minutesSinceMidnight: 24 * 60)

    package init(minutesSinceMidnight: Int) {
        self.minutes = minutesSinceMidnight
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public var description: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}

/// A day of the week.
public enum Weekday: Int, Sendable, CaseIterable, Comparable {
    case sunday = 1
    case monday, tuesday, wednesday, thursday, friday, saturday

    /// The names a practice file may use: `mon` or `monday`, any case.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let day = Weekday.allCases.first(where: { $0.shortName == lowered || $0.fullName == lowered }) else {
            return nil
        }
        self = day
    }

    public var shortName: String { String(fullName.prefix(3)) }

    public var fullName: String {
        switch self {
        case .sunday: "sunday"
        case .monday: "monday"
        case .tuesday: "tuesday"
        case .wednesday: "wednesday"
        case .thursday: "thursday"
        case .friday: "friday"
        case .saturday: "saturday"
        }
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
