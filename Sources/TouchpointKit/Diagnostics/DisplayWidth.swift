/// How many terminal cells text takes, so that a caret lands under the right character after
/// tabs, wide CJK characters and emoji.
enum DisplayWidth {
    /// Columns a tab takes in an excerpt.
    static let tabWidth = 4

    static func of(_ character: Character) -> Int {
        if character == "\t" { return tabWidth }
        guard let first = character.unicodeScalars.first else { return 0 }
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

    static func of(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + of($1) }
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
    static func expand(_ line: String) -> String {
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
    static func visible(_ text: String) -> String {
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
