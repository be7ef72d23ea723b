import TouchpointCore

/// `campaigns/layout.html`: the practice's own HTML around every body, a template with exactly
/// one `{{ content }}` where the body goes. The parts before and after it are checked like every
/// other template; they may use the built-in names (`practice.name`, `unsubscribe_url`, …) but no
/// contact field, since the layout serves every list.
public struct CustomLayout: Sendable {
    public static let path = "campaigns/layout.html"

    public let file: SourceFile
    public let before: Template
    public let after: Template

    /// Whether the layout shows the unsubscribe link itself.
    public var showsUnsubscribeLink: Bool {
        CampaignChecker.usesUnsubscribeLink(before) || CampaignChecker.usesUnsubscribeLink(after)
    }

    /// Reads and checks the layout; `nil` (after diagnostics) when it has errors.
    /// `practice`, when `touchpoint.yaml` checked clean, is what decides whether
    /// `{{ unsubscribe_url }}` has an address to render.
    public static func read(_ file: SourceFile, hasSecret: Bool, practice: Practice? = nil, diagnostics: inout DiagnosticBag)
        -> CustomLayout?
    {
        let before = diagnostics.errorCount
        let slots = contentSlots(in: file.bytes)
        guard slots.count == 1, let slot = slots.first else {
            if slots.isEmpty {
                diagnostics.emit(
                    Diagnostic(LayoutMessages.noContent(), file: file.path)
                        .with(help: "put '{{ content }}' where each message's body belongs"))
            } else {
                for extra in slots.dropFirst() {
                    diagnostics.emit(
                        Diagnostic(LayoutMessages.contentTwice(), at: SourceSpan(file: file, range: extra))
                            .with(note: "the body goes here first", at: SourceSpan(file: file, range: slots[0])))
                }
            }
            return nil
        }
        let environment = FieldEnvironment(listName: "the layout", fields: [])
        var templates: [Template] = []
        for range in [0..<slot.lowerBound, slot.upperBound..<file.bytes.count] {
            let map = ScalarTextMap(file: file, range: range)
            let template = TemplateParser().parse(map, diagnostics: &diagnostics)
            TemplateChecker(environment: environment, hasSecret: hasSecret).check(template, in: map, diagnostics: &diagnostics)
            if let practice { CampaignChecker.checkUnsubscribeTarget(template, in: map, practice: practice, diagnostics: &diagnostics) }
            templates.append(template)
        }
        guard diagnostics.errorCount == before else { return nil }
        return CustomLayout(file: file, before: templates[0], after: templates[1])
    }

    /// Byte ranges of every `{{ content }}` (any spacing inside the braces).
    package static func contentSlots(in bytes: [UInt8]) -> [Range<Int>] {
        var slots: [Range<Int>] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            var cursor = index + 2
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            let word = Array("content".utf8)
            if cursor + word.count <= bytes.count, Array(bytes[cursor..<(cursor + word.count)]) == word {
                var end = cursor + word.count
                while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
                if end + 1 < bytes.count, bytes[end] == UInt8(ascii: "}"), bytes[end + 1] == UInt8(ascii: "}") {
                    slots.append(index..<(end + 2))
                    index = end + 2
                    continue
                }
            }
            index += 2
        }
        return slots
    }

    /// The layout around a rendered body; merged values are escaped for HTML. `preheader`, the
    /// hidden preview line's element, goes right after the layout's `<body>` tag, or before the
    /// body when the layout has none.
    package func html(content: String, context: TemplateContext, preheader: String? = nil) -> String {
        func render(_ template: Template) -> String {
            TemplateRenderer().render(template, context: context, contact: { _ in nil }).pieces.map { piece in
                switch piece {
                case .source(let text): text
                case .value(let value): HTMLEscaping.escape(value)
                }
            }.joined()
        }
        let start = render(before)
        guard let preheader else { return start + content + render(after) }
        guard let bodyTagEnd = Self.endOfBodyTag(in: start) else { return start + preheader + content + render(after) }
        var bytes = Array(start.utf8)
        bytes.insert(contentsOf: Array(("\n" + preheader).utf8), at: bodyTagEnd)
        return String(decoding: bytes, as: UTF8.self) + content + render(after)
    }

    /// The byte offset just past the `>` of the first `<body` tag (any case).
    private static func endOfBodyTag(in html: String) -> Int? {
        let bytes = Array(html.utf8)
        let tag = Array("<body".utf8)
        var index = 0
        while index + tag.count <= bytes.count {
            let matches = zip(bytes[index..<(index + tag.count)], tag).allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
            if matches, index + tag.count < bytes.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">")].contains(bytes[index + tag.count]) {
                return bytes[(index + tag.count)...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 }
            }
            index += 1
        }
        return nil
    }
}

package enum LayoutMessages {
    package static func noContent() -> DiagnosticMessage {
        DiagnosticMessage(.layoutWithoutContent, "the layout has no '{{ content }}' for the message body")
    }

    package static func contentTwice() -> DiagnosticMessage {
        DiagnosticMessage(.layoutContentTwice, "'{{ content }}' appears more than once in the layout")
    }
}
