import TouchpointCore

/// Splits the text of a condition (or of a template tag) into tokens.
///
/// Works on UTF-8 bytes so that every token's range is a byte range of the text. Stops at the
/// first problem, which it reports.
package struct ExpressionLexer {
    private let bytes: [UInt8]
    private let range: Range<Int>
    private let source: ScalarTextMap

    package init(bytes: [UInt8], range: Range<Int>, source: ScalarTextMap) {
        self.bytes = bytes
        self.range = range
        self.source = source
    }

    /// The tokens of the range, ending with `.end`, or `nil` after a diagnostic.
    package func tokenize(diagnostics: inout DiagnosticBag) -> [ExpressionToken]? {
        var tokens: [ExpressionToken] = []
        var index = range.lowerBound
        let end = range.upperBound
        while true {
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            guard index < end else {
                tokens.append(ExpressionToken(kind: .end, range: end..<end))
                return tokens
            }
            guard let token = next(at: index, diagnostics: &diagnostics) else { return nil }
            tokens.append(token)
            index = token.range.upperBound
        }
    }

    private func next(at start: Int, diagnostics: inout DiagnosticBag) -> ExpressionToken? {
        let byte = bytes[start]
        let end = range.upperBound
        func peek(_ offset: Int) -> UInt8? {
            start + offset < end ? bytes[start + offset] : nil
        }
        func symbol(_ symbol: ExpressionToken.Symbol) -> ExpressionToken {
            ExpressionToken(kind: .symbol(symbol), range: start..<(start + symbol.rawValue.utf8.count))
        }
        if Self.isWordStart(byte) { return word(at: start, diagnostics: &diagnostics) }
        if Self.isDigit(byte) || (byte == UInt8(ascii: "-") && peek(1).map(Self.isDigit) == true) {
            return literal(at: start, diagnostics: &diagnostics)
        }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return string(at: start, diagnostics: &diagnostics)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { return symbol(.equal) }
            diagnostics.emit(
                Diagnostic(ExpressionMessages.unexpectedCharacter("="), at: source.span(start..<(start + 1)))
                    .with(help: "to compare two values, write '=='"))
            return nil
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") { return symbol(.notEqual) }
            diagnostics.emit(
                Diagnostic(ExpressionMessages.unexpectedCharacter("!"), at: source.span(start..<(start + 1)))
                    .with(help: "write 'not' to turn a condition around, or '!=' for 'is not equal to'"))
            return nil
        case UInt8(ascii: "<"):
            return peek(1) == UInt8(ascii: "=") ? symbol(.lessOrEqual) : symbol(.less)
        case UInt8(ascii: ">"):
            return peek(1) == UInt8(ascii: "=") ? symbol(.greaterOrEqual) : symbol(.greater)
        case UInt8(ascii: "("): return symbol(.leftParen)
        case UInt8(ascii: ")"): return symbol(.rightParen)
        case UInt8(ascii: "["): return symbol(.leftBracket)
        case UInt8(ascii: "]"): return symbol(.rightBracket)
        case UInt8(ascii: ","): return symbol(.comma)
        case UInt8(ascii: ":"): return symbol(.colon)
        case UInt8(ascii: "|"):
            if peek(1) == UInt8(ascii: "|") {
                diagnostics.emit(
                    Diagnostic(ExpressionMessages.unexpectedCharacter("||"), at: source.span(start..<(start + 2)))
                        .with(help: "write 'or' to join two conditions"))
                return nil
            }
            return symbol(.pipe)
        case UInt8(ascii: "&"):
            let length = peek(1) == UInt8(ascii: "&") ? 2 : 1
            diagnostics.emit(
                Diagnostic(
                    ExpressionMessages.unexpectedCharacter(String(repeating: "&", count: length)),
                    at: source.span(start..<(start + length))
                )
                .with(help: "write 'and' to join two conditions"))
            return nil
        default:
            let length = Self.characterLength(bytes, at: start, end: end)
            let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
            var diagnostic = Diagnostic(ExpressionMessages.unexpectedCharacter(text), at: source.span(start..<(start + length)))
            if ["\u{201C}", "\u{201D}", "\u{2018}", "\u{2019}"].contains(text) {
                diagnostic = diagnostic.with(help: "use straight quotes (\" or ') around text; word processors turn them into curly ones")
            }
            diagnostics.emit(diagnostic)
            return nil
        }
    }

    /// A field path (`contact.first_name`) or a keyword.
    private func word(at start: Int, diagnostics: inout DiagnosticBag) -> ExpressionToken? {
        let end = range.upperBound
        var index = start
        while true {
            while index < end, Self.isWordPart(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: ".") else { break }
            guard index + 1 < end, Self.isWordStart(bytes[index + 1]) else {
                diagnostics.emit(
                    Diagnostic(ExpressionMessages.syntax("expected a field name after '.'"), at: source.span(index..<(index + 1)))
                        .with(help: "write a field as 'name' or 'contact.name'"))
                return nil
            }
            index += 1
        }
        return ExpressionToken(kind: .word(String(decoding: bytes[start..<index], as: UTF8.self)), range: start..<index)
    }

    /// A number or a `YYYY-MM-DD` date: everything up to the next space or symbol, classified.
    private func literal(at start: Int, diagnostics: inout DiagnosticBag) -> ExpressionToken? {
        let end = range.upperBound
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            guard Self.isWordPart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") else { break }
            index += 1
        }
        let slice = bytes[start..<index]
        let text = String(decoding: slice, as: UTF8.self)
        let span = source.span(start..<index)
        if Self.looksLikeDate(slice) {
            guard let date = LocalDate(iso: text) else {
                diagnostics.emit(
                    Diagnostic(ExpressionMessages.invalidDate(text), at: span)
                        .with(help: "write a date as YYYY-MM-DD, with a month from 01 to 12 and a day the month has"))
                return nil
            }
            return ExpressionToken(kind: .date(date), range: start..<index)
        }
        let digits = slice.first == UInt8(ascii: "-") ? slice.dropFirst() : slice[...]
        let points = digits.count { $0 == UInt8(ascii: ".") }
        let wellFormed =
            !digits.isEmpty && digits.allSatisfy { Self.isDigit($0) || $0 == UInt8(ascii: ".") }
            && points <= 1 && digits.first != UInt8(ascii: ".") && digits.last != UInt8(ascii: ".")
        if wellFormed, points == 0, let value = Int(text) {
            return ExpressionToken(kind: .integer(value), range: start..<index)
        }
        if wellFormed, let value = Double(text), value.isFinite {
            return ExpressionToken(kind: .number(value), range: start..<index)
        }
        diagnostics.emit(
            Diagnostic(ExpressionMessages.invalidLiteral(text), at: span)
                .with(help: "numbers are written like 3 or 2.5, dates like 2026-03-01; put text in quotes"))
        return nil
    }

    /// A string in double or single quotes; `\"`, `\'` and `\\` stand for the character itself.
    private func string(at start: Int, diagnostics: inout DiagnosticBag) -> ExpressionToken? {
        let quote = bytes[start]
        let end = range.upperBound
        var value: [UInt8] = []
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            if byte == quote {
                return ExpressionToken(kind: .string(String(decoding: value, as: UTF8.self)), range: start..<(index + 1))
            }
            if byte == UInt8(ascii: "\\"), index + 1 < end,
                [UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(bytes[index + 1])
            {
                value.append(bytes[index + 1])
                index += 2
                continue
            }
            value.append(byte)
            index += 1
        }
        diagnostics.emit(
            Diagnostic(
                ExpressionMessages.unterminatedString(), at: source.span(start..<(start + 1)),
                label: "this quote is never closed"
            )
            .with(help: "end the text with a matching \(quote == UInt8(ascii: "'") ? "'" : "\"")"))
        return nil
    }

    package static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    package static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    package static func isWordStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    package static func isWordPart(_ byte: UInt8) -> Bool {
        isWordStart(byte) || isDigit(byte)
    }

    private static func looksLikeDate(_ slice: ArraySlice<UInt8>) -> Bool {
        guard slice.count == 10 else { return false }
        for (offset, byte) in slice.enumerated() {
            let isDash = offset == 4 || offset == 7
            if isDash ? byte != UInt8(ascii: "-") : !isDigit(byte) { return false }
        }
        return true
    }

    /// The number of bytes of the UTF-8 sequence at `index` (1 for a stray byte).
    package static func characterLength(_ bytes: [UInt8], at index: Int, end: Int) -> Int {
        let lead = bytes[index]
        let length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var actual = 1
        while actual < length, index + actual < end, bytes[index + actual] & 0xC0 == 0x80 { actual += 1 }
        return actual
    }
}
