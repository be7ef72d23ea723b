/// The outcome of checking a practice.
public struct CheckResult: Sendable {
    /// Every problem, sorted by file, line and column.
    public let diagnostics: [Diagnostic]
    /// The practice, when `touchpoint.yaml` is free of errors.
    public let practice: Practice?

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// `touchpoint check`: loads a practice's files and checks everything, reporting every problem
/// of every file in one run.
public struct ProjectChecker: Sendable {
    public static let practiceFile = "touchpoint.yaml"

    private let loader: SourceLoader

    public init(root: String) throws(EnvironmentError) {
        self.loader = try SourceLoader(root: root)
    }

    public func check() throws(EnvironmentError) -> CheckResult {
        var diagnostics = DiagnosticBag()
        let practice = try checkPractice(&diagnostics)
        return CheckResult(diagnostics: diagnostics.sorted, practice: practice)
    }

    private func checkPractice(_ diagnostics: inout DiagnosticBag) throws(EnvironmentError) -> Practice? {
        guard let file = try loader.load(Self.practiceFile) else {
            diagnostics.emit(Diagnostic(PracticeMessages.missingPracticeFile(), file: Self.practiceFile)
                .with(note: "every practice keeps its settings in 'touchpoint.yaml' at the top of its folder")
                .with(help: "run 'touchpoint init' to start a practice here, or pass '--root' with the practice's folder"))
            return nil
        }
        guard let root = YAMLComposer().compose(file, diagnostics: &diagnostics) else { return nil }
        let practice = PracticeReader().read(root, diagnostics: &diagnostics)
        if let path = practice?.suppression, !loader.exists(path), let node = root["suppression"] {
            diagnostics.emit(Diagnostic(PracticeMessages.missingFile(path), at: node.span)
                .with(help: "create the file (one address a line), or remove 'suppression'"))
        }
        return practice
    }
}
