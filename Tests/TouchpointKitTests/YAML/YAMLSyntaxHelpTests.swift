import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd

/// The line each `yaml-syntax` help proposes (the `yaml-help-*` golden cases) is put in place of
/// the user's line, and the file then reads without errors.
@Suite struct YAMLSyntaxHelpTests {
    static let cases = GoldenCase.all.filter { $0.name.hasPrefix("yaml-help-") }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 6)
    }

    @Test(arguments: cases)
    func theProposedLineParses(_ golden: GoldenCase) throws {
        let campaigns = golden.folder.appendingPathComponent("campaigns")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: campaigns.path).first { $0.hasSuffix(".yaml") })
        let path = "campaigns/" + name
        let text = try String(contentsOf: campaigns.appendingPathComponent(name), encoding: .utf8)
        var diagnostics = DiagnosticBag()
        #expect(YAMLComposer().compose(SourceFile(path: path, text: text), diagnostics: &diagnostics) == nil)
        let syntax = try #require(diagnostics.sorted.first { $0.message.id == .yamlSyntax })
        #expect(syntax.help.count == 2, "\(syntax.help)")
        let proposal = try #require(syntax.help.last)
        var lines = text.components(separatedBy: "\n")
        let line = try #require(syntax.primary?.span.start.line)
        let original = lines[line - 1]
        if proposal.hasPrefix("write the line as '") {
            // The whole line, its indentation included, in quotes; maybe the item's lines below it too.
            let quoted = proposal.dropFirst("write the line as '".count)
            let end = try #require(quoted.firstIndex(of: "'"))
            lines[line - 1] = String(quoted[..<end])
            let move = try Regex(#"move the (\d+) lines? of the item below it (\d+) spaces? to the (left|right)"#)
            if let match = proposal.firstMatch(of: move) {
                let count = try #require(Int(match.output[1].substring ?? ""))
                let spaces = try #require(Int(match.output[2].substring ?? ""))
                for index in line..<(line + count) {
                    lines[index] =
                        match.output[3].substring == "right"
                        ? String(repeating: " ", count: spaces) + lines[index] : String(lines[index].dropFirst(spaces))
                }
            }
        } else {
            let fixed = try #require(proposal.split(separator: ": ", maxSplits: 1).last.map(String.init))
            lines[line - 1] = String(original.prefix { $0 == " " }) + fixed
        }
        var again = DiagnosticBag()
        let root = YAMLComposer().compose(SourceFile(path: path, text: lines.joined(separator: "\n")), diagnostics: &again)
        #expect(root != nil && again.sorted.isEmpty, "\(again.sorted.map(\.message.text))")
    }
}
