import Foundation
import Testing

/// One folder under `Golden/`: a practice's input files beside what `touchpoint check` prints for
/// them, `expected.txt` (text) and `expected.github` (workflow annotations).
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    let folder: URL

    var testDescription: String { name }

    var expectedText: URL { folder.appendingPathComponent("expected.txt") }
    var expectedGitHub: URL { folder.appendingPathComponent("expected.github") }

    /// Every case folder, by name.
    static let all: [GoldenCase] = {
        let root = TestLocations.goldenFolder
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let folder = root.appendingPathComponent(name, isDirectory: true)
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return nil }
            return GoldenCase(name: name, folder: folder)
        }
    }()

    /// `RECORD=1` rewrites the expected files (and fails the test, so a recording is never taken
    /// for a pass).
    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD"] == "1" }
}
