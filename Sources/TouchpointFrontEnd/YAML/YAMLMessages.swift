import TouchpointCore

/// The YAML front end's diagnostics.
package enum YAMLMessages {
    package static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-syntax", severity: .error, problem)
    }

    package static func invalidUTF8() -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-utf8", severity: .error, "the file is not valid UTF-8")
    }

    package static func duplicateKey(_ key: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-duplicate-key", severity: .error, "duplicate key '\(key)'")
    }

    package static func multipleDocuments() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-multiple-documents", severity: .error, "a file may hold only one YAML document")
    }

    package static func unknownAlias(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-unknown-alias", severity: .error, "alias '*\(name)' names no anchor defined before it")
    }

    package static func aliasExpansion(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            id: "yaml-alias-expansion", severity: .error,
            "aliases expand to more than \(limit.grouped) nodes")
    }

    package static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-too-deep", severity: .error, "nesting is deeper than \(limit) levels")
    }

    package static func complexKey() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-complex-key", severity: .error, "a key must be plain text, not a list or a mapping")
    }

    package static func badMerge() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-bad-merge", severity: .error, "'<<' merges only a mapping or a list of mappings")
    }
}
