import Foundation
import TouchpointCore

/// Builds the checked ``Practice`` from the YAML of `touchpoint.yaml`, reporting every problem.
/// A pure function of the document: it touches no file.
public struct PracticeReader: Sendable {
    public init() {}

    package static let topKeys: [KeySpec] = [
        .required("practice"), .optional("allow_html"), .optional("send_window"), .optional("limits"),
        .optional("horizon"), .required("unsubscribe"), .optional("suppression"), .optional("outbox"),
        .optional("keep_going"), .optional("delivery"), .optional("footer"), .optional("one_per_address"),
    ]
    package static let practiceKeys: [KeySpec] = [
        .required("name"), .required("from"), .optional("reply_to"), .required("address"),
        .required("timezone"), .optional("domain"), .optional("bounce"),
    ]
    package static let windowKeys: [KeySpec] = [.optional("days"), .optional("hours"), .optional("holidays")]
    package static let limitKeys: [KeySpec] = [.optional("marketing_per_contact"), .optional("max_removed")]
    package static let outboxKeys: [KeySpec] = [.optional("mode")]
    package static let deliveryKeys: [KeySpec] = [
        .optional("command"), .optional("rate"), .optional("attempts"), .optional("require_approval"),
    ]
    package static let unsubscribeKeys: [KeySpec] = [.optional("url"), .optional("mailto")]
    /// The longest unsubscribe URL a practice may give, leaving room for merged values within the
    /// one line `List-Unsubscribe` gives it.
    package static let longestUnsubscribeURL = 900
    package static let defaultHorizon = CalendarDuration(value: 60, unit: .day)

