import TouchpointCore

/// A date and time of day from a contact field: ISO 8601, either with a UTC offset (an instant)
/// or without one (a wall-clock time, read in the contact's or the practice's time zone).
public struct DateTimeValue: Sendable, Hashable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The offset from UTC in seconds, when the value gave one (`Z` is 0).
    public let utcOffsetSeconds: Int?

    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0, utcOffsetSeconds: Int? = nil) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        if let offset = utcOffsetSeconds, abs(offset) > 18 * 3600 { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM|±HH]`; a space may stand for the
    /// `T`. A fraction of a second is accepted and dropped.
    public init?(iso bytes: some Collection<UInt8>) {
        let text = Array(bytes)
        guard text.count >= 16, let date = LocalDate(iso: String(decoding: text[0..<10], as: UTF8.self)),
            text[10] == UInt8(ascii: "T") || text[10] == UInt8(ascii: "t") || text[10] == UInt8(ascii: " "),
            text[13] == UInt8(ascii: ":")
        else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= text.count else { return nil }
            var value = 0
            for byte in text[start..<(start + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let hour = digits(11, 2), let minute = digits(14, 2) else { return nil }
        var index = 16
        var second = 0
        if index < text.count, text[index] == UInt8(ascii: ":") {
            guard let value = digits(index + 1, 2) else { return nil }
            second = value
            index += 3
            if index < text.count, text[index] == UInt8(ascii: ".") || text[index] == UInt8(ascii: ",") {
                index += 1
                let start = index
                while index < text.count, text[index] >= 0x30, text[index] <= 0x39 { index += 1 }
                guard index > start else { return nil }
            }
        }
        var offset: Int?
        if index < text.count {
            let sign = text[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                guard index + 1 == text.count else { return nil }
                offset = 0
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                let rest = text.count - index - 1
                guard let hours = digits(index + 1, 2) else { return nil }
                var minutes = 0
                switch rest {
                case 2: break
                case 4:
                    guard let value = digits(index + 3, 2) else { return nil }
                    minutes = value
                case 5:
                    guard text[index + 3] == UInt8(ascii: ":"), let value = digits(index + 4, 2) else { return nil }
                    minutes = value
                default: return nil
                }
                guard minutes < 60 else { return nil }
                offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        self.init(date: date, hour: hour, minute: minute, second: second, utcOffsetSeconds: offset)
    }

    /// ISO 8601: `2026-11-03T09:30:00-06:00`, or without the offset when the value had none.
    public var description: String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        var text = "\(date)T\(pad(hour)):\(pad(minute)):\(pad(second))"
        if let offset = utcOffsetSeconds {
            if offset == 0 { return text + "Z" }
            let magnitude = abs(offset)
            text += (offset < 0 ? "-" : "+") + pad(magnitude / 3600) + ":" + pad(magnitude % 3600 / 60)
        }
        return text
    }
}

extension DateTimeValue {
    /// The instant this value names: by its UTC offset when it has one, else as a wall-clock time
    /// in `zone` (a time in a spring-forward gap moves forward by the gap; one in a fall-back
    /// overlap is its first occurrence).
    public func instant(in zone: ZonedTime) -> Int {
        if let offset = utcOffsetSeconds {
            return date.dayNumber * 86_400 + hour * 3_600 + minute * 60 + second - offset
        }
        return zone.instant(date, TimeOfDay(hour: hour, minute: minute) ?? .endOfDay) + second
    }

    /// The date this value falls on in `zone`: its own date when it has no UTC offset.
    public func localDate(in zone: ZonedTime) -> LocalDate {
        utcOffsetSeconds == nil ? date : zone.local(instant(in: zone)).date
    }
}
