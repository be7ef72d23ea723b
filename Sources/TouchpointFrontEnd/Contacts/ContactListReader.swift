import TouchpointCore

/// Reads one contact list from its schema file and its data file: checks the schema, then types
/// and checks every contact against it. A pure function of the two files.
public struct ContactListReader: Sendable {
    /// Whether a secret for `contact.token` is configured, for the display name's checks.
    public let hasSecret: Bool
    /// The day of the check, when known: what `past: true` and `future: true` fields are held
    /// against, and what the century of a two-digit year is chosen by. Without it, neither is
    /// checked and two-digit years are read as POSIX reads them.
    public let today: LocalDate?

    public init(hasSecret: Bool = false, today: LocalDate? = nil) {
        self.hasSecret = hasSecret
        self.today = today
    }

    /// The list, or `nil` when its schema has errors (then its data is not checked: every row
    /// would repeat the schema's problem) or its data cannot be read at all. A list whose data has errors is returned with the
    /// contacts that could be read; the errors are in `diagnostics`.
    public func read(
        name: String, schema schemaFile: SourceFile, data dataFile: SourceFile,
        diagnostics: inout DiagnosticBag
    ) -> ContactList? {
        guard let schemaRoot = YAMLComposer().compose(schemaFile, diagnostics: &diagnostics),
            let schema = ContactSchemaReader(hasSecret: hasSecret).read(schemaRoot, diagnostics: &diagnostics)
        else { return nil }
        let contacts: [Contact]
        if dataFile.path.lowercased().hasSuffix(".csv") {
            guard let read = CSVContactReader(schema: schema, today: today).read(dataFile, diagnostics: &diagnostics) else {
                return nil
            }
            contacts = read
        } else {
            var composed = DiagnosticBag()
            let root = YAMLComposer().compose(dataFile, diagnostics: &composed)
            for diagnostic in composed.diagnostics {
                diagnostics.emit(diagnostic.markedAsContactData())
            }
            guard let root else { return nil }
            contacts = YAMLContactReader(schema: schema, today: today).read(root, diagnostics: &diagnostics)
        }
        if contacts.count < schema.minRows {
            diagnostics.emit(
                Diagnostic(ContactMessages.tooFewRows(contacts.count, minimum: schema.minRows), file: dataFile.path)
                    .with(note: "an export that came out empty or cut short would otherwise stop everyone's mail")
                    .with(help: "check the export; if the list really is this small, lower 'min_rows' in '\(schema.path)'"))
        }
        return ContactList(name: name, schema: schema, contacts: contacts, path: dataFile.path)
    }
}
