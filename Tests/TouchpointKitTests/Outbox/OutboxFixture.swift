import Foundation
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A scratch outbox, `<scratch>/out`, with entries whose renders are counted.
final class OutboxFixture {
    let scratch: ScratchFolder
    let out: URL
    let renders = RenderCounter()
    let replacement: OutboxReplacement

    init(replacement: OutboxReplacement = .reuseOldFiles) throws {
        self.replacement = replacement
        scratch = try ScratchFolder()
        out = scratch.url.appendingPathComponent("out", isDirectory: true)
    }

    /// A writer that reads the outbox when it writes.
    var writer: OutboxWriter { OutboxWriter(directory: out, replacement: replacement) }
    /// A writer that starts reading the outbox at once, as a build's does.
    var openedWriter: OutboxWriter { OutboxWriter.open(directory: out, replacement: replacement) }

    /// An entry whose message is `body`, counting its renders under `directory/fileName`.
    func entry(_ directory: String, _ fileName: String, digest: String = "d1", body: String? = nil) -> OutboxEntry {
        let key = directory + "/" + fileName
        let bytes = Array((body ?? "Subject: \(key)\r\n\r\nHello\r\n").utf8)
        let renders = renders
        return OutboxEntry(directory: directory, fileName: fileName, inputDigest: digest) {
            renders.count(key)
            return bytes
        }
    }

    @discardableResult
    func write(_ entries: [OutboxEntry], schedule: String = "send_at\n") throws -> OutboxReport {
        try writer.write(entries, schedule: Array(schedule.utf8))
    }

    func url(_ relative: String) -> URL {
        out.appendingPathComponent(relative)
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url(relative)), as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url(relative).path, isDirectory: &isDirectory)
    }

    /// Every file and folder under `folder` (the outbox by default), hidden ones included, sorted.
    func listing(of folder: URL? = nil) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: (folder ?? out).path).sorted()
    }

    /// The message files: listing without the build's state and the schedule.
    func messages() throws -> [String] {
        try listing().filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".touchpoint") }
    }

    /// Sets a file's modification time to a fixed moment long ago, so a rewrite shows.
    func age(_ relative: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Self.longAgo], ofItemAtPath: url(relative).path)
    }

    func modificationDate(_ relative: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: url(relative).path)[.modificationDate] as? Date
    }

    func inode(_ relative: String) throws -> UInt64? {
        (try FileManager.default.attributesOfItem(atPath: url(relative).path)[.systemFileNumber] as? NSNumber)?.uint64Value
    }

    func data(_ relative: String) throws -> Data {
        try Data(contentsOf: url(relative))
    }

    func manifest() throws -> OutboxManifest {
        try OutboxManifest(parsing: Array(try Data(contentsOf: url(".touchpoint/manifest"))))
    }

    static let longAgo = Date(timeIntervalSince1970: 1_000_000_000)
}

/// How many times each entry was rendered.
final class RenderCounter: Sendable {
    private let counts = Locked<[String: Int]>([:])

    func count(_ key: String) {
        counts.withLock { $0[key, default: 0] += 1 }
    }

    var total: Int { counts.withLock { $0.values.reduce(0, +) } }

    subscript(key: String) -> Int { counts.withLock { $0[key] ?? 0 } }

    func reset() {
        counts.withLock { $0 = [:] }
    }
}
