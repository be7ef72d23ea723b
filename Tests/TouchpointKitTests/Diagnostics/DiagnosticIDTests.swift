import Foundation
import Testing
import TouchpointKit

/// ``DiagnosticID`` is where each ID, its severity and its catalog text are defined. These tests
/// hold docs/diagnostics.md to it: every ID has a row in the page's catalog tables with the
/// enum's severity, and every row is an ID of the enum.
@Suite struct DiagnosticIDTests {
    static let page = TestLocations.repositoryRoot.appendingPathComponent("docs/diagnostics.md")

    @Test func theDocumentedCatalogMatchesTheEnum() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let problems = Self.catalogProblems(in: text)
        #expect(problems == [], "docs/diagnostics.md disagrees with DiagnosticID:\n\(problems.joined(separator: "\n"))")
    }

    /// The comparison above would pass vacuously if it read no rows; each of these edits of the
    /// page must be caught.
    @Test(arguments: [
        (
            "a row removed", "| `yaml-too-deep` | error | more than 100 levels of nesting | check the indentation |\n", "",
            "`yaml-too-deep` (DiagnosticID.yamlTooDeep) has no row in a catalog table"
        ),
        (
            "a severity changed", "| `duplicate-weekday` | warning |", "| `duplicate-weekday` | error |",
            "`duplicate-weekday` is error in a row, warning in DiagnosticID"
        ),
        (
            "an ID misspelt", "| `yaml-bad-merge` | error |", "| `yaml-bad-marge` | error |",
            "`yaml-bad-marge` is not a DiagnosticID"
        ),
        (
            "a row that is not an ID", "| `invalid-delimiter` | error |", "| invalid-delimiter | error |",
            "a catalog row whose first cell is not one backquoted ID: | invalid-delimiter | error |"
        ),
    ])
    func theComparisonCatchesAnEditOfThePage(_ edit: String, _ original: String, _ replacement: String, _ expected: String) throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        #expect(text.contains(original), "\(edit): the page no longer holds the text this test edits")
        let problems = Self.catalogProblems(in: text.replacingOccurrences(of: original, with: replacement))
        #expect(problems.contains { $0.hasPrefix(expected) }, "\(edit): \(problems)")
    }

    @Test func everyIDIsDescribed() {
        for id in DiagnosticID.allCases {
            let entry = id.entry
            #expect(id.rawValue.wholeMatch(of: /[a-z][a-z0-9]*(-[a-z0-9]+)*/) != nil, "\(id): IDs are kebab-case")
            #expect(!entry.title.isEmpty && !entry.meaning.isEmpty && !entry.help.isEmpty, "\(id.rawValue)")
            let firstWord = entry.title.prefix { $0 != " " }
            #expect(
                firstWord.first?.isUppercase == false || firstWord.allSatisfy(\.isUppercase),
                "\(id.rawValue): titles are lowercase, but for abbreviations")
            #expect(!entry.title.hasSuffix("."), "\(id.rawValue): a title has no trailing period")
            #expect(entry.meaning.hasSuffix(".") && entry.help.hasSuffix("."), "\(id.rawValue): sentences end in '.'")
            #expect(id.name.first?.isUppercase == true && !id.name.contains("-"), "\(id.rawValue)")
        }
        #expect(DiagnosticID.unknownMergeField.name == "UnknownMergeField")
        #expect(DiagnosticID.invalidUTF8.name == "InvalidUtf8")
    }

    @Test func aMessageTakesItsSeverityFromItsID() {
        #expect(DiagnosticMessage(.unknownMergeField, "x").severity == .error)
        #expect(DiagnosticMessage(.sharedEmail, "x").severity == .warning)
        #expect(Diagnostic(DiagnosticMessage(.sharedEmail, "x"), file: nil).id == "shared-email")
    }

    // MARK: - Reading the page

    /// What docs/diagnostics.md's catalog tables (those whose first column is headed "ID") get
    /// wrong against ``DiagnosticID``, one problem a line; empty when they agree. An ID may have
    /// rows in several sections (`invalid-utf8` for YAML and for CSV), each with the same severity.
    static func catalogProblems(in text: String) -> [String] {
        var problems: [String] = []
        var documented: Set<DiagnosticID> = []
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
                inCatalogTable = cells.dropFirst().first == "severity"
                if !inCatalogTable { problems.append("a catalog table whose second column is not 'severity': \(trimmed)") }
                continue
            }
            guard inCatalogTable, let first = cells.first, !first.hasPrefix("---") else { continue }
            guard let match = first.wholeMatch(of: /`([a-z0-9-]+)`/) else {
                problems.append("a catalog row whose first cell is not one backquoted ID: \(trimmed)")
                continue
            }
            let raw = String(match.output.1)
            guard let id = DiagnosticID(rawValue: raw) else {
                problems.append("`\(raw)` is not a DiagnosticID; add it to the enum or remove the row")
                continue
            }
            documented.insert(id)
            let severity = cells.dropFirst().first ?? ""
            if severity != id.severity.rawValue {
                problems.append("`\(raw)` is \(severity) in a row, \(id.severity.rawValue) in DiagnosticID")
            }
        }
        for id in DiagnosticID.allCases where !documented.contains(id) {
            problems.append("`\(id.rawValue)` (DiagnosticID.\(id)) has no row in a catalog table")
        }
        return problems
    }
}
