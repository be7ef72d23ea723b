import TouchpointCore
import TouchpointFeedback
import TouchpointFrontEnd
import TouchpointKit
import TouchpointMail
import TouchpointOutbox
import TouchpointSchedule

/// `touchpoint review`: a schedule as a static site to look at before anything is sent — a
/// calendar of the horizon, each campaign with its reach and samples, messages exactly as `build`
/// writes them (the same renderer), and what changed. Pure: the pages are made here and written by
/// ``ReviewWriter``.
public struct ReviewSite: Sendable {
    public let scheduled: ScheduledPractice
    /// Against the outbox, and against a git revision when asked.
    public let changes: [MessageChanges]
    /// The digests of the messages approvals cover, when the outbox has an approval log.
    public let approvals: ApprovalLog
    public let covered: Set<String>
    public let options: Options

    public struct Options: Sendable {
        /// With at most this many messages, every message gets its page; with more, only the
        /// samples of each step do (and the day lists name the others).
        public var messagePageLimit: Int
        /// How many sample contacts a step shows at most.
        public var samplesPerStep: Int
        /// Only this campaign (`--campaign`): its messages, its page, its changes.
        public var campaign: String?

        public init(messagePageLimit: Int = 5_000, samplesPerStep: Int = 4, campaign: String? = nil) {
            self.messagePageLimit = messagePageLimit
            self.samplesPerStep = samplesPerStep
            self.campaign = campaign
        }
    }

    /// The digest of each message of `scheduled.plan()`, when known (``PracticeFolder/messageDigests(_:)``);
    /// otherwise every message is rendered to make it.
    public let digests: [String]?

    public init(
        scheduled: ScheduledPractice, changes: [MessageChanges], approvals: ApprovalLog = ApprovalLog(entries: []),
        covered: Set<String> = [], digests: [String]? = nil, options: Options = Options()
    ) {
        self.digests = digests
        self.scheduled = scheduled
        self.changes = changes
        self.approvals = approvals
        self.covered = covered
        self.options = options
    }

    /// One file of the site: its path under the site's folder and its bytes.
    public struct Page: Sendable {
        public let path: String
        public let bytes: [UInt8]
    }

    /// The site's pages and what an approval of it covers.
    public struct Made: Sendable {
        public let pages: [Page]
        /// The digest of each message the site shows, in schedule order (see ``ApprovalLog``).
        public let messageDigests: [String]
        /// The digest of the schedule the site shows: of its messages' digests.
        public let digest: String
        /// How many of its messages earlier approvals cover.
        public let covered: Int
    }

    /// Every page of the site.
    public func make() -> Made {
        let model = Model(site: self)
        let digests = model.digests
        let digest = ApprovalLog.digest(ofList: ApprovalLog.list(digests))
        let coveredCount = digests.count { covered.contains($0) }
        var pages: [Page] = []
        pages.append(page("index.html", model.indexPage(digest: digest, covered: coveredCount)))
        pages.append(page("changes.html", model.changesPage()))
        pages.append(page("campaigns/index.html", model.campaignsIndex()))
        for campaign in model.campaigns {
            pages.append(page("campaigns/\(model.fileName(campaign: campaign))", model.campaignPage(campaign)))
        }
        for day in model.days.keys.sorted() {
            pages.append(page("days/\(day).html", model.dayPage(day)))
        }
        let paged = model.pagedMessages.sorted()
        pages += Parallel.map(paged.count) { range in
            range.map { index in
                let number = paged[index]
                return page(model.messagePath(number), model.messagePage(number))
            }
        }
        return Made(pages: pages, messageDigests: digests, digest: digest, covered: coveredCount)
    }

    private func page(_ path: String, _ text: String) -> Page {
        Page(path: path, bytes: Array(text.utf8))
    }
}

/// What the pages are made from, worked out once.
struct Model: Sendable {
    let site: ReviewSite
    let scheduled: ScheduledPractice
    let scheduler: Scheduler
    let planned: BuildPlanner.Planned
    let practice: Practice
    /// Message indices (into `planned`) by the contact's day.
    let days: [LocalDate: [Int]]
    /// The messages that get a page: all, or the samples.
    let pagedMessages: Set<Int>
    /// Each step's samples (message indices), by campaign and step.
    let samples: [[[Int]]]
    /// Each campaign step's messages, by campaign and step.
    let stepMessages: [[[Int]]]
    /// The digest of each message shown, in order.
    let digests: [String]
    let zone: ZonedTime
    /// The campaigns shown: all, or the one asked for.
    let campaigns: [Int]
    /// The messages shown (indices into `planned`), in order.
    let shown: [Int]
    /// The page of each message that has one, by its path in the outbox.
    let indexOfPath: [String: Int]

