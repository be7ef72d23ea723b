import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Scalar text map")
struct ScalarTextMapTests {
    private func map(_ key: String, _ yaml: String) throws -> ScalarTextMap {
        try #require(LanguageFixture.scalar(key, in: SourceFile(path: "campaigns/x.yaml", text: yaml)))
    }

    /// The file location of the first occurrence of `word` in the decoded value.
    private func location(of word: String, in map: ScalarTextMap) throws -> (line: Int, column: Int) {
        let value = Array(map.text.utf8)
        let needle = Array(word.utf8)
        let start = try #require((0...(value.count - needle.count)).first { Array(value[$0..<($0 + needle.count)]) == needle })
        let span = map.span(start..<(start + needle.count))
        #expect(span.text == word, "the span covers '\(span.text)'")
        return span.start
    }

    /// Every letter and digit of the value maps to the same byte in the file.
    private func expectLettersMapToThemselves(_ map: ScalarTextMap) {
        let value = Array(map.text.utf8)
        for (offset, byte) in value.enumerated() where (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) {
            let fileOffset = map.fileOffset(offset)
            #expect(map.file.bytes[fileOffset] == byte, "byte \(offset) of the value maps to \(fileOffset)")
        }
    }

    @Test func plainSingleLine() throws {
        let map = try map("where", "a: 1\nwhere: status == \"active\" and nps > 3   # comment\n")
        #expect(map.isExact)
        #expect(try location(of: "nps", in: map) == (2, 31))
        #expect(map.span(0..<map.text.utf8.count).text == "status == \"active\" and nps > 3")
        expectLettersMapToThemselves(map)
    }

    @Test func plainOverSeveralLines() throws {
        let map = try map("where", "where: status == \"active\"\n  and   nps > 3\n\n  or subscribed\nnext: 1\n")
        #expect(map.text == "status == \"active\" and   nps > 3\nor subscribed")
        #expect(map.isExact)
        #expect(try location(of: "nps", in: map) == (2, 9))
        #expect(try location(of: "subscribed", in: map) == (4, 6))
        expectLettersMapToThemselves(map)
    }

    @Test func singleQuotedWithDoubledQuotes() throws {
        let map = try map("subject", "subject: 'It''s {{ frist_name }}''s day'\n")
        #expect(map.text == "It's {{ frist_name }}'s day")
        #expect(map.isExact)
        #expect(try location(of: "frist_name", in: map) == (1, 20))
        #expect(map.span(2..<3).text == "''")
        expectLettersMapToThemselves(map)
    }

    @Test func doubleQuotedWithEscapes() throws {
        let map = try map("subject", "subject: \"Caf\\u00e9 \\\"news\\\"\\t{{ frist_name }}\"\n")
        #expect(map.text == "Café \"news\"\t{{ frist_name }}")
        #expect(map.isExact)
        #expect(try location(of: "frist_name", in: map) == (1, 34))
        #expect(map.span(3..<5).text == "\\u00e9")
        expectLettersMapToThemselves(map)
    }

    @Test func doubleQuotedOverLinesWithAnEscapedBreak() throws {
        let map = try map("subject", "subject: \"Hello \\\n    {{ first_name }},\n  see you\n\n  soon\"\n")
        #expect(map.text == "Hello {{ first_name }}, see you\nsoon")
        #expect(map.isExact)
        #expect(try location(of: "first_name", in: map) == (2, 8))
        #expect(try location(of: "soon", in: map) == (5, 3))
        expectLettersMapToThemselves(map)
    }

    @Test func literalBlockLikeTheStyleGuideExample() throws {
        let yaml = """
            campaign: after-care
            title: After care
            audience: patients
            kind: care
            steps:
              - id: thanks
                send: 1 day after discharge_date at 10:00
                subject: Thank you
                when: x
                a: 1
                b: 2
                c: 3
                body: |
                  Hi {{ frist_name }}, thank you for choosing us.

                    Indented line {{ nps }}
                  Last line
                send2: 3 days after discharge_date at 10:00
            """
        let map = try map("body", yaml)
        #expect(map.text == "Hi {{ frist_name }}, thank you for choosing us.\n\n  Indented line {{ nps }}\nLast line\n")
        #expect(map.isExact)
        #expect(try location(of: "frist_name", in: map) == (14, 13))
        #expect(try location(of: "nps", in: map) == (16, 26))
        #expect(try location(of: "Last", in: map) == (17, 7))
        expectLettersMapToThemselves(map)
    }

    @Test(
        "chomping indicators",
        arguments: [
            ("|-", "one\n  two"),
            ("|", "one\n  two\n"),
            ("|+", "one\n  two\n\n"),
        ])
    func chomping(header: String, expected: String) throws {
        let map = try map("body", "body: \(header)\n  one\n    two\n\nnext: 1\n")
        #expect(map.text == expected)
        #expect(map.isExact)
        #expect(try location(of: "two", in: map) == (3, 5))
        expectLettersMapToThemselves(map)
    }

