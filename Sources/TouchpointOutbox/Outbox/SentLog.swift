import Foundation
import TouchpointCore
import TouchpointFrontEnd

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

    /// The Message-ID (without angle brackets) in the headers of a message's first bytes.
    public static func messageID(inHeaders bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            if line.isEmpty || line == "\r" { return nil }
            guard line.lowercased().hasPrefix("message-id:") else { continue }
            let value = line.dropFirst("message-id:".count).filter { $0 != "\r" }.trimmingSpaces
            let id = value.hasPrefix("<") && value.hasSuffix(">") ? String(value.dropFirst().dropLast()) : value
            return id.contains("@") ? id : nil
        }
        return nil
    }

    /// One line for a delivered message.
    public static func line(deliveredAt: Int, offset: Int, messageID: String, file: String) -> String {
        "\(AsOf.format(deliveredAt, offset: offset))\t<\(messageID)>\t\(file)\n"
    }

    /// The Message-IDs of delivered messages: those `sent.log` lists and those moved into
    /// `sent/` of the outbox folder.
    public static func deliveredMessageIDs(outbox folder: URL) -> Set<String> {
        var ids: Set<String> = []
        let log = folder.appendingPathComponent("sent.log")
        if let data = FileManager.default.contents(atPath: log.path) {
            ids.formUnion(messageIDs(in: SourceFile(path: "sent.log", bytes: [UInt8](data))))
        }
        let sent = folder.appendingPathComponent("sent", isDirectory: true)
        guard let enumerator = FileManager.default.enumerator(at: sent, includingPropertiesForKeys: nil) else { return ids }
        while let url = enumerator.nextObject() as? URL {
            guard url.pathExtension == "eml", let handle = try? FileHandle(forReadingFrom: url) else { continue }
            defer { try? handle.close() }
            if let head = try? handle.read(upToCount: 8192), let id = messageID(inHeaders: [UInt8](head)) {
                ids.insert(id)
            }
        }
        return ids
    }
}
