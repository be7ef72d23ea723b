/// One part of a schedule: the messages one campaign's rules produce for a run of its list's
/// contacts, sorted by what the policy makes of each on its own. Only the frequency cap, which
/// looks at an address's messages across campaigns, is left for when all parts are in.
struct SchedulePart {
    /// Messages to send: in range, and past every check but the cap, which they are not subject to.
    var kept: [ScheduledMessage] = []
    /// Marketing messages past every check but the cap, and each one's address as a place in
    /// `addresses` (lowercased).
    var marketing: [ScheduledMessage] = []
    var marketingAddresses: [Int32] = []
    var addresses: [String] = []
    /// Messages in range the rules drop (a `before` reminder the window moves onto its anchor).
    var dropped: [DroppedMessage] = []
    /// Messages in range the policy drops.
    var policyDropped: [DroppedMessage] = []
    /// Messages before as-of, and after the horizon.
    var past = 0
    var beyondHorizon = 0

    /// The part for campaign `index` and the contacts `contacts` of its list, each contact's
    /// messages by step, then date.
    init(context: Context, campaign index: Int, contacts: Range<Int>) {
        let scheduler = context.scheduler
        let campaign = scheduler.campaigns[index]
        let list = scheduler.lists[campaign.listIndex]
        let plans = campaign.steps.indices.map { StepPlan(context: context, campaign: index, step: $0) }
        let isMarketing = campaign.campaign.kind == .marketing
        var steps: [Int] = []
        var dates: [(date: LocalDate, anchor: LocalDate?)] = []
        var occurrences: [Occurrence] = []
        var walls = WallCache()
        for contactIndex in contacts {
            let contact = list.contacts[contactIndex]
            steps.removeAll(keepingCapacity: true)
            context.appendPassingSteps(campaign: index, values: contact.values, to: &steps)
            guard !steps.isEmpty else { continue }
            occurrences.removeAll(keepingCapacity: true)
            let zone = context.zoneNumber(of: contact, in: list)
            for step in steps {
                context.appendOccurrences(plans[step], contact: contact, index: contactIndex, zone: zone, walls: &walls,
                                          dates: &dates, to: &occurrences)
            }
            var address: (number: Int32, isSuppressed: Bool)?
            for occurrence in occurrences {
                let message = occurrence.message
                switch occurrence.outcome {
                case .dropped(.past): past += 1
                case .dropped(.beyondHorizon): beyondHorizon += 1
                case .dropped(let reason): dropped.append(DroppedMessage(message: message, reason: reason))
                case .inRange:
                    // Address, delivered messages, then for marketing consent and suppression.
                    guard let written = list.email(of: contact) else {
                        policyDropped.append(DroppedMessage(message: message, reason: .noAddress))
                        continue
                    }
                    if !scheduler.sent.isEmpty, scheduler.sent.contains(message.identity.hex + "@" + scheduler.practice.domain) {
                        policyDropped.append(DroppedMessage(message: message, reason: .alreadySent))
                        continue
                    }
                    guard isMarketing else {
                        kept.append(message)
                        continue
                    }
                    if let consent = list.schema.consentField, case .boolean(false) = contact[field: consent] {
                        policyDropped.append(DroppedMessage(message: message, reason: .noConsent))
                        continue
                    }
                    let known: (number: Int32, isSuppressed: Bool)
                    if let address {
                        known = address
                    } else {
                        let lowercased = written.lowercased()
                        addresses.append(lowercased)
                        known = (Int32(addresses.count - 1), scheduler.suppression?.contains(lowercased) == true)
                        address = known
                    }
                    if known.isSuppressed {
                        policyDropped.append(DroppedMessage(message: message, reason: .suppressed))
                        continue
                    }
                    marketing.append(message)
                    marketingAddresses.append(known.number)
                }
            }
        }
    }
}