    @Test func indentationIndicatorInsideASequence() throws {
        let map = try map("body", "steps:\n  - body: |2\n       leading spaces {{ x }}\n      second\n")
        #expect(map.text == " leading spaces {{ x }}\nsecond\n")
        #expect(map.isExact)
        #expect(try location(of: "leading", in: map) == (3, 8))
        #expect(try location(of: "second", in: map) == (4, 7))
    }

    @Test func foldedBlock() throws {
        let map = try map("body", "body: >\n  Hi {{ first_name }},\n  see you soon.\n\n    kept as is\n  Bye {{ frist }}\n")
        #expect(map.text == "Hi {{ first_name }}, see you soon.\n\n  kept as is\nBye {{ frist }}\n")
        #expect(map.isExact)
        #expect(try location(of: "soon", in: map) == (3, 11))
        #expect(try location(of: "kept", in: map) == (5, 5))
        #expect(try location(of: "frist", in: map) == (6, 10))
        expectLettersMapToThemselves(map)
    }

    @Test func windowsLineEndings() throws {
        let map = try map("body", "a: 1\r\nbody: |\r\n  Hi {{ first_name }}\r\n  Bye {{ frist }}\r\n")
        #expect(map.text == "Hi {{ first_name }}\nBye {{ frist }}\n")
        #expect(map.isExact)
        #expect(try location(of: "frist", in: map) == (4, 10))
    }

    @Test func anchoredAndTaggedScalars() throws {
        let map = try map("where", "where: &w !!str \"nps > 3\"\n")
        #expect(map.isExact)
        #expect(try location(of: "3", in: map) == (1, 24))
    }

    @Test func bodyFileIsTheIdentityPlusItsOffset() throws {
        let file = SourceFile(path: "campaigns/templates/x.md", text: "---\nHi {{ frist_name }}\n")
        let map = ScalarTextMap(file: file, range: 4..<file.bytes.count)
        #expect(map.text == "Hi {{ frist_name }}\n")
        #expect(map.isExact)
        #expect(try location(of: "frist_name", in: map) == (2, 7))
        #expect(map.fileOffset(-5) == 4)
        #expect(map.fileOffset(1000) == file.bytes.count)
    }

    @Test func outOfRangeOffsetsAreClamped() throws {
        let map = try map("where", "where: nps > 3\n")
        #expect(map.fileOffset(-1) == 7)
        #expect(map.fileOffset(100) == 14)
        #expect(map.span(4..<100).text == "> 3")
        #expect(map.span(3..<3).range == 10..<10)
    }

    @Test func emptyScalar() throws {
        let map = try map("where", "where: ''\n")
        #expect(map.text.isEmpty)
        #expect(map.span(0..<0).start.line == 1)
    }

    @Test func templateDiagnosticsLandOnTheFileLine() throws {
        let yaml = "subject: \"Hi {{ first_name }}\"\nbody: >\n  Hi {{ first_name | upcse }},\n  thanks.\n"
        let file = SourceFile(path: "campaigns/x.yaml", text: yaml)
        let body = try #require(LanguageFixture.scalar("body", in: file))
        let diagnostics = LanguageFixture.checkTemplate(body).diagnostics
        #expect(diagnostics.map(\.placeAndID) == ["3:22 unknown-filter"])
    }
}

/// Generated scalars in every style, decoded by libyaml: the map must be exact, with every
/// letter and digit of the value mapped to itself in the file.
@Suite("Scalar text map properties", TimeLimits.minutes(1))
struct ScalarTextMapPropertyTests {
    private static let wordCharacters = Array("abcxyz019 {}%|:=-.,<>!é")

    private func words(_ random: inout SeededGenerator, extra: [Character] = []) -> String {
        let alphabet = Self.wordCharacters + extra
        let count = Int(random.next() % 14)
        return "a" + String((0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }) + "z"
    }

    private func scalar(_ style: Int, indent: String, _ random: inout SeededGenerator) -> String {
        let lines = (0...Int(random.next() % 4)).map { _ in random.next() % 5 == 0 ? "" : words(&random, extra: ["'", "\"", "\\", "\t"]) }
        switch style {
        case 0:
            let plain = (0...Int(random.next() % 3)).map { _ in words(&random).replacingOccurrencesOfSpecials() }
            return plain.joined(separator: "\n\(indent)  ")
        case 1:
            let body = lines.map { $0.replacing("'", with: "''") }.joined(separator: "\n\(indent)  ")
            return "'" + body + "'"
        case 2:
            var parts: [String] = []
            for line in lines {
                var escaped = line.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                if random.next() % 3 == 0 { escaped += "\\n\\u00e9\\t" }
                parts.append(escaped)
            }
            let separator = random.next() % 2 == 0 ? "\n\(indent)  " : "\\\n\(indent)    "
            return "\"" + parts.joined(separator: separator) + "\""
        default:
            let header = (style == 3 ? "|" : ">") + ["", "-", "+", "2", "2-", "+2"][Int(random.next() % 6)]
            let body = lines.enumerated().map { index, line -> String in
                if line.isEmpty { return "" }
                let extra = index > 0 && random.next() % 4 == 0 ? "  " : ""
                return indent + "  " + extra + line.replacing("\t", with: " ")
            }
            return header + "\n" + body.joined(separator: "\n")
        }
    }

