/// `out/sent.log`: one line per delivered message, written by `touchpoint deliver`:
/// `delivered-at <TAB> message-id <TAB> file`. Lines starting with `#` are comments.
public enum SentLog {
    public static let path = "out/sent.log"

    /// The Message-IDs (without angle brackets) the log lists.
    public static func messageIDs(in file: SourceFile) -> Set<String> {
        var ids: Set<String> = []
        for line in 1...max(1, file.lineCount) {
            let text = file.text(ofLine: line)
            guard !text.hasPrefix("#") else { continue }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else { continue }
            var id = fields[1].trimmingSpaces
            if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
            if id.contains("@") { ids.insert(id) }
        }
        return ids
    }

    /// One line for a delivered message.
    public static func line(deliveredAt: Int, offset: Int, messageID: String, file: String) -> String {
        "\(AsOf.format(deliveredAt, offset: offset))\t<\(messageID)>\t\(file)\n"
    }
}
