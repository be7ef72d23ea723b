import Foundation
import TouchpointCore
import TouchpointFrontEnd

/// `touchpoint schema`: the schema of a contact list drafted from a spreadsheet's CSV export (see
/// ``SchemaDrafter``), ready to be saved beside it as `<list>.schema.yaml`.
public struct SchemaDraft: Sendable {
    /// The schema file's text; `nil` when the export could not be read as CSV.
    public let text: String?
    /// What reading the export found, in file order.
    public let diagnostics: [Diagnostic]

    /// Drafts the schema of the CSV file at `path` (as given on a command line), on the day
    /// `today` when known (a birth date column is `past: true` only when none of its dates is
    /// later).
    public static func draft(csvAt path: String, today: LocalDate? = nil) throws(EnvironmentError) -> SchemaDraft {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EnvironmentError("'\(path)' does not exist")
        }
        guard !isDirectory.boolValue else { throw EnvironmentError("'\(path)' is a folder, not a CSV file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw EnvironmentError("cannot read '\(path)'") }
        var diagnostics = DiagnosticBag()
        let text = SchemaDrafter(today: today).draft(SourceFile(path: path, bytes: [UInt8](data)), diagnostics: &diagnostics)
        return SchemaDraft(text: text, diagnostics: diagnostics.sorted)
    }
}
