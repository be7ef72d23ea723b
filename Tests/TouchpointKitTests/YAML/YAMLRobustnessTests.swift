import Foundation
import Testing
import TouchpointKit

/// Nothing a user can type crashes or hangs the front end: thousands of random and mutated
/// practice files go through the composer, the practice reader and every renderer, and each
/// either reads or ends in an error diagnostic that renders cleanly.
@Suite struct YAMLRobustnessTests {
    /// Valid and invalid practice files to mutate: the fixtures and every golden input.
    static let seeds: [[UInt8]] = {
        var seeds = [PracticeFixtures.minimal, PracticeFixtures.complete].map { Array($0.utf8) }
        for golden in GoldenCase.all {
            let url = golden.folder.appendingPathComponent("touchpoint.yaml")
            if let data = FileManager.default.contents(atPath: url.path), data.count < 4_096 {
                seeds.append([UInt8](data))
            }
        }
        return seeds
    }()

    /// Fragments that mean something to YAML or to the checks, and bytes that are not text.
    static let fragments: [[UInt8]] =
        [
            ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "*b", "<<: ", "<<: *a\n", "? ", "!!str ", "!tag ", "%YAML 1.1\n",
            "---\n", "...\n", "\"", "'", "|\n", ">-\n", "#", "\t", "\r", "\r\n", "\n", "  ", "\\", "\\x", "\"\\e[31m\"", "\"\\u0000\"",
            "~", "null", "é", "中", "😀", "\u{FEFF}", "\u{2028}", "1 per 7 days", "60 days", "24:00", "2026-02-29",
            "a@b.example", "<", ">", "%", "@", "`",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x00], [0x7F], [0xE2, 0x80], [0xC2, 0x9B], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]

    static func mutate(_ input: [UInt8], with random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<8, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] = UInt8.random(in: 0...255, using: &random)
            case 1:
                bytes.insert(contentsOf: fragments.randomElement(using: &random) ?? [], at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...40, using: &random))
                bytes.removeSubrange(min(at, end)..<end)
            case 3:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                if let line = lines.randomElement(using: &random) {
                    lines.insert(line, at: Int.random(in: 0...lines.count, using: &random))
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 4:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                if lines.count > 1 {
                    lines.swapAt(Int.random(in: 0..<lines.count, using: &random), Int.random(in: 0..<lines.count, using: &random))
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 5:
                let indent = [UInt8](repeating: 0x20, count: Int.random(in: 1...6, using: &random))
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if !lines.isEmpty {
                    let index = Int.random(in: 0..<lines.count, using: &random)
                    if Bool.random(using: &random) {
                        lines[index].insert(contentsOf: indent, at: 0)
                    } else {
                        lines[index].removeFirst(min(lines[index].count, indent.count))
                    }
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            case 6:
                let other = seeds.randomElement(using: &random) ?? []
                let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &random)
                bytes.insert(contentsOf: other[from..<min(other.count, from + Int.random(in: 1...80, using: &random))], at: at)
            default:
                bytes = Array(bytes.prefix(at))
            }
        }
        return bytes
    }

    /// A string of YAML punctuation, words and nesting, made up from scratch.
    static func noise(with random: inout SeededGenerator) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...60, using: &random) {
            if Int.random(in: 0..<4, using: &random) == 0 {
                bytes += Array("practice".utf8)
            } else {
                bytes += fragments.randomElement(using: &random) ?? []
            }
        }
        return bytes
    }

    @Test(TimeLimits.minutes(2))
    func nothingTypedCrashesOrHangs() throws {
        var random = SeededGenerator(seed: 0x7011_C4_90_1D)
        var inputs: [[UInt8]] = []
        for _ in 0..<3_000 {
            inputs.append(Self.mutate(Self.seeds.randomElement(using: &random) ?? [], with: &random))
        }
        for _ in 0..<600 {
            inputs.append(Self.noise(with: &random))
        }
        for depth in [99, 100, 101, 5_000] {
            inputs.append(Array(("a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
            inputs.append(Array(String(repeating: "- ", count: depth).utf8) + [0x78])
        }

        var read = 0
        for (number, bytes) in inputs.enumerated() {
            let outcome = Self.check(bytes)
            if outcome.practiceRead { read += 1 }
            if let problem = outcome.problem {
                Issue.record("input \(number): \(problem)\n\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            }
        }
        // The mutations are not all fatal: some inputs must still read, or the mutator is broken.
        #expect(read > 25)
    }

    /// Runs one input through everything a `check` runs; a problem found, if any.
    static func check(_ bytes: [UInt8]) -> (practiceRead: Bool, problem: String?) {
        let file = SourceFile(path: "touchpoint.yaml", bytes: bytes)
        var bag = DiagnosticBag()
        let node = YAMLComposer().compose(file, diagnostics: &bag)
        if node == nil, !bag.hasErrors { return (false, "the composer failed without an error") }
        var practice: Practice?
        if let node {
            practice = PracticeReader().read(node, diagnostics: &bag)
            if practice == nil, !bag.hasErrors { return (false, "the reader failed without an error") }
        }
        for diagnostic in bag.diagnostics {
            for span in [diagnostic.primary?.span].compactMap({ $0 }) + diagnostic.notes.compactMap(\.span) {
                guard span.range.lowerBound >= 0, span.range.upperBound <= span.file.bytes.count else {
                    return (false, "\(diagnostic.id) has the span \(span.range) outside the file")
                }
            }
        }
        let text = DiagnosticReport(format: .text).render(bag.sorted)
        if let control = text.unicodeScalars.first(where: { $0 != "\n" && ($0.value < 0x20 || (0x7F..<0xA0).contains($0.value)) }) {
            return (false, "the text output holds the control character U+\(String(control.value, radix: 16))")
        }
        let github = DiagnosticReport(format: .github).render(bag.sorted)
        if github.split(separator: "\n").count != DiagnosticSummarizer().summarize(bag.sorted).count {
            return (false, "a GitHub annotation spans more than one line")
        }
        let json = DiagnosticReport(format: .json).render(bag.sorted)
        if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil {
            return (false, "the JSON output does not parse")
        }
        return (practice != nil, nil)
    }
}
