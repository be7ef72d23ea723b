import TouchpointCore
import TouchpointFrontEnd

extension Context {
    /// Appends the message of a rule that counts hours from a date-time field (`2 hours before
    /// appointment`), for one contact: the field's instant (its wall time in the contact's zone,
    /// a time in a spring-forward gap moved forward by the gap, one in a fall-back overlap taken
    /// at its first occurrence, as every send time is; or the instant its UTC offset gives), the
    /// hours added or taken as they pass, then moved into the step's send window as its
    /// `if_moved` says — by default earlier for a `before` rule, later otherwise.
    package func appendHoursOccurrence(
        _ plan: StepPlan, contact: Contact, index contactIndex: Int, zone: Int, to result: inout [Occurrence]
    ) {
        guard case .hours(let amount, let direction, _) = plan.step.send.timing, let field = plan.step.anchorField,
            case .datetime(let value) = contact[field: field]
        else { return }
        let zoned = zones[zone]
        let anchor = value.instant(in: zoned)
        let raw = anchor + (direction == .before ? -amount : amount) * 3_600
        let rawDay = zoned.local(raw).date
        guard rawDay >= firstDay, rawDay <= lastDay else { return }
        let isInside = plan.window.nearestAllowedInstant(to: raw, in: zoned, earlier: false) == raw
        let instant: Int
        switch plan.policy {
        case .earlier, .later:
            guard let moved = plan.window.nearestAllowedInstant(to: raw, in: zoned, earlier: plan.policy == .earlier) else { return }
            instant = moved
        case .send, .skip:
            instant = raw
        }
        let local = zoned.local(instant)
        let message = ScheduledMessage(
            campaign: plan.campaign, step: plan.stepIndex, list: plan.list, contact: contactIndex, instant: instant,
            utcOffset: local.offset, date: local.date,
            time: TimeOfDay(hour: local.minutes / 60, minute: local.minutes % 60) ?? plan.time,
            movedFrom: local.date == rawDay ? nil : rawDay,
            identity: MessageIdentity.messageHash(
                campaign: plan.campaignID, step: plan.step.id, list: plan.listName, contact: contact.key, date: local.date))
        let outcome: Occurrence.Outcome
        if instant < asOf {
            outcome = .dropped(.past)
        } else if instant > horizonEnd {
            outcome = .dropped(.beyondHorizon)
        } else if plan.policy == .skip, !isInside {
            outcome = .dropped(.skipped)
        } else if plan.isBefore, instant >= anchor {
            outcome = .dropped(.window)
        } else {
            outcome = .inRange
        }
        result.append(Occurrence(message: message, outcome: outcome))
    }
}

extension SendWindow {
    /// The instant nearest `instant` at which the window lets a message go, in `zone`: `instant`
    /// itself when it is inside the window; else the window's last minute on the nearest allowed
    /// day before it (`earlier`), or the window's start on the nearest allowed day after it.
    /// `nil` when no day of the coming year is allowed.
    package func nearestAllowedInstant(to instant: Int, in zone: ZonedTime, earlier: Bool) -> Int? {
        let local = zone.local(instant)
        let time = TimeOfDay(minutesSinceMidnight: local.minutes)
        let lastMinute = TimeOfDay(minutesSinceMidnight: max(start.minutes, end.minutes - 1))
        if allows(local.date) {
            if contains(time) { return instant }
            if earlier, time >= end { return zone.instant(local.date, lastMinute) }
            if !earlier, time < start { return zone.instant(local.date, start) }
        }
        guard let next = local.date.adding(days: earlier ? -1 : 1),
            let day = nearestAllowedDay(from: next, earlier: earlier)
        else { return nil }
        return zone.instant(day, earlier ? lastMinute : start)
    }
}
