import Crypto
import TouchpointCore
import TouchpointFrontEnd

/// Deterministic identities: a message's Message-ID, and a contact's unsubscribe token.
public enum MessageIdentity {
    /// `<hash>@domain` from campaign, step, list, contact key and local send date: the same
    /// inputs give the same ID in every build, so a delivered message is recognised again.
    public static func messageID(
        campaign: String, step: String, list: String, contact: String, date: LocalDate,
        domain: String
    ) -> String {
        messageHash(campaign: campaign, step: step, list: list, contact: contact, date: date).hex + "@" + domain
    }

    /// The part of a Message-ID before the `@`: the first 16 bytes of a SHA-256 of the inputs,
    /// held in place so that a schedule of many messages keeps no string for each.
    public struct MessageHash: Sendable, Hashable {
        package let high: UInt64
        package let low: UInt64

        /// Appends the 16 bytes to `bytes`.
        package func append(to bytes: inout [UInt8]) {
            withUnsafeBytes(of: high.bigEndian) { bytes += $0 }
            withUnsafeBytes(of: low.bigEndian) { bytes += $0 }
        }

        /// 32 lowercase hex digits.
        public var hex: String {
            var digits: [UInt8] = []
            digits.reserveCapacity(32)
            Hex.append(high, to: &digits)
            Hex.append(low, to: &digits)
            return String(decoding: digits, as: UTF8.self)
        }
    }

    package static func messageHash(campaign: String, step: String, list: String, contact: String, date: LocalDate) -> MessageHash {
        var input: [UInt8] = []
        input.reserveCapacity(campaign.utf8.count + step.utf8.count + list.utf8.count + contact.utf8.count + 16)
        func add(_ part: String) {
            input += part.utf8
            input.append(0)
        }
        add(campaign)
        add(step)
        add(list)
        add(contact)
        add(date.description)
        // The digest's first 16 bytes as two big-endian words.
        return SHA256.hash(data: input).withUnsafeBytes { digest in
            MessageHash(
                high: digest.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
                low: digest.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
        }
    }

    /// The unsubscribe token: HMAC-SHA256 of list and key under the practice's secret, so it
    /// cannot be guessed from the key.
    public static func token(list: String, contact: String, secret: [UInt8]) -> String {
        token(list: list, contact: contact, key: TokenKey(secret))
    }

    /// The same, under a secret prepared once for many tokens.
    package static func token(list: String, contact: String, key: TokenKey) -> String {
        var message = key.inner
        message += list.utf8
        message.append(0)
        message += contact.utf8
        var outer = key.outer
        outer += SHA256.hash(data: message)
        return Hex.string(SHA256.hash(data: outer), count: 16)
    }

    /// A secret as HMAC-SHA256 (RFC 2104) pads it, made once for many tokens: the key (hashed
    /// when longer than SHA-256's 64-byte block, zero-filled to it) XOR the inner and outer pads.
    package struct TokenKey: Sendable {
        package let inner: [UInt8]
        package let outer: [UInt8]

        package init(_ secret: [UInt8]) {
            var key = secret.count > 64 ? Array(SHA256.hash(data: secret)) : secret
            key += Array(repeating: 0, count: 64 - key.count)
            inner = key.map { $0 ^ 0x36 }
            outer = key.map { $0 ^ 0x5C }
        }
    }
}
