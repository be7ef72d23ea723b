import TouchpointCore
import TouchpointFrontEnd
import TouchpointKit
import TouchpointMail
import TouchpointOutbox
import TouchpointSchedule

/// The campaign pages: each campaign's steps, their send rules in words, reach and what is not
/// sent and why (as `plan` says it), the warnings of `check`, and each step for sample contacts.
extension Model {
    func campaignsIndex() -> String {
        var body = "<h1>Campaigns</h1>\n<table class=\"wide\">\n<thead><tr><th scope=\"col\">Campaign</th>"
        body += "<th scope=\"col\">Kind</th><th scope=\"col\">Audience</th><th scope=\"col\">Messages</th>"
        body += "<th scope=\"col\">Contacts</th></tr></thead>\n<tbody>\n"
        for index in campaigns {
            let campaign = scheduler.campaigns[index]
            let messages = stepMessages[index].reduce(0) { $0 + $1.count }
            body +=
                "<tr><td><span class=\"swatch\" style=\"background:\(ReviewPalette.color(index))\" aria-hidden=\"true\"></span>"
                + "<a href=\"\(escape(fileName(campaign: index)))\">\(escape(campaign.id))</a> "
                + "<span class=\"muted\">\(escape(campaign.campaign.title))</span></td>"
                + "<td>\(campaign.campaign.kind.rawValue)</td><td>\(escape(campaign.campaign.audience))</td>"
                + "<td>\(messages.grouped)</td><td>\(contacts(of: stepMessages[index].flatMap { $0 }).grouped)</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        return ReviewPage.document(title: "Campaigns", practice: title, depth: 1, section: .campaigns, body: body)
    }

    func contacts(of messages: [Int]) -> Int { Set(messages.map { planned.messages[$0].contact }).count }

    func campaignPage(_ index: Int) -> String {
        let campaign = scheduler.campaigns[index]
        let list = scheduler.lists[campaign.listIndex]
        var body = "<h1>\(escape(campaign.campaign.title)) <span class=\"muted\">(\(escape(campaign.id)))</span></h1>\n"
        body +=
            "<p>A <strong>\(campaign.campaign.kind.rawValue)</strong> campaign to the list <code>\(escape(list.name))</code> "
            + "(\(list.contacts.count.grouped) contacts)"
            + (campaign.campaign.condition.map { ", where <code>\(escape(Self.source($0)))</code>" } ?? "")
            + "; priority \(campaign.campaign.priority). From <code>\(escape(campaign.campaign.file.path))</code>.</p>\n"
        body += warnings(of: campaign)
        let evaluator = ExpressionEvaluator(today: scheduled.schedule.today)
        let campaignFalse =
            campaign.condition.map { condition in
                list.contacts.count { !evaluator.evaluate(condition, contact: list.resolver(for: $0)) }
            } ?? 0
        for (stepIndex, step) in campaign.steps.enumerated() {
            body += stepSection(campaign: index, step: stepIndex, campaignFalse: campaignFalse, evaluator: evaluator)
            _ = step
        }
        return ReviewPage.document(
            title: campaign.id, practice: title, depth: 1, section: .campaigns, body: body, usesScript: true)
    }

    static func source(_ node: YAMLNode) -> String {
        node.scalar?.value.split(whereSeparator: \.isNewline).joined(separator: " ") ?? ""
    }

    /// The warnings `check` gives about the campaign's file (and its body files), as `check` prints them.
    func warnings(of campaign: CheckedCampaign) -> String {
        var files: Set<String> = [campaign.campaign.file.path]
        for step in campaign.campaign.steps {
            if case .file(_, let source, _) = step.body { files.insert(source.path) }
        }
        let found = scheduled.checked.diagnostics.filter { $0.severity == .warning && ($0.path.map(files.contains) ?? false) }
        guard !found.isEmpty else { return "<p>No warnings from <code>touchpoint check</code>.</p>\n" }
        let renderer = TextDiagnosticRenderer(decorated: false, redact: false)
        var out = "<h2>Warnings from check</h2>\n"
        for diagnostic in found { out += "<pre>\(escape(renderer.render(diagnostic)))</pre>\n" }
        return out
    }

    /// `2 days before first_visit at 09:00`, and what the send window does to it, in words.
    func ruleWords(_ step: CheckedStep) -> String {
        let written = Self.source(step.step.sendNode)
        let time = step.send.time.map { "at \($0)" } ?? "at the start of the send window (\(step.window.start))"
        let move =
            switch step.movePolicy {
            case .earlier:
                step.send.isBefore
                    ? "a day outside the send window moves it earlier, so it never arrives after its date"
                    : "a day outside the send window moves it to the nearest allowed day before"
            case .later: "a day outside the send window moves it to the next day inside it"
            case .skip: "on a day outside the send window it is not sent (if_moved: skip)"
            case .send: "it goes on its own day even outside the send window (if_moved: send)"
            }
        return "<code>\(escape(written))</code>: \(time) in the contact's time zone; \(move)."
    }

    func stepSection(campaign index: Int, step stepIndex: Int, campaignFalse: Int, evaluator: ExpressionEvaluator) -> String {
        let campaign = scheduler.campaigns[index]
        let step = campaign.steps[stepIndex]
        let list = scheduler.lists[campaign.listIndex]
        let messages = stepMessages[index][stepIndex]
        let anchor = "step-\(escape(step.id))"
        var out = "<section aria-labelledby=\"\(anchor)\">\n<h2 id=\"\(anchor)\">Step <code>\(escape(step.id))</code></h2>\n"
        out += "<p>Sends \(ruleWords(step))"
        if step.kind != campaign.campaign.kind {
            out +=
                " A <strong>\(step.kind.rawValue)</strong> step (<code>kind: \(step.kind.rawValue)</code>) in a \(campaign.campaign.kind.rawValue) campaign."
        }
        if let condition = step.step.condition { out += " Only where <code>\(escape(Self.source(condition)))</code>." }
        out += "</p>\n"
        // Reach: who gets it, and who does not, and why.
        let stepFalse =
            step.condition.map { condition in
                list.contacts.count { contact in
                    let resolve = list.resolver(for: contact)
                    return campaign.condition.map { evaluator.evaluate($0, contact: resolve) } ?? true
                        && !evaluator.evaluate(condition, contact: resolve)
                }
            } ?? 0
        var dropped: [DropReason: Int] = [:]
        for drop in scheduled.schedule.dropped where drop.message.campaign == index && drop.message.step == stepIndex {
            dropped[drop.reason, default: 0] += 1
        }
        out += "<h3>Reach</h3>\n<ul>\n"
        out +=
            "<li><strong>\(messages.count.grouped)</strong> \(messages.count == 1 ? "message" : "messages") to "
            + "<strong>\(contacts(of: messages).grouped)</strong> contacts within the horizon</li>\n"
        if campaignFalse > 0 { out += "<li>\(campaignFalse.grouped) contacts left out: the campaign's <code>where</code> is false</li>\n" }
        if stepFalse > 0 { out += "<li>\(stepFalse.grouped) contacts left out: the step's <code>where</code> is false</li>\n" }
        for reason in DropReason.allCases where (dropped[reason] ?? 0) > 0 {
            out += "<li>\((dropped[reason] ?? 0).grouped) not sent: \(escape(reason.description))</li>\n"
        }
        out += "</ul>\n"
        out += sampleList(campaign: index, step: stepIndex, messages: messages)
        return out + "</section>\n"
    }

    func sampleList(campaign index: Int, step stepIndex: Int, messages: [Int]) -> String {
        let step = scheduler.campaigns[index].steps[stepIndex]
        guard !messages.isEmpty else { return "<p>No contact receives this step within the horizon.</p>\n" }
        var out = "<h3>Samples</h3>\n<p class=\"muted\">Contacts chosen to show each branch of the step's "
        out += "<code>{% if %}</code>s that a recipient takes.</p>\n<ul>\n"
        for sample in samples[index][stepIndex] {
            out +=
                "<li>\(messageLink(sample, depth: 1, text: contactKey(sample))): "
                + "\(escape(subject(sample))) <span class=\"muted\">(\(planned.messages[sample].date) \(time(sample)))</span></li>\n"
        }
        out += "</ul>\n<div class=\"frames\">\n"
        for sample in samples[index][stepIndex] {
            let (_, subject, html, _) = parts(sample)
            out +=
                "<figure><figcaption>\(escape(contactKey(sample))) on a phone</figcaption>"
                + "<iframe class=\"phone sample\" title=\"\(escape(subject)), for \(escape(contactKey(sample))), at 375 px\" "
                + "sandbox=\"\" referrerpolicy=\"no-referrer\" srcdoc=\"\(escape(html))\"></iframe></figure>\n"
        }
        out += "</div>\n"
        let withPages = messages.filter { pagedMessages.contains($0) }
        guard withPages.count > 1 else { return out }
        let id = "pick-\(index)-\(stepIndex)"
        out +=
            "<p><label for=\"\(id)\" hidden>Show this step for contact</label> "
            + "<select id=\"\(id)\" data-go hidden>\n<option value=\"\">Choose a contact…</option>\n"
        for message in withPages {
            out +=
                "<option value=\"../\(escape(messagePath(message)))\">\(escape(contactKey(message))) — "
                + "\(planned.messages[message].date) \(time(message))</option>\n"
        }
        out += "</select></p>\n"
        out += "<details>\n<summary>Every recipient of <code>\(escape(step.id))</code> with a page "
        out += "(\(withPages.count.grouped))</summary>\n<ul>\n"
        for message in withPages {
            out +=
                "<li>\(messageLink(message, depth: 1, text: contactKey(message))) \(planned.messages[message].date) \(time(message))</li>\n"
        }
        out += "</ul>\n</details>\n"
        if withPages.count < messages.count {
            out +=
                "<p class=\"muted\">\((messages.count - withPages.count).grouped) more recipients have no page in this review; "
                + "<code>touchpoint preview \(escape(scheduler.campaigns[index].id)).\(escape(step.id)) --contact KEY</code> "
                + "shows any of them.</p>\n"
        }
        return out
    }
}
