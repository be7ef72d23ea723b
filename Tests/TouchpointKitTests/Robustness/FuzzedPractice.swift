/// A random practice whose files have the right shape — a `touchpoint.yaml`, a schema, a CSV and
/// one to three campaigns — filled with awkward text: any Unicode, control characters, CR and LF,
/// very long words, quotes, things that look like encoded words, headers, HTML, Markdown, merge
/// fields or e-mail addresses. Values sit in the CSV (quoted as RFC 4180 quotes them) and in YAML
/// double-quoted scalars (escaped as YAML escapes them), so the files themselves are well formed;
/// what the tool makes of the text is what the robustness test looks at. The whole practice
/// follows from `seed`.
struct FuzzedPractice {
    static let asOf = "2026-11-30"
    static let zones = ["America/Chicago", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"]

    /// Text that means something to a mail header, a template or a Markdown renderer, beside
    /// `AwkwardText`'s pieces; in contact values it must all arrive literally.
    static let hostile: [String] = [
        "=?UTF-8?Q?=0A?=", "=?utf-8?b?SGk=?=", "=?", "?=", "=?UTF-8?Q?", "Bcc: x@evil.example", "\r\nBcc: y@evil.example",
        "\nTo: z@evil.example", "\"Quoted\" <q@evil.example>", "a@b.example, c@d.example", ";", ",", "<", ">", "\\\"",
        "**bold**", "[link](http://a.example)", "# heading\n", "> quote", "```", "- item\n", "1. one\n", "| a | b |",
        "~~gone~~", "{{ first_name }}", "{% if true %}", "%}", "}}", "\u{0}", "\u{8}", "\u{2028}", "\u{FEFF}", "\u{FFFD}",
        "\u{202E}", "Ω", "ǅ", "Ольга", String(repeating: "x", count: 200), String(repeating: "é", count: 120),
        String(repeating: "日本", count: 60), String(repeating: "=", count: 90), ".\r\n.\r\n", "From ", "\n.\n",
        "x@\u{301}y", "\"\u{338}", "\r\u{301}", "\u{0600}👨‍👩‍👧\u{301}\u{301}", "e" + String(repeating: "\u{301}", count: 30),
    ]

    static let statuses = ["prospect", "active", "discharged", "lapsed"]
    static let sendRules = [
        "1 day before first_visit at 09:00", "2 days before first_visit", "1 day after first_visit at 17:30",
        "1 week after first_visit at 08:15", "on first_visit at 12:00", "on 2026-12-09 at 10:00",
        "every 1 week after first_visit until discharge_date at 11:00",
    ]
    static let wheres = [
        "status == \"active\"", "first_visit is not empty", "nps >= 5 or nps is empty", "\"runner\" in tags",
        "not (status in [\"discharged\", \"lapsed\"])", "subscribed", "note contains \"a\"",
    ]

    let seed: UInt64
    /// Every file, by its path in the practice folder.
    let files: [String: [UInt8]]

    init(seed: UInt64) {
        self.seed = seed
        var random = SeededGenerator(seed: seed)
        var files: [String: String] = [:]
        let allowHTML = Bool.random(using: &random)
        let withURL = Bool.random(using: &random)
        files["touchpoint.yaml"] = Self.practiceFile(allowHTML: allowHTML, withURL: withURL, &random)
        files["contacts/patients.schema.yaml"] = Self.schema
        files["contacts/patients.csv"] = Self.contacts(&random)
        for index in 0..<Int.random(in: 1...3, using: &random) {
            files["campaigns/c\(index).yaml"] = Self.campaign(index, allowHTML: allowHTML, &random)
        }
        files[".touchpoint-secret"] = "fuzzed-practice-secret\n"
        self.files = files.mapValues { Array($0.utf8) }
    }

    /// Awkward text: `AwkwardText`'s fragments and the hostile ones.
    static func text(
        _ random: inout SeededGenerator, pieces: ClosedRange<Int> = 0...8,
        where keep: (String) -> Bool = { _ in true }
    ) -> String {
        let all = (AwkwardText.fragments + hostile).filter(keep)
        var text = ""
        for _ in 0..<Int.random(in: pieces, using: &random) {
            text += all.randomElement(using: &random) ?? ""
        }
        return text
    }

    /// Literal text for a template: nothing that opens a tag, and no raw HTML unless allowed.
    static func templateText(
        _ random: inout SeededGenerator, allowHTML: Bool, oneLine: Bool = false,
        pieces: ClosedRange<Int> = 0...6
    ) -> String {
        text(&random, pieces: pieces) { piece in
            !piece.contains("{") && !piece.contains("}") && !piece.contains("\u{0}") && !piece.hasPrefix("#")
                && (allowHTML || !piece.contains("<"))
                && !(oneLine && piece.unicodeScalars.contains { lineBreaks.contains($0) })
        }
    }

    /// What ends a line somewhere: a subject holds none of them.
    static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{B}", "\u{C}", "\u{85}", "\u{2028}", "\u{2029}"]

    /// `text` as a YAML double-quoted scalar: every character kept, controls escaped.
    static func quoted(_ text: String) -> String {
        var scalar = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": scalar += "\\\""
            case "\\": scalar += "\\\\"
            case "\n": scalar += "\\n"
            case _
            where character.value < 0x20 || (0x7F...0x9F).contains(character.value)
                || [0x2028, 0x2029, 0xFEFF].contains(character.value):
                let hex = String(character.value, radix: 16)
                scalar += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: scalar.unicodeScalars.append(character)
            }
        }
        return scalar + "\""
    }

    /// `text` as an RFC 4180 field, always quoted. Quotes are doubled scalar by scalar: a quote
    /// followed by a combining mark is one `Character`, which a `String` search does not find.
    static func csvField(_ text: String) -> String {
        var field = "\""
        for scalar in text.unicodeScalars {
            field.unicodeScalars.append(scalar)
            if scalar == "\"" { field.unicodeScalars.append(scalar) }
        }
        return field + "\""
    }

    static func practiceFile(allowHTML: Bool, withURL: Bool, _ random: inout SeededGenerator) -> String {
        let name = "Clinic " + text(&random, pieces: 0...4)
        let sender = Bool.random(using: &random) ? "Prairie Motion" : text(&random, pieces: 1...4) { !$0.contains("\u{0}") }
        let zone = zones.randomElement(using: &random) ?? "America/Chicago"
        let unsubscribe = withURL ? "  url: \"https://clinic.example/u/{{ contact.token }}\"\n" : ""
        return """
            practice:
              name: \(quoted(name))
              from: \(quoted(quoted(sender) + " <care@clinic.example>"))
              address: \(quoted("1 Main Street " + text(&random, pieces: 0...3)))
              timezone: \(zone)
            allow_html: \(allowHTML)
            send_window:
              days: [mon, tue, wed, thu, fri, sat, sun]
              hours: "07:00-21:00"
            horizon: 30 days
            unsubscribe:
            \(unsubscribe)  mailto: unsubscribe@clinic.example

            """
    }

    static let schema = """
        key: id
        email: email
        name: "{{ first_name }} {{ last_name }}"
        consent: subscribed
        fields:
          id: { type: string, required: true }
          first_name: { type: string, required: true }
          last_name: string
          email: { type: email, required: true }
          status: { type: enum, values: [prospect, active, discharged, lapsed] }
          first_visit: date
          discharge_date: date
          tags: { type: list, separator: ";" }
          nps: { type: integer, min: 0, max: 10 }
          subscribed: { type: boolean, default: true }
          note: string

        """

    static func contacts(_ random: inout SeededGenerator) -> String {
        var rows = ["id,first_name,last_name,email,status,first_visit,discharge_date,tags,nps,subscribed,note"]
        for index in 0..<Int.random(in: 1...5, using: &random) {
            let key = Int.random(in: 0..<4, using: &random) == 0 ? "p\(index)" + text(&random, pieces: 1...2) : "p\(index)"
            let addresses = [
                "p\(index)@mail.example", "O'Brien.p\(index)+tag@Mail.Example", "shared@mail.example",
                "p\(index)@xn--bcher-kva.example",
            ]
            let address = addresses.randomElement(using: &random) ?? ""
            let visit = Int.random(in: 0..<5, using: &random) == 0 ? "" : "2026-12-\(10 + Int.random(in: 0...18, using: &random))"
            let discharge = Bool.random(using: &random) ? "" : "2026-12-\(20 + Int.random(in: 0...9, using: &random))"
            let tags = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                Bool.random(using: &random) ? "runner" : text(&random, pieces: 1...2) { !$0.contains(";") }
            }
            let fields = [
                key, "Pat" + text(&random), text(&random), address,
                statuses.randomElement(using: &random) ?? "", visit, discharge, tags.joined(separator: ";"),
                Bool.random(using: &random) ? "" : String(Int.random(in: 0...10, using: &random)),
                ["", "yes", "no", "TRUE", "0"].randomElement(using: &random) ?? "", text(&random, pieces: 0...12),
            ]
            rows.append(fields.map(csvField).joined(separator: ","))
        }
        return rows.joined(separator: Bool.random(using: &random) ? "\r\n" : "\n") + "\n"
    }

    static func campaign(_ index: Int, allowHTML: Bool, _ random: inout SeededGenerator) -> String {
        var lines = [
            "campaign: c\(index)",
            "title: " + quoted("Title " + templateText(&random, allowHTML: true)),
            "audience: patients",
            "kind: " + (Bool.random(using: &random) ? "care" : "marketing"),
            "priority: \(Int.random(in: 0...3, using: &random))",
        ]
        if Bool.random(using: &random) { lines.append("where: " + quoted(wheres.randomElement(using: &random) ?? "")) }
        lines.append("steps:")
        for step in 0..<Int.random(in: 1...2, using: &random) {
            lines.append("  - id: s\(step)")
            lines.append("    send: " + (sendRules.randomElement(using: &random) ?? ""))
            lines.append("    subject: " + quoted("Re " + template(&random, allowHTML: true, oneLine: true, paragraphs: 1...1)))
            lines.append("    body: " + quoted("Hello " + template(&random, allowHTML: allowHTML, paragraphs: 1...4)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Merge fields, filters and `{% if %}` among awkward literal text.
    static let pieces = [
        "{{ first_name }}", "{{ last_name | default: \"friend\" }}", "{{ note | default: \"-\" | upcase }}",
        "{{ first_visit | date: \"%A, %B %-d\" | default: \"soon\" }}", "{{ tags | join: \", \" }}",
        "{{ contact.first_name | capitalize }}", "{{ practice.name }}", "{{ practice.address }}", "{{ campaign.title }}",
        "{{ send_date | date: \"%B %-d\" }}", "{{ status | default: \"new\" | downcase }}", "{{ nps | default: \"0\" }}",
        "{% if nps > 8 %}Thanks!{% elsif \"runner\" in tags %}Run{% else %}{{ last_name | default: \"x\" }}{% endif %}",
        "{% if note is not empty %}Note: {{ note }}{% endif %}", "{% comment %}not sent{% endcomment %}",
    ]

    static func template(
        _ random: inout SeededGenerator, allowHTML: Bool, oneLine: Bool = false,
        paragraphs: ClosedRange<Int>
    ) -> String {
        (0..<Int.random(in: paragraphs, using: &random)).map { _ in
            var paragraph = ""
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                paragraph +=
                    Bool.random(using: &random)
                    ? pieces.randomElement(using: &random) ?? ""
                    : templateText(&random, allowHTML: allowHTML, oneLine: oneLine, pieces: 1...4)
                paragraph += " "
            }
            return paragraph
        }.joined(separator: "\n\n")
    }
}
