/// A small practice folder packed into one input, as the whole-practice harness reads it: entries
/// one after the other, each a path, a line feed, its length in decimal, a line feed and that
/// many bytes (fewer when the input ends first).
///
/// ```
/// touchpoint.yaml
/// 181
/// practice:
///   name: …
/// ```
///
/// Two paths are not files: `@as-of` and `@horizon` hold what `--as-of` and `--horizon` would.
/// Paths are relative (no `/` first, no `.` or `..` parts); an entry that is not is skipped, and
/// only the first 16 entries count.
public struct PracticeArchive: Sendable, Equatable {
    public var files: [String: [UInt8]] = [:]
    public var asOf: String?
    public var horizon: String?

    public static let maxEntries = 16

    public init(files: [String: [UInt8]], asOf: String? = nil, horizon: String? = nil) {
        self.files = files
        self.asOf = asOf
        self.horizon = horizon
    }

    public init(unpacking input: [UInt8]) {
        var cursor = 0
        func line() -> [UInt8]? {
            guard cursor < input.count else { return nil }
            let end = input[cursor...].firstIndex(of: 0x0A) ?? input.count
            defer { cursor = min(end + 1, input.count) }
            return Array(input[cursor..<end])
        }
        var entries = 0
        while entries < Self.maxEntries, let pathBytes = line(), let lengthBytes = line() {
            entries += 1
            let digits = lengthBytes.prefix { (0x30...0x39).contains($0) }.prefix(9)
            let length = Int(String(decoding: digits, as: UTF8.self)) ?? 0
            let end = min(cursor + length, input.count)
            let content = Array(input[cursor..<end])
            cursor = end
            let path = String(decoding: pathBytes, as: UTF8.self)
            switch path {
            case "@as-of": asOf = String(decoding: content, as: UTF8.self)
            case "@horizon": horizon = String(decoding: content, as: UTF8.self)
            default:
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                guard !path.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { continue }
                files[path] = content
            }
        }
    }

    /// The archive as the harness reads it: `@as-of` and `@horizon` first, then the files by path.
    public var packed: [UInt8] {
        var entries: [(String, [UInt8])] = []
        if let asOf { entries.append(("@as-of", Array(asOf.utf8))) }
        if let horizon { entries.append(("@horizon", Array(horizon.utf8))) }
        entries += files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        var out: [UInt8] = []
        for (path, content) in entries {
            out += Array(path.utf8) + [0x0A] + Array(String(content.count).utf8) + [0x0A] + content
        }
        return out
    }
}
