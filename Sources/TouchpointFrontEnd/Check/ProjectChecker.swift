import Foundation
import TouchpointCore

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
    /// The campaigns that checked clean.
    public internal(set) var campaigns: [CheckedCampaign] = []
    /// `campaigns/layout.html`, when the practice has one and it checked clean.
    public internal(set) var layout: CustomLayout?

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
}

/// `touchpoint check`: loads a practice's files and checks everything, reporting every problem
/// of every file in one run.
public struct ProjectChecker: Sendable {
    public static let practiceFile = "touchpoint.yaml"

    public static let campaignFolder = "campaigns"
    public static let secretFile = ".touchpoint-secret"

    private let loader: SourceLoader
    private let secret: [UInt8]?

    /// `secret` is the value of `TOUCHPOINT_SECRET`, if set (the library never reads the
    /// environment); otherwise `.touchpoint-secret` in the root is used when it exists.
    public init(root: String, secret: String? = nil) throws(EnvironmentError) {
        self.loader = try SourceLoader(root: root)
        if let secret, !secret.isEmpty {
            self.secret = Array(secret.utf8)
        } else if let file = try loader.load(Self.secretFile) {
            let trimmed = file.text(in: 0..<file.bytes.count).trimmingSpaces.split(whereSeparator: \.isNewline).first
            self.secret = trimmed.map { Array($0.utf8) }
        } else {
            self.secret = nil
        }
    }

    /// The unsubscribe-token secret, when one is configured.
    public var unsubscribeSecret: [UInt8]? { secret }

    public func check() throws(EnvironmentError) -> CheckResult {
        var diagnostics = DiagnosticBag()
        let (practice, suppression) = try checkPractice(&diagnostics)
        let (lists, listNames) = try checkContacts(&diagnostics)
        var layout: CustomLayout?
        var layoutHasUnsubscribeLink = true
        if let file = try loader.load(CustomLayout.path) {
            layout = CustomLayout.read(file, hasSecret: secret != nil, diagnostics: &diagnostics)
            layoutHasUnsubscribeLink = layout?.showsUnsubscribeLink ?? true
        }
        let campaigns = try checkCampaigns(practice: practice, lists: lists, listNames: listNames,
                                           layoutHasUnsubscribeLink: layoutHasUnsubscribeLink, &diagnostics)
        return CheckResult(diagnostics: diagnostics.sorted, practice: practice, lists: lists, suppression: suppression,
                           campaigns: campaigns, layout: layout)
    }

    /// Every `campaigns/*.yaml`, read, checked against its audience, then against the contacts.
    private func checkCampaigns(
        practice: Practice?, lists: [ContactList], listNames: Set<String>, layoutHasUnsubscribeLink: Bool,
        _ diagnostics: inout DiagnosticBag
    ) throws(EnvironmentError) -> [CheckedCampaign] {
        let names = try loader.fileNames(in: Self.campaignFolder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        let checker = CampaignChecker(practice: practice, lists: lists, listNames: listNames, hasSecret: secret != nil,
                                      layoutHasUnsubscribeLink: layoutHasUnsubscribeLink)
        var checked: [CheckedCampaign] = []
        var seen: [String: SourceSpan] = [:]
        for name in names {
            guard let file = try loader.load(Self.campaignFolder + "/" + name),
                  let root = YAMLComposer().compose(file, diagnostics: &diagnostics) else { continue }
            var loadError: EnvironmentError?
            let campaign = CampaignReader().read(root, loadBody: { path in
                do throws(EnvironmentError) {
                    return try loader.load(Self.campaignFolder + "/" + path)
                } catch {
                    loadError = error
                    return nil
                }
            }, diagnostics: &diagnostics)
            if let loadError { throw loadError }
            guard let campaign else { continue }
            if let first = seen[campaign.id] {
                diagnostics.emit(
                    Diagnostic(CampaignMessages.duplicateCampaign(campaign.id), at: campaign.idNode.span)
                        .with(note: "first defined here", at: first)
                        .with(help: "campaign ids are unique across files; rename one of them"))
                continue
            }
            seen[campaign.id] = campaign.idNode.span
            if let result = checker.check(campaign, diagnostics: &diagnostics) {
                checked.append(result)
            }
        }
        ReachAnalyzer().analyze(checked, lists: lists, diagnostics: &diagnostics)
        return checked
    }

    /// Every list in `contacts/`, each checked against its schema.
    private func checkContacts(_ diagnostics: inout DiagnosticBag) throws(EnvironmentError) -> ([ContactList], Set<String>) {
        let names = try loader.fileNames(in: ContactFolder.path)
        let listNames = Set(names.filter { $0.hasSuffix(ContactFolder.schemaSuffix) }.map { String($0.dropLast(ContactFolder.schemaSuffix.count)) })
        var lists: [ContactList] = []
        for files in ContactFolder().lists(fileNames: names, diagnostics: &diagnostics) {
            guard let schema = try loader.load(files.schemaPath), let data = try loader.load(files.dataPath) else { continue }
            if let list = ContactListReader().read(name: files.name, schema: schema, data: data, diagnostics: &diagnostics) {
                lists.append(list)
            }
        }
        return (lists, listNames)
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
        if let node = practice?.unsubscribe.urlNode, let map = ScalarTextMap(node) {
            // The page's address may carry the contact's token, and nothing else of the contact.
            let template = TemplateParser().parse(map, diagnostics: &diagnostics)
            TemplateChecker(environment: FieldEnvironment(listName: "the unsubscribe url", fields: []), hasSecret: secret != nil)
                .check(template, in: map, diagnostics: &diagnostics)
        }
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
