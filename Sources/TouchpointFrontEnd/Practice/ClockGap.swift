import Foundation
import TouchpointCore

/// Local times a zone's clocks skip when they spring forward: from `start` (inclusive) to `end`
/// (exclusive), in minutes past midnight, and a month it happens in.
public struct ClockGap: Sendable, Equatable {
    public let start: Int
    public let end: Int
    public let month: Int

    /// Whether the local time `minutes` past midnight falls in the gap.
    public func contains(_ minutes: Int) -> Bool { minutes >= start && minutes < end }

    public var description: String {
        "\(TimeOfDay(minutesSinceMidnight: start))-\(TimeOfDay(minutesSinceMidnight: min(end, 24 * 60)))"
    }

    /// Every distinct gap of `zone`'s rules from 2000 to 2050: the rules the time-zone database
    /// holds for those years, whatever today is.
    public static func gaps(of zone: TimeZone) -> [ClockGap] {
        var gaps: [ClockGap] = []
        var date = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01
        let end = Date(timeIntervalSince1970: 2_524_608_000)  // 2050-01-01
        var count = 0
        while count < 400, let transition = zone.nextDaylightSavingTimeTransition(after: date), transition < end {
            count += 1
            date = transition
            let instant = Int(transition.timeIntervalSince1970)
            let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant - 1)))
            let after = zone.secondsFromGMT(for: transition)
            guard after > before else { continue }
            let wall = instant + before
            let day = wall >= 0 ? wall / 86_400 : (wall - 86_399) / 86_400
            let start = (wall - day * 86_400) / 60
            let gap = ClockGap(start: start, end: start + (after - before) / 60, month: LocalDate(dayNumber: day)?.month ?? 1)
            if !gaps.contains(where: { $0.start == gap.start && $0.end == gap.end }) { gaps.append(gap) }
        }
        return gaps
    }
}
