/// Appending literal text to a UTF-8 byte buffer, for renderers that build a whole part in one
/// buffer and make it a `String` once.
extension Array where Element == UInt8 {
    @inline(__always)
    package mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
