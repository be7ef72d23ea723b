import Foundation
import Testing
@testable import TouchpointCore

/// A practice's files read from disk and held in memory list the same campaign files.
@Suite struct SourceLoaderTests {
    private static let files = [
        "campaigns/welcome.yaml", "campaigns/news/2026-12.yaml", "campaigns/news/deep/2027-01.yml", "campaigns/.hidden/x.yaml",
        "campaigns/.draft.yaml", "campaigns/~$welcome.yaml", "campaigns/templates/body.md", "contacts/patients.csv",
    ]

    @Test func campaignFilesInSubFoldersAreListedAlikeOnDiskAndInMemory() throws {
        let scratch = try ScratchFolder()
        for path in Self.files { try scratch.write(path, "x\n") }
        let disk = try SourceLoader(root: scratch.url.path).filePaths(under: "campaigns")
        let memory = try SourceLoader(files: Dictionary(uniqueKeysWithValues: Self.files.map { ($0, Array("x\n".utf8)) }))
            .filePaths(under: "campaigns")
        let expected = ["news/2026-12.yaml", "news/deep/2027-01.yml", "templates/body.md", "welcome.yaml"]
        #expect(disk == expected)
        #expect(memory == expected)
        #expect(try SourceLoader(files: [:]).filePaths(under: "campaigns").isEmpty)
    }
}
