import Crypto
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The library's one hex encoder, against known vectors.
@Suite struct HexTests {
    @Test func digitsInEitherCase() {
        #expect(String(decoding: (0..<16).map { Hex.digit($0) }, as: UTF8.self) == "0123456789abcdef")
        #expect(String(decoding: (0..<16).map { Hex.digit($0, .upper) }, as: UTF8.self) == "0123456789ABCDEF")
    }

    @Test func bytesHighDigitFirst() {
        var out: [UInt8] = []
        for byte: UInt8 in [0x00, 0x0F, 0xA5, 0xFF] { Hex.append(byte, to: &out) }
        Hex.append(0x3D, .upper, to: &out)
        Hex.append(0xC3, .upper, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "000fa5ff3DC3")
    }

    @Test func stringStopsAtTheCount() {
        #expect(Hex.string([0x00, 0x0F, 0xA5, 0xFF], count: 3) == "000fa5")
        #expect(Hex.string([0xAB], count: 4) == "ab")
        #expect(Hex.string([UInt8](), count: 2) == "")
        #expect(Hex.string([0x01, 0x02], count: 0) == "")
        #expect(Hex.string([0xDE, 0xAD, 0xBE, 0xEF]) == "deadbeef")
    }

    /// FIPS 180-2's first example: SHA-256 of "abc".
    @Test func aPublishedDigest() {
        let digest = SHA256.hash(data: Array("abc".utf8))
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(Hex.string(digest, count: SHA256.byteCount) == expected)
        #expect(OutboxDigest.sha256(Array("abc".utf8)) == expected)
        #expect(OutboxHash(digest).description == expected)
        #expect(OutboxHash(hex: Array(expected.utf8)) == OutboxHash(digest))
    }

    @Test func wordsMostSignificantDigitFirst() {
        var out: [UInt8] = []
        Hex.append(UInt64(0x0123_4567_89AB_CDEF), to: &out)
        Hex.append(UInt64(0), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "0123456789abcdef0000000000000000")
    }

    @Test(arguments: [
        (UInt32(0), 1, "0"), (0x1F, 4, "001f"), (0x2028, 4, "2028"), (0x10FFFF, 4, "10ffff"), (0xA, 1, "a"),
        (0xFFFF_FFFF, 2, "ffffffff"),
    ])
    func numbersPaddedToAWidth(value: UInt32, width: Int, expected: String) {
        #expect(Hex.string(value, minimumDigits: width) == expected)
    }

    /// Where the library shows hex, it shows this encoder's digits.
    @Test func escapesUseIt() {
        #expect(JSON.string("\u{1}\u{1F}\u{2029}") == #""\u0001\u001f\u2029""#)
    }
}
