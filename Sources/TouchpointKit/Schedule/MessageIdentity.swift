import Crypto

/// Deterministic identities: a message's Message-ID, and a contact's unsubscribe token.
public enum MessageIdentity {
    private static let hex = Array("0123456789abcdef")

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
        var message = Array(list.utf8)
        message.append(0)
        message += Array(contact.utf8)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return hexString(code, count: 16)
    }

    /// Lowercase hex of the first `count` bytes.
    static func hexString(_ bytes: some Sequence<UInt8>, count: Int) -> String {
        var out = ""
        out.reserveCapacity(count * 2)
        for byte in bytes.prefix(count) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return out
    }
}
