import TouchpointCore
import TouchpointFrontEnd
import TouchpointKit
import TouchpointOutbox
import TouchpointSchedule

/// The site's front page: the schedule's summary, its approval, and a calendar of the horizon.
extension Model {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// The days of the horizon, on the practice's clock.
    var firstDay: LocalDate { zone.local(scheduled.schedule.asOf).date }
    var lastDay: LocalDate { zone.local(scheduled.schedule.horizonEnd).date }

    func indexPage(digest: String, covered: Int) -> String {
        let schedule = scheduled.schedule
        var body =
            "<h1>Review: \(shown.count.grouped) \(shown.count == 1 ? "message" : "messages")"
            + (site.options.campaign.map { " of \(escape($0))" } ?? "") + "</h1>\n"
        body +=
            "<p>From \(moment(schedule.asOf)) to \(moment(schedule.horizonEnd)) "
            + "(\(escape(practice.timeZone.identifier))), to \(recipientCount.grouped) "
            + "\(recipientCount == 1 ? "contact" : "contacts"). "
            + "Every message is shown exactly as <code>touchpoint build</code> writes it.</p>\n"
        let approved = site.approvals.entries.last { $0.digest == digest }
        body +=
            "<p class=\"status\">"
            + (approved.map { "Approved by \(escape($0.approver)) at \(escape($0.approvedAt))." }
                ?? "Not approved yet: \(covered.grouped) of \(shown.count.grouped) messages are covered by earlier approvals.")
            + " <a href=\"#approval\">About approval</a></p>\n"
        body += changesSummary()
        body += "<h2 id=\"calendar\">Calendar</h2>\n"
        body += legend()
        body +=
            "<p class=\"muted\">Days outside the send window (\(escape(windowWords))) are shaded; "
            + "choose a day to list its messages.</p>\n"
        for (year, month) in months { body += monthTable(year: year, month: month) }
        body += approvalSection(digest: digest, covered: covered)
        return ReviewPage.document(title: "Calendar", practice: title, depth: 0, section: .calendar, body: body)
    }

    /// `Monday, November 30, 2026, 00:00` on the practice's clock.
    func moment(_ instant: Int) -> String {
        let local = zone.local(instant)
        let date = local.date
        let time = TimeOfDay(hour: local.minutes / 60, minute: local.minutes % 60).map { ", \($0)" } ?? ""
        return "\(date.weekday.fullName.capitalized), \(Self.monthNames[date.month - 1]) \(date.day), \(date.year)\(time)"
    }

    var recipientCount: Int {
        var seen: Set<Int64> = []
        for index in shown {
            let message = planned.messages[index]
            seen.insert(Int64(message.list) << 40 | Int64(message.contact))
        }
        return seen.count
    }

    /// `Mon–Fri, 08:00–18:00, and not on the 6 holidays`.
    var windowWords: String {
        let window = practice.sendWindow
        let days = Weekday.allCases.filter { window.days.contains($0) }.map { $0.shortName.capitalized }
        let holidays = window.holidays.count
        return days.joined(separator: ", ") + ", \(window.start)–\(window.end)"
            + (holidays > 0 ? ", not on \(holidays) \(holidays == 1 ? "holiday" : "holidays")" : "")
    }

    func approvalSection(digest: String, covered: Int) -> String {
        var out = "<h2 id=\"approval\">Approval</h2>\n<div class=\"status\" role=\"status\">\n"
        let short = String(digest.prefix(16))
        if let entry = site.approvals.entries.last(where: { $0.digest == digest }) {
            out +=
                "<p>This schedule (<code>sha256:\(short)…</code>) was approved by \(escape(entry.approver)) at "
                + "\(escape(entry.approvedAt)).</p>\n"
        } else {
            out +=
                "<p>This schedule is <code>sha256:\(short)…</code>: \(shown.count.grouped) messages, "
                + "\(covered.grouped) of them covered by earlier approvals.</p>\n"
                + "<p>To approve it, run <code>touchpoint review --approve</code> with the same options. "
                + "With <code>delivery: require_approval: true</code>, <code>touchpoint deliver</code> sends "
                + "only messages an approval covers.</p>\n"
        }
        return out + "</div>\n"
    }

    func changesSummary() -> String {
        var out = "<h2 id=\"changes\">What changed</h2>\n<ul>\n"
        for changes in site.changes {
            out +=
                "<li>Against \(escape(changes.against)): \(changes.added.count.grouped) to add, "
                + "\(changes.changed.count.grouped) to change, \(changes.removed.count.grouped) to remove, "
                + "\(changes.unchanged.grouped) unchanged. <a href=\"changes.html\">See what changed</a></li>\n"
        }
        return out + "</ul>\n"
    }

    func legend() -> String {
        var out = "<h3>Campaigns</h3>\n<ul class=\"legend\">\n"
        for index in campaigns {
            let campaign = scheduler.campaigns[index]
            out +=
                "<li data-campaign=\"\(escape(campaign.id))\"><span class=\"swatch\" style=\"background:\(ReviewPalette.color(index))\" "
                + "aria-hidden=\"true\"></span><a href=\"campaigns/\(escape(fileName(campaign: index)))\">"
                + "\(escape(campaign.id))</a> <span class=\"muted\">\(escape(campaign.campaign.title))</span></li>\n"
        }
        return out + "</ul>\n"
    }