    /// The practice, or `nil` when the file has errors (they are in `diagnostics`).
    public func read(_ root: YAMLNode, diagnostics: inout DiagnosticBag) -> Practice? {
        let before = diagnostics.errorCount
        if let scalar = root.scalar, scalar.isNull {
            diagnostics.emit(
                Diagnostic(PracticeMessages.emptyFile(root.span.file.path), file: root.span.file.path)
                    .with(help: "start from the example in docs/tutorial.md, or run 'touchpoint init'"))
            return nil
        }
        guard let top = MappingReader(root, place: "the practice file", keys: Self.topKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let identity = top["practice"].flatMap { readIdentity($0, owner: top.keyNode("practice"), diagnostics: &diagnostics) }
        let allowHTML = top["allow_html"].flatMap { ScalarReader.boolean($0, key: "allow_html", diagnostics: &diagnostics) } ?? false
        let keepGoing = top["keep_going"].flatMap { ScalarReader.boolean($0, key: "keep_going", diagnostics: &diagnostics) } ?? false
        let window = top["send_window"].map { readWindow($0, diagnostics: &diagnostics).applied(to: .standard) } ?? SendWindow.standard
        let onePerAddress =
            top["one_per_address"].flatMap { ScalarReader.boolean($0, key: "one_per_address", diagnostics: &diagnostics) } ?? false
        let limits = top["limits"].map { readLimits($0, diagnostics: &diagnostics) }
        var groupReadable = false
        if let node = top["outbox"], let map = MappingReader(node, place: "'outbox'", keys: Self.outboxKeys, diagnostics: &diagnostics),
            let modeNode = map["mode"], let mode = ScalarReader.text(modeNode, key: "mode", diagnostics: &diagnostics)
        {
            switch mode {
            case "owner": groupReadable = false
            case "group": groupReadable = true
            default:
                diagnostics.emit(
                    Diagnostic(PracticeMessages.unknownOutboxMode(mode), at: modeNode.span)
                        .suggesting(mode, from: ["owner", "group"])
                        .with(help: "'owner' lets only the practice's user read out/; 'group' lets its group read it too"))
            }
        }
        let horizon = top["horizon"].flatMap { readDuration($0, key: "horizon", diagnostics: &diagnostics) } ?? Self.defaultHorizon
        let unsubscribe = top["unsubscribe"].flatMap {
            readUnsubscribe($0, owner: top.keyNode("unsubscribe"), diagnostics: &diagnostics)
        }
        let suppression = top["suppression"].flatMap { readRelativePath($0, key: "suppression", diagnostics: &diagnostics) }
        let delivery = top["delivery"].map { readDelivery($0, diagnostics: &diagnostics) } ?? .standard
        let footer = top["footer"].flatMap { ScalarReader.text($0, key: "footer", diagnostics: &diagnostics) == nil ? nil : $0 }
        guard diagnostics.errorCount == before, let identity, let unsubscribe else { return nil }
        var practice = Practice(
            name: identity.name, from: identity.from, replyTo: identity.replyTo, address: identity.address,
            timeZone: identity.timeZone, domain: identity.domain, bounce: identity.bounce, allowHTML: allowHTML,
            sendWindow: window, marketingCap: limits?.cap, horizon: horizon, unsubscribe: unsubscribe, suppression: suppression,
            maxRemovedPercent: limits?.maxRemovedPercent ?? Practice.defaultMaxRemovedPercent,
            outboxGroupReadable: groupReadable, keepGoing: keepGoing, delivery: delivery, onePerAddress: onePerAddress)
        practice.footerNode = footer
        return practice
    }

    private struct Identity {
        var name: String
        var from: Mailbox
        var replyTo: Mailbox?
        var address: String
        var timeZone: TimeZone
        var domain: String
        var bounce: EmailAddress
    }

    private func readIdentity(_ node: YAMLNode, owner: YAMLNode?, diagnostics: inout DiagnosticBag) -> Identity? {
        guard let map = MappingReader(node, place: "'practice'", keys: Self.practiceKeys, owner: owner, diagnostics: &diagnostics) else {
            return nil
        }
        let name = map["name"].flatMap { ScalarReader.text($0, key: "name", diagnostics: &diagnostics) }
        let from = map["from"].flatMap { readMailbox($0, key: "from", diagnostics: &diagnostics) }
        let replyTo = map["reply_to"].flatMap { readMailbox($0, key: "reply_to", diagnostics: &diagnostics) }
        let address = map["address"].flatMap { ScalarReader.text($0, key: "address", diagnostics: &diagnostics) }
        let timeZone = map["timezone"].flatMap { readTimeZone($0, diagnostics: &diagnostics) }
        var domain = from?.address.domain
        if let node = map["domain"], let text = ScalarReader.text(node, key: "domain", diagnostics: &diagnostics) {
            if EmailAddress.isValidDomain(text), text.contains(".") {
                domain = text
            } else {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.invalidDomain(text), at: node.span)
                        .with(help: "use the host name after the '@' of the practice's addresses, e.g. 'lincolnpt.example'"))
                domain = nil
            }
        }
        var bounce = from?.address
        if let node = map["bounce"] {
            bounce = readAddress(node, key: "bounce", diagnostics: &diagnostics)
        }
        guard let name, let from, let address, let timeZone, let domain, let bounce else { return nil }
        return Identity(
            name: name, from: from, replyTo: replyTo, address: address, timeZone: timeZone,
            domain: domain, bounce: bounce)
    }

    package func readMailbox(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> Mailbox? {
        guard let text = ScalarReader.text(node, key: key, diagnostics: &diagnostics) else { return nil }
        switch Mailbox.parse(text) {
        case .success(let mailbox):
            return mailbox
        case .failure(let problem):
            diagnostics.emit(
                Diagnostic(PracticeMessages.invalidMailbox(key, problem.explanation), at: node.span)
                    .with(help: "write it as \"Display Name <name@example.com>\" or as a bare address"))
            return nil
        }
    }

    package func readAddress(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> EmailAddress? {
        guard let text = ScalarReader.text(node, key: key, diagnostics: &diagnostics) else { return nil }
        var bare = text.trimmingSpaces
        if bare.lowercased().hasPrefix("mailto:") { bare = String(bare.dropFirst(7)) }
        switch EmailAddress.parse(bare) {
        case .success(let address):
            return address
        case .failure(let problem):
            diagnostics.emit(Diagnostic(PracticeMessages.invalidAddress(key, problem.explanation), at: node.span))
            return nil
        }
    }

    private func readTimeZone(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> TimeZone? {
        guard let text = ScalarReader.text(node, key: "timezone", diagnostics: &diagnostics) else { return nil }
        if let zone = TimeZoneCatalog.zone(named: text) { return zone }
        diagnostics.emit(
            Diagnostic(PracticeMessages.unknownTimeZone(text), at: node.span)
                .suggesting(text, from: TimeZoneCatalog.identifiers)
                .with(help: "use a name from the IANA time zone database, such as 'America/Chicago' or 'Europe/London'"))
        return nil
    }

    /// A `send_window:` mapping: the practice's, or a campaign's or step's own.
    package func readWindow(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> SendWindowOverride {
        var window = SendWindowOverride()
        guard let map = MappingReader(node, place: "'send_window'", keys: Self.windowKeys, diagnostics: &diagnostics) else {
            return window
        }
        if let daysNode = map["days"], let items = ScalarReader.list(daysNode, key: "days", diagnostics: &diagnostics) {
            var days: Set<Weekday> = []
            for item in items {
                guard let text = ScalarReader.text(item, key: "days", diagnostics: &diagnostics) else { continue }
                guard let day = Weekday(name: text.trimmingSpaces) else {
                    diagnostics.emit(
                        Diagnostic(PracticeMessages.unknownWeekday(text), at: item.span)
                            .suggesting(text.lowercased(), from: Weekday.allCases.flatMap { [$0.shortName, $0.fullName] })
                            .with(help: "use mon, tue, wed, thu, fri, sat, sun"))
                    continue
                }
                if !days.insert(day).inserted {
                    diagnostics.emit(Diagnostic(PracticeMessages.duplicateWeekday(text), at: item.span))
                }
            }
            if items.isEmpty {
                diagnostics.emit(Diagnostic(PracticeMessages.noSendDays(), at: daysNode.span))
            }
            window.days = days
        }
        if let hoursNode = map["hours"], let text = ScalarReader.text(hoursNode, key: "hours", diagnostics: &diagnostics) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(\.trimmingSpaces)
            let start = parts.count == 2 ? TimeOfDay(parts[0]) : nil
            let end = parts.count == 2 ? (parts[1] == "24:00" ? TimeOfDay.endOfDay : TimeOfDay(parts[1])) : nil
            if let start, let end {
                if start < end {
                    window.hours = (start, end)
                } else {
                    diagnostics.emit(
                        Diagnostic(PracticeMessages.emptyHours(text), at: hoursNode.span)
                            .with(help: "give the start first, as in \"08:00-18:00\""))
                }
            } else {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.invalidHours(text), at: hoursNode.span)
                        .with(help: "write the start and end on a 24-hour clock, as in \"08:00-18:00\""))
            }
        }
        if let holidaysNode = map["holidays"],
            let items = ScalarReader.list(holidaysNode, key: "holidays", diagnostics: &diagnostics)
        {
            window.holidays = []
            for item in items {
                guard let text = ScalarReader.text(item, key: "holidays", diagnostics: &diagnostics) else { continue }
                if let date = LocalDate(iso: text.trimmingSpaces) {
                    window.holidays?.insert(date)
                } else {
                    diagnostics.emit(Diagnostic(PracticeMessages.invalidDate(text), at: item.span))
                }
            }
        }
        return window
    }

    private func readLimits(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> (cap: FrequencyCap?, maxRemovedPercent: Int?) {
        guard let map = MappingReader(node, place: "'limits'", keys: Self.limitKeys, diagnostics: &diagnostics) else {
            return (nil, nil)
        }
        var maxRemoved: Int?
        if let removedNode = map["max_removed"], let text = ScalarReader.text(removedNode, key: "max_removed", diagnostics: &diagnostics) {
            let digits = text.hasSuffix("%") ? String(text.dropLast()).trimmingSpaces : ""
            if let percent = Int(digits), (0...100).contains(percent) {
                maxRemoved = percent
            } else {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.invalidMaxRemoved(text), at: removedNode.span)
                        .with(help: "write a percentage of the still-due messages, as in \"20%\"; \"100%\" turns the guard off"))
            }
        }
        return (readCap(map, diagnostics: &diagnostics), maxRemoved)
    }

    private func readCap(_ map: MappingReader, diagnostics: inout DiagnosticBag) -> FrequencyCap? {
        guard let capNode = map["marketing_per_contact"],
            let text = ScalarReader.text(capNode, key: "marketing_per_contact", diagnostics: &diagnostics)
        else {
            return nil
        }
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 4, words[1] == "per", let count = Int(words[0]), count >= 1,
            let period = Self.parseDuration(words[2...].joined(separator: " ")), period.unit != .month
        else {
            diagnostics.emit(
                Diagnostic(PracticeMessages.invalidCap(text), at: capNode.span)
                    .with(help: "write a count and a period in days or weeks, as in \"2 per 7 days\""))
            return nil
        }
        return FrequencyCap(count: count, days: period.value * (period.unit == .week ? 7 : 1))
    }

    private func readDelivery(_ node: YAMLNode, diagnostics: inout DiagnosticBag) -> DeliverySettings {
        var settings = DeliverySettings.standard
        guard let map = MappingReader(node, place: "'delivery'", keys: Self.deliveryKeys, diagnostics: &diagnostics) else {
            return settings
        }
        if let commandNode = map["command"], let items = ScalarReader.list(commandNode, key: "command", diagnostics: &diagnostics) {
            var command: [String] = []
            for item in items {
                guard let text = ScalarReader.text(item, key: "command", diagnostics: &diagnostics) else { continue }
                for placeholder in DeliverySettings.unknownPlaceholders(in: text) {
                    diagnostics.emit(
                        Diagnostic(PracticeMessages.unknownPlaceholder(placeholder), at: item.span)
                            .suggesting(placeholder, from: DeliverySettings.placeholders)
                            .with(help: "a command may hold '{from}' (the practice's bounce address) and '{to}' (the recipient)"))
                }
                command.append(text)
            }
            if items.isEmpty {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.emptyCommand(), at: commandNode.span)
                        .with(help: "name the program and its arguments, as in [/usr/sbin/sendmail, -i, -f, \"{from}\", --, \"{to}\"]"))
            } else if let program = command.first, program.contains("{") {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.placeholderProgram(), at: items[0].span)
                        .with(help: "the first item is the program to run; put the placeholders in its arguments"))
            } else if command.count == items.count {
                settings.command = command
            }
        }
        if let rateNode = map["rate"], let text = ScalarReader.text(rateNode, key: "rate", diagnostics: &diagnostics) {
            if let rate = DeliverySettings.Rate.parse(text) {
                settings.rate = rate
            } else {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.invalidRate(text), at: rateNode.span)
                        .with(help: "write a number of messages per second, minute or hour, as in \"60/min\""))
            }
        }
        if let attemptsNode = map["attempts"], let count = ScalarReader.integer(attemptsNode, key: "attempts", diagnostics: &diagnostics) {
            if (1...100).contains(count) {
                settings.attempts = count
            } else {
                diagnostics.emit(
                    Diagnostic(PracticeMessages.invalidAttempts(count), at: attemptsNode.span)
                        .with(help: "give a number from 1 to 100; 3 tries a refused message on three runs"))
            }
        }
        if let node = map["require_approval"], let required = ScalarReader.boolean(node, key: "require_approval", diagnostics: &diagnostics)
        {
            settings.requireApproval = required
        }
        return settings
    }

    private func readDuration(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> CalendarDuration? {
        guard let text = ScalarReader.text(node, key: key, diagnostics: &diagnostics) else { return nil }
        guard let duration = Self.parseDuration(text) else {
            diagnostics.emit(
                Diagnostic(PracticeMessages.invalidDuration(key, text), at: node.span)
                    .with(help: "write a whole number and a unit: days, weeks or months"))
            return nil
        }
        return duration
    }

    /// The largest N a duration takes: far beyond any horizon or cap a practice needs, and small
    /// enough that converting it to days or adding it to a date cannot overflow.
    package static let maxDurationValue = 10_000

    /// `N day(s)|week(s)|month(s)`, 1 ≤ N ≤ ``maxDurationValue``.
    public static func parseDuration(_ text: String) -> CalendarDuration? {
        let words = text.split(separator: " ")
        guard words.count == 2, let value = Int(words[0]), (1...maxDurationValue).contains(value) else { return nil }
        let unitWord = words[1].lowercased()
        guard
            let unit = CalendarDuration.Unit.allCases.first(where: {
                unitWord == $0.rawValue || unitWord == $0.rawValue + "s"
            })
        else { return nil }
        return CalendarDuration(value: value, unit: unit)
    }

    /// `owner` is the `unsubscribe` key, where a missing method is reported.
    private func readUnsubscribe(_ node: YAMLNode, owner: YAMLNode?, diagnostics: inout DiagnosticBag) -> Unsubscribe? {
        guard let map = MappingReader(node, place: "'unsubscribe'", keys: Self.unsubscribeKeys, diagnostics: &diagnostics) else {
            return nil
        }
        var result = Unsubscribe()
        if let urlNode = map["url"], let text = ScalarReader.text(urlNode, key: "url", diagnostics: &diagnostics) {
            let lowered = text.lowercased()
            if text.utf8.count > Self.longestUnsubscribeURL {
                // Merged values and percent-encoding only make it longer (the writer's limit is 977).
                diagnostics.emit(
                    Diagnostic(PracticeMessages.overlongURL(text.utf8.count, limit: Self.longestUnsubscribeURL), at: urlNode.span)
                        .with(help: "use a short address for the unsubscribe page; the contact's token is all it needs"))
            } else if lowered.hasPrefix("https://"), text.count > 8 {
                result.url = text
                result.urlNode = urlNode
            } else if lowered.hasPrefix("http://"), text.count > 7 {
                result.url = text
                result.urlNode = urlNode
                diagnostics.emit(
                    Diagnostic(PracticeMessages.insecureUnsubscribeURL(), at: urlNode.span)
                        .with(help: "serve the unsubscribe page over https"))
            } else {
                diagnostics.emit(Diagnostic(PracticeMessages.invalidURL(text), at: urlNode.span))
            }
        }
        if let mailtoNode = map["mailto"] {
            result.mailto = readAddress(mailtoNode, key: "mailto", diagnostics: &diagnostics)
        }
        if map["url"] == nil, map["mailto"] == nil {
            diagnostics.emit(
                Diagnostic(PracticeMessages.missingUnsubscribeMethod(), at: owner?.span ?? node.span)
                    .with(help: "add 'mailto: unsubscribe@your-practice.example' under 'unsubscribe'"))
            return nil
        }
        return result
    }

    /// A path relative to the practice root that does not climb out of it.
    package func readRelativePath(_ node: YAMLNode, key: String, diagnostics: inout DiagnosticBag) -> String? {
        guard let text = ScalarReader.text(node, key: key, diagnostics: &diagnostics) else { return nil }
        let components = text.split(separator: "/", omittingEmptySubsequences: true)
        if text.hasPrefix("/") || components.contains("..") {
            diagnostics.emit(
                Diagnostic(PracticeMessages.pathOutsideRoot(text), at: node.span)
                    .with(help: "give a path inside the practice folder, such as 'contacts/unsubscribed.txt'"))
            return nil
        }
        return components.joined(separator: "/")
    }
}
