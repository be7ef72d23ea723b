import TouchpointCore

/// One key a mapping may hold.
package struct KeySpec: Sendable {
    package let name: String
    package let required: Bool

    package static func required(_ name: String) -> KeySpec { KeySpec(name: name, required: true) }
    package static func optional(_ name: String) -> KeySpec { KeySpec(name: name, required: false) }
}

/// Reads a YAML mapping against the keys its place allows: an unknown key is an error with a
/// suggestion, and every missing required key is reported, not just the first.
package struct MappingReader {
    package let node: YAMLNode
    private let pairs: [String: YAMLPair]

    /// `nil` (after a diagnostic) when `node` is not a mapping. `place` names it in messages:
    /// "'send_window'", "the practice file". `owner` is the key the mapping stands under, where
    /// missing keys are reported.
    package init?(_ node: YAMLNode, place: String, keys: [KeySpec], owner: YAMLNode? = nil, diagnostics: inout DiagnosticBag) {
        guard let mapping = node.mapping else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.expectedMapping(place, found: node.kindDescription), at: node.span)
                    .with(help: "write it as 'key: value' lines indented under its name"))
            return nil
        }
        self.node = node
        var pairs: [String: YAMLPair] = [:]
        let allowed = keys.map(\.name)
        for pair in mapping {
            if allowed.contains(pair.name) {
                pairs[pair.name] = pair
            } else {
                diagnostics.emit(
                    Diagnostic(SchemaMessages.unknownKey(pair.name, in: place), at: pair.key.span)
                        .suggesting(pair.name, from: allowed)
                        .with(note: "\(place) takes: \(allowed.joined(separator: ", "))"))
            }
        }
        for key in keys where key.required && pairs[key.name] == nil {
            diagnostics.emit(
                Diagnostic(
                    SchemaMessages.missingKey(key.name, in: place), at: owner?.span ?? MappingReader.headSpan(of: node),
                    label: owner == nil ? "'\(key.name)' is required here" : "add '\(key.name)' under this key"))
        }
        self.pairs = pairs
    }

    /// The value under `key`, if present.
    package subscript(key: String) -> YAMLNode? { pairs[key]?.value }

    /// The key node of `key`, if present.
    package func keyNode(_ key: String) -> YAMLNode? { pairs[key]?.key }

    /// The first line of a mapping, where "missing key" diagnostics point.
    private static func headSpan(of node: YAMLNode) -> SourceSpan {
        let file = node.span.file
        let start = node.span.range.lowerBound
        let lineEnd = file.byteRange(ofLine: file.line(containing: start)).upperBound
        return SourceSpan(file: file, range: start..<min(max(start, lineEnd), max(start, node.span.range.upperBound)))
    }
}

/// Typed readings of scalar nodes, with diagnostics when the node is not of that type.
package enum ScalarReader {
    /// Non-empty text.
    package static func text(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> String? {
        guard let scalar = node.scalar else {
            diagnostics.emit(Diagnostic(SchemaMessages.wrongType(key, expected: "text", found: node.kindDescription), at: node.span))
            return nil
        }
        guard !scalar.isNull, !scalar.value.allSatisfy(\.isWhitespace) else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.emptyValue(key), at: node.span)
                    .with(help: "give '\(key)' a value, or remove the key"))
            return nil
        }
        return scalar.value
    }

    /// `true`/`false` (also `yes`/`no`), any case.
    package static func boolean(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> Bool? {
        guard let scalar = node.scalar else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.wrongType(key, expected: "true or false", found: node.kindDescription), at: node.span))
            return nil
        }
        switch scalar.value.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            diagnostics.emit(
                Diagnostic(SchemaMessages.wrongType(key, expected: "true or false", found: "'\(scalar.value)'"), at: node.span))
            return nil
        }
    }

    /// A whole number.
    package static func integer(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> Int? {
        guard let scalar = node.scalar, let value = Int(scalar.value.trimmingSpaces) else {
            let found = node.scalar.map { "'\($0.value)'" } ?? node.kindDescription
            diagnostics.emit(Diagnostic(SchemaMessages.wrongType(key, expected: "a whole number", found: found), at: node.span))
            return nil
        }
        return value
    }

    /// A list; a single scalar is not accepted in its place.
    package static func list(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> [YAMLNode]? {
        guard let items = node.sequence else {
            diagnostics.emit(
                Diagnostic(SchemaMessages.wrongType(key, expected: "a list", found: node.kindDescription), at: node.span)
                    .with(help: "write a list as '[a, b]' or as '- a' lines"))
            return nil
        }
        return items
    }
}

/// Diagnostics shared by every YAML file with a fixed set of keys.
package enum SchemaMessages {
    package static func expectedMapping(_ place: String, found: String) -> DiagnosticMessage {
        DiagnosticMessage(.expectedMapping, "\(place) must be a mapping of keys to values, found \(found)")
    }

    package static func unknownKey(_ key: String, in place: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownKey, "unknown key '\(key)' in \(place)")
    }

    package static func missingKey(_ key: String, in place: String) -> DiagnosticMessage {
        DiagnosticMessage(.missingKey, "\(place) is missing the required key '\(key)'")
    }

    package static func wrongType(_ key: String, expected: String, found: String) -> DiagnosticMessage {
        DiagnosticMessage(.wrongType, "'\(key)' must be \(expected), found \(found)")
    }

    package static func emptyValue(_ key: String) -> DiagnosticMessage {
        DiagnosticMessage(.emptyValue, "'\(key)' is empty")
    }
}
