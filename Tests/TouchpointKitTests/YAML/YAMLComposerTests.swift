import Testing
import TouchpointKit

/// The composer: libyaml's events made into a tree of nodes with exact source ranges.
@Suite struct YAMLComposerTests {
    private func composed(
        _ text: String, _ composer: YAMLComposer = YAMLComposer(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> YAMLNode {
        let (node, diagnostics) = PracticeFixtures.compose(text, composer: composer)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.lineColumnID))", sourceLocation: sourceLocation)
        return try #require(node, sourceLocation: sourceLocation)
    }

    private func failures(_ text: String, _ composer: YAMLComposer = YAMLComposer()) -> [String] {
        let (node, diagnostics) = PracticeFixtures.compose(text, composer: composer)
        #expect(node == nil)
        return diagnostics.map(\.lineColumnID)
    }

    // MARK: Node kinds and scalar styles

    @Test func buildsMappingsSequencesAndScalars() throws {
        let root = try composed(
            """
            name: Lincoln
            days: [mon, tue]
            window:
              hours: "08:00-18:00"
            steps:
              - one
              - two

            """)
        let pairs = try #require(root.mapping)
        #expect(pairs.map(\.name) == ["name", "days", "window", "steps"])
        #expect(root["name"]?.scalar?.value == "Lincoln")
        #expect(root["days"]?.sequence?.compactMap(\.scalar?.value) == ["mon", "tue"])
        #expect(root["window"]?["hours"]?.scalar?.value == "08:00-18:00")
        #expect(root["steps"]?.sequence?.count == 2)
        #expect(root.kindDescription == "a mapping")
        #expect(root["days"]?.kindDescription == "a list")
        #expect(root["name"]?.kindDescription == "a scalar")
        #expect(root.nodeCount == 15)
    }

    @Test func keepsEachScalarsStyleAndDecodedValue() throws {
        let root = try composed(
            """
            plain: a plain value
            single: 'it''s'
            double: "tab\\there \\u00e9"
            literal: |
              line one
              line two
            folded: >
              one
              two

            """)
        let expected: [(String, ScalarStyle, String)] = [
            ("plain", .plain, "a plain value"),
            ("single", .singleQuoted, "it's"),
            ("double", .doubleQuoted, "tab\there é"),
            ("literal", .literal, "line one\nline two\n"),
            ("folded", .folded, "one two\n"),
        ]
        for (key, style, value) in expected {
            let scalar = try #require(root[key]?.scalar)
            #expect(scalar.style == style, "\(key)")
            #expect(scalar.value == value, "\(key)")
        }
    }

    @Test(arguments: ["NO", "yes", "010", "1e3", "0x1F", "true", "12:30", "2026-12-25", ".inf", "+1"])
    func neverTypesAScalarImplicitly(_ text: String) throws {
        let root = try composed("value: \(text)\n")
        let scalar = try #require(root["value"]?.scalar)
        #expect(scalar.value == text)
        #expect(scalar.style == .plain)
        #expect(!scalar.isNull)
    }

    @Test func readsOnlyPlainEmptyTildeAndNullAsNull() throws {
        let root = try composed(
            """
            empty:
            tilde: ~
            word: null
            quoted: "null"
            quotedEmpty: ""

            """)
        #expect(root["empty"]?.scalar?.isNull == true)
        #expect(root["tilde"]?.scalar?.isNull == true)
        #expect(root["word"]?.scalar?.isNull == true)
        #expect(root["quoted"]?.scalar?.isNull == false)
        #expect(root["quotedEmpty"]?.scalar?.isNull == false)
        #expect(root["empty"]?.kindDescription == "an empty value")
    }

    @Test func keepsAnExplicitTag() throws {
        let root = try composed("zip: !!str 01234\n")
        #expect(root["zip"]?.tag == "tag:yaml.org,2002:str")
        #expect(root["zip"]?.scalar?.value == "01234")
    }

    // MARK: Source ranges

    @Test func spansCoverTheRawTextWithExactLinesAndColumns() throws {
        let root = try composed(
            """
            practice:
              name: "Lincoln PT"
              days: [mon, tue]
              note: |
                kept

            """)
        let practice = try #require(root["practice"])
        let name = try #require(practice["name"])
        #expect(name.span.text == "\"Lincoln PT\"")
        #expect(name.span.startPlace == "2:9")
        #expect(name.span.endPlace == "2:21")
        let key = try #require(practice.mapping?.first?.key)
        #expect(key.span.text == "name")
        #expect(key.span.startPlace == "2:3")
        let days = try #require(practice["days"])
        #expect(days.span.text == "[mon, tue]")
        #expect(days.sequence?[1].span.startPlace == "3:15")
        #expect(practice["note"]?.span.startPlace == "4:9")
        #expect(practice.span.startPlace == "2:3")
    }

    @Test func columnsCountCharactersAfterWideOnes() throws {
        let root = try composed(
            """
            a: {name: "é中😀👍🏽", next: value}
            b: café 中文 😀 end

            """)
        let next = try #require(root["a"]?["next"])
        #expect(next.span.startPlace == "1:25")
        #expect(next.span.text == "value")
        let b = try #require(root["b"])
        #expect(b.span.startPlace == "2:4")
        #expect(b.span.endPlace == "2:17")
        #expect(b.scalar?.value == "café 中文 😀 end")
    }

