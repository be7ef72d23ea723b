import Foundation
import Testing

/// No header line over 998 octets (RFC 5322 §2.1.1), and encoded lines within 76, whatever the
/// contact's name and however long the ids: what hostile testing found, end to end.
@Suite struct HeaderLineLengthTests {
    /// A one-contact practice whose display name is `name`, built as of 2026-11-30.
    private func build(name: String, campaign: String = "hello") throws -> [UInt8] {
        let folder = try ScratchFolder()
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
        try folder.write(
            "contacts/patients.schema.yaml",
            """
            key: id
            email: email
            name: "{{ first_name }}"
            fields:
              id: { type: string, required: true }
              first_name: string
              email: { type: email, required: true }

            """)
        try folder.write("contacts/patients.csv", "id,first_name,email\np1,\(name),ann@x.example\n")
        try folder.write(
            "campaigns/hello.yaml",
            """
            campaign: \(campaign)
            title: Hello
            audience: patients
            kind: care
            steps:
              - id: hi
                send: on 2026-12-01 at 09:00
                subject: "Hello"
                body: Hi.

            """)
        let files = try TestPipeline.build(practice: folder.url, asOf: "2026-11-30")
        return try #require(files.values.first)
    }

    private func headerLines(_ message: [UInt8]) -> [ArraySlice<UInt8>] {
        let text = message.split(separator: 0x0A, omittingEmptySubsequences: false)
        return Array(text.prefix { $0 != [0x0D] && !$0.isEmpty })
    }

    @Test(arguments: [
        String(repeating: "A", count: 1_000), String(repeating: "Ω", count: 600),
        String(repeating: "ab", count: 400) + " " + String(repeating: "c", count: 300),
    ])
    func aThousandCharacterNameFoldsWithinTheLimits(_ name: String) throws {
        let message = try build(name: name)
        for line in headerLines(message) {
            #expect(
                line.count <= (String(decoding: line, as: UTF8.self).contains("=?") ? 76 : 78) + 1,
                "\(line.count) octets: \(String(decoding: line.prefix(60), as: UTF8.self))…")
        }
        let to = String(decoding: message, as: UTF8.self).components(separatedBy: "\r\nTo: ").dropFirst().first ?? ""
        #expect(to.contains("<ann@x.example>"))
    }

    @Test func anIdOverSixtyFourCharactersIsACheckError() throws {
        let folder = try ScratchFolder()
        try folder.write("touchpoint.yaml", PracticeFixtures.minimal)
        let id = "a" + String(repeating: "b", count: 999)
        try folder.write("campaigns/hello.yaml", "campaign: \(id)\ntitle: Hello\naudience: patients\nsteps: []\n")
        let checked = try TestPipeline.check(practice: folder.url)
        let diagnostic = try #require(checked.diagnostics.first { $0.id == "invalid-campaign-id" })
        #expect(diagnostic.message.text == "a campaign id of 1000 characters is too long: at most 64")
    }
}