    @Test func generatedScalarsMapExactly() throws {
        var random = SeededGenerator(seed: 2026)
        var checked = 0
        for iteration in 0..<600 {
            let style = iteration % 5
            let nested = random.next() % 2 == 0
            let indent = nested ? "  " : ""
            let key = nested ? "steps:\n  - id: a\n    k: " : "k: "
            let lineEnd = random.next() % 4 == 0 ? "\r\n" : "\n"
            var yaml = "top: 1\n" + key + scalar(style, indent: nested ? indent + "  " : indent, &random) + "\nnext: 2\n"
            if lineEnd == "\r\n" { yaml = yaml.replacing("\n", with: "\r\n") }
            let file = SourceFile(path: "p.yaml", text: yaml)
            var bag = DiagnosticBag()
            guard let root = YAMLComposer().compose(file, diagnostics: &bag) else { continue }
            let node = nested ? root["steps"]?.sequence?.first?["k"] : root["k"]
            guard let node, let map = ScalarTextMap(node) else { continue }
            checked += 1
            #expect(map.isExact, "not exact: \(yaml.debugDescription) → \(map.text.debugDescription)")
            let value = Array(map.text.utf8)
            for (offset, byte) in value.enumerated() where byte >= 0x61 && byte <= 0x7A || byte >= 0x30 && byte <= 0x39 {
                let at = map.fileOffset(offset)
                if file.bytes[at] != byte {
                    Issue.record("byte \(offset) of \(map.text.debugDescription) maps to \(at) in \(yaml.debugDescription)")
                    break
                }
            }
        }
        #expect(checked > 400)
    }
}

extension ScalarTextMapPropertyTests {
    private static let seedDocument = """
        campaign: x
        where: status == "active"
          and nps > 3
        steps:
          - subject: 'It''s {{ first_name }}'
            title: "Caf\\u00e9 \\"x\\" \\
              y"
            body: |2-
               Hi {{ first_name }},
              bye
            note: >+
              folded
                more

            tagged: &a !!str plain
            again: *a
        """

    /// Whatever libyaml accepts, every scalar's map stays inside the file and inside the scalar.
    @Test func mutatedDocumentsStayInsideTheirScalars() {
        var random = SeededGenerator(seed: 7)
        let alphabet = Array(" \n\t'\"\\|>-+2#:&*!{}%ab".utf8)
        var composed = 0
        for _ in 0..<800 {
            var bytes = Array(Self.seedDocument.utf8)
            for _ in 0...Int(random.next() % 3) {
                let position = Int(random.next() % UInt64(bytes.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes.insert(byte, at: position)
                case 1: bytes.remove(at: position)
                default: bytes[position] = byte
                }
            }
            let file = SourceFile(path: "m.yaml", bytes: bytes)
            var bag = DiagnosticBag()
            guard let root = YAMLComposer().compose(file, diagnostics: &bag) else { continue }
            composed += 1
            for node in Self.scalars(root) {
                guard let map = ScalarTextMap(node) else { continue }
                let count = map.text.utf8.count
                for offset in [-1, 0, count / 2, count, count + 5] {
                    let at = map.fileOffset(offset)
                    #expect(at >= node.span.range.lowerBound && at <= node.span.range.upperBound)
                }
                let span = map.span(0..<count)
                #expect(span.range.lowerBound >= node.span.range.lowerBound && span.range.upperBound <= node.span.range.upperBound)
            }
        }
        #expect(composed > 200)
    }

    private static func scalars(_ node: YAMLNode) -> [YAMLNode] {
        switch node.content {
        case .scalar: [node]
        case .sequence(let items): items.flatMap(scalars)
        case .mapping(let pairs): pairs.flatMap { scalars($0.key) + scalars($0.value) }
        }
    }
}

extension String {
    /// Plain scalars may not hold these where YAML gives them a meaning.
    fileprivate func replacingOccurrencesOfSpecials() -> String {
        var result = self
        for special in [":", "{", "}", "%", "|", ",", "!", "-", ">"] { result = result.replacing(special, with: "x") }
        return result
    }
}