    @Test func linesAndColumnsSurviveCRLF() throws {
        let root = try composed("first: 1\r\nsecond: \"two\"\r\nthird:\r\n  - x\r\n")
        #expect(root["second"]?.span.startPlace == "2:9")
        #expect(root["second"]?.span.text == "\"two\"")
        #expect(root["third"]?.sequence?.first?.span.startPlace == "4:5")
    }

    @Test func aByteOrderMarkIsNotAColumn() throws {
        let (node, diagnostics) = PracticeFixtures.compose(bytes: [0xEF, 0xBB, 0xBF] + Array("key: value\n".utf8))
        #expect(diagnostics.isEmpty)
        let root = try #require(node)
        let key = try #require(root.mapping?.first?.key)
        #expect(key.span.range == 0..<3)
        #expect(key.span.startPlace == "1:1")
        #expect(root["key"]?.span.startPlace == "1:6")
        #expect(root.span.file.hadByteOrderMark)
    }

    @Test func aMappingEndingInAnAliasSpansTheAlias() throws {
        // The mapping's span once ended at the anchored node, before the mapping itself.
        let root = try composed("a: &x [1, 2]\nb: *x\n")
        #expect(root.span.text == "a: &x [1, 2]\nb: *x")
        let inner = try composed("outer:\n  a: &x one\n  b: *x\n")
        #expect(inner["outer"]?.span.text == "a: &x one\n  b: *x")
    }

    // MARK: Anchors, aliases and merge keys

    @Test func anAliasRepeatsTheAnchoredNodeWithItsSpan() throws {
        // A node's span starts at its properties (anchor, tag), as libyaml reports it.
        let root = try composed(
            """
            base: &base {name: Lincoln}
            copy: *base

            """)
        let copy = try #require(root["copy"])
        #expect(copy["name"]?.scalar?.value == "Lincoln")
        #expect(copy.span.text == "&base {name: Lincoln}")
        #expect(copy.span.startPlace == "1:7")
    }

    @Test func aMergeKeyFillsInOnlyWhatTheMappingLacks() throws {
        let root = try composed(
            """
            defaults: &defaults
              hours: "08:00-18:00"
              days: [mon]
            window:
              days: [tue]
              <<: *defaults
              holidays: []

            """)
        let window = try #require(root["window"])
        #expect(window.mapping?.map(\.name) == ["days", "holidays", "hours"])
        #expect(window["days"]?.sequence?.first?.scalar?.value == "tue")
        #expect(window["hours"]?.scalar?.value == "08:00-18:00")
    }

    @Test func mergedMappingsEarlierInTheListWin() throws {
        let root = try composed(
            """
            a: &a {x: from-a}
            b: &b {x: from-b, y: from-b}
            c:
              <<: [*a, *b]

            """)
        #expect(root["c"]?["x"]?.scalar?.value == "from-a")
        #expect(root["c"]?["y"]?.scalar?.value == "from-b")
    }

    @Test func aQuotedMergeKeyIsAnOrdinaryKey() throws {
        let root = try composed("\"<<\": {x: 1}\n")
        #expect(root.mapping?.first?.name == "<<")
    }

    @Test func mergingAScalarIsAnError() {
        let (node, diagnostics) = PracticeFixtures.compose("a:\n  <<: plain\n  b: c\n")
        #expect(diagnostics.map(\.lineColumnID) == ["2:7 yaml-bad-merge"])
        #expect(node?["a"]?["b"]?.scalar?.value == "c")
    }

    @Test(TimeLimits.minutes(1))
    func mergesAMappingOfManyKeys() throws {
        // Merging once compared every key with every key merged before it.
        let keys = (0..<20_000).map { "k\($0): v\($0)" }.joined(separator: ", ")
        let root = try composed("big:\n  k0: own\n  <<: {\(keys)}\n")
        let big = try #require(root["big"]?.mapping)
        #expect(big.count == 20_000)
        #expect(big.first?.value.scalar?.value == "own")
        #expect(big.last?.value.scalar?.value == "v19999")
    }

    // MARK: Errors

