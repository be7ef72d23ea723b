import Crypto
import TouchpointCore

/// A SHA-256 digest of a value's every stored property, through its `Encodable` conformance:
/// where the compiler synthesises the conformance, a property added to the type is digested
/// without anyone listing it, and one the digest cannot take does not compile.
///
/// Every value is written self-delimited (a tag, then a fixed width or a length), a property
/// after its name, and a nested value after the length of its own encoding, so two different
/// values never write the same bytes. A type digested this way must not hold a dictionary: its
/// order differs from one process to the next.
///
/// `today` is digested only when a template read it: ``TemplateInput`` reports the templates
/// that read it, ``TodayInput`` gives the date, and the date is added at the end when both did.
package enum InputDigest {
    package static func sha256(of value: some Encodable) -> [UInt8] {
        let encoder = DigestEncoder()
        do {
            try value.encode(to: encoder)
        } catch {
            // Not reached: nothing here throws. Were it, a digest no other build makes keeps any
            // message from being taken as unchanged.
            var random = SystemRandomNumberGenerator()
            return (0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        }
        if encoder.readsToday, let today = encoder.today {
            encoder.bytes.append(DigestEncoder.Tag.today)
            encoder.integer(today.dayNumber)
        }
        return Array(SHA256.hash(data: encoder.bytes))
    }
}

/// Writes what ``InputDigest`` hashes.
package final class DigestEncoder: Encoder {
    package let codingPath: [any CodingKey] = []
    package let userInfo: [CodingUserInfoKey: Any] = [:]
    fileprivate var bytes: [UInt8] = []
    /// Whether a template digested so far reads `today`.
    package var readsToday = false
    /// The as-of date, when the value holds one.
    package var today: LocalDate?

    fileprivate enum Tag {
        static let nothing: UInt8 = 0
        static let bool: UInt8 = 1
        static let integer: UInt8 = 2
        static let number: UInt8 = 3
        static let string: UInt8 = 4
        static let nested: UInt8 = 5
        static let key: UInt8 = 6
        static let today: UInt8 = 7
    }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Keyed(encoder: self))
    }

    package func unkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: self) }

    package func singleValueContainer() -> any SingleValueEncodingContainer { Unkeyed(encoder: self) }

    fileprivate func integer(_ value: Int) {
        withUnsafeBytes(of: Int64(value).littleEndian) { bytes += $0 }
    }

    fileprivate func text(_ value: String, tag: UInt8 = Tag.string) {
        bytes.append(tag)
        integer(value.utf8.count)
        bytes += value.utf8
    }

    fileprivate func value(_ value: some Encodable) throws {
        switch value {
        case let text as String: self.text(text)
        case let flag as Bool: bytes += [Tag.bool, flag ? 1 : 0]
        case let number as any FixedWidthInteger:
            bytes.append(Tag.integer)
            withUnsafeBytes(of: Int64(truncatingIfNeeded: number).littleEndian) { bytes += $0 }
        case let number as Double: self.number(number)
        case let number as Float: self.number(Double(number))
        default:
            // The length of the nested value's bytes, once they are written.
            bytes.append(Tag.nested)
            let start = bytes.count
            integer(0)
            try value.encode(to: self)
            let length = Int64(bytes.count - start - 8).littleEndian
            withUnsafeBytes(of: length) { length in
                for (offset, byte) in length.enumerated() { bytes[start + offset] = byte }
            }
        }
    }

    fileprivate func number(_ value: Double) {
        bytes.append(Tag.number)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
    }

    private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: DigestEncoder
        var codingPath: [any CodingKey] { [] }

        private func key(_ key: Key) { encoder.text(key.stringValue, tag: Tag.key) }

        mutating func encodeNil(forKey key: Key) throws {
            self.key(key)
            encoder.bytes.append(Tag.nothing)
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            self.key(key)
            try encoder.value(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            self.key(key)
            encoder.bytes.append(Tag.nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            self.key(key)
            encoder.bytes.append(Tag.nested)
            return Unkeyed(encoder: encoder)
        }

        mutating func superEncoder() -> any Encoder { encoder }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            self.key(key)
            return encoder
        }
    }

    /// Both the unkeyed and the single-value container: values one after the other.
    private struct Unkeyed: UnkeyedEncodingContainer, SingleValueEncodingContainer {
        let encoder: DigestEncoder
        var codingPath: [any CodingKey] { [] }
        private(set) var count = 0

        mutating func encodeNil() throws {
            count += 1
            encoder.bytes.append(Tag.nothing)
        }

        mutating func encode<T: Encodable>(_ value: T) throws {
            count += 1
            try encoder.value(value)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            count += 1
            encoder.bytes.append(Tag.nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            count += 1
            encoder.bytes.append(Tag.nested)
            return Unkeyed(encoder: encoder)
        }

        mutating func superEncoder() -> any Encoder { encoder }
    }
}
