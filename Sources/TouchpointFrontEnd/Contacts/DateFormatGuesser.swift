import TouchpointCore

/// Finds the format a column's dates (or dates and times) are written in, from all of its
/// values: the ones of the common spreadsheet patterns that read every value. A date like
/// `03/04/2026` fits both month first and day first; a column is told apart only by a value
/// with a day above 12, so a column without one is reported as ambiguous rather than guessed.
package struct DateFormatGuesser {
    /// What the values show.
    package enum Guess: Equatable {
        /// No value was seen, or none of the patterns reads them all.
        case unknown
        /// Every value is ISO (`YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM…`): no format is needed.
        case iso
        /// One pattern reads every value.
        case format(DateFormat)
        /// A pattern and the same with month and day swapped both read every value; the first is
        /// the one the separator makes likelier (month first with '/', day first with '.' or '-').
        case ambiguous(DateFormat, DateFormat)
    }

    /// Whether the values have a time of day.
    package let dateTime: Bool
    private let candidates: [DateFormat]
    private var fits: [Bool]
    private var isoFits = true
    /// How many values were seen.
    package private(set) var count = 0

    package init(dateTime: Bool) {
        self.dateTime = dateTime
        candidates = dateTime ? Self.dateTimeCandidates : Self.dateCandidates
        fits = Array(repeating: true, count: candidates.count)
    }

    /// Takes one value, trimmed and not empty.
    package mutating func feed(_ bytes: ArraySlice<UInt8>) {
        count += 1
        if isoFits {
            isoFits = dateTime ? DateTimeValue(iso: bytes) != nil : FieldValueParser.isoDate(bytes) != nil
        }
        for index in candidates.indices where fits[index] {
            switch candidates[index].readDateTime(bytes) {
            case .value: break
            case .noSuchDay, .mismatch: fits[index] = false
            }
        }
    }

    /// The patterns that read every value, most likely first.
    package var matches: [DateFormat] {
        count == 0 ? [] : candidates.indices.filter { fits[$0] }.map { candidates[$0] }
    }

    package var guess: Guess {
        guard count > 0 else { return .unknown }
        if isoFits { return .iso }
        let matches = matches
        guard let first = matches.first else { return .unknown }
        if let swapped = first.swappingMonthAndDay, matches.contains(swapped) { return .ambiguous(first, swapped) }
        return .format(first)
    }

    /// Numeric dates: month first, then day first, for each separator, the likelier order first;
    /// then years first, then month names.
    private static let numericDatePatterns: [String] = {
        var patterns: [String] = []
        for (separator, monthFirst) in [("/", true), (".", false), ("-", false)] {
            for year in ["%Y", "%y"] {
                let orders = [["%m", "%d"], ["%d", "%m"]]
                for order in monthFirst ? orders : orders.reversed() {
                    patterns.append(order.joined(separator: separator) + separator + year)
                }
            }
        }
        patterns += ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
        return patterns
    }()

    private static let namedMonthPatterns = [
        "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%d %b %y", "%b %d, %Y", "%b %d %Y", "%d. %b %Y",
    ]

    private static let dateCandidates: [DateFormat] = (numericDatePatterns + namedMonthPatterns).compactMap {
        try? DateFormat(parsing: $0)
    }

    private static let timePatterns = [" %I:%M %p", " %I:%M:%S %p", " %I:%M%p", " %H:%M", " %H:%M:%S"]

    private static let dateTimeCandidates: [DateFormat] = numericDatePatterns.flatMap { date in
        timePatterns.compactMap { try? DateFormat(parsing: date + $0) }
    }
}