    @Test func aDuplicateKeyIsReportedAtTheSecondWithANoteAtTheFirst() throws {
        let (node, diagnostics) = PracticeFixtures.compose("name: first\nother: x\nname: second\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.lineColumnID == "3:1 yaml-duplicate-key")
        #expect(diagnostic.message.text == "duplicate key 'name'")
        let note = try #require(diagnostic.notes.first)
        #expect(note.message == "first defined here")
        #expect(note.span?.startPlace == "1:1")
        #expect(node?["name"]?.scalar?.value == "first")
    }

    @Test func anUnknownAliasIsAnError() {
        #expect(failures("a: *nowhere\n") == ["1:4 yaml-unknown-alias"])
        #expect(failures("a: &self [*self]\n") == ["1:11 yaml-unknown-alias"])
    }

    @Test func aliasesMayNotExpandPastTheBudget() throws {
        var composer = YAMLComposer()
        composer.aliasBudget = 10
        let within = try composed("a: &a [1, 2, 3]\nb: [*a, *a]\n", composer)
        #expect(within["b"]?.sequence?.count == 2)
        #expect(failures("a: &a [1, 2, 3]\nb: [*a, *a, *a]\n", composer) == ["2:13 yaml-alias-expansion"])
    }

    @Test func billionLaughsEndsInADiagnostic() throws {
        var lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]")
        }
        let failures = failures(lines.joined(separator: "\n") + "\n")
        #expect(failures.count == 1)
        #expect(failures.first?.hasSuffix("yaml-alias-expansion") == true)
    }

    @Test func nestingIsLimited() throws {
        var composer = YAMLComposer()
        composer.maxDepth = 3
        _ = try composed("a: [[x]]\n", composer)
        #expect(failures("a: [[[x]]]\n", composer) == ["1:6 yaml-too-deep"])
    }

    @Test func tenThousandNestedBracketsEndInADiagnostic() {
        let text = "practice: " + String(repeating: "[", count: 10_000) + "\n"
        #expect(failures(text) == ["1:110 yaml-too-deep"])
        let mappings = String(repeating: "{a: ", count: 10_000) + "\n"
        #expect(failures(mappings) == ["1:401 yaml-too-deep"])
    }

    @Test func aSecondDocumentIsAnError() {
        #expect(failures("a: 1\n---\nb: 2\n") == ["2:1 yaml-multiple-documents"])
        #expect(failures("a: 1\n...\n---\nb: 2\n") == ["3:1 yaml-multiple-documents"])
        #expect(failures("--- a\n--- b\n") == ["2:1 yaml-multiple-documents"])
    }

    @Test func oneExplicitDocumentIsFine() throws {
        let root = try composed("%YAML 1.1\n---\na: 1\n...\n")
        #expect(root["a"]?.scalar?.value == "1")
    }

    @Test(arguments: ["", "# only a comment\n", "\n\n"])
    func anEmptyFileIsAnEmptyScalar(_ text: String) throws {
        let root = try composed(text)
        #expect(root.scalar?.isNull == true)
        #expect(root.span.range == 0..<0)
    }

    @Test func aComplexKeyIsAnError() {
        let (_, diagnostics) = PracticeFixtures.compose("? [a, b]\n: c\nd: e\n")
        #expect(diagnostics.map(\.lineColumnID) == ["1:3 yaml-complex-key"])
    }

    @Test func aSyntaxErrorPointsAtItsCharacterAfterWideOnes() throws {
        let (node, diagnostics) = PracticeFixtures.compose("practice:\n  name: \"中文😀\" : x\n")
        #expect(node == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.lineColumnID == "2:15 yaml-syntax")
        #expect(diagnostic.message.text == "mapping values are not allowed in this context")
    }

    @Test func tabIndentationGetsAHelpLine() throws {
        let (_, diagnostics) = PracticeFixtures.compose("practice:\n\tname: x\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.lineColumnID == "2:1 yaml-syntax")
        #expect(
            diagnostic.help == [
                "YAML indents with spaces; replace the tabs on this line with spaces", "write the line as '  name: x'",
            ])
    }

    @Test func aControlCharacterIsUnderlinedWhole() throws {
        // U+009B takes two bytes; the span once ended inside it.
        let (_, diagnostics) = PracticeFixtures.compose(bytes: Array("a: \"x".utf8) + [0xC2, 0x9B] + Array("\"\n".utf8))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.lineColumnID == "1:6 yaml-syntax")
        #expect(diagnostic.primary?.span.range == 5..<7)
        #expect(diagnostic.endLocation?.column == 7)
    }

    // MARK: Invalid UTF-8

    @Test(
        arguments: [
            ([0xFF], 0),
            ([0xC0, 0x80], 0),  // overlong
            ([0xED, 0xA0, 0x80], 0),  // a UTF-16 surrogate
            ([0xF4, 0x90, 0x80, 0x80], 0),  // past U+10FFFF
            ([0xE4, 0xB8], 0),  // cut short
            ([0xC3, 0xA9, 0x80], 2),  // a stray continuation byte after é
        ] as [([UInt8], Int)])
    func invalidUTF8IsReportedAtItsFirstBadByte(_ bad: [UInt8], offsetInBad: Int) throws {
        let prefix = Array("ok: yes\nname: \"".utf8)
        let (node, diagnostics) = PracticeFixtures.compose(bytes: prefix + bad + Array("\"\n".utf8))
        #expect(node == nil)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.id == "invalid-utf8")
        #expect(diagnostic.primary?.span.range.lowerBound == prefix.count + offsetInBad)
        #expect(diagnostic.location?.line == 2)
        #expect(diagnostic.location?.column == 8 + (offsetInBad == 0 ? 0 : 1))
    }

    @Test func aUTF16FileIsNotUTF8() {
        let (_, diagnostics) = PracticeFixtures.compose(bytes: [0xFF, 0xFE, 0x61, 0x00])
        #expect(diagnostics.map(\.lineColumnID) == ["1:1 invalid-utf8"])
    }
}
