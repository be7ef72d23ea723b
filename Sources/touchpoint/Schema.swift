import ArgumentParser
import Foundation
import TouchpointKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Draft a contact list's schema from a spreadsheet's CSV export.",
        discussion: """
            Prints a schema for FILE: a field for each column, named in snake case with the \
            'column:' that reads it, typed from all of the column's values, with comments saying \
            what was guessed and from how many rows. Save it beside the export: \
            touchpoint schema contacts/patients.csv > contacts/patients.schema.yaml
            """
    )

    @Argument(help: ArgumentHelp("The CSV export.", valueName: "file"), completion: .file(extensions: ["csv"]))
    var file: String

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("The day birth dates are checked against: YYYY-MM-DD (default: today).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        if let asOf, LocalDate(iso: asOf) == nil { throw ValidationError("'\(asOf)' is not a date (YYYY-MM-DD)") }
    }

    func run() throws {
        let today = asOf.flatMap { LocalDate(iso: $0) } ?? Self.today()
        let draft = try SchemaDraft.draft(csvAt: file, today: today)
        if !draft.diagnostics.isEmpty {
            try DiagnosticOutput(format: .text).write(draft.diagnostics, outcome: draft.text == nil ? "no schema drafted" : nil)
        }
        guard let text = draft.text else { throw ExitCode.failure }
        try Output.standardOutput(text)
    }

    /// Today on this machine's clock.
    private static func today() -> LocalDate? {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
