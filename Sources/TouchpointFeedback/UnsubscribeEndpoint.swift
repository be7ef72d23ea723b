import Foundation
import TouchpointCore
import TouchpointFrontEnd

/// What `touchpoint serve` knows of the practice: its name, for the page, and the route its
/// unsubscribe address takes. Nothing else — no contact, no secret.
public struct UnsubscribeEndpoint: Sendable {
    public let practiceName: String
    public let route: UnsubscribeRoute

    public init(practiceName: String, route: UnsubscribeRoute) {
        self.practiceName = practiceName
        self.route = route
    }

    /// The body RFC 8058 prescribes for a one-click POST, as a form field.
    public static let oneClickField = (name: "List-Unsubscribe", value: "One-Click")

    /// The page a GET shows: the practice's name and one button that POSTs the one-click body to
    /// the same address. No script, no cookie, nothing fetched from elsewhere.
    public var page: String {
        document(
            title: "Unsubscribe",
            body: """
                <p id="what">Stop receiving news and offers from \(HTMLEscaping.escape(practiceName)) by e-mail? \
                Messages about your own appointments and care still reach you.</p>
                <form method="post" aria-describedby="what">
                <input type="hidden" name="\(Self.oneClickField.name)" value="\(Self.oneClickField.value)">
                <button type="submit">Unsubscribe</button>
                </form>
                """)
    }

    /// The page a POST answers with.
    public var confirmation: String {
        document(
            title: "Unsubscribed",
            body: """
                <p role="status">You are unsubscribed. \(HTMLEscaping.escape(practiceName)) will send you no more news \
                or offers by e-mail. It can take a day or two to take effect.</p>
                """)
    }

    /// The page for the route's address without a token.
    public var incompleteLink: String {
        document(
            title: "Incomplete link",
            body: """
                <p>This unsubscribe link is incomplete. Use the link at the bottom of the message you received, \
                or reply to that message and ask to be unsubscribed.</p>
                """)
    }

    /// The page for a request that could not be recorded just now.
    public var tryAgain: String {
        document(
            title: "Please try again later",
            body: """
                <p role="alert">Your request could not be recorded just now. Please try again later, \
                or reply to the message you received and ask to be unsubscribed.</p>
                """)
    }

    private func document(title: String, body: String) -> String {
        let name = HTMLEscaping.escape(practiceName)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>\(title) · \(name)</title>
            <style>
            body { font: 1.125rem/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0; }
            main { max-width: 34rem; margin: 4rem auto; padding: 0 1.25rem; }
            h1 { font-size: 1.5rem; }
            button { font: inherit; padding: 0.6rem 1.4rem; border: 2px solid #1a4d8f; border-radius: 0.3rem;
              background: #1a4d8f; color: #fff; cursor: pointer; }
            button:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
            </style>
            </head>
            <body>
            <main>
            <h1>\(name)</h1>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// Whether a POST's body is the one-click request: `List-Unsubscribe=One-Click` as a form
    /// (`application/x-www-form-urlencoded`, or `multipart/form-data` as RFC 8058 prefers).
    public static func isOneClick(body: [UInt8], contentType: String?) -> Bool {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            return multipartFields(body, contentType: contentType ?? "").contains { $0 == oneClickField }
        }
        let text = String(decoding: body, as: UTF8.self)
        return UnsubscribeRoute.queryParameters(Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))).contains {
            $0 == oneClickField
        }
    }

    /// The fields of a `multipart/form-data` body: each part's `name` and its text.
    static func multipartFields(_ body: [UInt8], contentType: String) -> [(name: String, value: String)] {
        guard let boundary = MIMEHeader.parameter("boundary", in: contentType) else { return [] }
        return MIMEParser.parts(of: body, boundary: boundary).compactMap { part in
            guard let disposition = part.header("Content-Disposition"), let name = MIMEHeader.parameter("name", in: disposition) else {
                return nil
            }
            return (name, String(decoding: part.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
