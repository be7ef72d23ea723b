import TouchpointCore

/// Checks of where and when a step's sends land: rules that never send or send once where every
/// year was meant, days some months lack, times the clocks skip, and words that stop being true
/// when the send window moves a message.
extension CampaignChecker {
    /// The words that name a day relative to the send: a message that moves makes them false.
    /// English only; `this morning` may be split by any spaces or a line break.
    package static let relativeDayWords = ["today", "tomorrow", "yesterday", "tonight", "this morning"]

    func checkRule(
        _ rule: SendRule, step: Campaign.Step, list: ContactList, anchors: [Int?], window: SendWindow?,
        diagnostics: inout DiagnosticBag
    ) {
        let map = ScalarTextMap(step.sendNode)
        func span(_ range: Range<Int>) -> SourceSpan { map?.span(range) ?? step.sendNode.span }
        let at = (rule.time ?? window?.start).map { " at \($0)" } ?? ""
        switch rule.timing {
        case .relative(0, let unit, .before, let field):
            guard let index = anchors.first ?? nil, list.schema.fields[index].type == .date else { break }
            let start = map.map { Self.firstWordStart(in: $0.text) } ?? 0
            diagnostics.emit(
                Diagnostic(
                    CampaignMessages.sameDayBefore(0, unit.rawValue + "s", field: field.name), at: span(start..<field.range.upperBound)
                )
                .with(note: "a 'before' rule must arrive before the day of '\(field.name)', and 0 days before is that day")
                .with(help: "to send on the day, write 'on \(field.name)\(at)'"))
        case .onField(let reference, everyYear: false):
            guard let index = anchors.first ?? nil else { break }
            let field = list.schema.fields[index]
            let why: String
            if field.looksLikeBirthDate {
                why = "'\(field.name)' holds birth dates, which are past"
            } else if field.past {
                why = "'\(field.name)' is 'past: true', so its dates are never after the day of the check"
            } else {
                break
            }
            diagnostics.emit(
                Diagnostic(CampaignMessages.yearlyDateOnce(reference.name, why: why), at: span(reference.range))
                    .with(note: "'\(field.name)' is declared here", at: field.span)
                    .with(help: "write 'on \(reference.name) every year\(at)' to send on each anniversary"))
        case .monthly(.day(31), let range):
            diagnostics.emit(
                Diagnostic(CampaignMessages.shortMonthDay("31st"), at: span(range))
                    .with(note: "February, April, June, September and November get it on their last day")
                    .with(help: "write 'on the last day of every month\(rule.time.map { " at \($0)" } ?? "")' to say so"))
        default:
            break
        }
        if case .hours = rule.timing { return }
        if let time = rule.time, let range = rule.timeRange, let practice, let window {
            for gap in clockGaps where gap.contains(time.minutes) {
                let later = time.minutes + gap.end - gap.start
                let instead: String
                if window.contains(TimeOfDay(minutesSinceMidnight: later)) {
                    instead = "that night it goes at \(TimeOfDay(minutesSinceMidnight: later)), \(gap.end - gap.start) minutes later"
                } else if gap.start > window.start.minutes {
                    instead =
                        "that night it goes at \(TimeOfDay(minutesSinceMidnight: gap.start - 1)), the send window's last minute "
                        + "before the clocks change (\(TimeOfDay(minutesSinceMidnight: later)) would be outside it)"
                } else {
                    instead = "that night the send window's hours do not exist, and the message is not sent"
                }
                diagnostics.emit(
                    Diagnostic(
                        CampaignMessages.timeInClockGap(time.description, zone: practice.timeZone.identifier, gap: gap.description),
                        at: span(range)
                    )
                    .with(note: instead)
                    .with(help: "pick a time outside \(gap.description) to send at the same time every day"))
            }
        }
    }

    /// A relative day word in a step whose send the window can move.
    func checkMoves(_ step: CheckedStep, list: ContactList, diagnostics: inout DiagnosticBag) {
        guard let why = Self.howItMoves(step) else { return }
        let anchor = step.send.fields.first?.name
        let help =
            anchor.map {
                "write the date itself, as in '{{ \($0) | date: \"%A, %B %-d\" }}', or set 'if_moved: skip' to send only on the rule's own day"
            }
            ?? "write the date itself, or set 'if_moved: skip' to send only on the rule's own day"
        var reported: Set<String> = []
        let subjectMap =
            ScalarTextMap(step.step.subject) ?? ScalarTextMap(file: step.step.subject.span.file, range: step.step.subject.span.range)
        for (template, map) in [(step.subject, subjectMap), (step.body, step.bodyMap)] {
            for (word, range) in Self.relativeDayWords(in: template.nodes) where reported.insert(word).inserted {
                diagnostics.emit(
                    Diagnostic(CampaignMessages.relativeDayWord(word, step: step.id, why: why), at: map.span(range))
                        .with(help: help))
            }
        }
    }

