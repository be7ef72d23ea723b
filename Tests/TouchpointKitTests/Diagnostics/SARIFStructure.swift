import Foundation

/// What the SARIF tests need of a log, checked here without the official schema, so that the
/// tests mean something on a clone with nothing beside it: the properties SARIF 2.1.0 requires,
/// their types, no property the format does not define, `ruleId` and `ruleIndex` agreeing with
/// the run's rules, 1-based lines and columns, the levels SARIF knows, version "2.1.0" and the
/// `$schema` Touchpoint names.
///
/// Only the objects Touchpoint writes are looked into; the lists of property names are SARIF's
/// own, so a log that another valid tool wrote passes where it uses those objects the same way.
enum SARIFStructure {
    /// The problems of the log in `text`, one a string (`runs/0/results/3/ruleIndex: …`); empty
    /// when the log is well formed.
    static func problems(in text: String) -> [String] {
        guard let log = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            return ["the log is not JSON"]
        }
        return problems(of: log)
    }

    static func problems(of log: Any) -> [String] {
        var checker = Checker()
        checker.log(log)
        return checker.problems
    }

    /// SARIF's `$schema` for 2.1.0, as the renderer names it.
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    // MARK: - The properties SARIF 2.1.0 defines for each object

    private static let logKeys: Set = ["$schema", "version", "runs", "inlineExternalProperties", "properties"]
    private static let runKeys: Set = [
        "tool", "invocations", "conversion", "language", "versionControlProvenance", "originalUriBaseIds",
        "artifacts", "logicalLocations", "graphs", "results", "automationDetails", "runAggregates",
        "baselineGuid", "redactionTokens", "defaultEncoding", "defaultSourceLanguage", "newlineSequences",
        "columnKind", "externalPropertyFileReferences", "threadFlowLocations", "taxonomies", "addresses",
        "translations", "policies", "webRequests", "webResponses", "specialLocations", "properties",
    ]
    private static let toolKeys: Set = ["driver", "extensions", "properties"]
    private static let toolComponentKeys: Set = [
        "guid", "name", "organization", "product", "productSuite", "shortDescription", "fullDescription",
        "fullName", "version", "semanticVersion", "dottedQuadFileVersion", "releaseDateUtc", "downloadUri",
        "informationUri", "globalMessageStrings", "notifications", "rules", "taxa", "locations", "language",
        "contents", "isComprehensive", "localizedDataSemanticVersion", "minimumRequiredLocalizedDataSemanticVersion",
        "associatedComponent", "translationMetadata", "supportedTaxonomies", "properties",
    ]
    private static let ruleKeys: Set = [
        "id", "deprecatedIds", "guid", "deprecatedGuids", "name", "deprecatedNames", "shortDescription",
        "fullDescription", "messageStrings", "defaultConfiguration", "helpUri", "help", "relationships", "properties",
    ]
    private static let configurationKeys: Set = ["enabled", "level", "rank", "parameters", "properties"]
    private static let resultKeys: Set = [
        "ruleId", "ruleIndex", "rule", "kind", "level", "message", "analysisTarget", "locations", "guid",
        "correlationGuid", "occurrenceCount", "partialFingerprints", "fingerprints", "stacks", "codeFlows",
        "graphs", "graphTraversals", "relatedLocations", "suppressions", "baselineState", "rank", "attachments",
        "hostedViewerUri", "workItemUris", "provenance", "fixes", "taxa", "webRequest", "webResponse", "properties",
    ]
    private static let messageKeys: Set = ["text", "markdown", "id", "arguments", "properties"]
    private static let locationKeys: Set = [
        "id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties",
    ]
    private static let physicalLocationKeys: Set = ["address", "artifactLocation", "region", "contextRegion", "properties"]
    private static let artifactLocationKeys: Set = ["uri", "uriBaseId", "index", "description", "properties"]
    private static let regionKeys: Set = [
        "startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "byteOffset", "byteLength",
        "snippet", "message", "sourceLanguage", "properties",
    ]
    private static let levels: Set = ["none", "note", "warning", "error"]
    private static let columnKinds: Set = ["utf16CodeUnits", "unicodeCodePoints"]

    // MARK: -

    private struct Checker {
        var problems: [String] = []

        mutating func fail(_ path: String, _ problem: String) {
            problems.append((path.isEmpty ? "log" : path) + ": " + problem)
        }

        /// `value` as an object with only the `allowed` keys and every `required` one.
        mutating func object(_ value: Any?, at path: String, allowed: Set<String>, required: [String] = []) -> [String: Any]? {
            guard let object = value as? [String: Any] else {
                fail(path, value == nil ? "missing" : "not an object")
                return nil
            }
            for key in object.keys.sorted() where !allowed.contains(key) {
                fail(path, "'\(key)' is not a property SARIF defines here")
            }
            for key in required where object[key] == nil {
                fail(path, "'\(key)' is required")
            }
            return object
        }

        mutating func string(_ value: Any?, at path: String, required: Bool = false) -> String? {
            guard let value else {
                if required { fail(path, "missing") }
                return nil
            }
            guard let text = value as? String else {
                fail(path, "not a string")
                return nil
            }
            return text
        }

        mutating func integer(_ value: Any?, at path: String, minimum: Int) -> Int? {
            guard let value else { return nil }
            guard let number = value as? Int else {
                fail(path, "not an integer")
                return nil
            }
            if number < minimum { fail(path, "\(number) is less than \(minimum)") }
            return number
        }

        mutating func array(_ value: Any?, at path: String) -> [Any]? {
            guard let value else { return nil }
            guard let array = value as? [Any] else {
                fail(path, "not an array")
                return nil
            }
            return array
        }

        /// A `message` or `multiformatMessageString`: an object whose `text` is a string.
        mutating func message(_ value: Any?, at path: String) {
            guard let object = object(value, at: path, allowed: SARIFStructure.messageKeys, required: ["text"]) else { return }
            _ = string(object["text"], at: path + "/text")
        }

        mutating func log(_ value: Any) {
            guard let log = object(value, at: "", allowed: SARIFStructure.logKeys, required: ["version", "runs"]) else { return }
            if let schema = string(log["$schema"], at: "$schema", required: true), schema != SARIFStructure.schemaURI {
                fail("$schema", "'\(schema)' is not the SARIF 2.1.0 schema's URI")
            }
            if let version = string(log["version"], at: "version"), version != "2.1.0" {
                fail("version", "'\(version)' is not \"2.1.0\"")
            }
            guard let runs = array(log["runs"], at: "runs") else { return }
            if runs.count != 1 { fail("runs", "\(runs.count) runs; Touchpoint writes one") }
            for (index, run) in runs.enumerated() { self.run(run, at: "runs/\(index)") }
        }

        mutating func run(_ value: Any, at path: String) {
            guard let run = object(value, at: path, allowed: SARIFStructure.runKeys, required: ["tool"]) else { return }
            var ruleIDs: [String] = []
            if let tool = object(run["tool"], at: path + "/tool", allowed: SARIFStructure.toolKeys, required: ["driver"]),
                let driver = object(
                    tool["driver"], at: path + "/tool/driver", allowed: SARIFStructure.toolComponentKeys,
                    required: ["name"])
            {
                let driverPath = path + "/tool/driver"
                if string(driver["name"], at: driverPath + "/name")?.isEmpty == true { fail(driverPath + "/name", "empty") }
                _ = string(driver["version"], at: driverPath + "/version")
                for (index, rule) in (array(driver["rules"], at: driverPath + "/rules") ?? []).enumerated() {
                    ruleIDs.append(self.rule(rule, at: driverPath + "/rules/\(index)") ?? "")
                }
                for id in Set(ruleIDs) where !id.isEmpty && ruleIDs.count(where: { $0 == id }) > 1 {
                    fail(driverPath + "/rules", "'\(id)' is the id of more than one rule")
                }
            }
            if let kind = string(run["columnKind"], at: path + "/columnKind"), !SARIFStructure.columnKinds.contains(kind) {
                fail(path + "/columnKind", "'\(kind)' is not a column kind")
            }
            guard let results = array(run["results"], at: path + "/results") else {
                fail(path, "'results' is missing: a run that was analysed lists its results, if none then []")
                return
            }
            for (index, result) in results.enumerated() {
                self.result(result, at: path + "/results/\(index)", ruleIDs: ruleIDs)
            }
        }

        /// A `reportingDescriptor`; its `id`.
        mutating func rule(_ value: Any, at path: String) -> String? {
            guard let rule = object(value, at: path, allowed: SARIFStructure.ruleKeys, required: ["id"]) else { return nil }
            let id = string(rule["id"], at: path + "/id")
            if id?.isEmpty == true { fail(path + "/id", "empty") }
            _ = string(rule["name"], at: path + "/name")
            for key in ["shortDescription", "fullDescription", "help"] where rule[key] != nil {
                message(rule[key], at: path + "/" + key)
            }
            if let configuration = rule["defaultConfiguration"],
                let object = object(configuration, at: path + "/defaultConfiguration", allowed: SARIFStructure.configurationKeys)
            {
                level(object["level"], at: path + "/defaultConfiguration/level")
            }
            return id
        }

        mutating func level(_ value: Any?, at path: String) {
            if let level = string(value, at: path), !SARIFStructure.levels.contains(level) {
                fail(path, "'\(level)' is not a level")
            }
        }

        mutating func result(_ value: Any, at path: String, ruleIDs: [String]) {
            guard let result = object(value, at: path, allowed: SARIFStructure.resultKeys, required: ["message"]) else { return }
            message(result["message"], at: path + "/message")
            level(result["level"], at: path + "/level")
            let ruleID = string(result["ruleId"], at: path + "/ruleId")
            let ruleIndex = integer(result["ruleIndex"], at: path + "/ruleIndex", minimum: -1)
            if let ruleIndex, ruleIndex >= 0 {
                if ruleIndex >= ruleIDs.count {
                    fail(path + "/ruleIndex", "\(ruleIndex) is past the \(ruleIDs.count) rules")
                } else if let ruleID, ruleIDs[ruleIndex] != ruleID {
                    fail(path + "/ruleIndex", "rule \(ruleIndex) is '\(ruleIDs[ruleIndex])', but 'ruleId' is '\(ruleID)'")
                }
            } else if let ruleID, !ruleIDs.contains(ruleID) {
                fail(path + "/ruleId", "'\(ruleID)' is not the id of a rule of the run")
            }
            for (index, location) in (array(result["locations"], at: path + "/locations") ?? []).enumerated() {
                self.location(location, at: path + "/locations/\(index)")
            }
            var relatedIDs: Set<Int> = []
            for (index, location) in (array(result["relatedLocations"], at: path + "/relatedLocations") ?? []).enumerated() {
                if let id = self.location(location, at: path + "/relatedLocations/\(index)"), !relatedIDs.insert(id).inserted {
                    fail(path + "/relatedLocations/\(index)/id", "\(id) is the id of two related locations")
                }
            }
            if let properties = result["properties"], !(properties is [String: Any]) {
                fail(path + "/properties", "not an object")
            }
        }

        /// A `location`; its `id`, if it has one.
        @discardableResult
        mutating func location(_ value: Any, at path: String) -> Int? {
            guard let location = object(value, at: path, allowed: SARIFStructure.locationKeys) else { return nil }
            let id = integer(location["id"], at: path + "/id", minimum: -1)
            if location["message"] != nil { message(location["message"], at: path + "/message") }
            guard
                let physical = object(
                    location["physicalLocation"], at: path + "/physicalLocation",
                    allowed: SARIFStructure.physicalLocationKeys, required: ["artifactLocation"])
            else {
                return id
            }
            let physicalPath = path + "/physicalLocation"
            if let artifact = object(
                physical["artifactLocation"], at: physicalPath + "/artifactLocation",
                allowed: SARIFStructure.artifactLocationKeys, required: ["uri"]),
                let uri = string(artifact["uri"], at: physicalPath + "/artifactLocation/uri")
            {
                if uri.isEmpty || uri.contains(where: { $0.isWhitespace || !$0.isASCII }) {
                    fail(physicalPath + "/artifactLocation/uri", "'\(uri)' is not a URI reference")
                }
                _ = string(artifact["uriBaseId"], at: physicalPath + "/artifactLocation/uriBaseId")
            }
            if physical["region"] != nil { region(physical["region"], at: physicalPath + "/region") }
            return id
        }

        mutating func region(_ value: Any?, at path: String) {
            guard let region = object(value, at: path, allowed: SARIFStructure.regionKeys, required: ["startLine"]) else { return }
            let startLine = integer(region["startLine"], at: path + "/startLine", minimum: 1)
            let startColumn = integer(region["startColumn"], at: path + "/startColumn", minimum: 1)
            let endLine = integer(region["endLine"], at: path + "/endLine", minimum: 1)
            let endColumn = integer(region["endColumn"], at: path + "/endColumn", minimum: 1)
            if let startLine, let endLine, endLine < startLine {
                fail(path, "ends on line \(endLine), before it starts on line \(startLine)")
            } else if let startColumn, let endColumn, endLine ?? startLine == startLine, endColumn < startColumn {
                fail(path, "ends at column \(endColumn), before it starts at column \(startColumn)")
            }
        }
    }
}
