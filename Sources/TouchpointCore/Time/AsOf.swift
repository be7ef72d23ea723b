/// The instant a build or plan is "as of": given on the command line as a date (midnight in the
/// practice's zone), a local date and time, or a date and time with an offset.
public enum AsOf {
    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (local to `zone`), or the same followed by `Z`
    /// or `±HH:MM`.
    public static func parse(_ text: String, zone: ZonedTime) -> Int? {
        let trimmed = text.trimmingSpaces
        if let date = LocalDate(iso: trimmed) {
            return zone.instant(date, TimeOfDay(hour: 0, minute: 0) ?? .endOfDay)
        }
        let separator: Character = trimmed.contains("T") ? "T" : " "
        let parts = trimmed.split(separator: separator, maxSplits: 1)
        guard parts.count == 2, let date = LocalDate(iso: parts[0]) else { return nil }
        var clock = String(parts[1])
        var offset: Int?
        if clock.hasSuffix("Z") {
            offset = 0
            clock.removeLast()
        } else if let signIndex = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zoneText = String(clock[clock.index(after: signIndex)...]).replacingAll(":", with: "")
            guard zoneText.count == 4, let hours = Int(zoneText.prefix(2)), let minutes = Int(zoneText.suffix(2)),
                hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (clock[signIndex] == "-" ? -1 : 1)
            clock = String(clock[..<signIndex])
        }
        let fields = clock.split(separator: ":").map { Int($0) }
        guard fields.count == 2 || fields.count == 3, fields.allSatisfy({ $0 != nil }),
            let time = TimeOfDay(hour: fields[0] ?? -1, minute: fields[1] ?? -1)
        else { return nil }
        let seconds = fields.count == 3 ? (fields[2] ?? 0) : 0
        guard (0...59).contains(seconds) else { return nil }
        if let offset {
            return date.dayNumber * 86_400 + time.minutes * 60 + seconds - offset
        }
        return zone.instant(date, time) + seconds
    }

    /// ISO 8601 with the offset: `2026-12-01T09:00:00-06:00`.
    public static func format(_ instant: Int, offset: Int) -> String {
        let wall = instant + offset
        let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
        let second = wall - day * 86_400
        let date = LocalDate(dayNumber: day) ?? .epoch
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let magnitude = abs(offset) / 60
        return "\(date)T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
            + "\(offset < 0 ? "-" : "+")\(two(magnitude / 60)):\(two(magnitude % 60))"
    }

    /// The instant of a timestamp exactly as `format` writes it (`2026-12-01T09:00:00-06:00`),
    /// read from its bytes without any other form: `nil` for anything else.
    public static func instant(formatted text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count == 25, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-")
            else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                let date = LocalDate(year: year, month: month, day: day),
                let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                let offsetHours = number(20..<22), let offsetMinutes = number(23..<25)
            else { return nil }
            let offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[19] == UInt8(ascii: "-") ? -1 : 1)
            return date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        }
    }
}
