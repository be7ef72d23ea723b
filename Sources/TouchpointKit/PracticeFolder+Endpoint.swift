import TouchpointCore
import TouchpointFrontEnd
import TouchpointFeedback

/// The unsubscribe endpoint's way in.
extension PracticeFolder {
    /// What `touchpoint serve` needs, read from `touchpoint.yaml` alone (no contact, no secret):
    /// the endpoint, or the diagnostics of the file, or what keeps its address from being served.
    public func endpoint() throws(EnvironmentError) -> Result<UnsubscribeEndpoint, EndpointProblem> {
        let (practice, template, diagnostics) = try PracticeChecker(practiceFileOf: root).checkPracticeFile()
        guard let practice, !diagnostics.contains(where: { $0.severity == .error }) else {
            return .failure(.diagnostics(diagnostics))
        }
        guard let template, let url = practice.unsubscribe.url else {
            return .failure(
                .route(
                    "touchpoint.yaml has no 'unsubscribe: url', so there is no page to serve; "
                        + "add one such as 'url: \"https://\(practice.domain)/unsubscribe?c={{ contact.token }}\"'"))
        }
        switch UnsubscribeRoute.derive(from: template, practiceName: practice.name, practiceAddress: practice.address) {
        case .success(let route):
            return .success(UnsubscribeEndpoint(practiceName: practice.name, route: route))
        case .failure(let problem):
            return .failure(.route("cannot serve 'unsubscribe: url: \(url)': \(problem.description)"))
        }
    }

    /// Why the endpoint cannot be served.
    public enum EndpointProblem: Error, Sendable {
        /// `touchpoint.yaml` has errors.
        case diagnostics([Diagnostic])
        /// Its unsubscribe address cannot be served; the text says why and what to do.
        case route(String)
    }
}
