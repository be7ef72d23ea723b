import TouchpointCore

/// The addresses that must never receive mail: the practice's `suppression:` file, one address a
/// line, `#` comments, compared without regard to case.
public struct SuppressionList: Sendable {
    /// The addresses, lowercased.
    public let addresses: Set<String>

    public init(addresses: Set<String>) {
        self.addresses = Set(addresses.map { $0.lowercased() })
    }

    /// Whether `address` is suppressed, in any case.
    public func contains(_ address: String) -> Bool {
        addresses.contains(address.lowercased())
    }

    /// Reads a suppression file. A line that is not an address is a warning (with its line), and
    /// is skipped. A `#` starts a comment at the start of a line or after a space.
    public static func read(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> SuppressionList {
        var addresses: Set<String> = []
        for line in 1...max(1, file.lineCount) {
            let range = file.byteRange(ofLine: line)
            var end = range.upperBound
            var index = range.lowerBound
            while index < range.upperBound {
                if file.bytes[index] == UInt8(ascii: "#"),
                    index == range.lowerBound || file.bytes[index - 1] == 0x20 || file.bytes[index - 1] == 0x09
                {
                    end = index
                    break
                }
                index += 1
            }
            let trimmed = FieldValueParser.trimmed(file.bytes[range.lowerBound..<end])
            guard !trimmed.isEmpty else { continue }
            let text = String(decoding: trimmed, as: UTF8.self)
            switch EmailAddress.parse(text) {
            case .success:
                addresses.insert(text.lowercased())
            case .failure(let problem):
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.invalidSuppressedAddress(text, problem: problem),
                        at: SourceSpan(file: file, range: trimmed.startIndex..<trimmed.endIndex)
                    )
                    .with(help: "write one address a line; start a comment with '#'"))
            }
        }
        return SuppressionList(addresses: addresses)
    }
}
