import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule

/// The HTML around every body: a simple, accessible, single-column layout with inline styles
/// (mail clients ignore style sheets), the practice's name at the top and its postal address in
/// the footer; marketing messages also say why the reader receives them (`footer:`) and show the
/// unsubscribe link there. Tables get borders and cell padding, and pictures are never wider than
/// the message. The plain-text part gets the same footer in words.
package struct MessageLayout: Sendable {
    package struct Footer {
        package let practiceName: String
        package let address: String
        /// For marketing: the practice's `footer:` sentence, rendered.
        package let notice: String?
        /// For marketing: where to unsubscribe (a page, or a mailto: address), unless the body
        /// links there itself.
        package let unsubscribe: String?
    }

    /// The hidden preview line inbox lists show after the subject: the usual hidden element at the
    /// top of the body, which screen readers skip too.
    package static func preheader(_ text: String) -> String {
        "<div style=\"display:none;max-height:0;overflow:hidden;mso-hide:all\" aria-hidden=\"true\">"
            + HTMLEscaping.escape(text) + "</div>\n"
    }

    /// The body's HTML with inline styles on what cmark-gfm writes bare: tables and their cells,
    /// and pictures.
    package static func styled(_ content: String) -> String {
        guard content.contains("<table>") || content.contains("<img ") else { return content }
        let cell = "padding:6px 12px;border:1px solid #dddddd"
        return
            content
            .replacingAll("<table>", with: "<table style=\"border-collapse:collapse;margin:0 0 16px 0\">")
            .replacingAll("<th>", with: "<th style=\"\(cell);text-align:left\">")
            .replacingAll("<th align=\"", with: "<th style=\"\(cell)\" align=\"")
            .replacingAll("<td>", with: "<td style=\"\(cell)\">")
            .replacingAll("<td align=\"", with: "<td style=\"\(cell)\" align=\"")
            .replacingAll("<img src=\"", with: "<img style=\"max-width:100%;height:auto\" src=\"")
    }

    /// The whole HTML part, appended to one string: the body's HTML is copied once, nothing around
    /// it makes a string of its own, and nothing has to be validated as UTF-8 again.
    package func html(content: String, title: String, preheader: String? = nil, footer: Footer) -> String {
        let content = Self.styled(content)
        var out = ""
        out.reserveCapacity(
            content.utf8.count + 1_500 + 2 * title.utf8.count + 3 * footer.practiceName.utf8.count
                + footer.address.utf8.count + (footer.unsubscribe?.utf8.count ?? 0))
        out += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """
        HTMLEscaping.append(title, to: &out)
        out += """
            </title>
            </head>
            <body style="margin:0;padding:0;background:#f4f4f4">

            """
        if let preheader { out += Self.preheader(preheader) }
        out += """
            <div role="article" aria-label="
            """
        HTMLEscaping.append(title, to: &out)
        out += """
            " style="max-width:600px;margin:0 auto;background:#ffffff;\
            font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222222">
            <div style="padding:20px 24px;border-bottom:3px solid #2a6f97;font-size:20px;font-weight:bold;color:#2a6f97">
            """
        HTMLEscaping.append(footer.practiceName, to: &out)
        out += """
            </div>
            <div style="padding:8px 24px 16px 24px">

            """
        out += content
        out += """
            </div>
            <div style="padding:16px 24px;border-top:1px solid #dddddd;font-size:13px;color:#555555">\
            <p style="margin:0 0 8px 0">
            """
        HTMLEscaping.append(footer.practiceName, to: &out)
        out += " &middot; "
        HTMLEscaping.append(footer.address, to: &out)
        out += "</p>"
        if footer.notice != nil || footer.unsubscribe != nil {
            out += "<p style=\"margin:0\">"
            if let notice = footer.notice {
                HTMLEscaping.append(notice, to: &out)
                if footer.unsubscribe != nil { out += " " }
            }
            if let link = footer.unsubscribe {
                out += "<a href=\""
                HTMLEscaping.append(link, to: &out)
                out += "\" style=\"color:#555555\">Unsubscribe</a>"
            }
            out += "</p>"
        }
        out += """
            </div>
            </div>
            </body>
            </html>

            """
        return out
    }

    /// `text` as the text part wraps a paragraph, each line ending with a line break.
    private static func wrapped(_ text: String) -> String {
        let origin = MarkdownNode.Position(line: 1, column: 1, offset: 0)
        let paragraph = MarkdownNode(
            .paragraph, children: [MarkdownNode(.text(text), start: origin, end: origin)], start: origin, end: origin)
        return PlainTextRenderer().render(paragraph)
    }

    package func text(content: String, footer: Footer) -> String {
        var out = content
        if !out.hasSuffix("\n") { out += "\n" }
        out += "\n-- \n\(footer.practiceName)\n\(footer.address)\n"
        if let notice = footer.notice {
            out += Self.wrapped(notice)
        }
        if let link = footer.unsubscribe {
            out += "Unsubscribe: \(link)\n"
        }
        return out
    }
}
