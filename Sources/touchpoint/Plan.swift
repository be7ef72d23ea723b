import ArgumentParser
import TouchpointKit

enum PlanFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json
}

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what would be sent, when, and what is not sent and why.")

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("Only this campaign.", valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("Only this contact.", valueName: "key"))
    var contact: String?

    @Option(help: "text, csv or json.")
    var format: PlanFormat = .text

    @Flag(help: "List each message a build would drop as expired, never delivered, not only their count by campaign.")
    var listExpired = false

    @Flag(
        help: """
            Plan as 'build --keep-going' builds: without the contacts whose rows have errors, which are listed \
            ('keep_going: true' in touchpoint.yaml does the same). Exits 1 when any are held back.
            """)
    var keepGoing = false

    @Flag(help: "Show a unified diff of the text part of each message a build would change.")
    var diff = false

    @Flag(help: "Write the review site (as 'touchpoint review' does) and open it in the system's browser.")
    var open = false

    func run() throws {
        let scheduled = try root.scheduled(schedule, keepGoing: keepGoing)
        let messages = try usage { try scheduled.messages(campaign: campaign, contact: contact) }
        // The totals count what the rows are drawn from: the same campaign and contact.
        let notSent = try usage { try scheduled.notSent(campaign: campaign, contact: contact) }
        let drafts = scheduled.drafts(campaign: campaign)
        let formatter = scheduled.formatter
        // What a build would change in the outbox: for the whole practice, so only unfiltered.
        let folder = root.folder()
        let changes = campaign == nil && contact == nil && format != .csv ? try folder.messageChanges(scheduled) : nil
        // What a build would stop at, said before it is run.
        if let stop = folder.removals(scheduled).diagnostic {
            try DiagnosticOutput(format: .text).write([stop], outcome: "a build would write nothing")
        }
        // What has passed without delivery and a build would drop.
        try NeverDeliveredOutput.write(scheduled.neverDelivered.filtered(campaign: campaign, contact: contact), list: listExpired)
        switch format {
        case .text:
            try Output.standardOutput(
                formatter.text(messages: messages, notSent: notSent, drafts: drafts) + (changes.map { $0.text(diff: diff) } ?? ""))
        case .csv: try Output.standardOutput(formatter.csv(messages: messages))
        case .json:
            var more = changes.map { [("outbox", $0.json)] } ?? []
            if !scheduled.held.isEmpty { more.append(("held", Self.json(scheduled.held))) }
            try Output.standardOutput(formatter.json(messages: messages, notSent: notSent, drafts: drafts, more: more))
        }
        if open {
            let made = try Review.write(
                root: root, scheduled: scheduled, request: schedule.request, campaign: campaign, against: nil, site: nil)
            try Review.open(made.index)
        }
        // A build would hold them back and exit 1: so does its plan.
        if !scheduled.held.isEmpty { throw ExitCode.failure }
    }

    /// The held-back contacts as a JSON array: list, key, file and rows of each.
    static func json(_ held: [HeldContact]) -> String {
        "["
            + held.map { contact in
                JSON.object([
                    ("list", JSON.string(contact.list)), ("key", JSON.string(contact.key)), ("file", JSON.string(contact.path)),
                    ("rows", "[" + contact.rows.map(String.init).joined(separator: ",") + "]"),
                ])
            }.joined(separator: ",") + "]"
    }
}
