/// The YAML front end's diagnostics.
enum YAMLMessages {
    static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-syntax", severity: .error, problem)
    }

    static func invalidUTF8() -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-utf8", severity: .error, "the file is not valid UTF-8")
    }

    static func duplicateKey(_ key: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-duplicate-key", severity: .error, "duplicate key '\(key)'")
    }

    static func multipleDocuments() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-multiple-documents", severity: .error, "a file may hold only one YAML document")
    }

    static func unknownAlias(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-unknown-alias", severity: .error, "alias '*\(name)' names no anchor defined before it")
    }

    static func aliasExpansion(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            id: "yaml-alias-expansion", severity: .error,
            "aliases expand to more than \(limit.formatted) nodes")
    }

    static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-too-deep", severity: .error, "nesting is deeper than \(limit) levels")
    }

    static func complexKey() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-complex-key", severity: .error, "a key must be plain text, not a list or a mapping")
    }

    static func badMerge() -> DiagnosticMessage {
        DiagnosticMessage(id: "yaml-bad-merge", severity: .error, "'<<' merges only a mapping or a list of mappings")
    }
}

extension Int {
    /// The number with thousands separators, as messages print counts: 4,211.
    var formatted: String {
        let digits = String(self.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return self < 0 ? "-" + result : result
    }
}
