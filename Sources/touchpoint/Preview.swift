import ArgumentParser
import Foundation
import TouchpointKit

enum PreviewFormat: String, ExpressibleByArgument, CaseIterable {
    case text, html, eml
}

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Print one message as a contact would receive it.",
        discussion: "Without --contact, the first contact the step reaches. The step's next scheduled date is used when it has one.")

    @Argument(help: ArgumentHelp("The campaign, or campaign.step (default: its first step).", valueName: "campaign[.step]"))
    var target: String

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("The contact's key.", valueName: "key"))
    var contact: String?

    @Option(name: .customLong("as"), help: "text, html or eml.")
    var format: PreviewFormat = .text

    func run() throws {
        let loaded = try ScheduledPractice.load(root, schedule, outcome: "nothing to preview")
        let scheduler = loaded.scheduler
        let parts = target.split(separator: ".", maxSplits: 1).map(String.init)
        guard let campaignIndex = scheduler.campaigns.firstIndex(where: { $0.id == parts.first }) else {
            throw ValidationError("no campaign '\(parts.first ?? target)'")
        }
        let campaign = scheduler.campaigns[campaignIndex]
        let stepIndex: Int
        if parts.count == 2 {
            guard let index = campaign.steps.firstIndex(where: { $0.id == parts[1] }) else {
                throw ValidationError("campaign '\(campaign.id)' has no step '\(parts[1])'; its steps are: "
                    + campaign.steps.map(\.id).joined(separator: ", "))
            }
            stepIndex = index
        } else {
            stepIndex = 0
        }
        let list = scheduler.lists[campaign.listIndex]
        let message: ScheduledMessage
        if let contact {
            guard let contactIndex = list.contacts.firstIndex(where: { $0.key == contact }) else {
                throw ValidationError("no contact '\(contact)' in '\(list.name)', the audience of '\(campaign.id)'")
            }
            message = scheduler.preview(campaign: campaignIndex, step: stepIndex, contact: contactIndex, asOf: loaded.schedule.asOf)
        } else {
            guard let first = loaded.schedule.messages.first(where: { $0.campaign == campaignIndex && $0.step == stepIndex }) else {
                throw ValidationError("no contact gets '\(campaign.id).\(campaign.steps[stepIndex].id)' within the horizon; "
                    + "name one with --contact")
            }
            message = first
        }
        let renderer = loaded.renderer
        guard let messageParts = renderer.parts(of: message) else {
            throw ValidationError("the contact has no valid e-mail address")
        }
        let bytes = renderer.render(message, parts: messageParts)
        switch format {
        case .eml:
            FileHandle.standardOutput.write(Data(bytes))
        case .text, .html:
            let rendered = renderer.bodies(message, parts: messageParts)
            Output.standardOutput(format == .text
                ? "Subject: \(messageParts.subject)\nTo: \(messageParts.to.address)\n\n" + rendered.text : rendered.html)
        }
    }
}