    /// The months the horizon touches, in order.
    var months: [(year: Int, month: Int)] {
        var out: [(Int, Int)] = []
        var year = firstDay.year
        var month = firstDay.month
        while (year, month) <= (lastDay.year, lastDay.month) {
            out.append((year, month))
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return out
    }

    func monthTable(year: Int, month: Int) -> String {
        let name = "\(Self.monthNames[month - 1]) \(year)"
        guard let first = LocalDate(year: year, month: month, day: 1) else { return "" }
        var out = "<section class=\"month\" aria-labelledby=\"m-\(year)-\(month)\">\n"
        out += "<h3 id=\"m-\(year)-\(month)\">\(name)</h3>\n"
        out += "<table class=\"calendar\">\n<caption class=\"vh\">Messages a day in \(name), by campaign</caption>\n<thead><tr>"
        let order: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday, .saturday, .sunday]
        for day in order { out += "<th scope=\"col\"><abbr title=\"\(day.fullName.capitalized)\">\(day.shortName.capitalized)</abbr></th>" }
        out += "</tr></thead>\n<tbody>\n"
        let lead = (first.weekday.rawValue + 5) % 7
        var date = first.adding(days: -lead) ?? first
        repeat {
            // Weeks wholly before or after the horizon are left out.
            let sunday = date.adding(days: 6) ?? date
            if sunday >= firstDay && date <= lastDay {
                out += "<tr>"
                for offset in 0..<7 { out += dayCell(date.adding(days: offset) ?? date, month: month) }
                out += "</tr>\n"
            }
            date = date.adding(days: 7) ?? sunday
        } while date.month == month && date.year == year
        out += "</tbody>\n</table>\n</section>\n"
        return out
    }

    func dayCell(_ date: LocalDate, month: Int) -> String {
        guard date.month == month else { return "<td class=\"outside\" aria-hidden=\"true\"></td>" }
        let window = practice.sendWindow
        let inHorizon = date >= firstDay && date <= lastDay
        var classes: [String] = []
        var notes: [String] = []
        if window.holidays.contains(date) {
            classes.append("closed")
            notes.append("holiday, no sending")
        } else if !window.days.contains(date.weekday) {
            classes.append("closed")
            notes.append("outside the send window")
        }
        if !inHorizon {
            classes.append("outside")
            notes.append("outside the horizon")
        }
        let messages = days[date] ?? []
        var out = "<td data-date=\"\(date)\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>"
        let label = "<span class=\"day\">\(date.day)</span>"
        if messages.isEmpty {
            out += label
        } else {
            out +=
                "<a href=\"days/\(date).html\">\(label)<span class=\"vh\"> \(Self.monthNames[date.month - 1]): "
                + "\(messages.count) \(messages.count == 1 ? "message" : "messages")</span></a>"
        }
        if !notes.isEmpty { out += "<span class=\"vh\"> (\(notes.joined(separator: "; ")))</span>" }
        if !messages.isEmpty {
            var counts: [Int: Int] = [:]
            for index in messages { counts[planned.messages[index].campaign, default: 0] += 1 }
            out += "<ul>"
            for campaign in counts.keys.sorted() {
                let id = scheduler.campaigns[campaign].id
                let count = counts[campaign] ?? 0
                out +=
                    "<li class=\"chip\" style=\"background:\(ReviewPalette.color(campaign))\" data-campaign=\"\(escape(id))\" "
                    + "data-count=\"\(count)\" title=\"\(escape(id)): \(count)\">\(count)<span class=\"vh\"> \(escape(id))</span></li>"
            }
            out += "</ul>"
        }
        return out + "</td>"
    }

    /// `days/2026-12-01.html`: the day's messages in send order.
    func dayPage(_ date: LocalDate) -> String {
        let messages = days[date] ?? []
        var body = "<h1>\(date.weekday.fullName.capitalized), \(Self.monthNames[date.month - 1]) \(date.day), \(date.year)</h1>\n"
        body += "<p>\(messages.count.grouped) \(messages.count == 1 ? "message" : "messages"), in the contacts' local time.</p>\n"
        body += "<table class=\"wide\">\n<thead><tr><th scope=\"col\">Time</th><th scope=\"col\">Campaign.step</th>"
        body += "<th scope=\"col\">Contact</th><th scope=\"col\">Subject</th></tr></thead>\n<tbody>\n"
        // In the contacts' local time: a contact in another zone is placed by its own clock.
        let ordered = messages.enumerated().sorted {
            (planned.messages[$0.element].time.minutes, $0.offset) < (planned.messages[$1.element].time.minutes, $1.offset)
        }.map(\.element)
        for index in ordered {
            let message = planned.messages[index]
            let campaign = message.campaign
            let elsewhere =
                message.utcOffset == zone.offset(at: message.instant)
                ? "" : " <span class=\"muted\">(\(AsOf.format(message.instant, offset: message.utcOffset)))</span>"
            body +=
                "<tr data-campaign=\"\(escape(campaignID(index)))\" data-step=\"\(escape(stepID(index)))\" "
                + "data-contact=\"\(escape(contactKey(index)))\"><td>\(time(index))\(elsewhere)</td>"
                + "<td><span class=\"swatch\" style=\"background:\(ReviewPalette.color(campaign))\" aria-hidden=\"true\"></span>"
                + "\(escape(campaignID(index))).\(escape(stepID(index)))</td><td>\(escape(contactKey(index)))</td>"
                + "<td>\(messageLink(index, depth: 1, text: subject(index)))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if messages.contains(where: { !pagedMessages.contains($0) }) {
            body +=
                "<p class=\"muted\">Messages without a link have no page in this review (it shows sample contacts "
                + "only when the schedule is large); <code>touchpoint preview campaign.step --contact KEY</code> "
                + "shows any of them.</p>\n"
        }
        return ReviewPage.document(title: date.description, practice: title, depth: 1, section: .calendar, body: body)
    }
}
