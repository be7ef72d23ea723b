import TouchpointCore

/// What is wrong with a value for its field's type, before it becomes a diagnostic.
package enum ValueProblem: Error, Sendable, Equatable {
    case email(EmailAddress.Problem)
    case notDate
    /// The text has the date's shape, but the day does not exist (February 30th).
    case noSuchDay(year: Int, month: Int, day: Int)
    case notDateTime
    /// A date or date-time after `today` in a field that is `past: true`.
    case afterToday(LocalDate)
    /// A date or date-time before `today` in a field that is `future: true`.
    case beforeToday(LocalDate)
    case notInteger
    /// `decimalComma`: the text looks like a number written with a decimal comma (`3,5`).
    case notNumber(decimalComma: Bool)
    case belowMinimum(Double)
    case aboveMaximum(Double)
    case notBoolean
    case notEnumCase(suggestion: String?)
    case notTimeZone(suggestion: String?)
}

/// Turns the text of one value (a CSV cell, a YAML scalar, a schema's `default`) into a typed
/// ``FieldValue``. Works on bytes, so a large list is typed without a string per cell where the
/// type needs none. The text is already trimmed and not empty.
package enum FieldValueParser {
    /// `years` says which century a two-digit year is in; `today`, the day of the check when
    /// known, is what a `past` or `future` field's dates are held against.
    package static func parse(
        _ bytes: ArraySlice<UInt8>, as field: ContactField, years: TwoDigitYears = .posix, today: LocalDate? = nil
    ) -> Result<FieldValue, ValueProblem> {
        switch field.type {
        case .string:
            return .success(.string(String(decoding: bytes, as: UTF8.self)))
        case .email:
            return email(bytes)
        case .date:
            let result = date(bytes, format: field.format, years: years)
            guard let today, field.past || field.future, case .success(.date(let day)) = result else { return result }
            return within(day, field, today: today).map { .date(day) }
        case .datetime:
            let result = dateTime(bytes, format: field.format, years: years)
            guard let today, field.past || field.future, case .success(.datetime(let value)) = result else { return result }
            return within(value.date, field, today: today).map { .datetime(value) }
        case .integer:
            guard let value = integer(bytes) else { return .failure(.notInteger) }
            return bounded(Double(value), field).map { .integer(value) }
        case .number:
            guard let value = number(bytes) else {
                return .failure(.notNumber(decimalComma: looksLikeDecimalComma(bytes)))
            }
            return bounded(value, field).map { .number(WrittenNumber(value, text: String(decoding: bytes, as: UTF8.self))) }
        case .boolean:
            guard let value = boolean(bytes) else { return .failure(.notBoolean) }
            return .success(.boolean(value))
        case .enumeration:
            return enumCase(bytes, values: field.values)
        case .list:
            return .success(.list(list(bytes, separator: field.separator)))
        case .timeZone:
            return timeZone(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The bytes without leading and trailing white space: spaces, tabs and line breaks (a
    /// spreadsheet cell easily gets a stray line break at its end).
    package static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    // MARK: - E-mail

    package static func email(_ bytes: ArraySlice<UInt8>) -> Result<FieldValue, ValueProblem> {
        if let problem = EmailAddress.problem(in: bytes) { return .failure(.email(problem)) }
        return .success(.email(String(decoding: bytes, as: UTF8.self)))
    }

    // MARK: - Dates

    /// Whether a `past` or `future` field's date is on the right side of `today`.
    private static func within(_ day: LocalDate, _ field: ContactField, today: LocalDate) -> Result<Void, ValueProblem> {
        if field.past, day > today { return .failure(.afterToday(today)) }
        if field.future, day < today { return .failure(.beforeToday(today)) }
        return .success(())
    }

    package static func dateTime(
        _ bytes: ArraySlice<UInt8>, format: DateFormat?, years: TwoDigitYears = .posix
    ) -> Result<FieldValue, ValueProblem> {
        guard let format else {
            guard let value = DateTimeValue(iso: bytes) else { return .failure(.notDateTime) }
            return .success(.datetime(value))
        }
        switch format.readDateTime(bytes, years: years) {
        case .value(let value): return .success(.datetime(value))
        case .noSuchDay(let year, let month, let day): return .failure(.noSuchDay(year: year, month: month, day: day))
        case .mismatch: return .failure(.notDateTime)
        }
    }

    package static func date(
        _ bytes: ArraySlice<UInt8>, format: DateFormat?, years: TwoDigitYears = .posix
    ) -> Result<FieldValue, ValueProblem> {
        if format == nil, let date = isoDate(bytes) {
            return .success(.date(date))
        }
        let pattern = format ?? DateFormat.iso
        switch pattern.read(bytes, years: years) {
        case .date(let date):
            // ISO dates are exactly ten characters; the pattern reads one-digit months too.
            return format == nil ? .failure(.notDate) : .success(.date(date))
        case .noSuchDay(let year, let month, let day):
            return .failure(.noSuchDay(year: year, month: month, day: day))
        case .mismatch:
            return .failure(.notDate)
        }
    }

    /// `YYYY-MM-DD`, exactly: what ``LocalDate/init(iso:)`` reads, without making a string.
    package static func isoDate(_ bytes: ArraySlice<UInt8>) -> LocalDate? {
        guard bytes.count == 10 else { return nil }
        let start = bytes.startIndex
        guard bytes[start + 4] == UInt8(ascii: "-"), bytes[start + 7] == UInt8(ascii: "-") else { return nil }
        func number(_ offsets: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[(start + offsets.lowerBound)..<(start + offsets.upperBound)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    // MARK: - Numbers

    /// A whole number: an optional sign and decimal digits, nothing else.
    package static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        var negative = false
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.endIndex else { return nil }
        var value = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    /// A finite decimal number: digits with an optional sign, point and exponent. No `nan`,
    /// `inf` or hexadecimal forms.
    package static func number(_ bytes: ArraySlice<UInt8>) -> Double? {
        var sawDigit = false
        for byte in bytes {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        guard sawDigit, let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    private static func looksLikeDecimalComma(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.count { $0 == UInt8(ascii: ",") } == 1 && !bytes.contains(UInt8(ascii: "."))
            && number(ArraySlice(bytes.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 })) != nil
    }

    private static func bounded(_ value: Double, _ field: ContactField) -> Result<Void, ValueProblem> {
        if let minimum = field.minimum, value < minimum { return .failure(.belowMinimum(minimum)) }
        if let maximum = field.maximum, value > maximum { return .failure(.aboveMaximum(maximum)) }
        return .success(())
    }

    // MARK: - Booleans, enums, lists, zones

    /// true/false, yes/no, y/n, 1/0, any case.
    package static func boolean(_ bytes: ArraySlice<UInt8>) -> Bool? {
        guard bytes.count <= 5 else { return nil }
        let word = lowercasedWord(bytes)
        if trueWords.contains(word) { return true }
        if falseWords.contains(word) { return false }
        return nil
    }

    private static let trueWords = ["true", "yes", "y", "1"].map { lowercasedWord($0.utf8) }
    private static let falseWords = ["false", "no", "n", "0"].map { lowercasedWord($0.utf8) }

    /// Up to eight bytes, each with 0x20 set (which lowercases an ASCII letter), packed into one
    /// number. No packed byte is zero, so different texts pack differently.
    private static func lowercasedWord(_ bytes: some Collection<UInt8>) -> UInt64 {
        bytes.reduce(0) { word, byte in word << 8 | UInt64(byte | 0x20) }
    }

    /// One of `values`, matched exactly or, failing that, ignoring ASCII case; the value comes
    /// back in the schema's spelling.
    package static func enumCase(_ bytes: ArraySlice<UInt8>, values: [String]) -> Result<FieldValue, ValueProblem> {
        for value in values where value.utf8.count == bytes.count && sameBytes(value, bytes) {
            return .success(.enumCase(value))
        }
        for value in values
        where value.utf8.count == bytes.count
            && zip(value.utf8, bytes).allSatisfy({ lowercasedASCII($0) == lowercasedASCII($1) })
        {
            return .success(.enumCase(value))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return .failure(.notEnumCase(suggestion: Suggestion.closest(to: text, in: values)))
    }

    /// Whether the UTF-8 of `text` is `bytes`.
    private static func sameBytes(_ text: String, _ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            text.utf8.withContiguousStorageIfAvailable { $0.elementsEqual(bytes) } ?? text.utf8.elementsEqual(bytes)
        }
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// The items between separators, trimmed, empty ones left out.
    package static func list(_ bytes: ArraySlice<UInt8>, separator: String) -> [String] {
        let separatorBytes = separator.utf8
        guard let first = separatorBytes.first else { return [String(decoding: bytes, as: UTF8.self)] }
        let separatorLength = separatorBytes.count
        var items: [String] = []
        items.reserveCapacity(bytes.count { $0 == first } + 1)
        var start = bytes.startIndex
        var index = bytes.startIndex
        func take(_ end: Int) {
            let item = trimmed(bytes[start..<end])
            if !item.isEmpty { items.append(String(decoding: item, as: UTF8.self)) }
        }
        while index < bytes.endIndex {
            if bytes[index] == first, separatorLength == 1 || bytes[index...].starts(with: separatorBytes) {
                take(index)
                index += separatorLength
                start = index
            } else {
                index += 1
            }
        }
        take(bytes.endIndex)
        return items
    }

    /// An IANA time zone name this machine knows.
    package static func timeZone(_ name: String) -> Result<FieldValue, ValueProblem> {
        if TimeZoneCatalog.zone(named: name) != nil { return .success(.timeZone(name)) }
        return .failure(.notTimeZone(suggestion: Suggestion.closest(to: name, in: TimeZoneCatalog.identifiers)))
    }
}