    init(site: ReviewSite) {
        self.site = site
        scheduled = site.scheduled
        let scheduler = site.scheduled.scheduler
        self.scheduler = scheduler
        practice = scheduler.practice
        zone = ZonedTime(practice.timeZone)
        let planned = scheduled.plan()
        self.planned = planned
        let only = site.options.campaign
        let campaigns = scheduler.campaigns.indices.filter { only == nil || scheduler.campaigns[$0].id == only }
        self.campaigns = campaigns
        let wanted = Set(campaigns)
        var days: [LocalDate: [Int]] = [:]
        var steps = scheduler.campaigns.map { campaign in campaign.steps.map { _ in [Int]() } }
        var showing: [Int] = []
        for (index, message) in planned.messages.enumerated() where wanted.contains(message.campaign) {
            days[message.date, default: []].append(index)
            steps[message.campaign][message.step].append(index)
            showing.append(index)
        }
        let shown = showing
        self.shown = shown
        self.days = days
        stepMessages = steps
        let renderer = scheduled.renderer
        let today = scheduled.schedule.today
        let perStep = site.options.samplesPerStep
        let samples = steps.enumerated().map { campaign, steps in
            steps.enumerated().map { step, messages in
                Samples.pick(
                    messages, step: scheduler.campaigns[campaign].steps[step], planned: planned, scheduler: scheduler,
                    today: today, count: perStep)
            }
        }
        self.samples = samples
        let paged = shown.count <= site.options.messagePageLimit ? Set(shown) : Set(samples.flatMap { $0.flatMap { $0 } })
        pagedMessages = paged
        var paths: [String: Int] = [:]
        for index in paged {
            let location = planned.location(of: index)
            paths[OutboxPath.reviewRelative(location.directory, location.fileName)] = index
        }
        indexOfPath = paths
        if let known = site.digests, known.count == planned.count {
            digests = shown.map { known[$0] }
            return
        }
        digests = Parallel.map(shown.count) { range in
            range.map { number in
                let message = planned.messages[shown[number]]
                guard let parts = renderer.parts(of: message) else { return "" }
                return ApprovalLog.messageDigest(renderer.render(message, parts: parts))
            }
        }
    }

    // MARK: names and paths

    func fileName(campaign: Int) -> String { OutboxPath.sanitizeForReview(scheduler.campaigns[campaign].id) + ".html" }

    func outboxPath(_ index: Int) -> String {
        let location = planned.location(of: index)
        return OutboxPath.reviewRelative(location.directory, location.fileName)
    }

    /// `messages/2026-12-01/0900-campaign-step-key.html`.
    func messagePath(_ index: Int) -> String { Self.messagePath(outbox: outboxPath(index)) }

    static func messagePath(outbox path: String) -> String {
        "messages/" + (path.hasSuffix(".eml") ? String(path.dropLast(4)) : path) + ".html"
    }

    func campaignID(_ index: Int) -> String { scheduler.campaigns[planned.messages[index].campaign].id }

    func stepID(_ index: Int) -> String {
        let message = planned.messages[index]
        return scheduler.campaigns[message.campaign].steps[message.step].id
    }

    func contactKey(_ index: Int) -> String {
        let message = planned.messages[index]
        return scheduler.lists[message.list].contacts[message.contact].key
    }

    func subject(_ index: Int) -> String { scheduled.renderer.addressAndSubject(of: planned.messages[index])?.subject ?? "" }

    func time(_ index: Int) -> String { planned.messages[index].time.description }

    var title: String { practice.name }

    func escape(_ text: String) -> String { HTMLEscaping.escape(text) }

    /// A link to a message's page when it has one, else its file's name.
    func messageLink(_ index: Int, depth: Int, text: String) -> String {
        guard pagedMessages.contains(index) else { return escape(text) }
        return "<a href=\"\(String(repeating: "../", count: depth))\(escape(messagePath(index)))\">\(escape(text))</a>"
    }

    /// The link to the page of the message at `path` in the outbox, when the site has it.
    func messageLink(outboxPath path: String, depth: Int) -> String {
        let up = String(repeating: "../", count: depth)
        guard let index = indexOfPath[path], pagedMessages.contains(index) else { return "<code>\(escape(path))</code>" }
        return "<a href=\"\(up)\(escape(Self.messagePath(outbox: path)))\"><code>\(escape(path))</code></a>"
    }

}

extension OutboxPath {
    /// A campaign id as one safe file name.
    static func sanitizeForReview(_ name: String) -> String { sanitize(name) }

    /// A message's path relative to the outbox, sanitized as the outbox spells it.
    static func reviewRelative(_ directory: String, _ name: String) -> String {
        OutboxPath(sanitizing: directory, name).relative
    }
}
