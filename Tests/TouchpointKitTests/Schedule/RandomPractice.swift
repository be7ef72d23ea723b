import Foundation
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A random practice for property tests: one of four zones (one with a 30-minute shift, one
/// without daylight saving), a random send window with at least one day, random holidays and cap,
/// random contacts and campaigns using every form of send rule, and an as-of between 2026 and 2028.
/// Dates cluster around daylight-saving changes and month ends, where the rules are subtle.
struct RandomPractice {
    static let zones = ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]
    static let dateFields = ["first_visit", "discharge_date", "birthday"]
    /// Transition days of the four zones, month ends and a leap day.
    static let interesting = [
        "2026-03-08", "2026-11-01", "2027-03-14", "2027-11-07", "2028-03-12", "2028-11-05",  // Chicago
        "2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31", "2028-03-26", "2028-10-29",  // London
        "2026-04-05", "2026-10-04", "2027-04-04", "2027-10-03", "2028-04-02", "2028-10-01",  // Lord Howe
        "2027-01-31", "2028-01-31", "2028-02-29", "2027-02-28", "2026-12-31", "2027-12-31",
    ].compactMap { LocalDate(iso: $0) }

    let practice: SchedulePractice
    /// `--as-of`, as a local date and time in the practice's zone.
    let asOf: String

    init(seed: Int) {
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)))
        var practice = SchedulePractice()
        practice.timezone = Self.zones.randomElement(using: &random) ?? "America/Chicago"

        let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        var days = weekdays.filter { _ in Bool.random(using: &random) }
        if days.isEmpty { days = [weekdays.randomElement(using: &random) ?? "mon"] }
        practice.days = "[" + days.joined(separator: ", ") + "]"

        let start = Int.random(in: 0...(24 * 4 - 1), using: &random) * 15
        let end = Int.random(in: (start / 15 + 1)...(24 * 4), using: &random) * 15
        practice.hours = Self.clock(start) + "-" + Self.clock(end)

        let asOfDate = Self.date(&random)
        asOf = "\(asOfDate)T\(Self.clock(Int.random(in: 0..<(24 * 60), using: &random)))"
        practice.holidays = (0..<Int.random(in: 0...5, using: &random)).compactMap { _ in
            asOfDate.adding(days: Int.random(in: -10...90, using: &random))?.description
        }
        if Bool.random(using: &random) {
            let count = Int.random(in: 1...3, using: &random)
            practice.cap =
                Bool.random(using: &random)
                ? "\(count) per \(Int.random(in: 1...14, using: &random)) days"
                : "\(count) per \(Int.random(in: 1...2, using: &random)) weeks"
        }
        switch Int.random(in: 0...2, using: &random) {
        case 0: practice.horizon = "\(Int.random(in: 1...90, using: &random)) days"
        case 1: practice.horizon = "\(Int.random(in: 1...8, using: &random)) weeks"
        default: practice.horizon = "\(Int.random(in: 1...3, using: &random)) months"
        }

        let addresses = ["a@mail.example", "B@mail.example", "b@mail.example", "c@mail.example", "d@mail.example", ""]
        practice.patients = (0..<Int.random(in: 1...8, using: &random)).map { index in
            func maybeDate() -> String {
                Int.random(in: 0..<5, using: &random) == 0 ? "" : Self.date(near: asOfDate, &random).description
            }
            let birthday =
                Bool.random(using: &random)
                ? "1996-02-29"
                : LocalDate(
                    year: Int.random(in: 1950...2027, using: &random), month: Int.random(in: 1...12, using: &random),
                    day: Int.random(in: 1...28, using: &random))?.description ?? ""
            return SchedulePractice.Patient(
                "p\(index)", email: addresses.randomElement(using: &random) ?? "",
                firstVisit: maybeDate(), dischargeDate: maybeDate(), birthday: birthday,
                subscribed: ["", "yes", "no"].randomElement(using: &random) ?? "",
                timezone: ([""] + Self.zones).randomElement(using: &random) ?? "")
        }

        practice.campaigns = (0..<Int.random(in: 1...4, using: &random)).map { index in
            let steps = (0..<Int.random(in: 1...3, using: &random)).map { stepIndex in
                var rule = Self.rule(near: asOfDate, &random)
                if Bool.random(using: &random) {
                    rule += " at " + Self.clock(Int.random(in: start..<end, using: &random))
                }
                // Some steps say how a moved send is handled, or carry their own days.
                var lines: [String] = []
                if Int.random(in: 0..<4, using: &random) == 0 {
                    lines.append("if_moved: " + (["earlier", "later", "skip", "send"].randomElement(using: &random) ?? "skip"))
                }
                if Int.random(in: 0..<5, using: &random) == 0 {
                    var own = weekdays.filter { _ in Bool.random(using: &random) }
                    if own.isEmpty { own = ["sat"] }
                    lines.append("send_window: { days: [" + own.joined(separator: ", ") + "] }")
                }
                return SchedulePractice.Step("s\(stepIndex)", rule, lines: lines)
            }
            return SchedulePractice.CampaignFile(
                "c\(index)", kind: Bool.random(using: &random) ? "care" : "marketing",
                priority: Int.random(in: 0...3, using: &random),
                lines: Int.random(in: 0..<3, using: &random) == 0 ? ["one_per_address: true"] : [], steps: steps)
        }
        self.practice = practice
    }

    private static func rule(near asOf: LocalDate, _ random: inout SeededGenerator) -> String {
        let field = dateFields.randomElement(using: &random) ?? "first_visit"
        let unit = ["day", "week", "month"].randomElement(using: &random) ?? "day"
        switch Int.random(in: 0...6, using: &random) {
        case 5:
            let day =
                Bool.random(using: &random)
                ? ["1st", "2nd", "15th", "28th", "29th", "30th", "last day"].randomElement(using: &random) ?? "1st"
                : (["first", "second", "fourth", "last"].randomElement(using: &random) ?? "first") + " "
                    + (["monday", "tuesday", "sunday"].randomElement(using: &random) ?? "monday")
            return "on the \(day) of every month"
        case 6:
            let amount = Int.random(in: 1...3, using: &random)
            var rule =
                "every \(amount) week\(amount == 1 ? "" : "s") on "
                + (["monday", "wednesday", "saturday"].randomElement(using: &random) ?? "monday")
            if Bool.random(using: &random) { rule += " starting \(date(near: asOf, &random))" }
            return rule
        case 0, 1:
            let direction = Bool.random(using: &random) ? "before" : "after"
            // `0 days before` a date is refused by the check.
            let amount = Int.random(in: (direction == "before" ? 1 : 0)...(unit == "day" ? 10 : 3), using: &random)
            return "\(amount) \(unit)\(amount == 1 ? "" : "s") \(direction) \(field)"
        case 2:
            return "on \(field)" + (Bool.random(using: &random) ? " every year" : "")
        case 3:
            return "on \(date(near: asOf, &random))"
        default:
            let amount = Int.random(in: 1...(unit == "day" ? 4 : 2), using: &random)
            var rule = "every \(amount) \(unit)\(amount == 1 ? "" : "s") after \(field)"
            if Bool.random(using: &random) {
                rule += " until " + (dateFields.filter { $0 != field }.randomElement(using: &random) ?? "discharge_date")
            }
            return rule
        }
    }

    /// A date in 2026–2028, often one of the interesting ones.
    private static func date(_ random: inout SeededGenerator) -> LocalDate {
        if Bool.random(using: &random), let day = interesting.randomElement(using: &random) {
            return day.adding(days: Int.random(in: -3...0, using: &random)) ?? day
        }
        let first = LocalDate(iso: "2026-01-01")?.dayNumber ?? 0
        let last = LocalDate(iso: "2028-12-31")?.dayNumber ?? 0
        return LocalDate(dayNumber: Int.random(in: first...last, using: &random)) ?? .epoch
    }

    /// A date around `asOf`: mostly within the next few months, sometimes an interesting one.
    private static func date(near asOf: LocalDate, _ random: inout SeededGenerator) -> LocalDate {
        if Int.random(in: 0..<3, using: &random) == 0, let day = interesting.randomElement(using: &random) {
            return day
        }
        return asOf.adding(days: Int.random(in: -60...120, using: &random)) ?? asOf
    }

    static func clock(_ minutes: Int) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(minutes / 60)):\(two(minutes % 60))"
    }
}
