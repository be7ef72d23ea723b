import ArgumentParser
import Foundation
import TouchpointKit
import TouchpointReview

struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Write a local web page of what will be sent — calendar, campaigns, messages, what changed — to look at before it is.",
        discussion: """
            Writes a static site into out/review/ (or --site DIR) and prints the path of its index.html: a \
            calendar of the horizon, each campaign with its reach and sample contacts, every message \
            exactly as 'touchpoint build' writes it (at a desktop's and a phone's width), and what a build \
            would add, change and remove against the outbox (and, with --against REF, against the practice \
            as of a git revision). The pages hold patient data like the rest of out/ (folders 0700, files \
            0600), load nothing from anywhere, and work from file:// without JavaScript.

            With --approve, records in out/approvals.log that the schedule shown is approved, by whom \
            (git config user.name, or --by) and when. With 'delivery: require_approval: true' in \
            touchpoint.yaml, 'touchpoint deliver' sends only messages an approval covers.
            """)

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("Only this campaign.", valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("Also show what changed against the practice as of this git revision.", valueName: "ref"))
    var against: String?

    @Option(help: ArgumentHelp("Where to write the site (default: out/review/ in the practice).", valueName: "dir"))
    var site: String?

    @Flag(help: "Approve the schedule shown: record it in out/approvals.log.")
    var approve = false

    @Option(help: ArgumentHelp("Who approves (default: git config user.name).", valueName: "name"))
    var by: String?

    func run() throws {
        let scheduled = try root.scheduled(schedule)
        let made = try Self.write(
            root: root, scheduled: scheduled, request: schedule.request, campaign: campaign, against: against, site: site)
        try Output.standardOutput(made.index.path + "\n")
        guard approve else { return }
        guard let approver = by ?? Self.gitUserName(root: root.root), !approver.isEmpty else {
            throw ValidationError("say who approves with '--by NAME' (git config user.name is not set)")
        }
        let folder = root.folder()
        let practice = scheduled.scheduler.practice
        let now = Int(Date().timeIntervalSince1970)
        let zone = ZonedTime(practice.timeZone)
        let entry = try ApprovalLog.approve(
            made.site.messageDigests, outbox: folder.outbox, approvedAt: AsOf.format(now, offset: zone.offset(at: now)),
            approver: approver, access: practice.outboxGroupReadable ? .group : .owner)
        try Output.standardError(
            "touchpoint: approved sha256:\(entry.digest.prefix(16))… (\(entry.count) messages) by \(approver); "
                + "recorded in \(ApprovalLog.fileName)\n")
    }

    /// Checks out `against` when given, compares, makes and writes the site. Returns the site and
    /// its `index.html`.
    static func write(
        root: RootOptions, scheduled: ScheduledPractice, request: ScheduleRequest, campaign: String?, against: String?,
        site: String?
    ) throws -> (site: ReviewSite.Made, index: URL) {
        let campaignMessages = try campaign.map { campaign in try usage { try scheduled.messages(campaign: campaign).count } }
        let folder = root.folder()
        var changes = [try folder.messageChanges(scheduled)]
        if let against {
            let checkout = try RevisionCheckout(practiceRoot: root.root, revision: against)
            defer { checkout.remove() }
            let old = PracticeFolder(root: checkout.root.path, outbox: folder.outbox.path, secret: root.secret)
            let checked = try old.check(request)
            guard let previous = try usage({ try old.schedule(checked, request) }) else {
                throw EnvironmentError(
                    "the practice at '\(against)' has \(checked.errorCount) \(checked.errorCount == 1 ? "error" : "errors"); "
                        + "run 'touchpoint check' on that revision")
            }
            changes.append(PracticeFolder.messageChanges(from: previous, to: scheduled, against: against))
        }
        if let campaign, let campaignMessages { changes = changes.map { $0.only(campaign: campaign, messages: campaignMessages) } }
        var log = ApprovalLog(entries: [])
        var covered: Set<String> = []
        if let read = try? ApprovalLog.read(outbox: folder.outbox) {
            log = read
            var damaged: [String] = []
            covered = read.coveredMessages(outbox: folder.outbox, damaged: &damaged)
        }
        let review = ReviewSite(
            scheduled: scheduled, changes: changes, approvals: log, covered: covered, digests: folder.messageDigests(scheduled),
            options: .init(campaign: campaign))
        let made = review.make()
        let target = site.map { URL(fileURLWithPath: $0) } ?? folder.outbox.appendingPathComponent("review")
        let access: OutboxAccess = scheduled.scheduler.practice.outboxGroupReadable ? .group : .owner
        let index = try ReviewWriter(folder: target, access: access).write(made.pages)
        return (made, index)
    }

    /// `git config user.name` in the practice's repository, when set.
    static func gitUserName(root: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "config", "user.name"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }

    /// Opens `page` in the system's browser with `xdg-open` when there is one and a display to
    /// show it on; says where the page is either way.
    static func open(_ page: URL) throws {
        let environment = ProcessInfo.processInfo.environment
        let hasDisplay = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/xdg-open" }
        if hasDisplay, let opener = path.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [page.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            if (try? process.run()) != nil {
                process.waitUntilExit()
                if process.terminationStatus == 0 {
                    try Output.standardError("touchpoint: opened \(page.path)\n")
                    return
                }
            }
        }
        try Output.standardError("touchpoint: the review is at \(page.path)\n")
    }
}
