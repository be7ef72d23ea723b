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
        let scheduled = try root.scheduled(schedule)
        try Output.standardOutput(try usage { try scheduled.explain(key, campaign: campaign) })
    }
}
