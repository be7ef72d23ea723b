import Crypto

/// Deterministic identities: a message's Message-ID, and a contact's unsubscribe token.
public enum MessageIdentity {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `<hash>@domain` from campaign, step, list, contact key and local send date: the same
    /// inputs give the same ID in every build, so a delivered message is recognised again.
    public static func messageID(campaign: String, step: String, list: String, contact: String, date: LocalDate,
                                 domain: String) -> String {
        var hasher = SHA256()
        for part in [campaign, step, list, contact, date.description] {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return hexString(hasher.finalize(), count: 16) + "@" + domain
    }

    /// The unsubscribe token: HMAC-SHA256 of list and key under the practice's secret, so it
    /// cannot be guessed from the key.
    public static func token(list: String, contact: String, secret: [UInt8]) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(list.utf8.count + 1 + contact.utf8.count)
        message.append(contentsOf: list.utf8)
        message.append(0)
        message.append(contentsOf: contact.utf8)
        return hexString(hmacSHA256(key: secret, message: message), count: 16)
    }

    /// HMAC-SHA256 as RFC 2104 defines it, written over `SHA256`: the same code `HMAC<SHA256>`
    /// gives (a test compares the two), without the generic code behind `HMAC`, which copies the
    /// key through several arrays and dispatches every step through protocol witnesses. A token is
    /// made for every message rendered, and that made each cost several times its four hash blocks.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> SHA256.Digest {
        let blockSize = SHA256.blockByteCount
        var block = key.count > blockSize ? Array(SHA256.hash(data: key)) : key
        block.append(contentsOf: repeatElement(0, count: blockSize - block.count))
        var inner = SHA256()
        inner.update(data: block.map { $0 ^ 0x36 })
        inner.update(data: message)
        var outer = SHA256()
        outer.update(data: block.map { $0 ^ 0x5C })
        inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
        return outer.finalize()
    }

    /// Lowercase hex of the first `count` bytes, written as UTF-8 straight into the string.
    static func hexString(_ bytes: some Sequence<UInt8>, count: Int) -> String {
        String(unsafeUninitializedCapacity: 2 * max(count, 0)) { buffer in
            var written = 0
            for byte in bytes.prefix(count) {
                buffer[written] = hexDigits[Int(byte >> 4)]
                buffer[written + 1] = hexDigits[Int(byte & 0x0F)]
                written += 2
            }
            return written
        }
    }
}
