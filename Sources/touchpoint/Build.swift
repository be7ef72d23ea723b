import ArgumentParser
import Foundation
import TouchpointKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Check the practice, then write the dated outbox of .eml files and schedule.csv.",
        discussion: "Nothing is written when the practice has errors. Only messages whose inputs changed are rendered again.")

    @OptionGroup var root: RootOptions
    @OptionGroup var schedule: ScheduleOptions

    @Option(help: ArgumentHelp("The outbox folder (default: out/ in the practice).", valueName: "dir"))
    var out: String?

    func run() throws {
        let directory = out.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: root.root).appendingPathComponent("out")
        // The writer reads the outbox as the last build left it while the practice is checked and
        // scheduled. TOUCHPOINT_PLAIN_REPLACE=1 turns off its reuse of replaced files.
        let plain = ProcessInfo.processInfo.environment["TOUCHPOINT_PLAIN_REPLACE"] == "1"
        let writer = OutboxWriter.open(directory: directory, replacement: plain ? .rename : .reuseOldFiles)
        let loaded = try ScheduledPractice.load(root, schedule, outcome: "nothing written", outbox: directory)
        let planned = BuildPlanner(renderer: loaded.renderer).plan(loaded.schedule)
        let terminal = Terminal.standardError
        var lastShown = 0
        let report = try writer.write(planned, schedule: planned.schedule) { done, total in
            guard terminal.isTTY, done == total || done - lastShown >= 250 else { return }
            lastShown = done
            Output.standardError("\r\u{1B}[Krendering \(done)/\(total)")
        }
        if terminal.isTTY, report.written > 0 { Output.standardError("\r\u{1B}[K") }
        let total = planned.count
        Output.standardError("touchpoint: \(total) \(total == 1 ? "message" : "messages") in \(directory.relativePath)/: "
            + "\(report.written) written, \(report.unchanged) unchanged, \(report.removed) removed\n")
    }
}
