import ArgumentParser
import TouchpointKit

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print one contact's unsubscribe token, as '{{ contact.token }}' renders it.",
        discussion: """
            The token is an HMAC-SHA256 of the list's name and the contact's key under the practice's \
            secret (TOUCHPOINT_SECRET or .touchpoint-secret); docs/privacy.md specifies it.
            """)

    @Argument(help: ArgumentHelp("The contact list's name (the file stem in contacts/).", valueName: "list"))
    var list: String

    @Argument(help: ArgumentHelp("The contact's key.", valueName: "key"))
    var key: String

    @OptionGroup var root: RootOptions

    func run() throws {
        let folder = root.folder()
        let checked = try folder.check()
        let token = try usage { try folder.token(list: list, key: key, checked: checked) }
        try Output.standardOutput(token + "\n")
    }
}
