import Foundation
import Testing

/// One folder under `Golden/`: a practice's input files beside what `touchpoint check` prints for
/// them, `expected.txt` (text) and `expected.github` (workflow annotations). Under `EMLGolden/`,
/// a practice beside the messages it builds, `expected/<day>/<file>.eml`.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let folder: URL

    var testDescription: String { name }

    var expectedText: URL { folder.appendingPathComponent("expected.txt") }
    var expectedGitHub: URL { folder.appendingPathComponent("expected.github") }

    /// The folder of expected `.eml` files, as the outbox lays them out.
    var expectedMessages: URL { folder.appendingPathComponent("expected", isDirectory: true) }

    /// Every case folder under `Golden/`, by name.
    static let all: [GoldenCase] = cases(in: TestLocations.goldenFolder)

    /// Every case folder under `EMLGolden/`, by name.
    static let messages: [GoldenCase] = cases(in: TestLocations.emlGoldenFolder)

    /// Every case folder in `root`, by name.
    static func cases(in root: URL) -> [GoldenCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let folder = root.appendingPathComponent(name, isDirectory: true)
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return GoldenCase(name: name, folder: folder)
        }
    }

    /// `RECORD=1` rewrites the expected files (and fails the test, so a recording is never taken
    /// for a pass).
    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD"] == "1" }
}
