import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// Header values as RFC 5322 and RFC 2047 want them: ASCII only, non-ASCII text in encoded words
/// that never split a UTF-8 sequence (nor a character, unless it is too long for any word) and
/// stay within 75 characters, written as tokens that a `HeaderWriter` folds at white space.
///
/// The work is done on UTF-8 bytes. Sanitized ASCII text has no CR, so each of its bytes is one
/// character; characters (grapheme clusters) are only looked for where non-ASCII text must be
/// split into several encoded words, since a word never ends inside one.
package enum HeaderEncoding {
    /// The longest an encoded word may be (RFC 2047 §2).
    package static let maxEncodedWord = 75
    /// The longest a subject's word or a quoted display name may be without being encoded, so that
    /// it fits on a line after a header's name.
    package static let longestPlainWord = HeaderWriter.preferredLineLength - 10

    /// Removes what must never reach a header from a value: CR, LF and other control characters,
    /// and the Unicode line and paragraph separators; runs of white space become one space.
    package static func sanitize(_ text: String) -> String {
        String(decoding: sanitizedBytes(text), as: UTF8.self)
    }

    /// `sanitize(text)` as UTF-8.
    package static func sanitizedBytes(_ text: String) -> [UInt8] {
        guard !text.isEmpty else { return [] }
        var text = text
        // Nothing grows: a break of one to three bytes becomes at most one space. (Never with a
        // capacity of 0: that array is the shared empty one, and setting its count from several
        // threads at once is a data race.)
        var out = text.withUTF8 { bytes in
            [UInt8](unsafeUninitializedCapacity: bytes.count) { out, count in
                count = 0
                var lastWasSpace = false
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    // The C1 controls U+0080…U+009F are C2 80…C2 9F; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    var breakLength = 0
                    if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: " ") {
                        breakLength = 1
                    } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                        breakLength = 2
                    } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                        bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
                    {
                        breakLength = 3
                    }
                    if breakLength > 0 {
                        if !lastWasSpace, count > 0 {
                            out[count] = UInt8(ascii: " ")
                            count += 1
                        }
                        lastWasSpace = true
                        index += breakLength
                    } else {
                        out[count] = byte
                        count += 1
                        lastWasSpace = false
                        index += 1
                    }
                }
            }
        }
        // At most one space ends the text. After an ASCII character it is a character of its own
        // and goes; after anything else, String decides whether it joins the character before it
        // (it does after a prepended concatenation mark such as U+0600), as `String.hasSuffix` did.
        guard out.last == UInt8(ascii: " ") else { return out }
        if out.count < 2 || out[out.count - 2] < 0x80 {
            out.removeLast()
            return out
        }
        var string = String(decoding: out, as: UTF8.self)
        while string.hasSuffix(" ") { string.removeLast() }
        return Array(string.utf8)
    }

    /// Writes an unstructured value (a subject) as tokens: its words when it is plain ASCII with no
    /// word too long to fold, otherwise encoded words.
    package static func unstructured(_ text: String, into header: inout HeaderWriter) {
        let clean = sanitizedBytes(text)
        if isASCII(clean), !containsEncodedWordStart(clean), longestWord(clean) <= longestPlainWord {
            words(clean, into: &header)
        } else {
            encodedWords(clean, phrase: false, into: &header)
        }
    }

    /// Writes a display name as tokens: an atom sequence, a quoted string, or encoded words.
    package static func phrase(_ text: String, into header: inout HeaderWriter) {
        let clean = sanitizedBytes(text)
        guard !clean.isEmpty else { return }
        if isASCII(clean), !containsEncodedWordStart(clean) {
            // A word too long to fold (a name of a thousand letters) would make a line longer than
            // RFC 5322 allows; encoded words can be split anywhere.
            if clean.allSatisfy({ ByteClass.of($0).contains(.atextOrSpace) }), longestWord(clean) <= longestPlainWord {
                words(clean, into: &header)
                return
            }
            let escapes = clean.reduce(0) { $0 + ($1 == UInt8(ascii: "\\") || $1 == UInt8(ascii: "\"") ? 1 : 0) }
            if clean.count + escapes + 2 <= longestPlainWord {
                header.beginToken()
                header.bytes.append(UInt8(ascii: "\""))
                for byte in clean {
                    if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { header.bytes.append(UInt8(ascii: "\\")) }
                    header.bytes.append(byte)
                }
                header.bytes.append(UInt8(ascii: "\""))
                header.endToken()
                return
            }
        }
        encodedWords(clean, phrase: true, into: &header)
    }

    /// Writes `Name <local@domain>` as tokens; the address is one token, never folded.
    package static func mailbox(displayName: String?, address: EmailAddress, into header: inout HeaderWriter) {
        phrase(displayName ?? "", into: &header)
        header.beginToken()
        header.bytes.append(UInt8(ascii: "<"))
        address.appendUTF8(to: &header.bytes)
        header.bytes.append(UInt8(ascii: ">"))
        header.endToken()
    }

    /// Writes sanitized text as Q-encoded words (RFC 2047 §4.2), split between characters so no
    /// word exceeds 75 characters and no UTF-8 sequence is cut.
    private static func encodedWords(_ clean: [UInt8], phrase: Bool, into header: inout HeaderWriter) {
        guard !clean.isEmpty else { return }
        let safe: ByteClass = phrase ? .phraseSafe : .textSafe
        let room = maxEncodedWord - encodedWordPrefix.count - 2
        // The first word shares its line with what stands before it (`To:`, a name written as
        // words); the words after it each start a line.
        var wordRoom = max(8, min(room, HeaderWriter.encodedLineLength - header.lineLength - 1 - encodedWordPrefix.count - 2))
        var length = 0
        /// Adds one character's bytes, starting a new word first if they do not fit in this one.
        func append(_ character: some Collection<UInt8>) {
            let width = encodedLength(character, safe: safe)
            if length + width > wordRoom, length > 0 {
                header.bytes.append(contentsOf: encodedWordSuffix)
                header.endToken(encoded: true)
                header.beginToken()
                header.bytes.append(contentsOf: encodedWordPrefix)
                length = 0
                wordRoom = room
            }
            for byte in character {
                if byte == UInt8(ascii: " ") {
                    header.bytes.append(UInt8(ascii: "_"))
                } else if ByteClass.of(byte).contains(safe) {
                    header.bytes.append(byte)
                } else {
                    header.bytes.append(UInt8(ascii: "="))
                    Hex.append(byte, .upper, to: &header.bytes)
                }
            }
            length += width
        }
        header.beginToken()
        header.bytes.append(contentsOf: encodedWordPrefix)
        if encodedLength(clean, safe: safe) <= wordRoom {
            // One word holds it all, so where one character ends does not matter.
            append(clean)
        } else if isASCII(clean) {
            // Sanitized ASCII has no CR, so every byte is a character of its own.
            for index in clean.indices { append(clean[index...index]) }
        } else {
            for character in String(decoding: clean, as: UTF8.self) {
                if encodedLength(character.utf8, safe: safe) <= room {
                    append(character.utf8)
                } else {
                    // A character no word can hold (an emoji sequence behind U+0600, marks piled
                    // on one letter) is split between its scalars: RFC 2047 forbids cutting a
                    // UTF-8 sequence, not a grapheme cluster, and a word over 75 is never valid.
                    for scalar in character.unicodeScalars { append(String(scalar).utf8) }
                }
            }
        }
        header.bytes.append(contentsOf: encodedWordSuffix)
        header.endToken(encoded: true)
    }

    /// How long `bytes` are Q-encoded: one character for a safe byte or a space ('_'), three for
    /// any other ("=XX").
    private static func encodedLength(_ bytes: some Collection<UInt8>, safe: ByteClass) -> Int {
        bytes.reduce(0) { $0 + (ByteClass.of($1).contains(safe) || $1 == UInt8(ascii: " ") ? 1 : 3) }
    }

    private static let encodedWordPrefix = Array("=?UTF-8?Q?".utf8)
    private static let encodedWordSuffix = Array("?=".utf8)

    /// Writes space-separated words as tokens.
    private static func words(_ clean: [UInt8], into header: inout HeaderWriter) {
        var start = 0
        while start < clean.count {
            var end = start
            while end < clean.count, clean[end] != UInt8(ascii: " ") { end += 1 }
            if end > start {
                header.beginToken()
                header.bytes.append(contentsOf: clean[start..<end])
                header.endToken()
            }
            start = end + 1
        }
    }

    private static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    /// Whether "=?" occurs, which could be read as the start of an encoded word.
    private static func containsEncodedWordStart(_ bytes: [UInt8]) -> Bool {
        bytes.indices.dropLast().contains { bytes[$0] == UInt8(ascii: "=") && bytes[$0 + 1] == UInt8(ascii: "?") }
    }

    /// The length of the longest run of bytes without a space.
    private static func longestWord(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for byte in bytes {
            current = byte == UInt8(ascii: " ") ? 0 : current + 1
            longest = max(longest, current)
        }
        return longest
    }

    /// What a byte may be in a header, looked up in one table.
    private struct ByteClass: OptionSet {
        let rawValue: UInt8

        /// RFC 5322 atext, or a space: a display name of these is a run of atoms.
        static let atextOrSpace = ByteClass(rawValue: 1 << 0)
        /// Literal in an encoded word in a phrase (RFC 2047 §5 (3)).
        static let phraseSafe = ByteClass(rawValue: 1 << 1)
        /// Literal in an encoded word elsewhere: printable ASCII but '=', '?' and '_'.
        static let textSafe = ByteClass(rawValue: 1 << 2)

        static func of(_ byte: UInt8) -> ByteClass { table[Int(byte)] }

        private static let table: [ByteClass] = {
            var table = [ByteClass](repeating: [], count: 256)
            for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8 {
                table[Int(byte)].insert(.atextOrSpace)
            }
            for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*+-/".utf8 {
                table[Int(byte)].insert(.phraseSafe)
            }
            for byte in UInt8(0x21)...0x7E where byte != UInt8(ascii: "=") && byte != UInt8(ascii: "?") && byte != UInt8(ascii: "_") {
                table[Int(byte)].insert(.textSafe)
            }
            return table
        }()
    }
}
