import Foundation
import Testing

/// The suite's time limits, which catch a test that hangs rather than measure speed. Under a
/// sanitizer the same work takes several times as long, so `make test-asan` and `make test-tsan`
/// set `TOUCHPOINT_TEST_SLOWDOWN` and every limit grows by that factor.
enum TimeLimits {
    static let slowdown: Int = {
        guard let text = ProcessInfo.processInfo.environment["TOUCHPOINT_TEST_SLOWDOWN"], let factor = Int(text), factor > 0 else {
            return 1
        }
        return factor
    }()

    /// `minutes`, times the slowdown.
    static func minutes(_ minutes: Int) -> TimeLimitTrait {
        .timeLimit(.minutes(minutes * slowdown))
    }
}
