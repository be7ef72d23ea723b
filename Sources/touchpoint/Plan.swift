import ArgumentParser
import Foundation
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

    func run() throws {
        let loaded = try ScheduledPractice.load(root, schedule)
        if let campaign, !loaded.scheduler.campaigns.contains(where: { $0.id == campaign }) {
            throw ValidationError("no campaign '\(campaign)'")
        }
        let messages = loaded.schedule.messages.filter { message in
            (campaign == nil || loaded.scheduler.campaigns[message.campaign].id == campaign)
                && (contact == nil || loaded.scheduler.lists[message.list].contacts[message.contact].key == contact)
        }
        let formatter = PlanFormatter(scheduler: loaded.scheduler, schedule: loaded.schedule)
        // What a build would change in the outbox: for the whole practice, so only unfiltered.
        var changes: OutboxChanges?
        if campaign == nil, contact == nil, format != .csv {
            let planned = BuildPlanner(renderer: loaded.renderer).plan(loaded.schedule)
            let outbox = URL(fileURLWithPath: root.root).appendingPathComponent("out")
            changes = try OutboxWriter(directory: outbox).preview(planned)
        }
        switch format {
        case .text:
            print(formatter.text(messages: messages) + (changes.map { $0.text(outbox: "out/") } ?? ""),
                  terminator: "")
        case .csv: print(formatter.csv(messages: messages), terminator: "")
        case .json: print(formatter.json(messages: messages, more: changes.map { [("outbox", $0.json)] } ?? []), terminator: "")
        }
    }
}
