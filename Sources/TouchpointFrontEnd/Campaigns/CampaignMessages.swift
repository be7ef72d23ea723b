import TouchpointCore

/// Diagnostics about campaign files.
package enum CampaignMessages {
    package static func invalidCampaignID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-campaign-id", severity: .error,
                          "'\(id)' is not a valid campaign id: use lowercase letters, digits and '-', starting with a letter")
    }

    package static func campaignIDTooLong(length: Int, maximum: Int) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-campaign-id", severity: .error,
                          "a campaign id of \(length) characters is too long: at most \(maximum)")
    }

    package static func stepIDTooLong(length: Int, maximum: Int) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-step-id", severity: .error,
                          "a step id of \(length) characters is too long: at most \(maximum)")
    }

    package static func invalidStepID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-step-id", severity: .error,
                          "'\(id)' is not a valid step id: use lowercase letters, digits and '-', starting with a letter")
    }

    package static func duplicateCampaign(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-campaign", severity: .error, "campaign '\(id)' is defined in two files")
    }

    package static func duplicateStep(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-step", severity: .error, "step '\(id)' appears twice in this campaign")
    }

    package static func noSteps() -> DiagnosticMessage {
        DiagnosticMessage(id: "no-steps", severity: .error, "a campaign needs at least one step")
    }

    package static func unknownAudience(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-audience", severity: .error, "no contact list named '\(name)'")
    }

    package static func unknownKind(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-kind", severity: .error, "'\(text)' is not a kind of campaign: use 'care' or 'marketing'")
    }

    package static func bodyAndBodyFile() -> DiagnosticMessage {
        DiagnosticMessage(id: "body-conflict", severity: .error, "a step has either 'body' or 'body_file', not both")
    }

    package static func noBody() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-body", severity: .error, "a step needs a 'body' or a 'body_file'")
    }

    package static func bodyFileOutside(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "body-file-outside", severity: .error, "'\(path)' is outside the 'campaigns' folder")
    }

    package static func bodyFileMissing(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "body-file-missing", severity: .error, "no file 'campaigns/\(path)'")
    }

    package static func sendRule(_ message: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-rule", severity: .error, message)
    }

    package static func timeOutsideWindow(_ time: String, window: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "time-outside-window", severity: .error, "'at \(time)' is outside the send window's hours \(window)")
    }
}

extension CampaignMessages {
    package static func notADateField(_ name: String, type: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-field", severity: .error, "'\(name)' is \(type), not a date")
    }

    package static func unknownSendField(_ name: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-field", severity: .error, "'\(name)' is not a field of '\(list)'")
    }

    package static func unsafeLinkScheme(_ scheme: String, isImage: Bool) -> DiagnosticMessage {
        DiagnosticMessage(id: "unsafe-link-scheme", severity: .error,
                          "\(isImage ? "an image" : "a link") to a '\(scheme):' address is not allowed")
    }

    package static func rawHTML() -> DiagnosticMessage {
        DiagnosticMessage(id: "raw-html", severity: .error, "raw HTML in a body is not allowed")
    }

    package static func missingUnsubscribeLink(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-unsubscribe-link", severity: .error,
                          "marketing campaign '\(campaign)' sends messages without an unsubscribe link")
    }

    package static func emptyMergeField(_ field: String, count: Int, total: Int, keys: [String]) -> DiagnosticMessage {
        let sample = keys.map { "'\($0)'" }.joined(separator: ", ")
        let more = count > keys.count ? ", …" : ""
        return DiagnosticMessage(
            id: "empty-merge-field", severity: .warning,
            "'\(field)' is empty for \(count.grouped) of \(total.grouped) contacts this step reaches (\(sample)\(more))")
    }

    package static func unreachableStep(_ step: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unreachable-step", severity: .warning, "no contact satisfies the conditions of step '\(step)'")
    }

    package static func unreachableCampaign(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unreachable-campaign", severity: .warning, "no contact satisfies the 'where' of campaign '\(campaign)'")
    }

    package static func untakenBranch() -> DiagnosticMessage {
        DiagnosticMessage(id: "untaken-branch", severity: .warning, "no contact this step reaches takes this branch")
    }

    package static func multilineSubject() -> DiagnosticMessage {
        DiagnosticMessage(id: "multiline-subject", severity: .error, "a subject is one line")
    }
}
