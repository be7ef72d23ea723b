import Foundation
import TouchpointCore

/// The front end's stage of the pipeline: loads a practice's files and checks everything,
/// reporting every problem of every file in one run. Every template — subjects, bodies, the
/// display names of the lists, the unsubscribe address — is parsed and checked here, once, and the
/// checked form is what later stages render. Use it through `PracticeFolder`, the library's
/// front door.
package struct PracticeChecker: Sendable {
    package static let practiceFile = "touchpoint.yaml"

    package static let campaignFolder = "campaigns"
    package static let secretFile = ".touchpoint-secret"

    private let loader: SourceLoader
    private let secret: [UInt8]?

    /// `secret` is the value of `TOUCHPOINT_SECRET`, if set (the library never reads the
    /// environment); otherwise `.touchpoint-secret` in the root is used when it exists.
    package init(root: String, secret: String? = nil) throws(EnvironmentError) {
        try self.init(loader: SourceLoader(root: root), secret: secret)
    }

    /// A checker of the files `loader` reads (a folder, or files held in memory).
    package init(loader: SourceLoader, secret: String? = nil) throws(EnvironmentError) {
        self.loader = loader
        if let secret, !secret.isEmpty {
            self.secret = Array(secret.utf8)
        } else if let file = try loader.load(Self.secretFile) {
            // The first line that is not empty, without spaces or tabs around it (docs/privacy.md).
            let line = file.text(in: 0..<file.bytes.count).split(whereSeparator: \.isNewline).lazy.map(\.trimmingSpaces)
                .first { !$0.isEmpty }
            self.secret = line.map { Array($0.utf8) }
        } else {
            self.secret = nil
        }
    }

    /// A checker of `touchpoint.yaml` alone (``checkPracticeFile()``), which reads no secret.
    package init(practiceFileOf root: String) throws(EnvironmentError) {
        self.loader = try SourceLoader(root: root)
        self.secret = nil
    }

    /// `today` gives the day of the check for the practice, when known: what `past: true` and
    /// `future: true` contact fields are held against.
    package func check(today: (Practice) -> LocalDate? = { _ in nil }) throws(EnvironmentError) -> CheckedPractice {
        var diagnostics = DiagnosticBag()
        let (practice, suppression, unsubscribeURL) = try checkPractice(&diagnostics)
        let (lists, listNames) = try checkContacts(today: practice.flatMap(today), &diagnostics)
        var layout: CustomLayout?
        var layoutHasUnsubscribeLink = true
        if let file = try loader.load(CustomLayout.path) {
            layout = CustomLayout.read(file, hasSecret: secret != nil, practice: practice, diagnostics: &diagnostics)
            layoutHasUnsubscribeLink = layout?.showsUnsubscribeLink ?? true
        }
        let campaigns = try checkCampaigns(
            practice: practice, lists: lists, listNames: listNames,
            layoutHasUnsubscribeLink: layoutHasUnsubscribeLink, &diagnostics)
        return CheckedPractice(
            diagnostics: diagnostics.sorted, practice: practice, lists: lists, suppression: suppression,
            campaigns: campaigns, layout: layout, unsubscribeURL: unsubscribeURL, secret: secret)
    }

    /// What delivery reads of the practice: `touchpoint.yaml` and the campaign files as written
    /// (for each step's `expires:`), checked as far as they go without the contacts, which
    /// delivery does not read. Messages are checked when built.
    package func checkForDelivery() throws(EnvironmentError) -> DeliverySources {
        var diagnostics = DiagnosticBag()
        var practice: Practice?
        if let file = try loader.load(Self.practiceFile) {
            if let root = YAMLComposer().compose(file, diagnostics: &diagnostics) {
                practice = PracticeReader().read(root, diagnostics: &diagnostics)
            }
        } else {
            diagnostics.emit(
                Diagnostic(PracticeMessages.missingPracticeFile(), file: Self.practiceFile)
                    .with(help: "pass '--root' with the practice's folder"))
        }
        var campaigns: [Campaign] = []
        for name in try campaignFiles() {
            guard let file = try loader.load(Self.campaignFolder + "/" + name),
                let root = YAMLComposer().compose(file, diagnostics: &diagnostics)
            else { continue }
            // Bodies are not read: delivery sends the messages as built.
            let empty = SourceFile(path: Self.campaignFolder + "/body", text: "body")
            if let campaign = CampaignReader().read(root, loadBody: { _ in empty }, diagnostics: &diagnostics) {
                campaigns.append(campaign)
            }
        }
        return DeliverySources(diagnostics: diagnostics.sorted, practice: practice, campaigns: campaigns)
    }

    /// The campaign files: every `.yaml` or `.yml` under `campaigns/`, in sub-folders too
    /// (`campaigns/newsletters/2026-12.yaml`), as paths relative to it.
    private func campaignFiles() throws(EnvironmentError) -> [String] {
        try loader.filePaths(under: Self.campaignFolder).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }

    /// Every campaign file, read, checked against its audience, then against the contacts.
    private func checkCampaigns(
        practice: Practice?, lists: [ContactList], listNames: Set<String>, layoutHasUnsubscribeLink: Bool,
        _ diagnostics: inout DiagnosticBag
    ) throws(EnvironmentError) -> [CheckedCampaign] {
        let names = try campaignFiles()
        let checker = CampaignChecker(
            practice: practice, lists: lists, listNames: listNames, hasSecret: secret != nil,
            layoutHasUnsubscribeLink: layoutHasUnsubscribeLink)
        var checked: [CheckedCampaign] = []
        var seen: [String: SourceSpan] = [:]
        for name in names {
            guard let file = try loader.load(Self.campaignFolder + "/" + name),
                let root = YAMLComposer().compose(file, diagnostics: &diagnostics)
            else { continue }
            var loadError: EnvironmentError?
            let campaign = CampaignReader().read(
                root,
                loadBody: { path in
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
        CaseAnalyzer().analyze(checked, lists: lists, diagnostics: &diagnostics)
        ConsentCheck().check(checked, lists: lists, diagnostics: &diagnostics)
        return checked
    }

    /// Every list in `contacts/`, each checked against its schema.
    private func checkContacts(
        today: LocalDate?, _ diagnostics: inout DiagnosticBag
    ) throws(EnvironmentError) -> ([ContactList], Set<String>) {
        let names = try loader.fileNames(in: ContactFolder.path)
        let listNames = Set(
            names.filter { $0.hasSuffix(ContactFolder.schemaSuffix) }.map { String($0.dropLast(ContactFolder.schemaSuffix.count)) })
        var lists: [ContactList] = []
        for files in ContactFolder().lists(fileNames: names, diagnostics: &diagnostics) {
            guard let schema = try loader.load(files.schemaPath), let data = try loader.load(files.dataPath) else { continue }
            if let list = ContactListReader(hasSecret: secret != nil, today: today).read(
                name: files.name, schema: schema, data: data, diagnostics: &diagnostics)
            {
                lists.append(list)
            }
        }
        return (lists, listNames)
    }

    /// `touchpoint.yaml` alone, checked, with its unsubscribe address's template: what the
    /// unsubscribe endpoint reads. It holds no secret, so `contact.token` is taken as available.
    package func checkPracticeFile() throws(EnvironmentError) -> (practice: Practice?, unsubscribeURL: Template?, [Diagnostic]) {
        var diagnostics = DiagnosticBag()
        let (practice, _, unsubscribeURL) = try readPracticeFile(&diagnostics, hasSecret: true)
        return (practice, unsubscribeURL, diagnostics.sorted)
    }

    private func readPracticeFile(
        _ diagnostics: inout DiagnosticBag, hasSecret: Bool
    ) throws(EnvironmentError) -> (Practice?, YAMLNode?, Template?) {
        guard let file = try loader.load(Self.practiceFile) else {
            diagnostics.emit(
                Diagnostic(PracticeMessages.missingPracticeFile(), file: Self.practiceFile)
                    .with(note: "every practice keeps its settings in 'touchpoint.yaml' at the top of its folder")
                    .with(help: "run 'touchpoint init' to start a practice here, or pass '--root' with the practice's folder"))
            return (nil, nil, nil)
        }
        guard let root = YAMLComposer().compose(file, diagnostics: &diagnostics) else { return (nil, nil, nil) }
        var practice = PracticeReader().read(root, diagnostics: &diagnostics)
        var unsubscribeURL: Template?
        if let node = practice?.unsubscribe.urlNode, let map = ScalarTextMap(node) {
            // The page's address may carry the contact's token, and nothing else of the contact.
            let template = TemplateParser().parse(map, diagnostics: &diagnostics)
            TemplateChecker(environment: FieldEnvironment(listName: "the unsubscribe url", fields: []), hasSecret: hasSecret)
                .check(template, in: map, diagnostics: &diagnostics)
            unsubscribeURL = template
        }
        if let node = practice?.footerNode, let map = ScalarTextMap(node) {
            // One footer serves every list: the built-in values, and no contact field.
            let template = TemplateParser().parse(map, diagnostics: &diagnostics)
            TemplateChecker(environment: FieldEnvironment(listName: "the footer", fields: []), hasSecret: hasSecret)
                .check(template, in: map, diagnostics: &diagnostics)
            if let checked = practice {
                CampaignChecker.checkUnsubscribeTarget(template, in: map, practice: checked, diagnostics: &diagnostics)
            }
            practice?.footer = template
        }
        return (practice, root, unsubscribeURL)
    }

    private func checkPractice(
        _ diagnostics: inout DiagnosticBag
    ) throws(EnvironmentError) -> (Practice?, SuppressionList?, Template?) {
        let (practice, root, unsubscribeURL) = try readPracticeFile(&diagnostics, hasSecret: secret != nil)
        guard let root, let path = practice?.suppression else { return (practice, nil, unsubscribeURL) }
        guard let suppressionFile = try loader.load(path) else {
            if let node = root["suppression"] {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.missingFile(path), at: node.span)
                        .with(help: "create the file (one address a line), or remove 'suppression'"))
            }
            return (practice, nil, unsubscribeURL)
        }
        return (practice, SuppressionList.read(suppressionFile, diagnostics: &diagnostics), unsubscribeURL)
    }
}
