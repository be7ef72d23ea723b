import TouchpointCore
import TouchpointFeedback
import TouchpointFrontEnd
import TouchpointKit
import TouchpointMail
import TouchpointOutbox
import TouchpointSchedule

/// The message pages: one message exactly as `build` writes it — the bytes of the same renderer,
/// read back — its HTML part in sandboxed frames at a desktop's and a phone's width, its text part
/// and its headers.
extension Model {
    /// The headers a reader checks, in order.
    static let shownHeaders = ["From", "Reply-To", "To", "Subject", "Date", "List-Unsubscribe"]

    /// The message as `build` writes it, read back: its header fields, subject, HTML and text parts.
    func parts(_ index: Int) -> (mail: MailEntity, subject: String, html: String, text: String) {
        let mail = MailEntity(parsing: planned.render(index))
        let html = mail.allParts.first { $0.mediaType == "text/html" }?.text ?? ""
        return (mail, MessageChanges.subject(of: mail), html, MessageChanges.text(of: mail))
    }

    func messagePage(_ index: Int) -> String {
        let message = planned.messages[index]
        let (mail, subject, html, text) = parts(index)
        let campaign = scheduler.campaigns[message.campaign]
        var body = "<h1>\(escape(subject))</h1>\n"
        body +=
            "<p><a href=\"../../campaigns/\(escape(fileName(campaign: message.campaign)))#step-\(escape(stepID(index)))\">"
            + "\(escape(campaign.id)).\(escape(stepID(index)))</a> to <strong>\(escape(contactKey(index)))</strong>, "
            + "<a href=\"../../days/\(message.date).html\">\(message.date)</a> at \(time(index))"
            + (message.movedFrom.map { " (moved from \($0) by the send window)" } ?? "")
            + ". In the outbox as <code>\(escape(outboxPath(index)))</code>.</p>\n"
        body += "<h2>Headers</h2>\n<dl class=\"headers\">\n"
        for name in Self.shownHeaders {
            guard let value = mail.header(name) else { continue }
            let shown = name == "List-Unsubscribe" ? value : MIMEHeader.decodingEncodedWords(value)
            body += "<dt>\(name)</dt><dd data-header=\"\(name.lowercased())\">\(escape(shown))</dd>\n"
        }
        body += "</dl>\n<h2>As the patient sees it</h2>\n<div class=\"frames\">\n"
        for (kind, width, label) in [("desktop", 600, "desktop"), ("phone", 375, "phone")] {
            body +=
                "<figure><figcaption>\(label.capitalized), \(width) px wide</figcaption>"
                + "<iframe class=\"\(kind)\" title=\"The HTML part at \(width) px (\(label))\" sandbox=\"\" "
                + "referrerpolicy=\"no-referrer\" srcdoc=\"\(escape(html))\"></iframe></figure>\n"
        }
        body += "</div>\n<h2>Text part</h2>\n<pre data-part=\"text\">\(escape(text))</pre>\n"
        return ReviewPage.document(title: subject, practice: title, depth: 2, section: nil, body: body)
    }
}
