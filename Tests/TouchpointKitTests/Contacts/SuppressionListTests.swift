import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

extension ContactsTests {
    @Suite("Suppression list")
    struct SuppressionListTests {
        @Test func addressesCommentsAndCase() {
            let file = SourceFile(
                path: "contacts/unsubscribed.txt",
                text: """
                    # asked to be removed
                    Jane.Doe@Mail.example
                      bob@mail.example   # moved away

                    ann#x@mail.example
                    not an address
                    jane@@mail.example
                    """)
            var bag = DiagnosticBag()
            let list = SuppressionList.read(file, diagnostics: &bag)
            #expect(list.addresses == ["jane.doe@mail.example", "bob@mail.example", "ann#x@mail.example"])
            #expect(list.contains("JANE.DOE@mail.EXAMPLE"))
            #expect(!list.contains("ann@mail.example"))
            #expect(bag.sorted.reported == [Reported("invalid-suppression-address", 6, 1), Reported("invalid-suppression-address", 7, 1)])
            #expect(bag.diagnostics.allSatisfy { $0.severity == .warning })
            #expect(
                bag.diagnostics[1].message.redactedText
                    == "the line is not an e-mail address (an address has exactly one '@'); it is ignored")
        }

        @Test func emptyFile() {
            var bag = DiagnosticBag()
            #expect(SuppressionList.read(SourceFile(path: "x.txt", text: ""), diagnostics: &bag).addresses.isEmpty)
            #expect(bag.isEmpty)
        }
    }
}
