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
        discussion: """
            Without --contact, the first contact the step reaches. The step's next scheduled date is used when it has one. \
            When the contact will not receive the message, the first line says why (on standard error with --as html or eml).
            """)

    @Argument(help: ArgumentHelp("The campaign, or campaign.step (default: its first step).", valueName: "campaign[.step]"))
    var target: String

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("The contact's key.", valueName: "key"))
    var contact: String?

    @Option(name: .customLong("as"), help: "text, html or eml.")
    var format: PreviewFormat = .text

    func run() throws {
        let scheduled = try root.scheduled(schedule, outcome: "nothing to preview")
        let preview = try usage { try scheduled.preview(target, contact: contact) }
        // A message the contact will not receive says so before anything else: on the first
        // line of the text, on standard error before a file of HTML or a whole message.
        let key = preview.contactKey
        let notice = preview.notSent.map { "Not sent to \(key): \($0)\n" } ?? ""
        let date = AsOf.format(preview.message.instant, offset: preview.message.utcOffset)
        if format != .text, let why = preview.notSent {
            try Output.standardError("touchpoint: not sent to \(key) (\(date)): \(why)\n")
        }
        switch format {
        case .eml:
            try Output.standardOutput(preview.eml)
        case .text:
            try Output.standardOutput(
                notice + "Date: \(date)\(preview.notSent == nil ? "" : " (not sent)")\nSubject: \(preview.parts.subject)\n"
                    + (preview.preheader.map { "Preheader: \($0)\n" } ?? "") + "To: \(preview.parts.to.address)\n\n" + preview.text)
        case .html:
            try Output.standardOutput(preview.html)
        }
    }
}
