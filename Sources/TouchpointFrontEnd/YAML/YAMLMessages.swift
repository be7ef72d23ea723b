import TouchpointCore

/// The YAML front end's diagnostics.
package enum YAMLMessages {
    package static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.yamlSyntax, problem)
    }

    package static func invalidUTF8() -> DiagnosticMessage {
        DiagnosticMessage(.invalidUTF8, "the file is not valid UTF-8")
    }

    package static func duplicateKey(_ key: String) -> DiagnosticMessage {
        DiagnosticMessage(.yamlDuplicateKey, "duplicate key '\(key)'")
    }

    package static func multipleDocuments() -> DiagnosticMessage {
        DiagnosticMessage(.yamlMultipleDocuments, "a file may hold only one YAML document")
    }

    package static func unknownAlias(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.yamlUnknownAlias, "alias '*\(name)' names no anchor defined before it")
    }

    package static func aliasExpansion(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .yamlAliasExpansion,
            "aliases expand to more than \(limit.grouped) nodes")
    }

    package static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(.yamlTooDeep, "nesting is deeper than \(limit) levels")
    }

    package static func complexKey() -> DiagnosticMessage {
        DiagnosticMessage(.yamlComplexKey, "a key must be plain text, not a list or a mapping")
    }

    package static func badMerge() -> DiagnosticMessage {
        DiagnosticMessage(.yamlBadMerge, "'<<' merges only a mapping or a list of mappings")
    }
}
