import TouchpointCore

/// The files of one contact list: its schema and its data.
public struct ContactListFiles: Sendable, Equatable {
    /// The list's name, the files' stem.
    public let name: String
    public let schemaPath: String
    public let dataPath: String
}

/// Works out which lists the `contacts/` folder holds from the names of its files: every
/// `<list>.schema.yaml` with exactly one of `<list>.csv` and `<list>.yaml`. A data file without a
/// schema, a schema without data, or a list with both data files is an error. A pure function of
/// the names; listing the folder is the loader's job.
public struct ContactFolder: Sendable {
    public static let path = "contacts"
    package static let schemaSuffix = ".schema.yaml"

    public init() {}

    /// The list a schema file describes: its file name without `.schema.yaml`.
    package static func listName(ofSchema path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.lowercased().hasSuffix(schemaSuffix) ? String(name.dropLast(schemaSuffix.count)) : name
    }

    /// The lists to read, by name. `fileNames` are the names of the folder's files (not paths).
    public func lists(fileNames: [String], diagnostics: inout DiagnosticBag) -> [ContactListFiles] {
        // Each by the list's name (the stem), holding the file's own name.
        var schemas: [String: String] = [:]
        var csv: [String: String] = [:]
        var yaml: [String: String] = [:]
        for name in fileNames {
            let lowered = name.lowercased()
            if lowered.hasSuffix(Self.schemaSuffix) {
                schemas[String(name.dropLast(Self.schemaSuffix.count))] = name
            } else if lowered.hasSuffix(".csv") {
                csv[String(name.dropLast(4))] = name
            } else if lowered.hasSuffix(".yaml") {
                yaml[String(name.dropLast(5))] = name
            } else if let reason = Self.reasonIgnored(lowered) {
                let path = Self.path + "/" + name
                diagnostics.emit(Diagnostic(ContactMessages.unrecognizedFile(path, reason), file: path))
            }
        }
        var lists: [ContactListFiles] = []
        let stems = Set(schemas.keys).union(csv.keys).union(yaml.keys)
        for stem in stems.sorted() {
            let dataPaths = [csv[stem], yaml[stem]].compactMap { $0.map { "\(Self.path)/\($0)" } }
            guard let schemaName = schemas[stem] else {
                let schemaPath = "\(Self.path)/\(stem)\(Self.schemaSuffix)"
                for dataPath in dataPaths {
                    diagnostics.emit(
                        Diagnostic(ContactMessages.dataWithoutSchema(dataPath, schemaPath: schemaPath), file: dataPath)
                            .with(help: "describe the list's fields in '\(schemaPath)'"))
                }
                continue
            }
            let schemaPath = "\(Self.path)/\(schemaName)"
            switch dataPaths.count {
            case 0:
                diagnostics.emit(Diagnostic(ContactMessages.schemaWithoutData(schemaPath, list: stem), file: schemaPath))
            case 1:
                lists.append(ContactListFiles(name: stem, schemaPath: schemaPath, dataPath: dataPaths[0]))
            default:
                diagnostics.emit(
                    Diagnostic(ContactMessages.twoDataFiles(list: stem), file: schemaPath)
                        .with(help: "keep one of them; a list has one data file"))
            }
        }
        return lists
    }

    /// Why a file that looks meant for a list is not read, if it does.
    private static func reasonIgnored(_ lowered: String) -> String? {
        if lowered.hasSuffix(".yml") { return "contact files end in '.yaml'" }
        if lowered.hasSuffix(".tsv") { return "rename it to '.csv' and set 'delimiter: tab' in its schema" }
        for suffix in [".xlsx", ".xls", ".ods", ".numbers"] where lowered.hasSuffix(suffix) {
            return "a spreadsheet must be exported as CSV (UTF-8)"
        }
        return nil
    }
}
