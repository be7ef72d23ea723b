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

    func run() throws {
        let scheduled = try root.scheduled(schedule)
        let messages = try usage { try scheduled.messages(campaign: campaign, contact: contact) }
        let formatter = scheduled.formatter
        // What a build would change in the outbox: for the whole practice, so only unfiltered.
        let folder = root.folder()
        let changes = campaign == nil && contact == nil && format != .csv ? try folder.changes(scheduled) : nil
        // What a build would stop at, said before it is run.
        if let stop = folder.removals(scheduled).diagnostic {
            try DiagnosticOutput(format: .text).write([stop], outcome: "a build would write nothing")
        }
        // What has passed without delivery and a build would drop.
        try NeverDeliveredOutput.write(scheduled.neverDelivered, list: listExpired)
        switch format {
        case .text:
            try Output.standardOutput(formatter.text(messages: messages) + (changes.map { $0.text(outbox: "out/") } ?? ""))
        case .csv: try Output.standardOutput(formatter.csv(messages: messages))
        case .json: try Output.standardOutput(formatter.json(messages: messages, more: changes.map { [("outbox", $0.json)] } ?? []))
        }
    }
}