    /// Why a step's send can land on another day than its rule's, or `nil` when it cannot.
    static func howItMoves(_ step: CheckedStep) -> String? {
        guard step.movePolicy == .earlier || step.movePolicy == .later else { return nil }
        let window = step.window
        let direction = step.movePolicy == .earlier ? "earlier" : "later"
        let closedDays = Weekday.allCases.filter { !window.days.contains($0) }.sorted { ($0.rawValue + 5) % 7 < ($1.rawValue + 5) % 7 }
        switch step.send.timing {
        case .onDate(let date):
            guard !window.allows(date) else { return nil }
            return
                "\(date) is \(window.holidays.contains(date) ? "a holiday" : "a \(date.weekday.fullName)"), so the send window moves it \(direction)"
        case .weekly(_, let weekday, _), .monthly(.weekday(_, let weekday), _):
            // Always on one weekday: only a closed weekday or a holiday moves it.
            if !window.days.contains(weekday) {
                return "\(weekday.fullName) is not a day of the send window, so it moves \(direction)"
            }
            if !window.holidays.isEmpty { return "on a holiday the send window moves it \(direction)" }
            return nil
        case .hours:
            if !closedDays.isEmpty || !window.holidays.isEmpty || window.start.minutes > 0 || window.end.minutes < 24 * 60 {
                return "outside the send window's days and hours it moves \(direction)"
            }
            return nil
        default:
            if !closedDays.isEmpty {
                return "on a \(closedDays.map(\.fullName).joined(separator: " or ")) the send window moves it \(direction)"
            }
            if !window.holidays.isEmpty { return "on a holiday the send window moves it \(direction)" }
            return nil
        }
    }

    /// Each relative day word in the text of `nodes` (not in tags), with its byte range.
    static func relativeDayWords(in nodes: [Template.Node]) -> [(String, Range<Int>)] {
        var found: [(String, Range<Int>)] = []
        for node in nodes {
            switch node {
            case .text(let text, let range):
                found += relativeDayWords(in: Array(text.utf8)).map {
                    ($0.0, (range.lowerBound + $0.1.lowerBound)..<(range.lowerBound + $0.1.upperBound))
                }
            case .conditional(let block):
                for branch in block.branches { found += relativeDayWords(in: branch.body) }
                if let body = block.elseBody { found += relativeDayWords(in: body) }
            default:
                break
            }
        }
        return found
    }

    private static func relativeDayWords(in bytes: [UInt8]) -> [(String, Range<Int>)] {
        func lowered(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        func isLetter(_ offset: Int) -> Bool {
            guard bytes.indices.contains(offset) else { return false }
            let byte = lowered(bytes[offset])
            return (0x61...0x7A).contains(byte) || byte >= 0x80 || (0x30...0x39).contains(byte)
        }
        /// The end of `word` written at `start`, a run of spaces standing for each space in it.
        func match(_ word: [UInt8], at start: Int) -> Int? {
            var offset = start
            for letter in word {
                if letter == 0x20 {
                    guard bytes.indices.contains(offset), bytes[offset] == 0x20 || bytes[offset] == 0x0A else { return nil }
                    while bytes.indices.contains(offset), bytes[offset] == 0x20 || bytes[offset] == 0x0A { offset += 1 }
                    continue
                }
                guard bytes.indices.contains(offset), lowered(bytes[offset]) == letter else { return nil }
                offset += 1
            }
            return offset
        }
        var found: [(String, Range<Int>)] = []
        let words = relativeDayWords.map { ($0, Array($0.utf8)) }
        for start in bytes.indices where !isLetter(start - 1) {
            for (word, letters) in words {
                if let end = match(letters, at: start), !isLetter(end) { found.append((word, start..<end)) }
            }
        }
        return found
    }

    /// Where the first word of a rule's text begins.
    private static func firstWordStart(in text: String) -> Int {
        text.utf8.prefix { $0 == 0x20 || $0 == 0x09 }.count
    }
}
