import Testing
import TouchpointKit

/// The addresses and mailboxes a practice file names.
@Suite struct EmailAddressTests {
    @Test(arguments: ["care@lincolnpt.example", "first.last+tag@mail.example.org", "o'brien@x.example", "a@b-c.example"])
    func acceptsAnAddress(_ text: String) throws {
        let address = try EmailAddress.parse(text).get()
        #expect(address.description == text)
    }

    @Test(arguments: [
        ("", EmailAddress.Problem.empty),
        ("a@b.example, c@d.example", .severalAddresses(separator: ",")),
        ("a@b.example;c@d.example", .severalAddresses(separator: ";")),
        ("jane doe@x.example", .whitespace),
        ("<jane@x.example>", .angleBrackets),
        ("josé@x.example", .notASCII),
        ("jane.x.example", .noAt),
        ("a@b@c.example", .severalAts),
        ("@x.example", .emptyLocalPart),
        ("jane@", .emptyDomain),
        ("jane@localhost", .domainWithoutDot),
        ("jane..doe@x.example", .invalidLocalPart),
        (".jane@x.example", .invalidLocalPart),
        ("jane@x..example", .invalidDomain),
        ("jane@-x.example", .invalidDomain),
        ("jane@x_y.example", .invalidDomain),
    ])
    func rejectsWithAReason(_ text: String, _ problem: EmailAddress.Problem) {
        #expect(throws: problem) { try EmailAddress.parse(text).get() }
    }

    @Test func everyProblemExplainsItself() {
        let problems: [EmailAddress.Problem] = [
            .empty, .severalAddresses(separator: ","), .whitespace, .angleBrackets, .notASCII, .noAt, .severalAts,
            .emptyLocalPart, .emptyDomain, .domainWithoutDot, .invalidLocalPart, .invalidDomain,
        ]
        let explanations = problems.map(\.explanation)
        #expect(Set(explanations).count == problems.count)
        #expect(explanations.allSatisfy { !$0.isEmpty && !$0.hasSuffix(".") })
    }

    @Test(arguments: [
        ("Lincoln Physical Therapy <care@lincolnpt.example>", "Lincoln Physical Therapy", "care@lincolnpt.example"),
        ("\"Potter, Paul\" <paul@lincolnpt.example>", "Potter, Paul", "paul@lincolnpt.example"),
        ("  care@lincolnpt.example  ", nil, "care@lincolnpt.example"),
        ("<care@lincolnpt.example>", nil, "care@lincolnpt.example"),
        ("Clinique é <soins@clinique.example>", "Clinique é", "soins@clinique.example"),
    ] as [(String, String?, String)])
    func parsesAMailbox(_ text: String, _ name: String?, _ address: String) throws {
        let mailbox = try Mailbox.parse(text).get()
        #expect(mailbox.displayName == name)
        #expect(mailbox.address.description == address)
    }

    @Test(arguments: [
        ("Lincoln <care@lincolnpt.example", Mailbox.Problem.unclosedAngle),
        ("Lincoln care@lincolnpt.example>", .address(.whitespace)),
        ("Lincoln <care@lincolnpt.example> PT", .textAfterAngle),
        ("\"Lincoln <care@lincolnpt.example>", .unclosedQuote),
        ("Lincoln <care@lincolnpt>", .address(.domainWithoutDot)),
        ("Lincoln <>", .address(.empty)),
    ])
    func rejectsAMailboxWithAReason(_ text: String, _ problem: Mailbox.Problem) {
        #expect(throws: problem) { try Mailbox.parse(text).get() }
        #expect(!problem.explanation.isEmpty)
    }
}
