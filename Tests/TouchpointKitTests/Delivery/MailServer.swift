import Foundation
import Glibc
import TouchpointKit
import Testing

/// The real mail server the delivery tests hand messages to: this machine's Postfix, set up by
/// `Tests/Mail/mail-server` (which `make test` runs) to deliver the domain `touchpoint.test` into
/// the Maildir of the local user `tpmail`, and nothing anywhere else. A test that needs it and
/// does not find it fails, saying what to run: it never passes without having delivered.
struct MailServer {
    static let domain = "touchpoint.test"
    static let user = "tpmail"
    static let maildir = URL(fileURLWithPath: "/home/tpmail/Maildir")
    static let script = TestLocations.repositoryRoot.appendingPathComponent("Tests/Mail/mail-server")

    /// A tag of this test's own, in every recipient (`tpmail+TAG-KEY@touchpoint.test`), so that
    /// tests running side by side, and earlier runs, never count each other's mail.
    let tag = "t" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)

    /// Postfix, running; a recorded failure (and a thrown error) when it is not installed or will
    /// not start.
    static func require() throws -> MailServer {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/postfix"),
            FileManager.default.isExecutableFile(atPath: "/usr/sbin/sendmail")
        else {
            let problem =
                "Postfix is not installed, so delivery cannot be tested against a real mail server: run "
                + "'make test' (it installs Postfix from Debian's packages) or 'Tests/Mail/mail-server start'"
            Issue.record("\(problem)")
            throw Unavailable()
        }
        // Suites run side by side: one of them starts Postfix.
        try starting.withLock { () throws in
            if !answers() {
                let start = try run(script.path, ["start"])
                guard start.status == 0, answers() else {
                    Issue.record("Postfix does not start: 'Tests/Mail/mail-server start' said: \(start.output)")
                    throw Unavailable()
                }
            }
        }
        return MailServer()
    }

    private static let starting = Lock()

    struct Unavailable: Error {}

    /// Whether something answers SMTP on 127.0.0.1:25.
    static func answers() -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(25).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// The address of patient `key` for this test.
    func address(_ key: String) -> String { "\(Self.user)+\(tag)-\(key)@\(Self.domain)" }

    /// Where bounces would go for this test.
    var bounce: String { "\(Self.user)+\(tag)-bounces@\(Self.domain)" }

    /// A message that reached the Maildir.
    struct Delivered {
        let file: URL
        let bytes: [UInt8]
        /// `X-Original-To`, the envelope recipient.
        let recipient: String
        let messageID: String?
    }

    /// The messages of this test in the Maildir.
    func delivered() throws -> [Delivered] {
        var found: [Delivered] = []
        for folder in ["new", "cur"] {
            let url = Self.maildir.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names {
                let file = url.appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                let bytes = [UInt8](data)
                let head = Self.headers(bytes)
                guard let recipient = head["x-original-to"], recipient.contains("+\(tag)-") else { continue }
                found.append(
                    Delivered(
                        file: file, bytes: bytes, recipient: recipient,
                        messageID: head["message-id"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }))
            }
        }
        return found
    }

    /// Waits until the mail server's queue is empty and this test's count in the Maildir has
    /// stopped changing; returns what is there.
    func settled(expecting minimum: Int, timeout: Double = 60) throws -> [Delivered] {
        let deadline = Date().addingTimeInterval(timeout)
        var last = -1
        var stableSince = Date()
        while Date() < deadline {
            let count = try delivered().count
            if count != last {
                last = count
                stableSince = Date()
            }
            if count >= minimum, Self.queueIsEmpty(), Date().timeIntervalSince(stableSince) > 1 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return try delivered()
    }

    /// Postfix holds no message in any queue.
    static func queueIsEmpty() -> Bool {
        let queues = ["maildrop", "incoming", "active", "deferred"].map { "/var/spool/postfix/" + $0 }
        return queues.allSatisfy { queue in
            let enumerator = FileManager.default.enumerator(atPath: queue)
            while let path = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: queue + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
                    return false
                }
            }
            return true
        }
    }

    /// Deletes this test's messages from the Maildir.
    func clean() {
        for message in (try? delivered()) ?? [] { try? FileManager.default.removeItem(at: message.file) }
    }

    /// The header fields of a message, by lowercased name (the first of each), unfolded.
    static func headers(_ bytes: [UInt8]) -> [String: String] {
        let text = String(decoding: bytes.prefix(16_384), as: UTF8.self)
        var fields: [String: String] = [:]
        var lastName: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                if let lastName, fields[lastName] != nil { fields[lastName]! += " " + line.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            lastName = fields[name] == nil ? name : nil
            if fields[name] == nil { fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return fields
    }

    /// Whether `delivered` is what a message `built` handed to Postfix becomes in the Maildir:
    /// the trace fields Postfix adds on top (`Return-Path`, `X-Original-To`, `Delivered-To`,
    /// `Received`), then the message byte for byte with its CRLF line ends made LF.
    static func original(of delivered: [UInt8], matching built: [UInt8]) -> Bool {
        var unix: [UInt8] = []
        unix.reserveCapacity(built.count)
        var index = 0
        while index < built.count {
            if built[index] == 0x0D, index + 1 < built.count, built[index + 1] == 0x0A {
                index += 1
                continue
            }
            unix.append(built[index])
            index += 1
        }
        guard delivered.count >= unix.count, Array(delivered.suffix(unix.count)) == unix else { return false }
        // Above the original: only the fields Postfix adds in transit, each possibly folded.
        let added = String(decoding: delivered.prefix(delivered.count - unix.count), as: UTF8.self)
        let traceFields = ["return-path:", "x-original-to:", "delivered-to:", "received:"]
        return added.split(separator: "\n").allSatisfy { line in
            line.first == " " || line.first == "\t" || traceFields.contains { line.lowercased().hasPrefix($0) }
        }
    }

    /// Runs a program, standard input closed; its status and what it printed.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
