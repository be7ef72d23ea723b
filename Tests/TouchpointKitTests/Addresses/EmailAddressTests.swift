import Testing
@testable import TouchpointFrontEnd
import TouchpointKit

/// The one grammar of addresses (contact cells, the practice file, the suppression list), and the
/// mailboxes a practice file names.
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

    /// The limits of RFC 5321 and host names: 64 before the '@', 63 a label, 255 the domain.
    @Test func lengthLimits() {
        let label63 = String(repeating: "b", count: 63)
        let domain253 = [label63, label63, label63, String(repeating: "c", count: 58), "ex"].joined(separator: ".")
        #expect(domain253.count == 253)
        #expect((try? EmailAddress.parse(String(repeating: "a", count: 64) + "@x.example").get()) != nil)
        #expect(throws: EmailAddress.Problem.localPartTooLong(65)) {
            try EmailAddress.parse(String(repeating: "a", count: 65) + "@x.example").get()
        }
        #expect((try? EmailAddress.parse("a@\(label63).example").get()) != nil)
        #expect(throws: EmailAddress.Problem.invalidDomain) { try EmailAddress.parse("a@\(label63)b.example").get() }
        #expect((try? EmailAddress.parse("a@" + domain253).get()) != nil)
        // One more character makes the first label 64 long.
        #expect(throws: EmailAddress.Problem.invalidDomain) { try EmailAddress.parse("a@c" + domain253).get() }
    }

    /// Every RFC 5322 atext character may stand before the '@'; letters, digits and inner hyphens
    /// after it, in any case.
    @Test(arguments: [
        "!#$%&'*+-/=?^_`{|}~@x.example", "Jose.Nunez@Mail.EXAMPLE", "0@1.2", "a@b--c.example",
        "x_y-z@a-b.example", "O'Brien@mail.example",
    ])
    func acceptsEveryAllowedCharacter(_ text: String) {
        #expect((try? EmailAddress.parse(text).get())?.description == text)
        #expect(EmailAddress.problem(in: ArraySlice(text.utf8)) == nil)
    }

    @Test(arguments: [
        ("jane@mail.example.", EmailAddress.Problem.invalidDomain), ("jane@mail-.example", .invalidDomain),
        ("jane.@mail.example", .invalidLocalPart), ("ja(ne@mail.example", .invalidLocalPart),
        ("jane@mail.ex\u{7F}ample", .invalidDomain), ("a@b@c", .severalAts), ("a;b", .noAt),
        ("a@b.example,", .invalidDomain), ("a,b@c.example", .invalidLocalPart),
        // A separator only means a list of addresses when there are several '@'s.
        ("a@b.example;c@d.example,e@f.example", .severalAddresses(separator: ";")),
        // The grammar reads bytes: a space or '<' is one whatever follows it.
        ("jane \u{301}@x.example", .whitespace), ("<\u{301}jane@x.example", .angleBrackets),
        ("jane\r\ndoe@x.example", .whitespace),
    ])
    func refusesForTheFirstReason(_ text: String, _ problem: EmailAddress.Problem) {
        #expect(throws: problem) { try EmailAddress.parse(text).get() }
        #expect(EmailAddress.problem(in: Array(text.utf8)) == problem)
    }

    /// The practice file's `domain` is checked with the same host-name grammar.
    @Test func domains() {
        #expect(EmailAddress.isValidDomain("lincolnpt.example"))
        #expect(EmailAddress.isValidDomain("localhost"))
        #expect(!EmailAddress.isValidDomain("lincoln_pt.example"))
        #expect(!EmailAddress.isValidDomain("lincolnpt.example."))
        #expect(!EmailAddress.isValidDomain(""))
        #expect(!EmailAddress.isValidDomain("-x.example"))
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

    @Test(
        arguments: [
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

/// What hostile testing found in addresses: a long local part was reported as a character it
/// cannot have, and an encoded word passed as an address.
@Suite struct EmailAddressLimitTests {
    @Test func aLocalPartOf65CharactersIsTooLongNotABadCharacter() {
        let local = String(repeating: "a", count: 65)
        #expect(EmailAddress.problem(in: Array((local + "@x.example").utf8)) == .localPartTooLong(65))
        #expect(EmailAddress.Problem.localPartTooLong(65).explanation == "the part before '@' is 65 characters long; at most 64")
        #expect(EmailAddress.problem(in: Array((String(local.dropLast()) + "@x.example").utf8)) == nil)
    }

    @Test func aDomainOver255CharactersIsTooLong() {
        let labels = Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: ".")
        #expect(EmailAddress.problem(in: Array(("a@" + labels + ".example").utf8)) == .domainTooLong(labels.count + 8))
    }

    @Test(arguments: ["=?UTF-8?Q?a?=@b.c", "=?utf-8?B?YQ==?=@x.example", "a@=?UTF-8?Q?b?=.c"])
    func anEncodedWordIsNotAnAddress(_ text: String) {
        #expect(EmailAddress.problem(in: Array(text.utf8)) == .encodedWord)
    }

    @Test func equalsAndQuestionMarksAloneStillMakeAnAddress() {
        #expect(EmailAddress.problem(in: Array("a=?b@x.example".utf8)) == nil)
    }
}
