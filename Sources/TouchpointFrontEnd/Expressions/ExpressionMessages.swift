import TouchpointCore

/// Diagnostics of the expression language (`where:` and `{% if %}` conditions).
package enum ExpressionMessages {
    package static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.expressionSyntax, problem)
    }

    package static func mixedAndOr() -> DiagnosticMessage {
        DiagnosticMessage(.mixedAndOr, "'and' and 'or' mixed without parentheses")
    }

    package static func empty() -> DiagnosticMessage {
        DiagnosticMessage(.emptyExpression, "the condition is empty")
    }

    package static func unexpectedCharacter(_ character: String) -> DiagnosticMessage {
        DiagnosticMessage(.unexpectedCharacter, "unexpected character '\(character)'")
    }

    package static func unterminatedString() -> DiagnosticMessage {
        DiagnosticMessage(.unterminatedString, "this text has no closing quote")
    }

    package static func invalidLiteral(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidLiteral, "'\(text)' is not a number or a date")
    }

    package static func invalidDate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDateLiteral, "'\(text)' is not a date that exists")
    }

    package static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(.expressionTooDeep, "the condition nests deeper than \(limit) levels")
    }

    package static func unknownField(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownField, "unknown field '\(name)'")
    }

    package static func typeMismatch(_ left: String, _ right: String) -> DiagnosticMessage {
        DiagnosticMessage(.typeMismatch, "cannot compare \(left) with \(right)")
    }

    package static func cannotFind(_ needle: String, in haystack: String) -> DiagnosticMessage {
        DiagnosticMessage(.typeMismatch, "cannot look for \(needle) in \(haystack)")
    }

    package static func unknownEnumValue(_ value: String, field: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownEnumValue, "\"\(value)\" is not one of the values of '\(field)'")
    }

    package static func invalidContains(found: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidContains, "'contains' needs a list or text on its left, found \(found)")
    }

    package static func invalidMembership(found: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidIn, "'in' needs a list on its right, found \(found)")
    }

    package static func invalidOrdering(_ op: String, found: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidOrdering, "'\(op)' cannot order \(found)")
    }

    package static func invalidEmptyCheck() -> DiagnosticMessage {
        DiagnosticMessage(.invalidEmptyCheck, "'is empty' applies to a field, not to a literal value")
    }

    package static func redundantEmptyCheck(_ field: String, negated: Bool, hasDefault: Bool = false) -> DiagnosticMessage {
        DiagnosticMessage(
            .redundantEmptyCheck,
            "'\(field)' \(hasDefault ? "has a default" : "is required"), so 'is \(negated ? "not " : "")empty' is always \(negated ? "true" : "false")"
        )
    }

    package static func notACondition(found: String) -> DiagnosticMessage {
        DiagnosticMessage(.notACondition, "expected a condition (true or false), found \(found)")
    }
}
