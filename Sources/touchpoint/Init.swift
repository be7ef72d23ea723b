import ArgumentParser
import Foundation
import TouchpointKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new practice repository, ready to edit, that checks clean and builds.",
        discussion: """
            Writes touchpoint.yaml, a care campaign, a contact list with two made-up patients, \
            a .gitignore, a Makefile, a GitHub Actions workflow and a pre-commit hook. \
            Nothing is overwritten: when any of these files exists, nothing is written and the \
            exit status is 2.
            """
    )

    @Argument(
        help: ArgumentHelp("The folder for the practice (default: the current folder).", valueName: "dir"),
        completion: .directory)
    var directory: String?

    @Option(
        help: ArgumentHelp("The folder for the practice; the same as giving DIR.", valueName: "dir"),
        completion: .directory)
    var root: String?

    func validate() throws {
        if let directory, let root, directory != root {
            throw ValidationError("give the folder once: as DIR or as '--root', not both")
        }
    }

    func run() throws {
        let path = directory ?? root ?? "."
        let initializer = PracticeInitializer(folder: URL(fileURLWithPath: path, isDirectory: true))
        let written: [String]
        do {
            written = try initializer.write()
        } catch let conflict as PracticeInitializer.Conflict {
            let files = conflict.paths.count == 1 ? "a file" : "files"
            throw EnvironmentError(
                "'\(path)' already has \(files) that init would write; nothing was written:\n"
                    + conflict.paths.map { "  " + $0 }.joined(separator: "\n"))
        }
        var out = "touchpoint: wrote a new practice in \(path == "." ? "this folder" : "'\(path)'"):\n"
        out += written.map { "  \($0)\n" }.joined()
        out += "\nNext steps:\n"
        if path != "." { out += "  cd \(Self.shellQuoted(path))\n" }
        out += """
              1. Put the practice's name, addresses and time zone in touchpoint.yaml.
              2. Replace the made-up rows of contacts/patients.csv with the practice's patients; the
                 header names the columns and contacts/patients.schema.yaml describes them.
              3. touchpoint check          reports every problem
                 touchpoint build          writes the dated messages into out/
              4. git init && make hooks    checks what is committed, before every commit
              5. On GitHub, set the repository variable TOUCHPOINT_REPOSITORY (see
                 .github/workflows/touchpoint.yml), and the secret TOUCHPOINT_SECRET if the
                 unsubscribe link uses {{ contact.token }}.

            """
        try Output.standardOutput(out)
    }

    /// `text` as one word for a POSIX shell.
    private static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
