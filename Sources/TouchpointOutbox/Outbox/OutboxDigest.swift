import Crypto
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// SHA-256 digests in lowercase hex, as the manifest records them.
package enum OutboxDigest {
    package static func sha256(_ bytes: [UInt8]) -> String {
        Hex.string(SHA256.hash(data: bytes), count: SHA256.byteCount)
    }
}

/// A SHA-256 digest held in place: 32 bytes, no allocation, so that an outbox of hundreds of
/// thousands of messages keeps two of them a message without a string each.
public struct OutboxHash: Hashable, Sendable, CustomStringConvertible {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// The first 32 bytes of `bytes`, zero-padded when shorter.
    public init(_ bytes: some Sequence<UInt8>) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in bytes.prefix(32).enumerated() {
            let shifted = UInt64(byte) << (56 - 8 * UInt64(index % 8))
            switch index / 8 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            case 2: words.2 |= shifted
            default: words.3 |= shifted
            }
        }
        self.words = words
    }

    /// The digest an unknown input is recorded with; no SHA-256 is all zeros in practice.
    package static let unknown = OutboxHash([])

    /// A SHA-256 digest, its bytes read as four big-endian words at once.
    package init(_ digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { raw in
            (
                raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self).bigEndian,
                raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self).bigEndian
            )
        }
    }

    /// The SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> OutboxHash {
        OutboxHash(SHA256.hash(data: bytes))
    }

    /// Reads 64 lowercase hex digits back; `nil` for anything else.
    package init?(hex text: some Collection<UInt8>) {
        guard text.count == 64 else { return nil }
        let parsed = text.withContiguousStorageIfAvailable(Self.parse) ?? Array(text).withUnsafeBufferPointer(Self.parse)
        guard let parsed else { return nil }
        self.words = parsed
    }

    /// The value of each byte as a lowercase hex digit, 0xFF for any other byte.
    private static let digitValues: [UInt8] = (0...255).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt8(byte) - UInt8(ascii: "a") + 10
        default: 0xFF
        }
    }

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        var words: [UInt64] = [0, 0, 0, 0]
        var invalid: UInt8 = 0
        digitValues.withUnsafeBufferPointer { values in
            for word in 0..<4 {
                var value: UInt64 = 0
                for offset in (word * 16)..<(word * 16 + 16) {
                    let digit = values[Int(text[offset])]
                    invalid |= digit & 0xF0
                    value = value << 4 | UInt64(digit & 0x0F)
                }
                words[word] = value
            }
        }
        return invalid == 0 ? (words[0], words[1], words[2], words[3]) : nil
    }

    /// Appends the 32 bytes to `bytes`.
    package func append(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: words.0.bigEndian) { bytes += $0 }
        withUnsafeBytes(of: words.1.bigEndian) { bytes += $0 }
        withUnsafeBytes(of: words.2.bigEndian) { bytes += $0 }
        withUnsafeBytes(of: words.3.bigEndian) { bytes += $0 }
    }

    public static func == (lhs: OutboxHash, rhs: OutboxHash) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
    }

    /// 64 lowercase hex digits.
    public var description: String {
        var out: [UInt8] = []
        appendHex(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the 64 lowercase hex digits to `bytes`.
    package func appendHex(to bytes: inout [UInt8]) {
        for word in [words.0, words.1, words.2, words.3] {
            Hex.append(word, to: &bytes)
        }
    }
}
