import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The messages of a small practice built for the purpose, compared byte for byte with the
/// committed `.eml` files in `EMLGolden/expected/` (CRLF kept). `RECORD=1` rewrites them and fails.
@Suite("Golden messages")
struct EMLGoldenTests {
    static let folder = TestLocations.testsFolder.appendingPathComponent("EMLGolden", isDirectory: true)
    static let practice = folder.appendingPathComponent("practice", isDirectory: true)
    static let expected = folder.appendingPathComponent("expected", isDirectory: true)

    /// Every message of the practice as of 2026-12-01, by file name.
    static func render() throws -> [String: [UInt8]] {
        let scheduled = try PracticeFolder(root: practice.path, outbox: try ScratchFolder().path).scheduled(asOf: "2026-12-01")
        let (scheduler, schedule, renderer) = (scheduled.scheduler, scheduled.schedule, scheduled.renderer)
        var files: [String: [UInt8]] = [:]
        for message in schedule.messages {
            guard let parts = renderer.parts(of: message) else { continue }
            let campaign = scheduler.campaigns[message.campaign]
            let key = scheduler.lists[message.list].contacts[message.contact].key
            let name = BuildPlanner.location(message, campaign: campaign.id, step: campaign.steps[message.step].id, key: key).fileName
            files[name] = renderer.render(message, parts: parts)
        }
        return files
    }

    @Test func messagesMatchTheirRecordings() throws {
        let files = try Self.render()
        #expect(files.count == 6)
        let recorded = (try? FileManager.default.contentsOfDirectory(atPath: Self.expected.path))?.filter { $0.hasSuffix(".eml") } ?? []
        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            try? FileManager.default.removeItem(at: Self.expected)
            try FileManager.default.createDirectory(at: Self.expected, withIntermediateDirectories: true)
            for (name, bytes) in files {
                try Data(bytes).write(to: Self.expected.appendingPathComponent(name))
            }
            Issue.record("recorded \(files.count) messages; run again without RECORD=1")
            return
        }
        #expect(Set(recorded) == Set(files.keys))
        for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let expected = (try? Data(contentsOf: Self.expected.appendingPathComponent(name))).map { [UInt8]($0) }
            #expect(expected == bytes, "\(name) differs from its recording")
        }
    }

    @Test func pythonReadsEveryRecordingWithoutDefects() throws {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: Self.expected.path)) ?? [])
            .filter { $0.hasSuffix(".eml") }.sorted().map { Self.expected.appendingPathComponent($0) }
        #expect(files.count == 6)
        let (problems, summaries) = try EmailChecker.check(files)
        #expect(problems.isEmpty, "\(problems)")
        let all = summaries.joined(separator: "\n")
        // Merged values arrive literally, in the headers and in the text.
        #expect(all.contains("Zoë Ñúñez-Łukasz 😀 <zoe@mail.example> | Grüße, Zoë — bis bald 😀"))
        #expect(all.contains("Hi <b>*Bo*</b> =?UTF-8?Q?=0A?=Bcc: x@evil.example,"))
        #expect(all.contains("Your note: line one Bcc: injected@evil.example"))
    }

    @Test func careMessagesCarryNoUnsubscribeHeadersAndMarketingOnesDo() throws {
        let files = try Self.render()
        for (name, bytes) in files {
            let head = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            let isMarketing = name.contains("-marketing-") || name.contains("-long-")
            #expect(head.contains("List-Unsubscribe:") == isMarketing, "\(name)")
            #expect(head.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click") == isMarketing, "\(name)")
            #expect(head.contains("List-Id: <"))
            #expect(!head.lowercased().contains("\r\nbcc:"))
        }
    }

    @Test func buildsAreByteIdentical() throws {
        #expect(try Self.render() == Self.render())
    }
}
