import Testing
@testable import TouchpointFeedback

/// The addresses of received mail's headers, as the feedback reader resolves them to contacts.
@Suite("MIME header addresses")
struct MIMEHeaderTests {
    @Test(arguments: [
        // Found by the MIME fuzzer: a '<' in a quoted display name hid the address, so a
        // complaint about a message to that contact was not resolved.
        ("\"Ann O'B<rien\" <pat@mail.example>", ["pat@mail.example"]),
        ("\"Ann <3 Runs, Walks\" <Ann@X.example>", ["ann@x.example"]),
        ("\"a \\\" <b@c.example>\" <d@e.example>", ["d@e.example"]),
        ("ann@x.example (Ann <home>)", ["ann@x.example"]),
        ("Ann <ann@x.example>, Bob <bob@y.example>", ["ann@x.example", "bob@y.example"]),
        ("ann@x.example, bob@y.example", ["ann@x.example", "bob@y.example"]),
        ("rfc822; ann@x.example", ["ann@x.example"]),
        // Too broken to read as RFC 5322 writes it: read loosely.
        ("\"Ann <ann@x.example>", ["ann@x.example"]),
        ("=?UTF-8?Q?Ann?= <ann@x.example>", ["ann@x.example"]),
        ("undisclosed-recipients:;", []),
    ])
    func addresses(_ header: String, _ expected: [String]) {
        #expect(MIMEHeader.addresses(in: header) == expected)
    }
}
