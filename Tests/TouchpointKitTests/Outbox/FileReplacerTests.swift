import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The two ways a message file replaces the one there: each leaves the same files, and only
/// `.reuseOldFiles` keeps a replaced file to write the next message over.
@Suite struct FileReplacerTests {
    @Test(arguments: OutboxReplacement.allCases)
    func aReplacedFileIsWrittenOverNextOnlyWhenOldFilesAreReused(replacement: OutboxReplacement) throws {
        let scratch = try ScratchFolder()
        try scratch.write("out/a.eml", "old a")
        try scratch.write("out/b.eml", "old b, longer than the new one")
        let out = scratch.url.appendingPathComponent("out")
        let folder = try #require(OutboxDirectory.openExistingOutbox(at: out))
        let oldA = try inode(out.appendingPathComponent("a.eml"))
        let files = FileReplacer(replacement: replacement, processID: 4242)
        do {
            var run = files.run(in: folder)
            try run.write("a.eml", bytes: Array("new a".utf8), replacing: true)
            let spare: [String] = replacement == .reuseOldFiles ? [".a.eml.tmp-4242"] : []
            #expect(try folder.names().sorted() == spare + ["a.eml", "b.eml"])
            try run.write("b.eml", bytes: Array("new b".utf8), replacing: true)
            try run.write("c.eml", bytes: Array("new c".utf8), replacing: false)
            if replacement == .reuseOldFiles {
                #expect(try inode(out.appendingPathComponent("b.eml")) == oldA)
            }
        }
        files.finish()
        #expect(try folder.names().sorted() == ["a.eml", "b.eml", "c.eml"])
        for name in ["a", "b", "c"] {
            #expect(try String(contentsOf: out.appendingPathComponent("\(name).eml"), encoding: .utf8) == "new \(name)")
        }
    }

    private func inode(_ url: URL) throws -> UInt64? {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }
}
