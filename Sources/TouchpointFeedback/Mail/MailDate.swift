import TouchpointCore

/// An RFC 5322 date-time (`Mon, 7 Dec 2026 15:04:05 -0600`), as received: the day name optional,
/// seconds optional, a numeric zone or one of the obsolete names (`GMT`, `UT`, `EST` …), a
/// trailing comment ignored.
enum MailDate {
    /// Seconds since 1970, or `nil` when `text` is not such a date.
    static func instant(_ text: String) -> Int? {
        var value = Substring(text)
        if let comma = value.firstIndex(of: ",") { value = value[value.index(after: comma)...] }
        if let comment = value.firstIndex(of: "(") { value = value[..<comment] }
        let words = value.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 4, let day = Int(words[0]), let year = Int(words[2]),
            let month = months.firstIndex(of: String(words[1].lowercased().prefix(3))),
            let date = LocalDate(year: year < 100 ? year + (year < 50 ? 2000 : 1900) : year, month: month + 1, day: day)
        else { return nil }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.count <= 3, let hour = time[0], let minute = time[1], (0...23).contains(hour),
            (0...59).contains(minute)
        else { return nil }
        let second = time.count == 3 ? time[2] : 0
        guard let second, (0...60).contains(second) else { return nil }
        let offset = words.count > 4 ? zoneOffset(words[4]) : 0
        guard let offset else { return nil }
        let seconds: Int = hour * 3_600 + minute * 60 + min(second, 59)
        return date.dayNumber * 86_400 + seconds - offset
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4, "est": -5, "cdt": -5, "cst": -6, "mdt": -6, "mst": -7, "pdt": -7, "pst": -8,
    ]

    private static func zoneOffset(_ zone: Substring) -> Int? {
        if let hours = namedZones[zone.lowercased()] { return hours * 3_600 }
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-", let digits = Int(zone.dropFirst()) else {
            // An unknown zone name counts as UTC (RFC 5322 §4.3: "-0000").
            return zone.allSatisfy(\.isLetter) ? 0 : nil
        }
        let seconds = (digits / 100) * 3_600 + (digits % 100) * 60
        return sign == "-" ? -seconds : seconds
    }
}
