import ArgumentParser
import TouchpointKit

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, for one contact, whether each step is sent, when, and why not.")

    @Argument(help: ArgumentHelp("The contact's key.", valueName: "contact-key"))
    var key: String

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("Only this campaign.", valueName: "id"))
    var campaign: String?

    func run() throws {
        let loaded = try ScheduledPractice.load(root, schedule)
        if let campaign, !loaded.scheduler.campaigns.contains(where: { $0.id == campaign }) {
            throw ValidationError("no campaign '\(campaign)'")
        }
        let explainer = Explainer(scheduler: loaded.scheduler, schedule: loaded.schedule)
        let found = explainer.find(key)
        guard !found.isEmpty else {
            throw ValidationError("no contact with the key '\(key)' in any list")
        }
        print(found.map { explainer.explain(list: $0.list, contact: $0.contact, campaign: campaign) }
            .joined(separator: "\n"), terminator: "")
    }
}
