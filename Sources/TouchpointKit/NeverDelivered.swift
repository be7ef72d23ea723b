import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail
import TouchpointOutbox

/// Messages whose time passed without a `sent` record and that a build drops: what `build` and
/// `plan` report as "expired, never delivered" instead of letting them disappear.
public struct NeverDelivered: Sendable {
    public enum State: String, Sendable {
        /// Past its lateness allowance: delivery did not run in time, or marked it expired.
        case expired
        /// Delivery gave up on it: the mail command refused it.
        case failed
        /// Delivery was interrupted while handing it on: whether it arrived is unknown.
        case uncertain
    }

    public struct Item: Sendable, Equatable {
        public let row: ScheduleRow
        public let state: State
    }

    /// In the schedule's order.
    public let items: [Item]

    public var isEmpty: Bool { items.isEmpty }

    /// The messages of one campaign and one contact, when given: what `plan --campaign` and
    /// `--contact` report.
    public func filtered(campaign: String?, contact: String?) -> NeverDelivered {
        NeverDelivered(
            items: items.filter { (campaign == nil || $0.row.campaign == campaign) && (contact == nil || $0.row.contact == contact) })
    }

    /// The number of messages in `state`, by campaign: most first, then by id.
    public func byCampaign(_ state: State) -> [(campaign: String, count: Int)] {
        var counts: [String: Int] = [:]
        for item in items where item.state == state { counts[item.row.campaign, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (campaign: $0.key, count: $0.value) }
    }

    /// One line a state that has messages: `3 messages expired, never delivered: birthday 2,
    /// new-patient-welcome 1`.
    public var summaryLines: [String] {
        [State.expired, .failed, .uncertain].compactMap { state in
            let campaigns = byCampaign(state)
            let total = campaigns.reduce(0) { $0 + $1.count }
            guard total > 0 else { return nil }
            let noun = total == 1 ? "message" : "messages"
            let what: String
            switch state {
            case .expired: what = "\(total.grouped) \(noun) expired, never delivered"
            case .failed: what = "\(total.grouped) \(noun) failed, never delivered"
            case .uncertain: what = "\(total.grouped) \(noun) left uncertain by an interrupted delivery"
            }
            return what + ": " + campaigns.map { "\($0.campaign) \($0.count.grouped)" }.joined(separator: ", ")
        }
    }

    /// One line a message: its send time, campaign and step, the contact's key and its state.
    public var listing: String {
        items.map { "  \($0.row.sendAtText)  \($0.row.campaign).\($0.row.step)  \($0.row.contact)  \($0.state.rawValue)\n" }.joined()
    }
}
