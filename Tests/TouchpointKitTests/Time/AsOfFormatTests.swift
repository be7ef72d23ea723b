import Testing
@testable import TouchpointCore

/// `schedule.csv`'s timestamps read back as `AsOf.format` wrote them.
@Suite struct AsOfFormatTests {
    @Test(arguments: [0, 1_764_576_000, 1_796_400_000 + 59, -86_400 * 365 * 70 + 3_599])
    func aFormattedInstantReadsBackTheSame(_ instant: Int) {
        for offset in [-6 * 3600, 0, 5 * 3600 + 30 * 60, 14 * 3600] {
            let text = AsOf.format(instant, offset: offset)
            #expect(AsOf.instant(formatted: text) == instant, "\(text)")
        }
    }

    @Test(arguments: [
        "2026-12-01", "2026-12-01T09:00-06:00", "2026-13-01T09:00:00-06:00", "2026-12-01T09:00:00Z",
        "2026-12-01T09:0a:00-06:00", "2026-12-01 09:00:00-06:00",
    ])
    func anythingElseIsNotRead(_ text: String) {
        #expect(AsOf.instant(formatted: text) == nil)
    }
}
