/// Diagnostics about `touchpoint.yaml`.
enum PracticeMessages {
    static func missingPracticeFile() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-practice-file", severity: .error, "no 'touchpoint.yaml' in this folder")
    }

    static func emptyFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "empty-file", severity: .error, "'\(path)' is empty")
    }

    static func unknownTimeZone(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-time-zone", severity: .error, "'\(name)' is not an IANA time zone")
    }

    static func invalidMailbox(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-mailbox", severity: .error, "'\(key)' is not a valid mailbox: \(problem)")
    }

    static func invalidAddress(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-email", severity: .error, "'\(key)' is not a valid e-mail address: \(problem)")
    }

    static func invalidDomain(_ domain: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-domain", severity: .error, "'\(domain)' is not a valid domain name")
    }

    static func invalidHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-hours", severity: .error, "'\(text)' is not a range of hours like \"08:00-18:00\"")
    }

    static func emptyHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-hours", severity: .error, "the send window '\(text)' ends before it starts")
    }

    static func unknownWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-weekday", severity: .error, "'\(text)' is not a day of the week")
    }

    static func duplicateWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-weekday", severity: .warning, "'\(text)' is listed twice")
    }

    static func noSendDays() -> DiagnosticMessage {
        DiagnosticMessage(id: "no-send-days", severity: .error, "the send window has no days, so nothing could ever be sent")
    }

    static func invalidDate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-date", severity: .error, "'\(text)' is not a date in the form YYYY-MM-DD")
    }

    static func invalidDuration(_ key: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-duration", severity: .error, "'\(key)' must be a length of time like \"60 days\", found '\(text)'")
    }

    static func invalidCap(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-limit", severity: .error, "'\(text)' is not a limit like \"2 per 7 days\"")
    }

    static func missingUnsubscribeMethod() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-unsubscribe-method", severity: .error, "'unsubscribe' needs a 'url', a 'mailto', or both")
    }

    static func invalidURL(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-url", severity: .error, "'\(text)' is not an https:// or http:// address")
    }

    static func insecureUnsubscribeURL() -> DiagnosticMessage {
        DiagnosticMessage(id: "insecure-unsubscribe-url", severity: .warning,
                          "the unsubscribe page is not https, so mail clients cannot offer one-click unsubscribe")
    }

    static func pathOutsideRoot(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "path-outside-root", severity: .error, "'\(path)' points outside the practice folder")
    }

    static func missingFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-file", severity: .error, "'\(path)' does not exist")
    }
}
