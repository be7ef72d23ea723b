import TouchpointCore

/// Diagnostics about `touchpoint.yaml`.
package enum PracticeMessages {
    package static func missingPracticeFile() -> DiagnosticMessage {
        DiagnosticMessage(.missingPracticeFile, "no 'touchpoint.yaml' in this folder")
    }

    package static func emptyFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.emptyFile, "'\(path)' is empty")
    }

    package static func unknownTimeZone(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownTimeZone, "'\(name)' is not an IANA time zone")
    }

    package static func invalidMailbox(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidMailbox, "'\(key)' is not a valid mailbox: \(problem)")
    }

    package static func invalidAddress(_ key: String, _ problem: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidEmail, "'\(key)' is not a valid e-mail address: \(problem)")
    }

    package static func invalidDomain(_ domain: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDomain, "'\(domain)' is not a valid domain name")
    }

    package static func invalidHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidHours, "'\(text)' is not a range of hours like \"08:00-18:00\"")
    }

    package static func emptyHours(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidHours, "the send window '\(text)' ends before it starts")
    }

    package static func unknownWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownWeekday, "'\(text)' is not a day of the week")
    }

    package static func duplicateWeekday(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.duplicateWeekday, "'\(text)' is listed twice")
    }

    package static func noSendDays() -> DiagnosticMessage {
        DiagnosticMessage(.noSendDays, "the send window has no days, so nothing could ever be sent")
    }

    package static func invalidDate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDate, "'\(text)' is not a date in the form YYYY-MM-DD")
    }

    package static func invalidDuration(_ key: String, _ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDuration, "'\(key)' must be a length of time like \"60 days\", found '\(text)'")
    }

    package static func unknownOutboxMode(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownOutboxMode, "'\(text)' is not an outbox mode")
    }

    package static func invalidMaxRemoved(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidLimit, "'\(text)' is not a percentage like \"20%\"")
    }

    package static func invalidCap(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidLimit, "'\(text)' is not a limit like \"2 per 7 days\"")
    }

    package static func missingUnsubscribeMethod() -> DiagnosticMessage {
        DiagnosticMessage(.missingUnsubscribeMethod, "'unsubscribe' needs a 'url', a 'mailto', or both")
    }

    package static func invalidURL(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidURL, "'\(text)' is not an https:// or http:// address")
    }

    package static func overlongURL(_ length: Int, limit: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidURL,
            "the unsubscribe URL is \(length) characters long; one over \(limit) cannot fit on the List-Unsubscribe header's line")
    }

    package static func insecureUnsubscribeURL() -> DiagnosticMessage {
        DiagnosticMessage(
            .insecureUnsubscribeURL,
            "the unsubscribe page is not https, so mail clients cannot offer one-click unsubscribe")
    }

    package static func pathOutsideRoot(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.pathOutsideRoot, "'\(path)' points outside the practice folder")
    }

    package static func missingFile(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.missingFile, "'\(path)' does not exist")
    }

    package static func unknownPlaceholder(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDeliveryCommand, "'\(text)' is not a placeholder a delivery command may hold")
    }

    package static func emptyCommand() -> DiagnosticMessage {
        DiagnosticMessage(.invalidDeliveryCommand, "the delivery command is empty")
    }

    package static func placeholderProgram() -> DiagnosticMessage {
        DiagnosticMessage(.invalidDeliveryCommand, "the delivery command's program cannot be a placeholder")
    }

    package static func invalidRate(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDeliveryRate, "'\(text)' is not a rate like \"60/min\"")
    }

    package static func invalidAttempts(_ count: Int) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDeliveryAttempts, "\(count) is not a number of attempts from 1 to 100")
    }

    package static func invalidExpiry(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidDuration, "'expires' must be a length of time like \"12 hours\", found '\(text)'")
    }
}
