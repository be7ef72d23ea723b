import TouchpointCore
import TouchpointFrontEnd

/// Where the unsubscribe endpoint finds the token in a request, derived from the practice's
/// `unsubscribe: url:` template: a whole path segment (`https://…/unsubscribe/{{ contact.token }}`)
/// or the whole value of a query parameter (`https://…/unsubscribe?c={{ contact.token }}`). The
/// scheme and host are the proxy's business; the path and the parameter are matched here.
public struct UnsubscribeRoute: Sendable, Equatable {
    public enum Place: Sendable, Equatable {
        /// The token is the path segment at this index.
        case pathSegment(Int)
        /// The token is the value of this query parameter.
        case query(String)
    }

    /// The path's segments, percent-decoded; the token's segment is empty.
    public let segments: [String]
    public let place: Place

    /// What a request's path and query make of the route.
    public enum Match: Sendable, Equatable {
        /// The request is for another path.
        case elsewhere
        /// The route's path, without a token (an empty segment or parameter, or none).
        case noToken
        /// The token, percent-decoded.
        case token(String)
    }

    /// A token placed where the route cannot find it.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Stands in for the token when the template is rendered to find its place: letters and
    /// digits only, so no encoding changes it.
    static let marker = "TOUCHPOINTxTOKENx7f3a9c"

    /// The route of the address `template` renders: `practiceName` and the other built-in values
    /// as a message has them, the token as `marker`.
    public static func derive(from template: Template, practiceName: String, practiceAddress: String)
        -> Result<UnsubscribeRoute, Problem>
    {
        let context = TemplateContext(
            practiceName: practiceName, practiceAddress: practiceAddress, campaignTitle: "", unsubscribeURL: nil,
            sendDate: .epoch, today: .epoch, contactToken: marker)
        var url = ""
        for piece in TemplateRenderer().render(template, context: context, contact: { _ in nil }).pieces {
            switch piece {
            case .source(let text): url += text
            case .value(let value): url += PercentEncoding.encode(value)
            }
        }
        return derive(fromURL: url)
    }

    /// The route of `url`, a rendered address with `marker` where the token goes.
    static func derive(fromURL url: String) -> Result<UnsubscribeRoute, Problem> {
        var rest = Substring(url)
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        rest = rest[pathStart...]
        let (path, query) = split(rest)
        let segments = pathSegments(path)
        if let index = segments.firstIndex(of: marker) {
            var others = segments
            others[index] = ""
            guard !others.contains(where: { $0.contains(marker) }), !(query ?? "").contains(marker) else {
                return .failure(Problem(description: "the address carries the token more than once"))
            }
            return .success(UnsubscribeRoute(segments: others, place: .pathSegment(index)))
        }
        guard !segments.contains(where: { $0.contains(marker) }) else {
            return .failure(
                Problem(
                    description: "the token shares a path segment with other text; "
                        + "put it in a segment of its own ('…/unsubscribe/{{ contact.token }}') or in a parameter ('?c={{ contact.token }}')"
                ))
        }
        let parameters = queryParameters(query ?? "")
        guard let parameter = parameters.first(where: { $0.value == marker }) else {
            if parameters.contains(where: { $0.value.contains(marker) || $0.name.contains(marker) }) {
                return .failure(
                    Problem(
                        description:
                            "the token shares a parameter's value with other text; make it the whole value ('?c={{ contact.token }}')"))
            }
            return .failure(Problem(description: "the address does not carry '{{ contact.token }}'"))
        }
        return .success(UnsubscribeRoute(segments: segments, place: .query(parameter.name)))
    }

    /// What the request at `path` (as sent: percent-encoded, without the query) with `query`
    /// (without the `?`) makes of this route. A trailing `/` is allowed.
    public func match(path: String, query: String?) -> Match {
        var requested = Self.pathSegments(Substring(path))
        if requested.count == segments.count + 1, requested.last == "" { requested.removeLast() }
        guard requested.count == segments.count else { return .elsewhere }
        for (index, segment) in segments.enumerated() where place != .pathSegment(index) {
            guard requested[index] == segment else { return .elsewhere }
        }
        switch place {
        case .pathSegment(let index):
            let token = requested[index]
            return token.isEmpty ? .noToken : .token(token)
        case .query(let name):
            guard let value = Self.queryParameters(Substring(query ?? "")).first(where: { $0.name == name })?.value, !value.isEmpty
            else { return .noToken }
            return .token(value)
        }
    }

    /// The path as a request shows it, the token as `{token}`: `/unsubscribe?c={token}`.
    public var pattern: String {
        var path =
            "/"
            + segments.enumerated().map { index, segment in
                place == .pathSegment(index) ? "{token}" : PercentEncoding.encode(segment, keeping: Self.keptInPath)
            }.joined(separator: "/")
        if case .query(let name) = place { path += "?" + PercentEncoding.encode(name) + "={token}" }
        return path
    }

    private static func keptInPath(_ byte: UInt8) -> Bool {
        PercentEncoding.isUnreserved(byte) || byte == UInt8(ascii: "@") || byte == UInt8(ascii: ":")
    }

    private static func split(_ text: Substring) -> (path: Substring, query: Substring?) {
        guard let mark = text.firstIndex(of: "?") else { return (text, nil) }
        return (text[..<mark], text[text.index(after: mark)...])
    }

    /// The segments after the leading `/`, percent-decoded; `/` alone has none.
    static func pathSegments(_ path: Substring) -> [String] {
        var path = path
        if path.first == "/" { path = path.dropFirst() }
        guard !path.isEmpty else { return [] }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { PercentEncoding.decode($0) }
    }

    /// `name=value` pairs separated by `&`, `+` read as a space, percent-decoded.
    static func queryParameters(_ query: Substring) -> [(name: String, value: String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { PercentEncoding.decode(text.replacing("+", with: " ")) }
            return (decoded(parts[0]), parts.count > 1 ? decoded(parts[1]) : "")
        }
    }
}
