import Crypto
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct MessageIdentityTests {
    /// The token is HMAC-SHA256 (RFC 2104) of list, NUL and key; the prepared key must give what
    /// the library's HMAC gives for secrets shorter than, as long as and longer than a block.
    @Test(arguments: [0, 1, 32, 63, 64, 65, 200])
    func tokensAreHMACSHA256(secretLength: Int) {
        let secret = (0..<secretLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for (list, key) in [("patients", "p0042"), ("referral-sources", "dr-ölz"), ("", "")] {
            let message = Array(list.utf8) + [0] + Array(key.utf8)
            let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
            #expect(
                MessageIdentity.token(list: list, contact: key, secret: secret)
                    == Hex.string(expected, count: 16))
        }
    }

    /// RFC 4231 test case 2: key "Jefe".
    @Test func tokenMatchesAPublishedVector() {
        let tokenKey = MessageIdentity.TokenKey(Array("Jefe".utf8))
        var message = tokenKey.inner
        message += Array("what do ya want for nothing?".utf8)
        var outer = tokenKey.outer
        outer += SHA256.hash(data: message)
        #expect(
            Hex.string(SHA256.hash(data: outer), count: 32)
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func datesPrintWithFourDigitYears() {
        #expect(LocalDate(year: 7, month: 3, day: 9)?.description == "0007-03-09")
        #expect(LocalDate(year: 2026, month: 12, day: 31)?.description == "2026-12-31")
    }

    /// A recorded token (from Python's hmac module), so that a change to how tokens are made
    /// cannot pass unnoticed: every unsubscribe link already sent carries one.
    @Test func tokenIsStable() {
        let secret = Array("example-practice-secret-not-for-real-use".utf8)
        #expect(MessageIdentity.token(list: "patients", contact: "p00001", secret: secret) == "c6eb5a9241160a50978c69e74d97ff4d")
    }

    /// The Message-ID's hash in hex is its 16 bytes, most significant first.
    @Test func messageHashHexIsItsBytesInOrder() {
        let hash = MessageIdentity.MessageHash(high: 0x0123_4567_89AB_CDEF, low: 0xFEDC_BA98_7654_3210)
        #expect(hash.hex == "0123456789abcdeffedcba9876543210")
        var bytes: [UInt8] = []
        hash.append(to: &bytes)
        #expect(Hex.string(bytes) == hash.hex)
    }
}
