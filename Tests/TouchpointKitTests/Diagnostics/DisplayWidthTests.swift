import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Terminal cells, so that a caret lands under the right character.
@Suite struct DisplayWidthTests {
    @Test(
        arguments: [
            ("a", 1), ("é", 1), ("e\u{301}", 1), ("中", 2), ("가", 2), ("Ａ", 2), ("😀", 2), ("👍🏽", 2),
            ("❤️", 2), ("🇫🇷", 2), ("👩‍👩‍👧", 2), ("☺", 1), ("\t", 4), ("\u{1B}", 1), ("\u{7F}", 1), ("\u{9B}", 1),
            ("\u{200B}", 0),
        ] as [(Character, Int)])
    func measuresOneCharacter(_ character: Character, width: Int) {
        #expect(DisplayWidth.of(character) == width)
    }

    @Test func measuresText() {
        #expect(DisplayWidth.of("a\té中😀") == 1 + 4 + 1 + 2 + 2)
        #expect(DisplayWidth.of("") == 0)
    }

    @Test func expandsTabsAndShowsControlCharacters() {
        #expect(DisplayWidth.expand("a\tb") == "a    b")
        // Never the raw control character, which a terminal would act on.
        #expect(DisplayWidth.expand("x\u{1B}[31my") == "x\u{241B}[31my")
        #expect(DisplayWidth.expand("\u{0}\u{7F}\u{9B}") == "\u{2400}\u{2421}\u{FFFD}")
        #expect(DisplayWidth.expand("é中😀") == "é中😀")
    }

    @Test func anExpandedLineIsAsWideAsItsMeasure() {
        let line = "\ta\u{1}中\u{7F}😀é"
        let expanded = DisplayWidth.expand(line)
        #expect(DisplayWidth.of(expanded) == DisplayWidth.of(line))
        #expect(!expanded.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
    }

    /// The widths known without a property lookup are the widths the lookup gives, for every
    /// scalar; characters of several scalars are measured as before.
    @Test func knownWidthsAgreeWithTheScalarProperties() {
        var disagreeing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let character = Character(scalar)
            if DisplayWidth.of(character) != Self.widthFromProperties(character) { disagreeing.append(value) }
        }
        #expect(disagreeing.isEmpty, "\(disagreeing.prefix(20).map { String($0, radix: 16) })")
        for fragment in AwkwardText.fragments {
            for character in fragment + "a\u{301}" + "\u{AD}\u{301}" + "-\u{20DD}" + "\r\n" {
                #expect(DisplayWidth.of(character) == Self.widthFromProperties(character), "\(fragment.debugDescription)")
            }
        }
    }

    /// Scalars counted one by one in UTF-8 never join the scalar before or after them into one
    /// character, and are one column wide.
    @Test func narrowScalarsStandAlone() {
        let narrow = (UInt32(0)...0x2FFF).filter(DisplayWidth.isNarrowAndAlone).compactMap(Unicode.Scalar.init)
        var joining: [String] = []
        for first in narrow {
            if DisplayWidth.of(Character(first)) != 1 { joining.append(String(first.value, radix: 16)) }
            for second in narrow {
                var pair = String.UnicodeScalarView()
                pair.append(first)
                pair.append(second)
                if String(pair).count != 2 { joining.append("\(String(first.value, radix: 16))+\(String(second.value, radix: 16))") }
            }
        }
        #expect(joining.isEmpty, "\(joining.prefix(20))")
    }

    @Test func utf8TextIsMeasuredAsAString() {
        var random = SeededGenerator(seed: 12)
        let pieces = AwkwardText.fragments + ["—", "–", "Ольга", "Åsa", "Szabó", "«»", "Ω", "ǅ", "\u{2027}", "\u{2028}"]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
            let measured = Array(text.utf8).withUnsafeBufferPointer { DisplayWidth.of(utf8: $0) }
            #expect(measured == DisplayWidth.of(text), "\(text.debugDescription)")
        }
    }

    /// How the width was found before some were known without a lookup.
    private static func widthFromProperties(_ character: Character) -> Int {
        if character == "\t" { return DisplayWidth.tabWidth }
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 1 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F }) {
            return 2
        }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            break
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }
}
