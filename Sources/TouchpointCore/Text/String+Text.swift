// Small text helpers every stage uses, written without Foundation.

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation. Occurrences are found among the
    /// UTF-8 bytes, not the `Character`s: a quote or U+FDD0 followed by a combining mark is one
    /// `Character` with the mark, and must still be found. (UTF-8 never matches inside a scalar.)
    package func replacingAll(_ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        let bytes = Array(utf8)
        guard !needle.isEmpty, var range = bytes.firstRange(of: needle) else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var start = 0
        while true {
            result += bytes[start..<range.lowerBound]
            result += replacement.utf8
            start = range.upperBound
            guard let next = bytes[start...].firstRange(of: needle) else { break }
            range = next
        }
        result += bytes[start...]
        return String(decoding: result, as: UTF8.self)
    }
}

extension String {
    package func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

extension Int {
    /// The number with thousands separators, as messages print counts: 4,211. (Not `formatted`:
    /// Foundation's `formatted()` would answer where this is not visible.)
    package var grouped: String {
        let digits = String(self.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return self < 0 ? "-" + result : result
    }
}
