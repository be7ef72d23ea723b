import Crypto

/// Turns a schedule into what the outbox writer takes: one entry per message (day folder, file
/// name, a digest of every input, and how to render it) and the bytes of `schedule.csv`.
public struct BuildPlanner: Sendable {
    public let renderer: MessageRenderer

    /// Bump when the rendering changes, so every message is rendered again.
    static let renderingVersion = "touchpoint-render-1"

    public init(renderer: MessageRenderer) {
        self.renderer = renderer
    }

    public struct Planned: Sendable {
        public let entries: [OutboxEntry]
        public let scheduleCSV: [UInt8]
        /// Messages without a usable address, which cannot be written.
        public let skipped: Int
    }

    /// `out/YYYY-MM-DD/HHMM-campaign-step-key.eml`: the contact's key, never a name or address.
    public static func location(_ message: ScheduledMessage, campaign: String, step: String, key: String)
        -> (directory: String, fileName: String) {
        let time = message.time.description.replacingAll(":", with: "")
        return (message.date.description, "\(time)-\(campaign)-\(step)-\(key).eml")
    }

    public func plan(_ schedule: Schedule) -> Planned {
        let scheduler = renderer.scheduler
        let stepDigests = scheduler.campaigns.map { campaign in campaign.steps.map { stepFingerprint(campaign, $0) } }
        var entries: [OutboxEntry] = []
        entries.reserveCapacity(schedule.messages.count)
        var csv = "send_at,campaign,step,contact,to,subject,kind,message_id,file\r\n"
        var skipped = 0
        for message in schedule.messages {
            guard let parts = renderer.parts(of: message) else {
                skipped += 1
                continue
            }
            let campaign = scheduler.campaigns[message.campaign]
            let step = campaign.steps[message.step]
            let list = scheduler.lists[message.list]
            let contact = list.contacts[message.contact]
            let location = Self.location(message, campaign: campaign.id, step: step.id, key: contact.key)
            let place = (directory: OutboxPath.sanitize(location.directory), fileName: OutboxPath.sanitize(location.fileName))
            var hasher = SHA256()
            hasher.update(data: stepDigests[message.campaign][message.step])
            for value in contact.values {
                hasher.update(data: Array((value?.text ?? "").utf8))
                hasher.update(data: [0x1F])
            }
            for part in [contact.key, list.name, String(message.instant), String(message.utcOffset), message.messageID,
                         parts.subject, parts.to.displayName ?? "", parts.to.address.description, parts.unsubscribeURL ?? ""] {
                hasher.update(data: Array(part.utf8))
                hasher.update(data: [0x1E])
            }
            let renderer = self.renderer
            entries.append(OutboxEntry(
                directory: place.directory, fileName: place.fileName,
                inputDigest: MessageIdentity.hexString(hasher.finalize(), count: 32),
                render: { renderer.render(message, parts: parts) }))
            let row = [AsOf.format(message.instant, offset: message.utcOffset), campaign.id, step.id, contact.key,
                       parts.to.address.description, parts.subject, campaign.campaign.kind.rawValue,
                       "<\(message.messageID)>", place.directory + "/" + place.fileName]
            csv += row.map { CSVText.quoted(HeaderEncoding.sanitize($0)) }.joined(separator: ",") + "\r\n"
        }
        return Planned(entries: entries, scheduleCSV: Array(csv.utf8), skipped: skipped)
    }

    /// What every message of a step shares: the practice, the campaign, the templates, the secret.
    private func stepFingerprint(_ campaign: CheckedCampaign, _ step: CheckedStep) -> [UInt8] {
        let practice = renderer.scheduler.practice
        var hasher = SHA256()
        let parts: [String] = [
            Self.renderingVersion, practice.name, practice.address, practice.domain, String(describing: practice.from),
            String(describing: practice.replyTo), practice.unsubscribe.url ?? "", practice.unsubscribe.mailto?.description ?? "",
            String(practice.allowHTML), campaign.id, campaign.campaign.title, campaign.campaign.kind.rawValue,
            String(describing: campaign.campaign.from), String(describing: campaign.campaign.replyTo), step.id,
            step.step.subject.scalar?.value ?? "", step.bodyMap.text,
            // A template that reads `today` renders differently every day; others do not.
            step.subject.usesToday || step.body.usesToday ? renderer.today.description : "",
            renderer.customLayout.map { String(decoding: $0.file.bytes, as: UTF8.self) } ?? "",
        ]
        for part in parts {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0x1E])
        }
        if let secret = renderer.secret { hasher.update(data: Array(SHA256.hash(data: secret))) }
        return Array(hasher.finalize())
    }
}
