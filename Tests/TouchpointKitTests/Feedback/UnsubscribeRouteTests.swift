import Foundation
import Testing
@testable import TouchpointFeedback
import TouchpointKit

@Suite struct UnsubscribeRouteTests {
    private static let token = "01ccd29a873a7d3e85ee82e2aa9c44ed"

    private func route(_ url: String) throws -> UnsubscribeRoute {
        let rendered = url.replacingOccurrences(of: "{{ contact.token }}", with: UnsubscribeRoute.marker)
        return try UnsubscribeRoute.derive(fromURL: rendered).get()
    }

    /// The address as the example practice and SPEC §2 write it: the token in a parameter.
    @Test func aQueryParameterAsWrittenToday() throws {
        let route = try route("https://lincolnpt.example/unsubscribe?c={{ contact.token }}")
        #expect(route.place == .query("c"))
        #expect(route.pattern == "/unsubscribe?c={token}")
        #expect(route.match(path: "/unsubscribe", query: "c=\(Self.token)") == .token(Self.token))
        #expect(route.match(path: "/unsubscribe/", query: "x=1&c=\(Self.token)") == .token(Self.token))
        #expect(route.match(path: "/unsubscribe", query: "c=") == .noToken)
        #expect(route.match(path: "/unsubscribe", query: nil) == .noToken)
        #expect(route.match(path: "/unsubscribe/extra", query: "c=\(Self.token)") == .elsewhere)
        #expect(route.match(path: "/", query: "c=\(Self.token)") == .elsewhere)
    }

    @Test func aPathSegment() throws {
        let route = try route("https://lincolnpt.example/u/{{ contact.token }}/stop#top")
        #expect(route.place == .pathSegment(1))
        #expect(route.pattern == "/u/{token}/stop")
        #expect(route.match(path: "/u/\(Self.token)/stop", query: nil) == .token(Self.token))
        #expect(route.match(path: "/u/\(Self.token)/stop/", query: "utm=x") == .token(Self.token))
        #expect(route.match(path: "/u//stop", query: nil) == .noToken)
        #expect(route.match(path: "/u/\(Self.token)", query: nil) == .elsewhere)
        #expect(route.match(path: "/v/\(Self.token)/stop", query: nil) == .elsewhere)
    }

    /// Percent-encoding in the request is undone before comparing and in the token handed on.
    @Test func percentEncodedRequests() throws {
        let route = try route("https://x.example/opt%20out/{{ contact.token }}")
        #expect(route.match(path: "/opt%20out/a%2Fb", query: nil) == .token("a/b"))
        #expect(route.pattern == "/opt%20out/{token}")
    }

    @Test func tokensTheRouteCannotFind() {
        for url in [
            "https://x.example/u-{{ contact.token }}", "https://x.example/u?c=t{{ contact.token }}", "https://x.example/unsubscribe",
            "https://x.example/{{ contact.token }}/{{ contact.token }}",
        ] {
            let rendered = url.replacingOccurrences(of: "{{ contact.token }}", with: UnsubscribeRoute.marker)
            #expect(throws: UnsubscribeRoute.Problem.self, "\(url)") { try UnsubscribeRoute.derive(fromURL: rendered).get() }
        }
    }

    /// The page has what the browser test looks for, and what a one-click POST may look like.
    @Test func thePageAndTheOneClickBody() {
        let endpoint = UnsubscribeEndpoint(practiceName: "Lincoln <PT> & Co", route: UnsubscribeRoute(segments: [], place: .query("c")))
        #expect(endpoint.page.contains("<html lang=\"en\">"))
        #expect(endpoint.page.contains("Lincoln &lt;PT&gt; &amp; Co"))
        #expect(!endpoint.page.lowercased().contains("<script"))
        #expect(endpoint.page.contains("<button type=\"submit\">Unsubscribe</button>"))
        #expect(UnsubscribeEndpoint.isOneClick(body: Array("List-Unsubscribe=One-Click".utf8), contentType: nil))
        #expect(
            UnsubscribeEndpoint.isOneClick(
                body: Array("List-Unsubscribe=One-Click\r\n".utf8), contentType: "application/x-www-form-urlencoded"))
        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
        #expect(UnsubscribeEndpoint.isOneClick(body: Array(multipart.utf8), contentType: "multipart/form-data; boundary=XyZ"))
        #expect(!UnsubscribeEndpoint.isOneClick(body: Array("List-Unsubscribe=Two-Click".utf8), contentType: nil))
        #expect(!UnsubscribeEndpoint.isOneClick(body: [], contentType: nil))
    }

    /// The log's lines: a token can add neither a field nor a line.
    @Test func logLinesHoldOnlyTheirFields() throws {
        let entry = FeedbackLog.Entry(instant: 1_796_655_731, token: "a\tb\nc", kind: .unsubscribe)
        #expect(entry.line == "2026-12-07T15:02:11+00:00\ta%09b%0Ac\tunsubscribe\n")
        let read = try #require(FeedbackLog.entry(entry.line.dropLast()))
        #expect(read == entry)
        let long = FeedbackLog.Entry(instant: 0, token: String(repeating: "x", count: 500), kind: .view)
        #expect(long.line.count < 200)
        #expect(FeedbackLog.entry("2026-12-07T15:02:11+00:00\tabc") == nil)
        #expect(FeedbackLog.entry("yesterday\tabc\tunsubscribe") == nil)
    }
}
