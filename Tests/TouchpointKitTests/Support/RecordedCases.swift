import Foundation
import Testing

/// Inputs and the outputs recorded for them, in `Recorded/<name>.jsonl`, one case a line: a JSON
/// object of the inputs and the expected outputs. The recordings were first made by the
/// implementations the fast ones replaced, so a test that recomputes the outputs holds the code to
/// the very bytes the old code wrote. `RECORD=1` rewrites a file's outputs from the code as it
/// is, keeping its inputs, and fails, so that a recording is never taken for a pass.
enum RecordedCases {
    /// `Tests/TouchpointKitTests/Recorded`.
    static let folder = TestLocations.testsFolder.appendingPathComponent("Recorded", isDirectory: true)

    /// Compares every case of `Recorded/<name>.jsonl` with `recompute` of it (the case with its
    /// outputs made again from its inputs) as bytes of JSON, so that text is compared scalar for
    /// scalar rather than by `String ==`, which takes "é" and "e\u{301}" for equal.
    static func check<Case: Codable>(_ name: String, minimum: Int, _ recompute: (Case) -> Case) throws {
        let file = folder.appendingPathComponent(name + ".jsonl")
        let recorded: [Case] = try cases(name)
        #expect(recorded.count >= minimum, "\(name): \(recorded.count) cases recorded")
        let actual = recorded.map(recompute)
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try write(actual, to: file)
            Issue.record("recorded the outputs of \(actual.count) cases in \(name).jsonl; run again without RECORD=1 to compare")
            return
        }
        var differences = 0
        for (index, (old, new)) in zip(recorded, actual).enumerated() {
            let expected = try line(old)
            let got = try line(new)
            guard expected != got else { continue }
            differences += 1
            if differences <= 5 {
                Issue.record(
                    """
                    \(name).jsonl line \(index + 1) differs from its recording:
                    recorded \(String(decoding: expected, as: UTF8.self))
                         got \(String(decoding: got, as: UTF8.self))
                    """)
            }
        }
        #expect(differences == 0, "\(differences) of \(recorded.count) cases in \(name).jsonl differ")
    }

    /// Writes `cases` to `file`, one JSON object a line.
    static func write<Case: Encodable>(_ cases: [Case], to file: URL) throws {
        var bytes: [UInt8] = []
        for item in cases {
            bytes += try line(item)
            bytes.append(UInt8(ascii: "\n"))
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file, options: .atomic)
    }

    /// The cases of `Recorded/<name>.jsonl`.
    static func cases<Case: Decodable>(_ name: String) throws -> [Case] {
        let file = folder.appendingPathComponent(name + ".jsonl")
        let data = try #require(
            try? Data(contentsOf: file),
            "no Recorded/\(file.lastPathComponent): its cases are the inputs, and only their outputs can be recorded again")
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Case.self, from: Data($0)) }
    }

    /// One case as a line of JSON, keys sorted, text as its scalars (JSON escapes only the
    /// quote, the backslash and the controls, none of which is a line break once escaped).
    private static func line<Case: Encodable>(_ item: Case) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(item))
    }
}
