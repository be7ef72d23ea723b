/// Diagnostics about campaign files.
enum CampaignMessages {
    static func invalidCampaignID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-campaign-id", severity: .error,
                          "'\(id)' is not a valid campaign id: use lowercase letters, digits and '-', starting with a letter")
    }

    static func invalidStepID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-step-id", severity: .error,
                          "'\(id)' is not a valid step id: use lowercase letters, digits and '-', starting with a letter")
    }

    static func duplicateCampaign(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-campaign", severity: .error, "campaign '\(id)' is defined in two files")
    }

    static func duplicateStep(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "duplicate-step", severity: .error, "step '\(id)' appears twice in this campaign")
    }

    static func noSteps() -> DiagnosticMessage {
        DiagnosticMessage(id: "no-steps", severity: .error, "a campaign needs at least one step")
    }

    static func unknownAudience(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-audience", severity: .error, "no contact list named '\(name)'")
    }

    static func unknownKind(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unknown-kind", severity: .error, "'\(text)' is not a kind of campaign: use 'care' or 'marketing'")
    }

    static func bodyAndBodyFile() -> DiagnosticMessage {
        DiagnosticMessage(id: "body-conflict", severity: .error, "a step has either 'body' or 'body_file', not both")
    }

    static func noBody() -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-body", severity: .error, "a step needs a 'body' or a 'body_file'")
    }

    static func bodyFileOutside(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "body-file-outside", severity: .error, "'\(path)' is outside the 'campaigns' folder")
    }

    static func bodyFileMissing(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "body-file-missing", severity: .error, "no file 'campaigns/\(path)'")
    }

    static func sendRule(_ message: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-rule", severity: .error, message)
    }

    static func timeOutsideWindow(_ time: String, window: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "time-outside-window", severity: .error, "'at \(time)' is outside the send window's hours \(window)")
    }
}

extension CampaignMessages {
    static func notADateField(_ name: String, type: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-field", severity: .error, "'\(name)' is \(type), not a date")
    }

    static func unknownSendField(_ name: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "invalid-send-field", severity: .error, "'\(name)' is not a field of '\(list)'")
    }

    static func rawHTML() -> DiagnosticMessage {
        DiagnosticMessage(id: "raw-html", severity: .error, "raw HTML in a body is not allowed")
    }

    static func missingUnsubscribeLink(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "missing-unsubscribe-link", severity: .error,
                          "marketing campaign '\(campaign)' sends messages without an unsubscribe link")
    }

    static func emptyMergeField(_ field: String, count: Int, total: Int, keys: [String]) -> DiagnosticMessage {
        let sample = keys.map { "'\($0)'" }.joined(separator: ", ")
        let more = count > keys.count ? ", …" : ""
        return DiagnosticMessage(
            id: "empty-merge-field", severity: .warning,
            "'\(field)' is empty for \(count.formatted) of \(total.formatted) contacts this step reaches (\(sample)\(more))")
    }

    static func unreachableStep(_ step: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unreachable-step", severity: .warning, "no contact satisfies the conditions of step '\(step)'")
    }

    static func unreachableCampaign(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(id: "unreachable-campaign", severity: .warning, "no contact satisfies the 'where' of campaign '\(campaign)'")
    }

    static func untakenBranch() -> DiagnosticMessage {
        DiagnosticMessage(id: "untaken-branch", severity: .warning, "no contact this step reaches takes this branch")
    }

    static func multilineSubject() -> DiagnosticMessage {
        DiagnosticMessage(id: "multiline-subject", severity: .error, "a subject is one line")
    }
}
