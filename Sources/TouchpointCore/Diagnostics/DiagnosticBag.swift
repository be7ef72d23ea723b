/// Collects the diagnostics of one run. Stages take it `inout` and keep going after an error, so
/// one run reports every problem.
public struct DiagnosticBag: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func append(contentsOf other: DiagnosticBag) {
        diagnostics.append(contentsOf: other.diagnostics)
    }

    /// The number of diagnostics emitted so far: where the next one will stand.
    public var count: Int { diagnostics.count }

    /// Marks the diagnostics emitted since `start` (a `count` taken before) that are about no
    /// contact row yet as about `row`.
    public mutating func attribute(since start: Int, to row: ContactRow) {
        for index in start..<diagnostics.count where diagnostics[index].contactRow == nil {
            diagnostics[index].contactRow = row
        }
    }

    /// Changes the diagnostic at `index` (a `count` taken before it was emitted), as when what
    /// to say about it is known only later: a help line that needs the rest of the file.
    public mutating func update(at index: Int, _ change: (inout Diagnostic) -> Void) {
        guard diagnostics.indices.contains(index) else { return }
        change(&diagnostics[index])
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var isEmpty: Bool { diagnostics.isEmpty }

    /// The diagnostics ordered by file, line and column; diagnostics without a place come first
    /// in the order they were emitted.
    public var sorted: [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let left = lhs.element
            let right = rhs.element
            let leftPath = left.path ?? ""
            let rightPath = right.path ?? ""
            if leftPath != rightPath { return leftPath < rightPath }
            let leftLocation = left.location ?? (0, 0)
            let rightLocation = right.location ?? (0, 0)
            if leftLocation.line != rightLocation.line { return leftLocation.line < rightLocation.line }
            if leftLocation.column != rightLocation.column { return leftLocation.column < rightLocation.column }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
