import Crypto
import Testing
@testable import TouchpointKit

@Suite("Message identities")
struct MessageIdentityTests {
    /// The token's HMAC is the library's HMAC-SHA256, for keys shorter than, as long as and longer
    /// than a block, and for messages of every small length.
    @Test func tokenHMACIsTheLibrarysHMAC() {
        var random = SeededGenerator(seed: 11)
        for keyLength in [0, 1, 31, 32, 63, 64, 65, 100, 200] {
            for messageLength in [0, 1, 20, 55, 56, 63, 64, 65, 150] {
                let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &random) }
                let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
                #expect(Array(MessageIdentity.hmacSHA256(key: key, message: message)) == Array(expected),
                        "key \(keyLength) bytes, message \(messageLength) bytes")
            }
        }
    }

    /// A recorded token (from Python's hmac module), so that a change to how tokens are made
    /// cannot pass unnoticed: every unsubscribe link already sent carries one.
    @Test func tokenIsStable() {
        let secret = Array("example-practice-secret-not-for-real-use".utf8)
        #expect(MessageIdentity.token(list: "patients", contact: "p00001", secret: secret) == "c6eb5a9241160a50978c69e74d97ff4d")
    }

    @Test func hexStringIsLowercaseAndStopsAtTheCount() {
        #expect(MessageIdentity.hexString([0x00, 0x0F, 0xA5, 0xFF], count: 3) == "000fa5")
        #expect(MessageIdentity.hexString([0xAB], count: 4) == "ab")
        #expect(MessageIdentity.hexString([UInt8](), count: 2) == "")
    }
}
