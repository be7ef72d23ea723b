import Foundation
import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

/// A small practice for scheduler tests: `touchpoint.yaml`, a `patients` list and campaigns,
/// written to a scratch folder and loaded through the front door as a build loads them.
struct SchedulePractice {
    /// One row of `contacts/patients.csv`; an empty string is an empty cell.
    struct Patient {
        var id: String
        var email = ""
        var status = "active"
        var firstVisit = ""
        var dischargeDate = ""
        var birthday = ""
        var subscribed = ""
        var timezone = ""

        init(
            _ id: String, email: String? = nil, status: String = "active", firstVisit: String = "",
            dischargeDate: String = "", birthday: String = "", subscribed: String = "", timezone: String = ""
        ) {
            self.id = id
            self.email = email ?? "\(id)@mail.example"
            self.status = status
            self.firstVisit = firstVisit
            self.dischargeDate = dischargeDate
            self.birthday = birthday
            self.subscribed = subscribed
            self.timezone = timezone
        }
    }

    /// One step of a campaign.
    struct Step {
        var id: String
        var send: String
        var condition: String?
        /// More lines of the step, such as `if_moved: skip`, indented as its keys.
        var lines: [String]
        var subject = "A note from the clinic"

        init(_ id: String, _ send: String, where condition: String? = nil, lines: [String] = [], subject: String? = nil) {
            self.id = id
            self.send = send
            self.condition = condition
            self.lines = lines
            if let subject { self.subject = subject }
        }
    }

    /// One campaign file.
    struct CampaignFile {
        var id: String
        var kind = "care"
        var priority = 0
        var condition: String?
        var steps: [Step]
        /// More top-level lines, such as `one_per_address: true`.
        var lines: [String]

        init(
            _ id: String, kind: String = "care", priority: Int = 0, where condition: String? = nil, lines: [String] = [],
            steps: [Step]
        ) {
            self.id = id
            self.kind = kind
            self.priority = priority
            self.condition = condition
            self.lines = lines
            self.steps = steps
        }
    }

    var timezone = "America/Chicago"
    var days = "[mon, tue, wed, thu, fri]"
    var hours = "08:00-18:00"
    var holidays: [String] = []
    var cap: String?
    var horizon = "60 days"
    /// Lines of `contacts/unsubscribed.txt`; `nil` leaves out `suppression`.
    var suppressed: [String]?
    var patients: [Patient] = []
    var campaigns: [CampaignFile] = []
    /// More lines of `touchpoint.yaml`, such as `one_per_address: true`.
    var lines: [String] = []

    static let allDays = "[mon, tue, wed, thu, fri, sat, sun]"

    var practiceFile: String {
        var text = """
            practice:
              name: Lincoln Physical Therapy
              from: "Lincoln Physical Therapy <care@lincolnpt.example>"
              address: "1200 O Street, Lincoln, NE 68508"
              timezone: \(timezone)
              domain: lincolnpt.example
            send_window:
              days: \(days)
              hours: "\(hours)"
              holidays: [\(holidays.joined(separator: ", "))]
            horizon: \(horizon)
            unsubscribe:
              mailto: unsubscribe@lincolnpt.example

            """
        if let cap { text += "limits:\n  marketing_per_contact: \(cap)\n" }
        if suppressed != nil { text += "suppression: contacts/unsubscribed.txt\n" }
        for line in lines { text += line + "\n" }
        return text
    }

    static let schemaFile = """
        key: id
        email: email
        timezone: timezone
        consent: subscribed
        fields:
          id: { type: string, required: true }
          email: { type: email, unique: false }
          status: { type: enum, values: [prospect, active, discharged, lapsed] }
          first_visit: date
          discharge_date: date
          birthday: date
          subscribed: { type: boolean, default: true }
          timezone: timezone

        """

    var contactsFile: String {
        var text = "id,email,status,first_visit,discharge_date,birthday,subscribed,timezone\n"
        for patient in patients {
            text +=
                [
                    patient.id, patient.email, patient.status, patient.firstVisit, patient.dischargeDate,
                    patient.birthday, patient.subscribed, patient.timezone,
                ].joined(separator: ",") + "\n"
        }
        return text
    }

    static func campaignText(_ campaign: CampaignFile) -> String {
        var text = """
            campaign: \(campaign.id)
            title: Campaign \(campaign.id)
            audience: patients
            kind: \(campaign.kind)
            priority: \(campaign.priority)

            """
        if let condition = campaign.condition { text += "where: '\(condition)'\n" }
        for line in campaign.lines { text += line + "\n" }
        text += "steps:\n"
        for step in campaign.steps {
            text += "  - id: \(step.id)\n    send: \(step.send)\n"
            if let condition = step.condition { text += "    where: '\(condition)'\n" }
            for line in step.lines { text += "    " + line + "\n" }
            text += "    subject: \"\(step.subject)\"\n    body: \"Hello from the clinic.\"\n"
        }
        return text
    }

    /// Writes the practice into `folder`.
    func write(to folder: ScratchFolder) throws {
        try folder.write("touchpoint.yaml", practiceFile)
        try folder.write("contacts/patients.schema.yaml", Self.schemaFile)
        try folder.write("contacts/patients.csv", contactsFile)
        if let suppressed {
            try folder.write("contacts/unsubscribed.txt", suppressed.joined(separator: "\n") + "\n")
        }
        for campaign in campaigns {
            try folder.write("campaigns/\(campaign.id).yaml", Self.campaignText(campaign))
        }
    }

    /// Writes, checks and loads the practice; records an issue for every error the check finds.
    func load(sent: Set<String> = [], ledger: DeliveryLedger? = nil) throws -> Loaded {
        let folder = try ScratchFolder()
        try write(to: folder)
        let pipeline = try TestPipeline.load(practice: folder.url, secret: "x", sent: sent, ledger: ledger)
        let errors = pipeline.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "the practice has errors: \(errors.map { "\($0.lineColumnID) \($0.message)" })")
        #expect(pipeline.scheduler.campaigns.count == campaigns.count)
        return Loaded(pipeline: pipeline)
    }
}

/// A loaded practice, ready to schedule.
struct Loaded {
    let pipeline: TestPipeline

    var scheduler: Scheduler { pipeline.scheduler }
    var zone: ZonedTime { pipeline.zone }

    /// The as-of instant of `text` (a date or date and time, as `--as-of` takes it).
    func instant(_ text: String) -> Int {
        guard let instant = AsOf.parse(text, zone: zone) else {
            Issue.record("bad as-of \(text)")
            return 0
        }
        return instant
    }

    /// The schedule as of `asOf` over the practice's horizon.
    func schedule(asOf text: String) -> Schedule {
        schedule(asOf: instant(text))
    }

    func schedule(asOf: Int) -> Schedule {
        pipeline.schedule(asOf: asOf)
    }

    /// `campaign.step contact send-at`, as the assertions compare messages.
    func line(_ message: ScheduledMessage) -> String {
        let campaign = scheduler.campaigns[message.campaign]
        let key = scheduler.lists[message.list].contacts[message.contact].key
        return "\(campaign.id).\(campaign.steps[message.step].id) \(key) \(AsOf.format(message.instant, offset: message.utcOffset))"
    }

    func lines(_ schedule: Schedule) -> [String] { schedule.messages.map(line) }

    /// `reason campaign.step contact send-at` for each dropped message.
    func droppedLines(_ schedule: Schedule) -> [String] {
        schedule.dropped.map { "\($0.reason.rawValue) \(line($0.message))" }
    }

    func key(_ message: ScheduledMessage) -> String {
        scheduler.lists[message.list].contacts[message.contact].key
    }
}
