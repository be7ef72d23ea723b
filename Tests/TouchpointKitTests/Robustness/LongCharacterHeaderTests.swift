import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointMail

/// Found by the build robustness test (seed 0x123456789abcdf5b of a longer run): a contact value
/// holding one character whose Q-encoding is longer than an encoded word may be — U+0600 joins the
/// family emoji after it, and two combining marks follow, 84 characters encoded — was written as
/// one encoded word of 84 characters on a header line of 85. Such a character is now split between
/// its scalars, which RFC 2047 allows; no UTF-8 sequence is cut.
@Suite struct LongCharacterHeaderTests {
    static let longCharacter = "\u{0600}👨‍👩‍👧\u{301}\u{301}"

    @Test(arguments: ["Note " + longCharacter, longCharacter, longCharacter + longCharacter + " x", "é" + longCharacter])
    func aCharacterTooLongForAWordIsSplitBetweenItsScalars(_ value: String) throws {
        #expect(value.unicodeScalars.count > 1)
        for field in ["Subject", "To"] {
            var header = HeaderWriter(reservingCapacity: 0)
            header.beginField(field)
            if field == "Subject" {
                HeaderEncoding.unstructured(value, into: &header)
            } else {
                HeaderEncoding.mailbox(
                    displayName: value, address: EmailAddress(localPart: "p1", domain: "mail.example"),
                    into: &header)
            }
            header.endField()
            let text = String(decoding: header.bytes, as: UTF8.self)
            var decoded: [UInt8] = []
            for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
                #expect(line.utf8.count <= 76, "\(field): \(line)")
                for word in line.split(separator: " ") where word.hasPrefix("=?UTF-8?Q?") {
                    #expect(word.utf8.count <= 75 && word.hasSuffix("?="), "\(field): \(word)")
                    let bytes = Self.decode(word.dropFirst(10).dropLast(2))
                    #expect(String(validating: bytes, as: UTF8.self) != nil, "\(field): \(word) cuts a UTF-8 sequence")
                    decoded += bytes
                }
            }
            // Adjacent encoded words join without the space between them (RFC 2047 §6.2).
            #expect(String(decoding: decoded, as: UTF8.self) == value, "\(field): \(text)")
        }
    }

    /// The bytes of a Q-encoded word's text.
    static func decode(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "=") {
                let high = iterator.next() ?? 0
                let low = iterator.next() ?? 0
                bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
            } else {
                bytes.append(byte == UInt8(ascii: "_") ? 0x20 : byte)
            }
        }
        return bytes
    }
}
