import Foundation
import Testing

/// What users send: each folder under `EMLGolden/` is a small practice built as of 2026-12-01,
/// and its messages are compared byte for byte (CRLF kept) with the recorded files under its
/// `expected/`, laid out as in the outbox. `RECORD=1` rewrites them and fails.
@Suite("Golden messages")
struct EMLGoldenTests {
    static let asOf = "2026-12-01"

    @Test(arguments: GoldenCase.messages)
    func messagesMatchTheirRecordings(_ golden: GoldenCase) throws {
        let files = try TestPipeline.build(practice: golden.folder, asOf: Self.asOf)
        #expect(!files.isEmpty)
        if GoldenCase.isRecording {
            try? FileManager.default.removeItem(at: golden.expectedMessages)
            for (path, bytes) in files {
                let file = golden.expectedMessages.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: file)
            }
            Issue.record("recorded \(files.count) messages of \(golden.name); run again without RECORD=1 to compare")
            return
        }
        let recorded = Self.recordings(of: golden)
        #expect(!recorded.isEmpty, "nothing recorded for \(golden.name); run with RECORD=1 to record it")
        #expect(recorded.keys.sorted() == files.keys.sorted())
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            #expect(recorded[path] == bytes, "\(golden.name): \(path) differs from its recording")
        }
    }

    @Test func theGoldenFolderHoldsTheCases() {
        // A walk that finds nothing would pass every case vacuously.
        #expect(
            GoldenCase.messages.map(\.name) == [
                "ascii-note", "long-lines", "mail-polish", "marketing-unsubscribe", "rich-markdown", "unicode-note",
            ])
        #expect(GoldenCase.messages.map { Self.recordings(of: $0).count } == [1, 1, 1, 2, 1, 1])
    }

    @Test func pythonReadsEveryRecordingWithoutDefects() throws {
        let files = GoldenCase.messages.flatMap { golden in
            Self.recordings(of: golden).keys.sorted().map { golden.expectedMessages.appendingPathComponent($0) }
        }
        #expect(files.count == 7)
        let (problems, summaries) = try EmailChecker.check(files)
        #expect(problems.isEmpty, "\(problems)")
        let all = summaries.joined(separator: "\n")
        // Merged values arrive literally, in the headers and in the text.
        #expect(all.contains("Zoë Ñúñez-Łukasz 😀 <zoe@mail.example> | Grüße, Zoë — bis bald 😀"))
        #expect(all.contains("Hi <b>*Bo*</b> =?UTF-8?Q?=0A?=Bcc: x@evil.example,"))
        #expect(all.contains("Your note: line one Bcc: injected@evil.example"))
    }

    @Test(arguments: GoldenCase.messages)
    func careMessagesCarryNoUnsubscribeHeadersAndMarketingOnesDo(_ golden: GoldenCase) throws {
        let isMarketing = ["long-lines", "mail-polish", "marketing-unsubscribe"].contains(golden.name)
        for (path, bytes) in Self.recordings(of: golden) {
            let head = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            #expect(head.contains("List-Unsubscribe:") == isMarketing, "\(path)")
            #expect(head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click") == isMarketing, "\(path)")
            #expect(head.contains("List-Id: <"))
            #expect(!head.lowercased().contains("\r\nbcc:"))
        }
    }

    /// The recorded messages of `golden`, by their path under `expected/`.
    /// The golden cases' practices as one (each case's campaign beside the others'; they share
    /// their contacts and practice file), written into `scratch`, each file's text through `edit`.
    static func writeAllCases(
        into scratch: ScratchFolder,
        editing edit: (_ relative: String, _ text: String) -> String = { $1 }
    ) throws {
        for golden in GoldenCase.messages {
            for relative in try FileManager.default.subpathsOfDirectory(atPath: golden.folder.path)
            where !relative.hasPrefix("expected") {
                var isFolder: ObjCBool = false
                let file = golden.folder.appendingPathComponent(relative)
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                try scratch.write(relative, edit(relative, try String(contentsOf: file, encoding: .utf8)))
            }
        }
    }

    static func recordings(of golden: GoldenCase) -> [String: [UInt8]] {
        let root = golden.expectedMessages
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".eml"), let data = try? Data(contentsOf: root.appendingPathComponent(relative)) else {
                continue
            }
            files[relative] = [UInt8](data)
        }
        return files
    }
}
