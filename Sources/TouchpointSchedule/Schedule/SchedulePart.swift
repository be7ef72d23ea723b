import TouchpointCore
import TouchpointFrontEnd

/// One part of a schedule: the messages a list's campaigns produce for a run of its contacts,
/// sorted by what the policy makes of each on its own. Only the frequency cap, which looks at an
/// address's messages across campaigns, is left for when all parts are in.
package struct SchedulePart {
    /// One campaign's messages in the part.
    package struct Run {
        /// Messages to send: in range, and past every check but the cap, which they are not subject to.
        package var kept: [ScheduledMessage] = []
        /// Marketing messages past every check but the cap, and each one's address as a place in
        /// the part's `addresses`. When there is a cap, these include the messages before as-of
        /// and after the horizon that would otherwise be sent: the cap weighs them too.
        package var marketing: [ScheduledMessage] = []
        package var marketingAddresses: [Int32] = []
        /// Marketing messages delivery has recorded as delivered, with their addresses likewise:
        /// under a cap, they use its allowance whatever else happens.
        package var delivered: [ScheduledMessage] = []
        package var deliveredAddresses: [Int32] = []
        /// Messages in range the rules drop (a `before` reminder the window moves onto its anchor).
        package var dropped: [DroppedMessage] = []
        /// Messages in range the policy drops.
        package var policyDropped: [DroppedMessage] = []
        /// For `one_per_address`: messages before as-of or after the horizon that the policy
        /// would send, so that the household's copy goes to the same contact whatever the range.
        package var householdCopies: [ScheduledMessage] = []
    }

    /// A run for each of the campaigns the part was made for, in their order.
    package var runs: [Run]
    /// The addresses (lowercased) of the contacts with marketing messages past consent, or
    /// delivered.
    package var addresses: [String] = []
    /// Messages before as-of, and after the horizon.
    package var past = 0
    package var beyondHorizon = 0

    /// The part for `campaigns`, all of one list, and the contacts `contacts` of that list: in
    /// each run, each contact's messages by step, then date.
    package init(context: Context, campaigns: [Int], contacts: Range<Int>) {
        runs = Array(repeating: Run(), count: campaigns.count)
        guard let first = campaigns.first else { return }
        let scheduler = context.scheduler
        let list = scheduler.lists[scheduler.campaigns[first].listIndex]
        let plans = campaigns.map { index in
            scheduler.campaigns[index].steps.indices.map { StepPlan(context: context, campaign: index, step: $0) }
        }
        // Each step's kind: its own, else its campaign's.
        let isMarketingStep = campaigns.map { scheduler.campaigns[$0].steps.map(\.isMarketing) }
        let hasCap = scheduler.practice.marketingCap != nil
        let isOnePerAddress = campaigns.map { scheduler.campaigns[$0].onePerAddress }
        let ledger = scheduler.ledger
        let hasLedger = !ledger.delivered.isEmpty || !ledger.undelivered.isEmpty
        var steps: [Int] = []
        var dates: [(date: LocalDate, anchor: LocalDate?)] = []
        var occurrences: [Occurrence] = []
        var walls = WallCache()
        for contactIndex in contacts {
            let contact = list.contacts[contactIndex]
            let zone = context.zoneNumber(of: contact, in: list)
            let written = list.email(of: contact)
            var address: (number: Int32, isSuppressed: Bool)?
            // The contact's address, numbered in the part the first time a message needs it.
            func number(of written: String) -> (number: Int32, isSuppressed: Bool) {
                if let address { return address }
                let lowercased = written.lowercased()
                addresses.append(lowercased)
                let known = (Int32(addresses.count - 1), scheduler.suppression?.contains(lowercased) == true)
                address = known
                return known
            }
            for (position, campaign) in campaigns.enumerated() {
                steps.removeAll(keepingCapacity: true)
                context.appendPassingSteps(campaign: campaign, values: contact.values, to: &steps)
                guard !steps.isEmpty else { continue }
                occurrences.removeAll(keepingCapacity: true)
                for step in steps {
                    context.appendOccurrences(
                        plans[position][step], contact: contact, index: contactIndex, zone: zone,
                        walls: &walls, dates: &dates, to: &occurrences)
                }
                for occurrence in occurrences {
                    let message = occurrence.message
                    let isMarketing = isMarketingStep[position][message.step]
                    let isCapped = isMarketing && hasCap
                    switch occurrence.outcome {
                    case .dropped(let reason) where reason == .past || reason == .beyondHorizon:
                        if reason == .beyondHorizon {
                            beyondHorizon += 1
                        } else if (message.movedFrom ?? message.date) >= context.countFrom {
                            past += 1
                        }
                        if isOnePerAddress[position], let written {
                            let lowercased = written.lowercased()
                            let passes =
                                isMarketing
                                ? !(list.schema.consentField.map { contact[field: $0] == .boolean(false) } ?? false)
                                    && scheduler.suppression?.contains(lowercased) != true
                                : scheduler.suppression?.stopsAllMail(to: written) != true
                            if passes { runs[position].householdCopies.append(message) }
                        }
                        // Out of range, but the cap weighs it: it went, or would go, to the address.
                        guard isCapped, let written else { continue }
                        let id = hasLedger ? message.messageID(domain: scheduler.practice.domain) : ""
                        if hasLedger, ledger.delivered.contains(id) {
                            runs[position].delivered.append(message)
                            runs[position].deliveredAddresses.append(number(of: written).number)
                            continue
                        }
                        if hasLedger, ledger.undelivered.contains(id) { continue }
                        if let consent = list.schema.consentField, case .boolean(false) = contact[field: consent] { continue }
                        let known = number(of: written)
                        guard !known.isSuppressed else { continue }
                        runs[position].marketing.append(message)
                        runs[position].marketingAddresses.append(known.number)
                    case .dropped(let reason):
                        runs[position].dropped.append(DroppedMessage(message: message, reason: reason))
                    case .inRange:
                        // Address, delivered messages, then for marketing consent and suppression.
                        guard let written else {
                            runs[position].policyDropped.append(DroppedMessage(message: message, reason: .noAddress))
                            continue
                        }
                        if hasLedger, ledger.delivered.contains(message.messageID(domain: scheduler.practice.domain)) {
                            runs[position].policyDropped.append(DroppedMessage(message: message, reason: .alreadySent))
                            if isCapped {
                                runs[position].delivered.append(message)
                                runs[position].deliveredAddresses.append(number(of: written).number)
                            }
                            continue
                        }
                        guard isMarketing else {
                            // A hard bounce or a complaint stops care messages too.
                            if scheduler.suppression?.stopsAllMail(to: written) == true {
                                runs[position].policyDropped.append(DroppedMessage(message: message, reason: .suppressed))
                                continue
                            }
                            runs[position].kept.append(message)
                            continue
                        }
                        if let consent = list.schema.consentField, case .boolean(false) = contact[field: consent] {
                            runs[position].policyDropped.append(DroppedMessage(message: message, reason: .noConsent))
                            continue
                        }
                        let known = number(of: written)
                        if known.isSuppressed {
                            runs[position].policyDropped.append(DroppedMessage(message: message, reason: .suppressed))
                            continue
                        }
                        runs[position].marketing.append(message)
                        runs[position].marketingAddresses.append(known.number)
                    }
                }
            }
        }
    }
}
