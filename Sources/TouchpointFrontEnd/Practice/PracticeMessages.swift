import TouchpointCore

/// Diagnostics about `touchpoint.yaml`.
package enum PracticeMessages {
    package static func missingPracticeFile() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-practice-file", severity: .error, "no 'touchpoint.yaml' in this folder")
    }

    package static func emptyFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "empty-file", severity: .error, "'\(path)' is empty")
    }

    package static func unknownTimeZone(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-time-zone", severity: .error, "'\(name)' is not an IANA time zone")
    }

    package static func invalidMailbox(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-mailbox", severity: .error, "'\(key)' is not a valid mailbox: \(problem)")
    }

    package static func invalidAddress(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-email", severity: .error, "'\(key)' is not a valid e-mail address: \(problem)")
    }

    package static func invalidDomain(_ domain: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-domain", severity: .error, "'\(domain)' is not a valid domain name")
    }

    package static func invalidHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-hours", severity: .error, "'\(text)' is not a range of hours like \"08:00-18:00\"")
    }

    package static func emptyHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-hours", severity: .error, "the send window '\(text)' ends before it starts")
    }

    package static func unknownWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-weekday", severity: .error, "'\(text)' is not a day of the week")
    }

    package static func duplicateWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-weekday", severity: .warning, "'\(text)' is listed twice")
    }

    package static func noSendDays() -> DiagnosticMessage {
        DiagnosticMessage(id: "no-send-days", severity: .error, "the send window has no days, so nothing could ever be sent")
    }

    package static func invalidDate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-date", severity: .error, "'\(text)' is not a date in the form YYYY-MM-DD")
    }

    package static func invalidDuration(_ key: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-duration", severity: .error, "'\(key)' must be a length of time like \"60 days\", found '\(text)'")
    }

    package static func invalidMaxRemoved(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-limit", severity: .error, "'\(text)' is not a percentage like \"20%\"")
    }

    package static func invalidCap(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-limit", severity: .error, "'\(text)' is not a limit like \"2 per 7 days\"")
    }

    package static func missingUnsubscribeMethod() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-unsubscribe-method", severity: .error, "'unsubscribe' needs a 'url', a 'mailto', or both")
    }

    package static func invalidURL(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-url", severity: .error, "'\(text)' is not an https:// or http:// address")
    }

    package static func insecureUnsubscribeURL() -> DiagnosticMessage {
        DiagnosticMessage(id: "insecure-unsubscribe-url", severity: .warning,
                          "the unsubscribe page is not https, so mail clients cannot offer one-click unsubscribe")
    }

    package static func pathOutsideRoot(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "path-outside-root", severity: .error, "'\(path)' points outside the practice folder")
    }

    package static func missingFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-file", severity: .error, "'\(path)' does not exist")
    }
}
