/// The outcome of checking a practice.
public struct CheckResult: Sendable {
    /// Every problem, sorted by file, line and column.
    public let diagnostics: [Diagnostic]
    /// The practice, when `touchpoint.yaml` is free of errors.
    public let practice: Practice?
    /// The contact lists whose schemas are free of errors, by name, with every contact that
    /// could be read (`diagnostics` tells whether their data had errors).
    public internal(set) var lists: [ContactList] = []
    /// The practice's suppression list, when it names one and the file exists.
    public internal(set) var suppression: SuppressionList?

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
        let (practice, suppression) = try checkPractice(&diagnostics)
        let lists = try checkContacts(&diagnostics)
        return CheckResult(diagnostics: diagnostics.sorted, practice: practice, lists: lists, suppression: suppression)
    }

    /// Every list in `contacts/`, each checked against its schema.
    private func checkContacts(_ diagnostics: inout DiagnosticBag) throws(EnvironmentError) -> [ContactList] {
        let names = try loader.fileNames(in: ContactFolder.path)
        var lists: [ContactList] = []
        for files in ContactFolder().lists(fileNames: names, diagnostics: &diagnostics) {
            guard let schema = try loader.load(files.schemaPath), let data = try loader.load(files.dataPath) else { continue }
            if let list = ContactListReader().read(name: files.name, schema: schema, data: data, diagnostics: &diagnostics) {
                lists.append(list)
            }
        }
        return lists
    }

    private func checkPractice(_ diagnostics: inout DiagnosticBag) throws(EnvironmentError) -> (Practice?, SuppressionList?) {
        guard let file = try loader.load(Self.practiceFile) else {
            diagnostics.emit(Diagnostic(PracticeMessages.missingPracticeFile(), file: Self.practiceFile)
                .with(note: "every practice keeps its settings in 'touchpoint.yaml' at the top of its folder")
                .with(help: "run 'touchpoint init' to start a practice here, or pass '--root' with the practice's folder"))
            return (nil, nil)
        }
        guard let root = YAMLComposer().compose(file, diagnostics: &diagnostics) else { return (nil, nil) }
        let practice = PracticeReader().read(root, diagnostics: &diagnostics)
        guard let path = practice?.suppression else { return (practice, nil) }
        guard let suppressionFile = try loader.load(path) else {
            if let node = root["suppression"] {
                diagnostics.emit(Diagnostic(PracticeMessages.missingFile(path), at: node.span)
                    .with(help: "create the file (one address a line), or remove 'suppression'"))
            }
            return (practice, nil)
        }
        return (practice, SuppressionList.read(suppressionFile, diagnostics: &diagnostics))
    }
}
