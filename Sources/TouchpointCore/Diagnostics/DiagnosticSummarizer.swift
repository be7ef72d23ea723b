/// Keeps a flood of identical problems readable: after the first few diagnostics with the same ID
/// and words in the same file, the rest are counted, not printed ("and 4,211 more like this").
public struct DiagnosticSummarizer: Sendable {
    /// How many of a kind are shown in full.
    public var shown: Int

    public init(shown: Int = 5) {
        self.shown = shown
    }

    /// The diagnostics to print, each with the number of similar ones left out after it.
    public func summarize(_ diagnostics: [Diagnostic]) -> [(diagnostic: Diagnostic, suppressed: Int)] {
        struct Key: Hashable {
            let id: DiagnosticID
            let path: String?
            let text: String
        }
        var counts: [Key: Int] = [:]
        var lastShown: [Key: Int] = [:]
        var result: [(diagnostic: Diagnostic, suppressed: Int)] = []
        for diagnostic in diagnostics {
            let key = Key(id: diagnostic.message.id, path: diagnostic.path, text: diagnostic.message.text(redacting: true))
            let count = counts[key, default: 0] + 1
            counts[key] = count
            if count <= shown {
                lastShown[key] = result.count
                result.append((diagnostic, 0))
            } else if let index = lastShown[key] {
                result[index].suppressed += 1
            }
        }
        return result
    }

    /// The note every format ends a summarised diagnostic with: "and 4,211 more like this".
    public static func moreLikeThis(_ suppressed: Int) -> String {
        "and \(suppressed.grouped) more like this"
    }
}
