import Foundation

/// Folders the tests read, found from this file's own path so that the tests run from any
/// working directory.
enum TestLocations {
    /// `Tests/TouchpointKitTests`.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// The repository root, which holds the example practice.
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/TouchpointKitTests/Golden`: one folder of inputs and expected output per case.
    static let goldenFolder = testsFolder.appendingPathComponent("Golden", isDirectory: true)

    /// `Tests/TouchpointKitTests/EMLGolden`: one folder per case, a practice and the messages it builds.
    static let emlGoldenFolder = testsFolder.appendingPathComponent("EMLGolden", isDirectory: true)
}
