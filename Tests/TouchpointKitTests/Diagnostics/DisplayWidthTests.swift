import Testing
@testable import TouchpointKit

/// Terminal cells, so that a caret lands under the right character.
@Suite struct DisplayWidthTests {
    @Test(arguments: [
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
}
