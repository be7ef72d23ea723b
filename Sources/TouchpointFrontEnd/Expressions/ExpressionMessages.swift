import TouchpointCore

/// Diagnostics of the expression language (`where:` and `{% if %}` conditions).
package enum ExpressionMessages {
    package static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "expression-syntax", severity: .error, problem)
    }

    package static func empty() -> DiagnosticMessage {
        DiagnosticMessage(id: "empty-expression", severity: .error, "the condition is empty")
    }

    package static func unexpectedCharacter(_ character: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unexpected-character", severity: .error, "unexpected character '\(character)'")
    }

    package static func unterminatedString() -> DiagnosticMessage {
        DiagnosticMessage(id: "unterminated-string", severity: .error, "this text has no closing quote")
    }

    package static func invalidLiteral(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-literal", severity: .error, "'\(text)' is not a number or a date")
    }

    package static func invalidDate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-date-literal", severity: .error, "'\(text)' is not a date that exists")
    }

    package static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(id: "expression-too-deep", severity: .error, "the condition nests deeper than \(limit) levels")
    }

    package static func unknownField(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-field", severity: .error, "unknown field '\(name)'")
    }

    package static func typeMismatch(_ left: String, _ right: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "type-mismatch", severity: .error, "cannot compare \(left) with \(right)")
    }

    package static func cannotFind(_ needle: String, in haystack: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "type-mismatch", severity: .error, "cannot look for \(needle) in \(haystack)")
    }

    package static func unknownEnumValue(_ value: String, field: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-enum-value", severity: .error, "\"\(value)\" is not one of the values of '\(field)'")
    }

    package static func invalidContains(found: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-contains", severity: .error, "'contains' needs a list or text on its left, found \(found)")
    }

    package static func invalidMembership(found: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-in", severity: .error, "'in' needs a list on its right, found \(found)")
    }

    package static func invalidOrdering(_ op: String, found: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-ordering", severity: .error, "'\(op)' cannot order \(found)")
    }

    package static func invalidEmptyCheck() -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-empty-check", severity: .error, "'is empty' applies to a field, not to a literal value")
    }

    package static func redundantEmptyCheck(_ field: String, negated: Bool, hasDefault: Bool = false) -> DiagnosticMessage {
        DiagnosticMessage(
            id: "redundant-empty-check", severity: .warning,
            "'\(field)' \(hasDefault ? "has a default" : "is required"), so 'is \(negated ? "not " : "")empty' is always \(negated ? "true" : "false")")
    }

    package static func notACondition(found: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "not-a-condition", severity: .error, "expected a condition (true or false), found \(found)")
    }
}
