import PropertyBased
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// Feeds random and mutated text to both parsers, the checkers, the evaluator and the renderer:
/// each must return (no crash, no hang) with every diagnostic inside the file.
@Suite("Language fuzzing", TimeLimits.minutes(1))
struct TemplateAndExpressionFuzzTests {
    /// Pieces that make both languages interesting to combine.
    static let fragments: [String] = [
        "{{", "}}", "{%", "%}", "{", "}", "%", " ", "  ", "\n", "\r\n", "\t", "if ", "elsif ", "else", "endif", "comment",
        "endcomment", "|", ":", ",", "\"", "'", "\\", "(", ")", "[", "]", "and", "or", "not", "in", "contains", "is", "empty",
        "==", "!=", "<", "<=", ">", ">=", "=", "!", "&&", "today", "true", "false", "first_name", "contact.", ".", "status",
        "\"active\"", "'activ'", "2026-03-01", "2026-02-30", "3", "-2.5", "1e9", "99999999999999999999", "tags", "nps",
        "first_visit", "date", "default", "upcase", "join", "capitalize", "\"%B %-d\"", "%Q", "practice.name", "send_date",
        "contact.token", "é", "\u{201C}", "\u{FFFD}", "\u{0}", "x",
    ]

    static let validTemplates = [
        "Hi {{ first_name | default: \"there\" }},\n{% if \"runner\" in tags %}Shoes{% elsif nps > 8 %}Thanks{% else %}Bye{% endif %}",
        "{% comment %}note{% endcomment %}{{ first_visit | date: \"%A, %B %-d\" | upcase }} {{ tags | join: \", \" }}",
        "{% if status == \"active\" and not (first_visit is empty) %}{% if nps >= 9 %}{{ practice.name }}{% endif %}{% endif %}",
    ]

    static let validExpressions = [
        "status == \"active\" and first_visit is not empty",
        "not (nps < 5 or \"runner\" in tags) and status in [\"active\", \"lapsed\"]",
        "first_visit < today or (balance >= -2.5 and tags contains \"knee\")",
    ]

    @Test func randomFragmentsThroughEveryStage() async {
        let generator = Gen<String?>.element(of: Self.fragments).array(of: 0...40)
        await propertyCheck(count: 1500, input: generator) { pieces in
            let text = pieces.compactMap { $0 }.joined()
            Self.exerciseTemplate(text)
            Self.exerciseExpression(text)
        }
    }

    @Test func mutatedValidInputsThroughEveryStage() {
        var random = SeededGenerator(seed: 0x7043_6872_6f6e_6f73)
        for iteration in 0..<1500 {
            let template = Self.validTemplates[iteration % Self.validTemplates.count]
            Self.exerciseTemplate(Self.mutate(template, &random))
            let expression = Self.validExpressions[iteration % Self.validExpressions.count]
            Self.exerciseExpression(Self.mutate(expression, &random))
        }
    }

    @Test func randomBytesThroughEveryStage() {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let bytes = (0..<Int(random.next() % 60)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let text = String(decoding: bytes, as: UTF8.self)
            Self.exerciseTemplate(text)
            Self.exerciseExpression(text)
        }
    }

    static func mutate(_ text: String, _ random: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        for _ in 0...Int(random.next() % 4) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
            switch random.next() % 4 {
            case 0:
                let fragment = fragments[Int(random.next() % UInt64(fragments.count))]
                bytes.insert(contentsOf: Array(fragment.utf8), at: position)
            case 1 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int(random.next() % 6) + 1)
                if position < end { bytes.removeSubrange(position..<end) }
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int(random.next() % 12) + 1)
                if position < end { bytes.insert(contentsOf: bytes[position..<end], at: position) }
            default:
                if position < bytes.count { bytes[position] = UInt8(truncatingIfNeeded: random.next()) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func exerciseTemplate(_ text: String) {
        let file = SourceFile(path: "fuzz.md", text: text)
        let map = ScalarTextMap(file: file)
        var bag = DiagnosticBag()
        let template = TemplateParser().parse(map, diagnostics: &bag)
        TemplateChecker(environment: LanguageFixture.patients, hasSecret: false).check(template, in: map, diagnostics: &bag)
        expectInside(bag, file)
        _ = template.fieldUses
        let contact: [String: Value] = ["first_name": .string("Bo"), "tags": .list(["runner"]), "nps": .integer(9)]
        _ = TemplateRenderer().render(template, context: LanguageFixture.context) { contact[$0] }
    }

    static func exerciseExpression(_ text: String) {
        let file = SourceFile(path: "fuzz.txt", text: text)
        let map = ScalarTextMap(file: file)
        var bag = DiagnosticBag()
        let expression = ExpressionParser().parse(map, diagnostics: &bag)
        if let expression {
            ExpressionChecker(environment: LanguageFixture.patients).check(expression, in: map, diagnostics: &bag)
            let contact: [String: Value] = ["status": .string("active"), "nps": .integer(3), "tags": .list([])]
            _ = ExpressionEvaluator(today: LanguageFixture.context.today).evaluate(expression) { contact[$0] }
        } else {
            #expect(bag.hasErrors, "a failed parse must say why: \(text.debugDescription)")
        }
        expectInside(bag, file)
    }

    static func expectInside(_ bag: DiagnosticBag, _ file: SourceFile) {
        for diagnostic in bag.diagnostics {
            let spans =
                [diagnostic.primary?.span].compactMap { $0 } + diagnostic.secondary.map(\.span)
                + diagnostic.notes.compactMap(\.span)
            for span in spans {
                #expect(span.file === file)
                #expect(
                    span.range.lowerBound >= 0 && span.range.upperBound <= file.bytes.count,
                    "\(diagnostic.id) at \(span.range) in \(file.bytes.count) bytes")
            }
            _ = diagnostic.location
        }
    }
}
