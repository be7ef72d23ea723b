import Foundation
import Testing
@testable import TouchpointKit

/// `touchpoint deliver` against this machine's Postfix, as a practice runs it: through its
/// `sendmail` (the default command), and through msmtp speaking SMTP to Postfix on 127.0.0.1.
/// What arrived is read from the local user's Maildir, never from our own log.
@Suite(.serialized) struct PostfixDeliveryTests {
    private let binary: TouchpointBinary

    init() throws {
        binary = try #require(
            TouchpointBinary.locate(), "no built 'touchpoint' beside the test bundle; build it, or set TOUCHPOINT_BIN")
    }

    private func deliver(_ fixture: DeliveryFixture, now: String, _ extra: [String] = []) throws -> TouchpointBinary.Run {
        try binary.run(["deliver", "--root", fixture.scratch.path, "--now", now] + extra)
    }

    /// Every message that arrived is one the build wrote, byte for byte but for Postfix's line
    /// ends and trace fields, and arrived once.
    private func checkArrivals(_ arrived: [MailServer.Delivered], fixture: DeliveryFixture) throws {
        let rows = try fixture.rows()
        #expect(Set(arrived.compactMap(\.messageID)).count == arrived.count, "a message arrived twice")
        for message in arrived {
            let row = try #require(rows.first { $0.messageID == message.messageID }, "an unknown message arrived: \(message.file.path)")
            #expect(message.recipient == row.to)
            let built = try #require(fixture.file("sent/" + row.file), "\(row.file) was not moved to out/sent/")
            #expect(MailServer.original(of: message.bytes, matching: built), "\(row.file) arrived changed: \(message.file.path)")
        }
    }

    @Test func postfixGetsEachDueMessageOnceAndNothingLateOrEarly() throws {
        let server = try MailServer.require()
        defer { server.clean() }
        let fixture = try DeliveryFixture(
            command: "", address: { server.address("p\($0)") }, bounce: server.bounce)
        try fixture.build()

        // Tuesday 19:00: the window has closed; Monday's care reminder is past its 12 hours.
        let evening = try deliver(fixture, now: "2026-12-01T19:00")
        #expect(evening.status == 1, "\(evening.stderr)")
        #expect(evening.stderr.hasSuffix("touchpoint: 0 sent, 1 expired, 0 failed, 4 waiting for the send window\n"))
        // Wednesday 08:05: the marketing notes go; Tuesday's reminder is 23 hours late.
        let morning = try deliver(fixture, now: "2026-12-02T08:05")
        #expect(morning.stderr.hasSuffix("touchpoint: 3 sent, 1 expired, 0 failed, 0 waiting for the send window\n"), "\(morning.stderr)")
        let again = try deliver(fixture, now: "2026-12-02T08:10")
        #expect(again.status == 0)
        #expect(again.stderr == "touchpoint: 0 sent, 0 expired, 0 failed, 0 waiting for the send window\n")

        let arrived = try server.settled(expecting: 3)
        #expect(arrived.map(\.recipient).sorted() == ["p1", "p2", "p3"].map(server.address))
        #expect(arrived.allSatisfy { MailServer.headers($0.bytes)["subject"] == "December at the clinic" })
        try checkArrivals(arrived, fixture: fixture)
        #expect(MailServer.headers(arrived[0].bytes)["return-path"] == "<\(server.bounce)>")
    }

    @Test func msmtpSpeakingSMTPToPostfixIsTheConfiguredCommand() throws {
        let server = try MailServer.require()
        defer { server.clean() }
        let msmtp = try #require(
            ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "msmtp is not installed: run 'make test' (it installs it) or 'Tests/Mail/mail-server start'")
        let scratch = try ScratchFolder()
        let configuration = scratch.url.appendingPathComponent("msmtprc")
        try scratch.write(
            "msmtprc",
            """
            defaults
            tls off
            auth off
            logfile \(scratch.path)/msmtp.log

            account local
            host 127.0.0.1
            port 25
            from \(server.bounce)

            account default : local

            """)
        chmod(configuration.path, 0o600)
        let fixture = try DeliveryFixture(
            command: "  command: [\(msmtp), -C, \(configuration.path), -f, \"{from}\", --, \"{to}\"]\n",
            address: { server.address("p\($0)") }, bounce: server.bounce)
        try fixture.build()
        let run = try deliver(fixture, now: "2026-12-01T10:05")
        #expect(run.stderr.hasSuffix("touchpoint: 4 sent, 1 expired, 0 failed, 0 waiting for the send window\n"), "\(run.stderr)")
        let arrived = try server.settled(expecting: 4)
        #expect(arrived.count == 4)
        try checkArrivals(arrived, fixture: fixture)
        // It came in over SMTP from the loopback address.
        #expect(arrived.allSatisfy { MailServer.headers($0.bytes)["received"]?.contains("127.0.0.1") == true })
    }
}
