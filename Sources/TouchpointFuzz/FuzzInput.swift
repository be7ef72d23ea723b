/// How a harness reads several values out of one input: the parts between NUL bytes. A value
/// can hold any other byte, control characters and invalid UTF-8 included (as U+FFFD).
struct FuzzInput {
    let parts: [String]

    init(_ bytes: [UInt8]) {
        parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The part at `index`, or `fallback` when the input has fewer parts.
    subscript(_ index: Int, or fallback: String) -> String {
        index < parts.count ? parts[index] : fallback
    }
}
