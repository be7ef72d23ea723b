import TouchpointCore

/// Diagnostics of templates (subjects and bodies).
package enum TemplateMessages {
    package static func syntax(_ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.templateSyntax, problem)
    }

    package static func unknownMergeField(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownMergeField, "unknown merge field '\(name)'")
    }

    package static func unknownFilter(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownFilter, "unknown filter '\(name)'")
    }

    package static func unknownTag(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownTag, "unknown tag '\(name)'")
    }

    package static func filterTypeMismatch(_ filter: String, expected: String, found: String) -> DiagnosticMessage {
        DiagnosticMessage(.filterTypeMismatch, "'\(filter)' applies to \(expected), but \(found)")
    }

    package static func filterArgumentCount(_ filter: String, expected: ClosedRange<Int>, found: Int) -> DiagnosticMessage {
        let wanted: String
        switch (expected.lowerBound, expected.upperBound) {
        case (0, 0): wanted = "takes no argument"
        case (let low, let high) where low == high: wanted = "takes \(low) argument\(low == 1 ? "" : "s")"
        case (0, let high): wanted = "takes at most \(high) argument\(high == 1 ? "" : "s")"
        case (let low, let high): wanted = "takes \(low) to \(high) arguments"
        }
        return DiagnosticMessage(.filterArgumentCount, "'\(filter)' \(wanted), found \(found)")
    }

    package static func filterArgumentType(_ filter: String, expected: String) -> DiagnosticMessage {
        DiagnosticMessage(.filterArgumentType, "the argument of '\(filter)' must be \(expected)")
    }

    package static func invalidDateFormat(_ directive: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDateFormat, "'\(directive)' is not a date format directive")
    }

    package static func missingSecret() -> DiagnosticMessage {
        DiagnosticMessage(.missingSecret, "'contact.token' needs a secret, and none is set")
    }

    package static func shadowedField(_ name: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .shadowedField,
            "'\(name)' is the built-in value, not the field '\(name)' of list '\(list)'")
    }

    package static func unclosedDelimiter(_ opener: String) -> DiagnosticMessage {
        DiagnosticMessage(.unclosedDelimiter, "'\(opener)' is never closed")
    }

    package static func unclosedBlock(_ tag: String) -> DiagnosticMessage {
        DiagnosticMessage(.unclosedBlock, "'{% \(tag) %}' has no matching '{% end\(tag) %}'")
    }

    package static func mismatchedTag(_ opened: String, closedBy closer: String) -> DiagnosticMessage {
        DiagnosticMessage(.mismatchedTag, "'{% \(opened) %}' is closed by '{% \(closer) %}'")
    }

    package static func strayTag(_ tag: String) -> DiagnosticMessage {
        DiagnosticMessage(.strayTag, "'{% \(tag) %}' without an open '{% if %}'")
    }

    package static func strayEndComment() -> DiagnosticMessage {
        DiagnosticMessage(.strayTag, "'{% endcomment %}' without an open '{% comment %}'")
    }

    package static func misplacedElse(_ tag: String) -> DiagnosticMessage {
        DiagnosticMessage(.misplacedElse, "'{% \(tag) %}' after '{% else %}'")
    }

    package static func tooDeep(limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(.templateTooDeep, "'{% if %}' blocks nest deeper than \(limit) levels")
    }
}
