import Testing
import TouchpointKit

extension PracticeFolder {
    /// The practice checked and scheduled as of `asOf` through the front door, as a command
    /// does; records an issue for every error the check finds.
    func scheduled(asOf: String, horizon: String? = nil) throws -> ScheduledPractice {
        let checked = try check()
        let errors = checked.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "the practice has errors: \(errors.map(\.message.text))")
        return try #require(try schedule(checked, ScheduleRequest(asOf: asOf, horizon: horizon, now: 0)))
    }
}
