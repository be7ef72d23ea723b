import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// A message's header fields, written straight into bytes. A field's value is a run of tokens,
/// one space apart; the space before a token becomes a fold (CRLF and a space) when the token
/// would take the line past 78 characters (RFC 5322 §2.1.1). A token is never split, so an
/// address or a URL stays whole however long it is.
///
/// A token's bytes are appended to `bytes` between `beginToken()` and `endToken()`:
///
///     header.beginField("To")
///     header.beginToken()
///     header.bytes.append(contentsOf: "<jane@example.com>".utf8)
///     header.endToken()
///     header.endField()
package struct HeaderWriter {
    /// Where folding aims (RFC 5322 §2.1.1).
    package static let preferredLineLength = 78
    /// The longest a line holding an encoded word may be (RFC 2047 §2).
    package static let encodedLineLength = 76

    /// Everything written so far.
    package var bytes: [UInt8]
    /// Characters on the line being written, as `String.count` counts them.
    package private(set) var lineLength = 0
    /// Whether the line being written holds an encoded word, and so must stay within 76.
    private var lineHasEncodedWord = false
    /// Where the space before the open token is.
    private var tokenStart = 0
    private var tokensInField = 0

    package init(reservingCapacity capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes `Name:`; tokens follow.
    package mutating func beginField(_ name: String) {
        let start = bytes.count
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ":"))
        lineLength = Self.characterCount(bytes[start...])
        lineHasEncodedWord = false
        tokensInField = 0
    }

    /// Writes the space that goes before every token.
    package mutating func beginToken() {
        tokenStart = bytes.count
        bytes.append(UInt8(ascii: " "))
    }

    /// Ends the token begun last. When the token would pass the preferred line length (76 on a
    /// line with an encoded word) and is not the field's first, it moves to a continuation line
    /// of its own. `encoded` says the token is an encoded word.
    package mutating func endToken(encoded: Bool = false) {
        let width = Self.characterCount(bytes[(tokenStart + 1)...])
        let limit = encoded || lineHasEncodedWord ? Self.encodedLineLength : Self.preferredLineLength
        if tokensInField > 0, lineLength + 1 + width > limit {
            bytes.insert(UInt8(ascii: "\n"), at: tokenStart)
            bytes.insert(UInt8(ascii: "\r"), at: tokenStart)
            lineLength = 1 + width
            lineHasEncodedWord = encoded
        } else {
            lineLength += 1 + width
            lineHasEncodedWord = lineHasEncodedWord || encoded
        }
        tokensInField += 1
    }

    /// Ends the field's last line.
    package mutating func endField() {
        bytes.append(UInt8(ascii: "\r"))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A token that is `text` as it stands.
    package mutating func token(_ text: String) {
        beginToken()
        bytes.append(contentsOf: text.utf8)
        endToken()
    }

    /// A token that is `text` in angle brackets (a message ID, a list ID, a URL), then `separator`.
    package mutating func angleBracketedToken(_ text: String, separator: String = "") {
        beginToken()
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: ">"))
        bytes.append(contentsOf: separator.utf8)
        endToken()
    }

    /// How many characters `String.count` finds in `bytes`. Each ASCII byte is one character,
    /// except that CR LF is one, so only text with a CR or a non-ASCII byte needs the string's
    /// own count.
    private static func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
        for byte in bytes where byte >= 0x80 || byte == UInt8(ascii: "\r") {
            return String(decoding: bytes, as: UTF8.self).count
        }
        return bytes.count
    }
}
