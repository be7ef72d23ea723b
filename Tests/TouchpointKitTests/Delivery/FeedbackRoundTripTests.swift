import Foundation
import Testing
@testable import TouchpointKit

/// The whole loop against this machine's Postfix: build → deliver → a one-click unsubscribe
/// POSTed to `touchpoint serve` and a real bounce from Postfix → `feedback` → the suppression file
/// → the next build leaves those messages out → `explain` says why.
@Suite(.serialized) struct FeedbackRoundTripTests {
    private let binary: TouchpointBinary

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(), "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    @Test func anUnsubscribeAndABounceComeBackAndStopTheirMail() throws {
        let server = try MailServer.require()
        defer { server.clean() }
        let scratch = try ScratchFolder()
        let secret: [String: String?] = ["TOUCHPOINT_SECRET": "round-trip-secret", "CI": "true"]
        // p2's address has no mailbox: Postfix bounces it to the practice's bounce address.
        let nobody = "nobody-\(server.tag)@\(MailServer.domain)"
        try scratch.write(
            "touchpoint.yaml",
            """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: America/Chicago
              bounce: \(server.bounce)
            unsubscribe:
              url: "https://lincolnpt.example/unsubscribe?c={{ contact.token }}"
              mailto: unsubscribe@lincolnpt.example
            suppression: contacts/unsubscribed.txt
            send_window:
              days: [mon, tue, wed, thu, fri, sat, sun]
              hours: "08:00-18:00"

            """)
        try scratch.write("contacts/unsubscribed.txt", "")
        try scratch.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            fields:
              id: { type: string, required: true }
              email: { type: email, required: true }

            """)
        try scratch.write(
            "contacts/patients.csv", "id,email\np1,\(server.address("p1"))\np2,\(nobody)\np3,\(server.address("p3"))\n")
        try scratch.write(
            "campaigns/news.yaml",
            """
            campaign: news
            title: News
            audience: patients
            kind: marketing
            steps:
              - id: december
                send: on 2026-12-01 at 10:00
                subject: "December at the clinic"
                body: Our December hours.
              - id: january
                send: on 2026-12-20 at 10:00
                subject: "January at the clinic"
                body: Our January hours.

            """)
        try scratch.write(
            "campaigns/care.yaml",
            """
            campaign: care
            title: Care
            audience: patients
            kind: care
            steps:
              - id: check-in
                send: on 2026-12-21 at 09:00
                subject: "How are you doing?"
                body: How are the exercises going?

            """)
        let root = ["--root", scratch.path]
        let built = try binary.run(["build", "--as-of", "2026-11-30"] + root, environment: secret)
        #expect(built.status == 0, "\(built.stderr)")

        // Tuesday 10:05: December's news goes to all three; p2's bounces.
        let delivered = try binary.run(["deliver", "--now", "2026-12-01T10:05"] + root, environment: secret)
        #expect(
            delivered.stderr.hasSuffix("touchpoint: 3 sent, 0 expired, 0 failed, 0 waiting for the send window\n"), "\(delivered.stderr)")
        let arrived = try server.settled(expecting: 3)
        #expect(Set(arrived.map(\.recipient)) == [server.address("p1"), server.address("p3"), server.bounce])
        let bounce = try #require(arrived.first { $0.recipient == server.bounce }, "Postfix sent no bounce")
        #expect(MailServer.headers(bounce.bytes)["content-type"]?.contains("multipart/report") == true)

        // The bounce lands in the practice's bounce mailbox, a Maildir of its own.
        try scratch.write("bounces/new/\(bounce.file.lastPathComponent)", bytes: bounce.bytes)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("bounces/cur"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("bounces/tmp"), withIntermediateDirectories: true)

        // p1 presses the one-click button of their mail client: an RFC 8058 POST to serve.
        let token = try binary.run(["token", "patients", "p1"] + root, environment: secret)
        #expect(token.status == 0, "\(token.stderr)")
        let log = scratch.url.appendingPathComponent("feedback-log").path
        let post = try Self.shell(
            """
            "$0" serve --root "$1" --log "$2" --port 0 2>"$2.err" &
            pid=$!
            for i in $(seq 100); do
              port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$2.err" 2>/dev/null | grep -o '[0-9]*$')
              [ -n "$port" ] && break
              sleep 0.1
            done
            curl --silent --max-time 10 --output /dev/null --write-out '%{http_code}' \\
              --data 'List-Unsubscribe=One-Click' "http://127.0.0.1:$port/unsubscribe?c=$3"
            kill $pid; wait $pid 2>/dev/null
            """, binary.url.path, scratch.path, log, token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(post == "200")

        let feedback = try binary.run(
            ["feedback", "--from-log", log, "--maildir", scratch.url.appendingPathComponent("bounces").path] + root,
            environment: secret)
        #expect(feedback.status == 0, "\(feedback.stderr)")
        let suppression = try String(contentsOf: scratch.url.appendingPathComponent("contacts/unsubscribed.txt"), encoding: .utf8)
        let lines = suppression.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.contains { $0.hasPrefix(server.address("p1")) && $0.contains("one-click unsubscribe") }, "\(suppression)")
        #expect(lines.contains { $0.hasPrefix(nobody) && $0.contains("bounced 5.") }, "\(suppression)")

        // The next build: no marketing for p1, no mail at all for p2, everything for p3.
        let rebuilt = try binary.run(["build", "--as-of", "2026-12-02", "--allow-removals"] + root, environment: secret)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        let schedule = try String(contentsOf: scratch.url.appendingPathComponent("out/schedule.csv"), encoding: .utf8)
        let rows = schedule.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(
            rows.map { "\($0[1]).\($0[2]) \($0[3])" }.sorted() == ["care.check-in p1", "care.check-in p3", "news.january p3"],
            "\(schedule)")
        let explained = try binary.run(["explain", "p2"] + root, environment: secret)
        #expect(explained.stdout.contains("contacts/unsubscribed.txt:"), "\(explained.stdout)")
        #expect(explained.stdout.contains("stops all mail"), "\(explained.stdout)")
    }

    /// Runs a shell script with arguments; returns what it printed.
    private static func shell(_ script: String, _ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
