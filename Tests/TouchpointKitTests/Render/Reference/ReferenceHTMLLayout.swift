@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

// HTML escaping and the layout as before the rewrite to UTF-8 bytes, kept word for word (only renamed),
// so that HTMLReferenceTests.swift can compare the two on many generated inputs.

enum ReferenceHTMLEscaping {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        // By scalar: a special character followed by a combining mark is escaped too (the
        // version this replaced compared whole characters and left it, which let a subject's
        // `"` + U+0301 end an attribute).
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

struct ReferenceMessageLayout {
    func html(content: String, title: String, footer: MessageLayout.Footer) -> String {
        let name = ReferenceHTMLEscaping.escape(footer.practiceName)
        var foot = "<p style=\"margin:0 0 8px 0\">\(name) &middot; \(ReferenceHTMLEscaping.escape(footer.address))</p>"
        if let link = footer.unsubscribe {
            foot += "<p style=\"margin:0\">You receive this e-mail as a patient or partner of \(name). "
                + "<a href=\"\(ReferenceHTMLEscaping.escape(link))\" style=\"color:#555555\">Unsubscribe</a></p>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(ReferenceHTMLEscaping.escape(title))</title>
            </head>
            <body style="margin:0;padding:0;background:#f4f4f4">
            <div role="article" aria-label="\(ReferenceHTMLEscaping.escape(title))" style="max-width:600px;margin:0 auto;background:#ffffff;\
            font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#222222">
            <div style="padding:20px 24px;border-bottom:3px solid #2a6f97;font-size:20px;font-weight:bold;color:#2a6f97">\(name)</div>
            <div style="padding:8px 24px 16px 24px">
            \(content)</div>
            <div style="padding:16px 24px;border-top:1px solid #dddddd;font-size:13px;color:#555555">\(foot)</div>
            </div>
            </body>
            </html>

            """
    }
}
