import ArgumentParser
import TouchpointKit

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain, for one contact, whether each step is sent, when, and why not.",
        discussion: """
            The contact is named by its key, its e-mail address (any case) or its name (every word, any case, \
            in the display name of the list's schema). When several contacts have that address or name, they \
            are listed, to be named by key; the exit status is then 2.
            """)

    @Argument(help: ArgumentHelp("The contact's key, e-mail address or name.", valueName: "contact"))
    var key: String

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("Only this campaign.", valueName: "id"))
    var campaign: String?

    func run() throws {
        let scheduled = try root.scheduled(schedule)
        let text: String
        do throws(RequestError) {
            text = try scheduled.explain(key, campaign: campaign)
        } catch  where error.listsChoices {
            try Output.standardError("touchpoint: \(error.description)\n")
            throw ExitCode(2)
        } catch {
            throw ValidationError(error.description)
        }
        try Output.standardOutput(text)
    }
}
