/// Hexadecimal digits, written in one place for the whole library: lowercase for digests and
/// identifiers (Message-IDs, unsubscribe tokens, the outbox's SHA-256s, JSON's `\u` escapes),
/// uppercase where a standard asks for it (`%XX` in URLs, `=XX` in quoted-printable).
package enum Hex {
    package enum LetterCase: Sendable {
        case lower
        case upper
    }

    /// The ASCII digit for `value`, which is 0 to 15.
    @inlinable
    package static func digit(_ value: UInt8, _ letterCase: LetterCase = .lower) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : (letterCase == .lower ? UInt8(ascii: "a") : UInt8(ascii: "A")) &+ value &- 10
    }

    /// The value of one hex digit, either case; `nil` for any other byte.
    @inlinable
    package static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    /// Appends the two digits of `byte`, high digit first.
    @inlinable
    package static func append(_ byte: UInt8, _ letterCase: LetterCase = .lower, to bytes: inout [UInt8]) {
        bytes.append(digit(byte >> 4, letterCase))
        bytes.append(digit(byte & 0x0F, letterCase))
    }

    /// Appends the 16 digits of `word`, most significant first.
    @inlinable
    package static func append(_ word: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(digit(UInt8(truncatingIfNeeded: word >> UInt64(shift)) & 0x0F))
        }
    }

    /// Lowercase hex of the first `count` bytes (fewer when there are fewer), two digits a
    /// byte, written as UTF-8 straight into the string.
    @inlinable
    package static func string(_ bytes: some Sequence<UInt8>, count: Int) -> String {
        String(unsafeUninitializedCapacity: 2 * max(count, 0)) { buffer in
            var written = 0
            for byte in bytes.prefix(max(count, 0)) {
                buffer[written] = digit(byte >> 4)
                buffer[written + 1] = digit(byte & 0x0F)
                written += 2
            }
            return written
        }
    }

    /// Lowercase hex of all of `bytes`.
    @inlinable
    package static func string(_ bytes: some Collection<UInt8>) -> String {
        string(bytes, count: bytes.count)
    }

    /// `value` in lowercase hex, left-padded with zeros to at least `minimumDigits`.
    package static func string(_ value: UInt32, minimumDigits: Int) -> String {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(digit(UInt8(truncatingIfNeeded: rest & 0x0F)))
            rest >>= 4
        } while rest != 0
        while digits.count < minimumDigits { digits.append(UInt8(ascii: "0")) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}
