import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// The library's one percent-encoder (RFC 3986 §2.1), against known vectors.
@Suite struct PercentEncodingTests {
    @Test(arguments: [
        ("", ""),
        ("p00042", "p00042"),
        ("AZaz09-._~", "AZaz09-._~"),
        ("a b", "a%20b"),
        ("x&y=z?w#v/u", "x%26y%3Dz%3Fw%23v%2Fu"),
        ("100%", "100%25"),
        ("dr-ölz", "dr-%C3%B6lz"),
        ("😀", "%F0%9F%98%80"),
        ("\r\n", "%0D%0A"),
    ])
    func unreservedCharactersAreKept(text: String, expected: String) {
        #expect(PercentEncoding.encode(text) == expected)
    }

    /// Every ASCII byte: kept exactly when it is unreserved, otherwise `%` and two uppercase digits.
    @Test func everyASCIIByte() {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        for byte in UInt8(0)...UInt8(0x7F) {
            let text = String(decoding: [byte], as: UTF8.self)
            let expected = unreserved.contains(byte) ? text : "%" + Hex.string([byte]).uppercased()
            #expect(PercentEncoding.encode(text) == expected, "byte \(byte)")
            #expect(PercentEncoding.isUnreserved(byte) == unreserved.contains(byte))
        }
    }

    @Test func pathsKeepTheirSlashes() {
        #expect(SARIFDiagnosticRenderer.percentEncoded("campaigns/after care.yaml") == "campaigns/after%20care.yaml")
        #expect(SARIFDiagnosticRenderer.percentEncoded("/srv/prä xis/%.yaml") == "/srv/pr%C3%A4%20xis/%25.yaml")
    }

    /// A caller may keep more; a space with a combining mark after it is still encoded, since the
    /// encoder works on bytes, not characters.
    @Test func onlySpaces() {
        #expect(
            PercentEncoding.encode("https://x.example/a b?c=d é") { $0 != 0x20 }
                == "https://x.example/a%20b?c=d%20é")
        #expect(PercentEncoding.encode("a \u{301}b") { $0 != 0x20 } == "a%20\u{301}b")
    }

    /// Merged values in an unsubscribe URL are encoded, the template's own text is not.
    @Test func mergedValuesInURLs() {
        var output = TemplateOutput()
        output.append(.source("https://lincolnpt.example/u?k="))
        output.append(.value("a&b c"))
        #expect(URLText.encodeMergedValues(output) == "https://lincolnpt.example/u?k=a%26b%20c")
    }
}
