import TouchpointCore

/// Diagnostics about campaign files.
package enum CampaignMessages {
    package static func invalidCampaignID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidCampaignID,
            "'\(id)' is not a valid campaign id: use lowercase letters, digits and '-', starting with a letter")
    }

    package static func campaignIDTooLong(length: Int, maximum: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidCampaignID,
            "a campaign id of \(length) characters is too long: at most \(maximum)")
    }

    package static func stepIDTooLong(length: Int, maximum: Int) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidStepID,
            "a step id of \(length) characters is too long: at most \(maximum)")
    }

    package static func invalidStepID(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .invalidStepID,
            "'\(id)' is not a valid step id: use lowercase letters, digits and '-', starting with a letter")
    }

    package static func duplicateCampaign(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(.duplicateCampaign, "campaign '\(id)' is defined in two files")
    }

    package static func duplicateStep(_ id: String) -> DiagnosticMessage {
        DiagnosticMessage(.duplicateStep, "step '\(id)' appears twice in this campaign")
    }

    package static func noSteps() -> DiagnosticMessage {
        DiagnosticMessage(.noSteps, "a campaign needs at least one step")
    }

    package static func unknownAudience(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownAudience, "no contact list named '\(name)'")
    }

    package static func unknownKind(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownKind, "'\(text)' is not a kind of campaign: use 'care' or 'marketing'")
    }

    package static func unknownMovePolicy(_ text: String) -> DiagnosticMessage {
        DiagnosticMessage(.unknownMovePolicy, "'\(text)' is not a way to handle a moved send: use 'earlier', 'later', 'skip' or 'send'")
    }

    package static func sameDayBefore(_ amount: Int, _ unit: String, field: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .sameDayBefore, "'\(amount) \(unit) before \(field)' asks for a send before the day it falls on, so it never goes")
    }

    package static func yearlyDateOnce(_ field: String, why: String) -> DiagnosticMessage {
        DiagnosticMessage(.yearlyDateOnce, "'on \(field)' sends once, on the date itself: \(why)")
    }

    package static func shortMonthDay(_ day: String) -> DiagnosticMessage {
        DiagnosticMessage(.shortMonthDay, "not every month has a \(day): in shorter months the message goes on the month's last day")
    }

    package static func timeInClockGap(_ time: String, zone: String, gap: String) -> DiagnosticMessage {
        DiagnosticMessage(.timeInClockGap, "'\(time)' does not exist in \(zone) on the night the clocks skip \(gap)")
    }

    package static func relativeDayWord(_ word: String, step: String, why: String) -> DiagnosticMessage {
        DiagnosticMessage(.relativeDayWord, "'\(word)' may not be true when step '\(step)' is sent: \(why)")
    }

    package static func bodyAndBodyFile() -> DiagnosticMessage {
        DiagnosticMessage(.bodyConflict, "a step has either 'body' or 'body_file', not both")
    }

    package static func noBody() -> DiagnosticMessage {
        DiagnosticMessage(.missingBody, "a step needs a 'body' or a 'body_file'")
    }

    package static func bodyFileOutside(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.bodyFileOutside, "'\(path)' is outside the 'campaigns' folder")
    }

    package static func bodyFileMissing(_ path: String) -> DiagnosticMessage {
        DiagnosticMessage(.bodyFileMissing, "no file 'campaigns/\(path)'")
    }

    package static func sendRule(_ message: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidSendRule, message)
    }

    package static func timeOutsideWindow(_ time: String, window: String) -> DiagnosticMessage {
        DiagnosticMessage(.timeOutsideWindow, "'at \(time)' is outside the send window's hours \(window)")
    }
}

extension CampaignMessages {
    package static func notADateField(_ name: String, type: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidSendField, "'\(name)' is \(type), not a date")
    }

    package static func hoursFromDate(_ name: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidSendField, "'\(name)' is a date without a time of day, and hours count from a datetime")
    }

    package static func unknownSendField(_ name: String, list: String) -> DiagnosticMessage {
        DiagnosticMessage(.invalidSendField, "'\(name)' is not a field of '\(list)'")
    }

    package static func unsafeLinkScheme(_ scheme: String, isImage: Bool) -> DiagnosticMessage {
        DiagnosticMessage(
            .unsafeLinkScheme,
            "\(isImage ? "an image" : "a link") to a '\(scheme):' address is not allowed")
    }

    package static func rawHTML() -> DiagnosticMessage {
        DiagnosticMessage(.rawHTML, "raw HTML in a body is not allowed")
    }

    package static func emptyUnsubscribeLink() -> DiagnosticMessage {
        DiagnosticMessage(.emptyUnsubscribeLink, "'unsubscribe_url' is empty: the practice has no 'unsubscribe: url'")
    }

    package static func missingUnsubscribeLink(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .missingUnsubscribeLink,
            "marketing campaign '\(campaign)' sends messages without an unsubscribe link")
    }

    package static func emptyMergeField(_ field: String, count: Int, total: Int, keys: [String]) -> DiagnosticMessage {
        let sample = keys.map { "'\($0)'" }.joined(separator: ", ")
        let more = count > keys.count ? ", …" : ""
        return DiagnosticMessage(
            .emptyMergeField,
            "'\(field)' is empty for \(count.grouped) of \(total.grouped) contacts this step reaches (\(sample)\(more))")
    }

    package static func unreachableStep(_ step: String) -> DiagnosticMessage {
        DiagnosticMessage(.unreachableStep, "no contact satisfies the conditions of step '\(step)'")
    }

    package static func unreachableCampaign(_ campaign: String) -> DiagnosticMessage {
        DiagnosticMessage(.unreachableCampaign, "no contact satisfies the 'where' of campaign '\(campaign)'")
    }

    package static func caseMismatch(_ text: String, field: String, exact: Int, otherCase: Int) -> DiagnosticMessage {
        let contacts = "\(otherCase.grouped) \(otherCase == 1 ? "contact" : "contacts")"
        return DiagnosticMessage(
            .caseMismatch,
            exact == 0
                ? "\(text) matches no contact's '\(field)' as written; \(contacts) \(otherCase == 1 ? "has" : "have") it in another case"
                : "\(text) misses \(contacts) whose '\(field)' \(otherCase == 1 ? "has" : "have") it in another case")
    }

    package static func consentNotDeclared(_ field: String) -> DiagnosticMessage {
        DiagnosticMessage(
            .consentNotDeclared, "'\(field)' looks like consent, but the schema has no 'consent:' line, so marketing ignores it")
    }

    package static func untakenBranch() -> DiagnosticMessage {
        DiagnosticMessage(.untakenBranch, "no contact this step reaches takes this branch")
    }

    package static func multilineSubject() -> DiagnosticMessage {
        DiagnosticMessage(.multilineSubject, "a subject is one line")
    }
}
