import Crypto
import Foundation
import TouchpointCore

/// Reads the feedback logs in a folder — `feedback.log` and any older `*.log` moved beside it —
/// from where the last run stopped. `feedback.read` in the folder records, for each log, how many
/// bytes were applied and a digest of its first line, so a log that was replaced is read again
/// from its start, and a line is applied once however often feedback runs.
public struct FeedbackLogReader: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    /// An entry and where it stands.
    public struct Located: Sendable, Equatable {
        public let entry: FeedbackLog.Entry
        /// The log's file name and the 1-based line.
        public let file: String
        public let line: Int
    }

    /// How far each log has been applied.
    public struct Cursor: Sendable, Equatable {
        public struct Mark: Sendable, Equatable {
            public var offset: Int
            public var firstLine: String
        }

        public var marks: [String: Mark] = [:]

        /// The cursor file's text: one line a log, sorted.
        var text: String {
            marks.keys.sorted().map { name in "\(name)\t\(marks[name]?.offset ?? 0)\t\(marks[name]?.firstLine ?? "")\n" }.joined()
        }
    }

    public struct Result: Sendable {
        /// The entries not applied before, by file and line.
        public var entries: [Located] = []
        /// Lines that are not entries: `file:line`.
        public var malformed: [String] = []
        /// The cursor once these entries are applied.
        public var cursor = Cursor()
    }

    /// Reads what is new in every log of the folder.
    public func read() throws(EnvironmentError) -> Result {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw EnvironmentError("'\(folder)' is not a folder of feedback logs")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".log") && !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw EnvironmentError("cannot read the log folder '\(folder)': \(error.localizedDescription)")
        }
        let previous = try readCursor()
        var result = Result()
        for name in names {
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            } catch {
                throw EnvironmentError("cannot read the log '\(folder)/\(name)': \(error.localizedDescription)")
            }
            // Only whole lines: one being written now is read next time.
            let complete = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
            let firstLineEnd = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? 0
            let firstLine = Self.digest(bytes[0..<firstLineEnd])
            var start = 0
            if let mark = previous.marks[name], mark.firstLine == firstLine, mark.offset <= complete {
                start = mark.offset
            }
            var line = bytes[0..<start].count { $0 == UInt8(ascii: "\n") }
            for text in bytes[start..<complete].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
                line += 1
                let string = String(decoding: text, as: UTF8.self)
                if let entry = FeedbackLog.entry(Substring(string)) {
                    result.entries.append(Located(entry: entry, file: name, line: line))
                } else if !string.trimmingSpaces.isEmpty {
                    result.malformed.append("\(name):\(line)")
                }
            }
            if complete > 0 { result.cursor.marks[name] = Cursor.Mark(offset: complete, firstLine: firstLine) }
        }
        return result
    }

    /// Records `cursor`, replacing the cursor file whole.
    public func write(_ cursor: Cursor) throws(EnvironmentError) {
        try AtomicFile.write(Array(cursor.text.utf8), to: folder + "/" + FeedbackLog.cursorFileName, mode: 0o640)
    }

    private func readCursor() throws(EnvironmentError) -> Cursor {
        let path = folder + "/" + FeedbackLog.cursorFileName
        guard FileManager.default.fileExists(atPath: path) else { return Cursor() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw EnvironmentError("cannot read '\(path)': \(error.localizedDescription)")
        }
        var cursor = Cursor()
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let offset = Int(fields[1]) else { continue }
            cursor.marks[String(fields[0])] = Cursor.Mark(offset: offset, firstLine: String(fields[2]))
        }
        return cursor
    }

    private static func digest(_ bytes: ArraySlice<UInt8>) -> String {
        Hex.string(SHA256.hash(data: Array(bytes)), count: 8)
    }
}
