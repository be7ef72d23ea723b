/// How many terminal cells text takes, so that a caret lands under the right character after
/// tabs, wide CJK characters and emoji.
package enum DisplayWidth {
    /// Columns a tab takes in an excerpt.
    package static let tabWidth = 4

    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.index(after: scalars.startIndex) == scalars.endIndex, let width = knownWidth(of: first.value) {
            return width
        }
        // A tab is always a character of its own, so it is only ever the first scalar.
        if first.value == 0x09 { return tabWidth }
        if isControl(first) { return 1 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F }) {
            return 2
        }
        if isWide(first.value) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }

    package static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// Columns of UTF-8 text, as ``of(_:)-(StringProtocol)`` counts them. Text whose every scalar
    /// is one column wide and a character of its own whatever stands next to it (printable ASCII,
    /// Latin, Greek, Cyrillic letters, dashes and quotes) is counted scalar by scalar, without
    /// making a string and finding its characters.
    package static func of(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var columns = 0
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let value: UInt32
            let length: Int
            if lead < 0x80 {
                (value, length) = (UInt32(lead), 1)
            } else if lead & 0xE0 == 0xC0, index + 1 < bytes.count {
                (value, length) = (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
            } else if lead & 0xF0 == 0xE0, index + 2 < bytes.count {
                value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                length = 3
            } else {
                return of(String(decoding: bytes, as: UTF8.self))
            }
            guard isNarrowAndAlone(value) else { return of(String(decoding: bytes, as: UTF8.self)) }
            columns += 1
            index += length
        }
        return columns
    }

    /// Scalars one column wide that never join a neighbour into one character: no controls, no
    /// combining or format marks, nothing that prepends or joins. A test checks every pair.
    package static func isNarrowAndAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0x00A0...0x02FF: value != 0xAD
        case 0x0370...0x0482, 0x048A...0x052F, 0x2010...0x2027: true
        default: false
        }
    }

    /// The width of a character of one scalar where it is known without looking up the scalar's
    /// properties (which is slow): ASCII, Latin-1, the Latin extensions, IPA and the spacing
    /// modifiers (all one column but the soft hyphen, a format character), Greek and Cyrillic
    /// (but Cyrillic's combining marks), and the dashes, quotes and bullets of General
    /// Punctuation. A test checks every scalar against the properties.
    private static func knownWidth(of value: UInt32) -> Int? {
        switch value {
        case 0x09: tabWidth
        case 0x00..<0x0300 where value != 0xAD: 1
        case 0x0370...0x0482, 0x048A...0x052F: 1
        case 0x2010...0x2027: 1
        default: nil
        }
    }

    /// East Asian Wide and Fullwidth blocks.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// C0 and C1 control characters and DEL.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }

    /// The line as an excerpt shows it: tabs expanded to spaces, and every other control character
    /// shown as a visible symbol one cell wide (never sent to the terminal, where it could move the
    /// cursor or start an escape sequence), so the caret still has something to point at.
    package static func expand(_ line: String) -> String {
        var result = ""
        for character in line {
            if character == "\t" {
                result += String(repeating: " ", count: tabWidth)
            } else if let first = character.unicodeScalars.first, isControl(first) {
                result.unicodeScalars.append(picture(of: first))
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Words for one line of output (a message, a label, a note) with every control character,
    /// tab and line break included, shown as a visible symbol: text quoted from a file can neither
    /// break a diagnostic's header over two lines nor send an escape sequence to the terminal.
    package static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            result.unicodeScalars.append(isControl(scalar) ? picture(of: scalar) : scalar)
        }
        return result
    }

    /// The Control Pictures symbol for a C0 control or DEL; U+FFFD for a C1 control.
    private static func picture(of scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0..<0x20: Unicode.Scalar(0x2400 + scalar.value) ?? "\u{FFFD}"
        case 0x7F: "\u{2421}"
        default: "\u{FFFD}"
        }
    }
}
