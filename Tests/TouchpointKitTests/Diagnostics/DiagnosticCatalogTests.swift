import Foundation
import Testing

/// `docs/diagnostics.md` lists every diagnostic ID the library can emit, with its severity, and
/// nothing else. The IDs are read from the library's source, so a new diagnostic without a row in
/// the catalog, or a row for one that no longer exists, fails here.
@Suite struct DiagnosticCatalogTests {
    static let sourceFolder = TestLocations.repositoryRoot.appendingPathComponent("Sources", isDirectory: true)
    static let catalogFile = TestLocations.repositoryRoot.appendingPathComponent("docs/diagnostics.md")

    @Test func everyIDInTheCodeIsInTheCatalog() throws {
        let code = try Self.codeIDs()
        let catalog = try Self.catalogIDs()
        let undocumented = Set(code.keys).subtracting(catalog.keys).sorted()
        #expect(undocumented.isEmpty, "not in a table of docs/diagnostics.md: \(undocumented.joined(separator: ", "))")
    }

    @Test func everyIDInTheCatalogIsInTheCode() throws {
        let code = try Self.codeIDs()
        let catalog = try Self.catalogIDs()
        let stale = Set(catalog.keys).subtracting(code.keys).sorted()
        #expect(stale.isEmpty, "listed in docs/diagnostics.md, but no code emits it: \(stale.joined(separator: ", "))")
    }

    @Test func theCatalogGivesEachIDTheSeverityTheCodeGivesIt() throws {
        let code = try Self.codeIDs()
        for (id, rows) in try Self.catalogIDs() {
            guard let severities = code[id] else { continue }
            let inCode = severities.sorted().joined(separator: " or ")
            for row in rows {
                #expect(row == severities, "'\(id)' is \(row.sorted().joined(separator: " or ")) in the catalog, \(inCode) in the code")
            }
        }
    }

    /// A scan that finds nothing would pass both directions vacuously.
    @Test func theScansFindTheIDs() throws {
        let code = try Self.codeIDs()
        #expect(code.count >= 100)
        // Written as `DiagnosticMessage(id: "…"`, through a helper (`sensitive("…"`), and over
        // two lines.
        #expect(code["unknown-merge-field"] == ["error"])
        #expect(code["csv-stray-quote"] == ["error"])
        #expect(code["shared-email"] == ["warning"])
        #expect(code["empty-merge-field"] == ["warning"])
        let catalog = try Self.catalogIDs()
        #expect(catalog.count >= 100)
        #expect(catalog["unknown-key"] == [["error"]])
        // The JSON format's table lists fields, not IDs.
        #expect(catalog["version"] == nil)
    }

    // MARK: - Reading the source

    /// Every ID the library's source constructs a message with, and the severities it gives it.
    static func codeIDs() throws -> [String: Set<String>] {
        var ids: [String: Set<String>] = [:]
        for file in try swiftFiles() {
            let text = withoutComments(try String(contentsOf: file, encoding: .utf8))
            let name = file.lastPathComponent
            // DiagnosticMessage(id: "some-id", severity: .error, …)
            for match in text.matches(of: try Regex(#"DiagnosticMessage\(\s*id:\s*"([a-z0-9-]+)"\s*,\s*severity:\s*\.(\w+)"#)) {
                ids[try capture(match, 1), default: []].insert(try capture(match, 2))
            }
            // Any other construction passes on an ID it was given: a helper's parameter
            // (`DiagnosticMessage(id: id, …)`) or an existing message's (`id: message.id`).
            for match in text.matches(of: try Regex(#"DiagnosticMessage\(\s*id:\s*([^",\s][^,]*),"#)) {
                let argument = try capture(match, 1)
                #expect(argument == "id" || argument.hasSuffix(".id"),
                        "\(name): a message whose ID is '\(argument)'; write the ID as a literal, or teach this test the new form")
            }
            // Helpers that take the ID as their first argument and make the message with it:
            // `static func sensitive(_ id: String, severity: Severity = .error, …)`.
            for helper in text.matches(of: try Regex(#"func (\w+)\(_ id: String([^)]*)\)"#)) {
                let body = text[helper.range.upperBound...].prefix { $0 != "}" }
                guard let fixed = body.firstMatch(of: try Regex(#"DiagnosticMessage\(\s*id:\s*id\s*,\s*severity:\s*\.?(\w+)"#)) else {
                    continue
                }
                let helperName = try capture(helper, 1)
                let parameters = try capture(helper, 2)
                // A literal severity in the helper's message, or the default of its parameter.
                let literal = try capture(fixed, 1)
                let defaultSeverity = literal == "severity"
                    ? parameters.firstMatch(of: try Regex(#"severity: Severity = \.(\w+)"#)).flatMap { try? capture($0, 1) }
                    : literal
                for call in text.matches(of: try Regex(helperName + #"\(\s*"([a-z0-9-]+)"(\s*,\s*severity:\s*\.(\w+))?"#)) {
                    let id = try capture(call, 1)
                    let severity = call.output[3].substring.map(String.init) ?? defaultSeverity
                    #expect(severity != nil, "\(name): cannot tell the severity of '\(id)'")
                    ids[id, default: []].insert(severity ?? "?")
                }
            }
        }
        return ids
    }

    private static func swiftFiles() throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: sourceFolder, includingPropertiesForKeys: nil) else {
            throw CatalogError("cannot read \(sourceFolder.path)")
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        guard !files.isEmpty else { throw CatalogError("no Swift files under \(sourceFolder.path)") }
        return files
    }

    /// The text with `//` comments removed (outside string literals), so that an example in a
    /// comment is not taken for a diagnostic.
    static func withoutComments(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            var inString = false
            var previous: Character?
            for index in line.indices {
                let character = line[index]
                if character == "\"", previous != "\\" { inString.toggle() }
                if !inString, character == "/", previous == "/" {
                    return line[..<line.index(before: index)]
                }
                previous = character
            }
            return line
        }.joined(separator: "\n")
    }

    // MARK: - Reading the catalog

    /// The IDs of the catalog's tables (those whose first column is headed "ID"), each with the
    /// severities of every row that lists it.
    static func catalogIDs() throws -> [String: [Set<String>]] {
        let text = try String(contentsOf: catalogFile, encoding: .utf8)
        var ids: [String: [Set<String>]] = [:]
        var inCatalogTable = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|") else {
                inCatalogTable = false
                continue
            }
            let cells = trimmed.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.first == "ID" {
                inCatalogTable = true
                continue
            }
            guard inCatalogTable, let first = cells.first, !first.hasPrefix("---") else { continue }
            guard let match = first.wholeMatch(of: try Regex(#"`([a-z0-9-]+)`"#)) else {
                throw CatalogError("a catalog row whose first cell is not one backquoted ID: \(trimmed)")
            }
            let severities = Set(cells.dropFirst().first?.components(separatedBy: " or ") ?? [])
            ids[try capture(match, 1), default: []].append(severities)
        }
        return ids
    }

    // MARK: -

    private static func capture(_ match: Regex<AnyRegexOutput>.Match, _ index: Int) throws -> String {
        guard let text = match.output[index].substring else { throw CatalogError("no capture \(index) in \(match.output[0].substring ?? "")") }
        return String(text)
    }

    struct CatalogError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
