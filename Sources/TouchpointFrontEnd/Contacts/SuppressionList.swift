import TouchpointCore

/// The addresses that must not receive mail: the practice's `suppression:` file, one address a
/// line, `#` comments, compared without regard to case.
///
/// A comment after an address is its reason (`ann@mail.example  # 2026-12-07 bounced 5.1.1`), and
/// the reason decides what the line stops: a reason that starts (after an optional date) with
/// `bounced`, `complaint` or `all mail` stops all mail to the address, care included; any other
/// reason, or none, stops marketing. An address on two lines takes the wider of the two.
public struct SuppressionList: Sendable {
    /// What a line stops.
    public enum Scope: String, Sendable, Comparable {
        /// Marketing messages: an unsubscribe.
        case marketing
        /// Every message, care included: a hard bounce, a complaint, or a person's request.
        case allMail = "all mail"

        public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs == .marketing && rhs == .allMail }
    }

    /// One address's line.
    public struct Entry: Sendable, Equatable {
        /// The line, 1-based.
        public let line: Int
        /// The comment after the address, without the `#`; `nil` when the line has none.
        public let reason: String?
        public let scope: Scope
    }

    /// The file's path, relative to the practice, as the diagnostics name it.
    public let path: String
    /// Each address (lowercased) and the line that decides its scope.
    public let entries: [String: Entry]
    /// Whether any line stops all mail: when none does, care messages need no lookup.
    public let stopsAnyAllMail: Bool

    public init(path: String = "", entries: [String: Entry]) {
        self.path = path
        self.entries = entries
        stopsAnyAllMail = entries.values.contains { $0.scope == .allMail }
    }

    /// Every address of `addresses` stopping marketing, as a line without a reason stops it.
    public init(addresses: Set<String>) {
        var entries: [String: Entry] = [:]
        for address in addresses { entries[address.lowercased()] = Entry(line: 0, reason: nil, scope: .marketing) }
        self.init(entries: entries)
    }

    /// The addresses, lowercased.
    public var addresses: Set<String> { Set(entries.keys) }

    /// Whether `address` is suppressed, for marketing at least, in any case.
    public func contains(_ address: String) -> Bool {
        entries[address.lowercased()] != nil
    }

    /// Whether `address` may receive no mail at all, care included.
    public func stopsAllMail(to address: String) -> Bool {
        stopsAnyAllMail && entries[address.lowercased()]?.scope == .allMail
    }

    /// The line that suppresses `address`, if one does.
    public func entry(for address: String) -> Entry? {
        entries[address.lowercased()]
    }

    /// What a reason stops: all mail when, after an optional `YYYY-MM-DD`, it starts with
    /// `bounced`, `complaint` or `all mail` (in any case); marketing otherwise.
    public static func scope(of reason: String?) -> Scope {
        guard var words = reason?.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == ":" || $0 == "," })[...],
            let first = words.first
        else { return .marketing }
        if first.count == 10, LocalDate(iso: first) != nil { words = words.dropFirst() }
        guard let word = words.first else { return .marketing }
        if word == "bounced" || word == "complaint" { return .allMail }
        if word == "all", words.dropFirst().first == "mail" { return .allMail }
        return .marketing
    }

    /// Reads a suppression file. A line that is not an address is a warning (with its line), and
    /// is skipped. A `#` starts a comment at the start of a line or after a space.
    public static func read(_ file: SourceFile, diagnostics: inout DiagnosticBag) -> SuppressionList {
        var entries: [String: Entry] = [:]
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
                var reason: String?
                if end < range.upperBound {
                    let comment = String(decoding: file.bytes[(end + 1)..<range.upperBound], as: UTF8.self).trimmingSpaces
                    reason = comment.isEmpty ? nil : comment
                }
                let entry = Entry(line: line, reason: reason, scope: scope(of: reason))
                let key = text.lowercased()
                if let earlier = entries[key], earlier.scope >= entry.scope { continue }
                entries[key] = entry
            case .failure(let problem):
                diagnostics.emit(
                    Diagnostic(
                        ContactMessages.invalidSuppressedAddress(text, problem: problem),
                        at: SourceSpan(file: file, range: trimmed.startIndex..<trimmed.endIndex)
                    )
                    .with(help: "write one address a line; start a comment with '#'"))
            }
        }
        return SuppressionList(path: file.path, entries: entries)
    }
}
