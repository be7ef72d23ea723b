import Testing
import TouchpointKit

/// Collecting a run's diagnostics.
@Suite struct DiagnosticBagTests {
    @Test func sortsByFileLineAndColumnKeepingEmissionOrderForTies() {
        let a = SourceFile(path: "a.yaml", text: "one\ntwo\n")
        let b = SourceFile(path: "b.yaml", text: "one\ntwo\n")
        func diagnostic(_ text: String, _ file: SourceFile, _ offset: Int) -> Diagnostic {
            Diagnostic(DiagnosticMessage(.unknownKey, text), at: SourceSpan(file: file, offset: offset))
        }
        var bag = DiagnosticBag()
        bag.emit(diagnostic("b2", b, 4))
        bag.emit(diagnostic("a2", a, 5))
        bag.emit(diagnostic("a1-second", a, 1))
        bag.emit(Diagnostic(DiagnosticMessage(.duplicateWeekday, "nowhere"), file: nil))
        bag.emit(diagnostic("a1-first", a, 0))
        bag.emit(diagnostic("a1-third", a, 1))
        #expect(bag.sorted.map(\.message.text) == ["nowhere", "a1-first", "a1-second", "a1-third", "a2", "b2"])
        #expect(bag.errorCount == 5)
        #expect(bag.warningCount == 1)
        #expect(bag.hasErrors)
        #expect(!bag.isEmpty)
    }

    @Test func warningsAloneAreNotErrors() {
        var bag = DiagnosticBag()
        bag.emit(Diagnostic(DiagnosticMessage(.duplicateWeekday, "w"), file: nil))
        var other = DiagnosticBag()
        other.append(contentsOf: bag)
        #expect(!other.hasErrors)
        #expect(other.warningCount == 1)
        #expect(DiagnosticBag().isEmpty)
    }

    @Test func suggestingAddsAHelpLineOnlyForACloseMatch() {
        let base = Diagnostic(DiagnosticMessage(.unknownKey, "unknown key"), file: nil)
        #expect(base.suggesting("adress", from: ["address", "name"]).help == ["did you mean 'address'?"])
        #expect(base.suggesting("zzz", from: ["address", "name"]).help.isEmpty)
    }
}
