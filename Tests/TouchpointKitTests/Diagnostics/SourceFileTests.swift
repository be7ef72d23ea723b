import Testing
import TouchpointKit

/// Byte offsets to the lines and character columns people see.
@Suite struct SourceFileTests {
    @Test func countsLinesEndedByLFCRLFAndLoneCR() {
        #expect(SourceFile(path: "f", text: "").lineCount == 1)
        #expect(SourceFile(path: "f", text: "a").lineCount == 1)
        #expect(SourceFile(path: "f", text: "a\n").lineCount == 2)
        let mixed = SourceFile(path: "f", text: "one\ntwo\r\nthree\rfour")
        #expect(mixed.lineCount == 4)
        #expect((1...4).map(mixed.text(ofLine:)) == ["one", "two", "three", "four"])
        #expect(mixed.byteRange(ofLine: 2) == 4..<7)
        #expect(mixed.line(containing: 7) == 2)  // the CR of CRLF belongs to its line
        #expect(mixed.line(containing: 9) == 3)
    }

    @Test func outOfRangeLinesAndOffsetsAreClamped() {
        let file = SourceFile(path: "f", text: "ab\ncd")
        #expect(file.byteRange(ofLine: 0) == 5..<5)
        #expect(file.byteRange(ofLine: 9) == 5..<5)
        #expect(file.line(containing: -4) == 1)
        #expect(file.line(containing: 99) == 2)
        #expect(file.location(of: 99) == (line: 2, column: 3))
        #expect(file.text(in: 3..<99) == "cd")
    }

    @Test func columnsCountCharactersNotBytes() {
        let file = SourceFile(path: "f", text: "é中😀👍🏽x\n")
        // é: 2 bytes, 中: 3, 😀: 4, 👍🏽: two scalars of 4 bytes each, one character.
        let offsets = [0, 2, 5, 9, 17, 18]
        #expect(offsets.map { file.location(of: $0).column } == [1, 2, 3, 4, 5, 6])
        #expect(offsets.map { file.offset(line: 1, column: file.location(of: $0).column) } == offsets)
    }

    @Test func anOffsetInsideACharacterReportsThatCharacter() {
        // Inside a scalar's bytes (once reported as the next column) and between the scalars of
        // one cluster.
        let file = SourceFile(path: "f", text: "a中b👍🏽c")
        #expect(file.location(of: 2).column == 2)
        #expect(file.location(of: 3).column == 2)
        #expect(file.location(of: 4).column == 3)
        #expect(file.location(of: 9).column == 4)
        #expect(file.location(of: 13).column == 5)
    }

    @Test func utf16ColumnsCountCodeUnits() {
        let file = SourceFile(path: "f", text: "é中😀👍🏽x\r\nab")
        // é and 中: one code unit each; 😀: two; 👍🏽: two scalars of two each.
        let offsets = [0, 2, 5, 9, 17, 18]
        #expect(offsets.map { file.location(of: $0, counting: .utf16CodeUnits).column } == [1, 2, 3, 5, 9, 10])
        // Inside a scalar's bytes counts from its first byte; between the scalars of one cluster
        // the code units before it count, where a character column names the cluster.
        #expect(file.location(of: 3, counting: .utf16CodeUnits) == (line: 1, column: 2))
        #expect(file.location(of: 13, counting: .utf16CodeUnits) == (line: 1, column: 7))
        #expect(file.location(of: 13) == (line: 1, column: 4))
        // The terminator is one past the line's last code unit; the next line starts at 1.
        #expect(file.location(of: 19, counting: .utf16CodeUnits) == (line: 1, column: 10))
        #expect(file.location(of: 20, counting: .utf16CodeUnits) == (line: 2, column: 1))
        let span = SourceSpan(file: file, offset: 5, length: 12)
        let (start, end) = span.bounds(counting: .utf16CodeUnits)
        #expect(start == (line: 1, column: 3) && end == (line: 1, column: 9))
        let (characterStart, characterEnd) = span.bounds(counting: .characters)
        #expect(characterStart == span.start && characterEnd == span.end)
        #expect(span.reference == "f:1:3")
    }

    @Test func anOffsetAtALinesEndIsOnePastItsLastCharacter() {
        let file = SourceFile(path: "f", text: "ab\r\ncd")
        #expect(file.location(of: 2) == (line: 1, column: 3))
        #expect(file.location(of: 4) == (line: 2, column: 1))
        #expect(file.offset(line: 1, column: 40) == 2)
    }

    @Test func dropsAByteOrderMark() {
        let file = SourceFile(path: "f", bytes: [0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x62])
        #expect(file.hadByteOrderMark)
        #expect(file.bytes == [0x61, 0x0A, 0x62])
        #expect(file.location(of: 0) == (line: 1, column: 1))
        #expect(file.location(of: 2) == (line: 2, column: 1))
        #expect(!SourceFile(path: "f", text: "a").hadByteOrderMark)
    }

    @Test func invalidUTF8ShowsAsReplacementCharacters() {
        let file = SourceFile(path: "f", bytes: [0x61, 0xFF, 0x62, 0xE4, 0xB8, 0x63])
        #expect(file.text(ofLine: 1) == "a\u{FFFD}b\u{FFFD}c")
        #expect([0, 1, 2, 3, 5].map { file.location(of: $0).column } == [1, 2, 3, 4, 5])
        #expect(file.location(of: 4).column == 4)
    }

    @Test func aSpanKnowsItsStartEndAndText() {
        let file = SourceFile(path: "f", text: "key: 中文\n")
        let span = SourceSpan(file: file, offset: 5, length: 6)
        #expect(span.text == "中文")
        #expect(span.startPlace == "1:6")
        #expect(span.endPlace == "1:8")
        #expect(SourceSpan(file: file, offset: 3, length: -2).range == 3..<3)
    }
}
