import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Plain-text rendering of Markdown")
struct PlainTextRendererTests {
    private func text(_ markdown: String, allowHTML: Bool = false, width: Int = 72) -> String {
        MarkdownDocument(parsing: markdown, allowHTML: allowHTML).plainText(width: width)
    }

    @Test func paragraphsAreSeparatedByBlankLines() {
        #expect(text("First line\nsame paragraph.\n\n\n\nSecond.\n") == "First line same paragraph.\n\nSecond.\n")
    }

    @Test func paragraphsWrapAtSeventyTwoColumns() {
        let words = (1...60).map { "word\($0)" }
        let rendered = text(words.joined(separator: " ") + "\n")
        let lines = rendered.split(separator: "\n").map(String.init)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 72 })
        // Greedy: the next word would not have fitted on any line.
        for (line, next) in zip(lines, lines.dropFirst()) {
            #expect(line.count + 1 + (next.split(separator: " ").first?.count ?? 0) > 72)
        }
        #expect(lines.joined(separator: " ") == words.joined(separator: " "))
    }

    @Test func wrappingNeverBreaksAWordOrAURL() {
        let url = "https://lincolnpt.example/patients/forms/intake?clinic=downtown&language=en-US"
        let rendered = text("Please fill in [the intake form](\(url)) before your first visit.\n")
        #expect(rendered == "Please fill in the intake form\n(\(url))\nbefore your first visit.\n")
        let long = String(repeating: "x", count: 100)
        #expect(text("a \(long) b\n") == "a\n\(long)\nb\n")
    }

    @Test func wrappingCountsDisplayColumns() {
        let word = String(repeating: "龙", count: 5)
        let rendered = text(Array(repeating: word, count: 10).joined(separator: " ") + "\n")
        let sixWords = Array(repeating: word, count: 6).joined(separator: " ")
        let fourWords = Array(repeating: word, count: 4).joined(separator: " ")
        #expect(rendered == "\(sixWords)\n\(fourWords)\n")
    }

    @Test func headingsAreUnderlined() {
        let rendered = text("# Welcome to Lincoln PT\n\n## Before your visit\n\n### Parking\n\nBring your card.\n")
        #expect(
            rendered == """
                Welcome to Lincoln PT
                =====================

                Before your visit
                -----------------

                Parking
                -------

                Bring your card.

                """)
        #expect(text("# Zoë 龙\n") == "Zoë 龙\n======\n")
    }

    @Test func nestedListsAreIndented() {
        let rendered = text(
            "- Wear comfortable clothes\n- Bring:\n  - your insurance card\n  - a list of medications\n    1. morning\n    2. evening\n- Arrive early\n"
        )
        #expect(
            rendered == """
                * Wear comfortable clothes
                * Bring:
                  - your insurance card
                  - a list of medications
                    1. morning
                    2. evening
                * Arrive early

                """)
    }

    @Test func orderedListsKeepTheirStartAndLooseListsTheirBlankLines() {
        #expect(text("3. three\n4. four\n") == "3. three\n4. four\n")
        #expect(text("- a\n\n- b\n\n  more b\n") == "* a\n\n* b\n\n  more b\n")
    }

    @Test func listItemsWrapWithHangingIndentation() {
        let item = (1...20).map { "step\($0)" }.joined(separator: " ")
        let rendered = text("1. \(item)\n")
        #expect(
            rendered == """
                1. step1 step2 step3 step4 step5 step6 step7 step8 step9 step10 step11
                   step12 step13 step14 step15 step16 step17 step18 step19 step20

                """)
    }

    @Test func blockQuotesArePrefixed() {
        #expect(text("> Great care!\n> Jane\n>\n> Second.\n\nAfter.\n") == "> Great care! Jane\n>\n> Second.\n\nAfter.\n")
        #expect(text("> outer\n>> inner\n") == "> outer\n>\n> > inner\n")
    }

    @Test func codeBlocksAreIndentedAndNotWrapped() {
        let long = "stretch --reps 10 " + String(repeating: "--hold 30s ", count: 8)
        let rendered = text("Run:\n\n```\n\(long)\n\n  indented\n```\n")
        #expect(rendered == "Run:\n\n    \(long.trimmingSuffixSpaces)\n\n      indented\n")
    }

    @Test func linksReadAsTextAndURL() {
        #expect(
            text("[Book online](https://lincolnpt.example/book) today.\n")
                == "Book online (https://lincolnpt.example/book) today.\n")
        #expect(
            text("Visit https://lincolnpt.example or <https://x.example/a>.\n")
                == "Visit https://lincolnpt.example or https://x.example/a.\n")
        #expect(text("Visit www.lincolnpt.example today.\n") == "Visit www.lincolnpt.example today.\n")
        #expect(
            text("Mail care@lincolnpt.example or [write to us](mailto:care@lincolnpt.example).\n")
                == "Mail care@lincolnpt.example or write to us (care@lincolnpt.example).\n")
        #expect(text("[](https://x.example/empty)\n") == "https://x.example/empty\n")
        #expect(text("[go](<https://x.example/a b>)\n") == "go (https://x.example/a%20b)\n")
    }

    @Test func unsafeLinksShowOnlyTheirText() {
        #expect(text("[click here](javascript:alert(1)) now\n") == "click here now\n")
        #expect(text("[click here](javascript:alert(1)) now\n", allowHTML: true) == "click here (javascript:alert(1)) now\n")
    }

    @Test func imagesShowTheirAltText() {
        #expect(text("![Clinic entrance](entrance.jpg) and ![](x.png)\n") == "[image: Clinic entrance] and [image]\n")
    }

    @Test func emphasisStrongStrikethroughAndCodeLoseTheirMarkup() {
        #expect(text("*Please* **arrive** ~~late~~ _early_, `bring` __socks__\n") == "Please arrive late early, bring socks\n")
    }

    @Test func thematicBreakIsALineOfDashes() {
        #expect(text("a\n\n---\n\nb\n") == "a\n\n\(String(repeating: "-", count: 72))\n\nb\n")
    }

    @Test func tablesAreAlignedColumns() {
        let rendered = text("| Day | Time | Therapist |\n|:--|--:|:-:|\n| Monday | 9:00 | Dr. Lee |\n| 火曜日 | 10:30 | Zoë |\n")
        #expect(
            rendered == """
                Day      Time  Therapist
                ------  -----  ---------
                Monday   9:00   Dr. Lee
                火曜日  10:30     Zoë

                """)
    }

    @Test func tableCellsShowLinksAndEscapedPipes() {
        let rendered = text("| What | Where |\n|---|---|\n| a \\| b | [site](https://x.example) |\n")
        #expect(
            rendered == """
                What   Where
                -----  ------------------------
                a | b  site (https://x.example)

                """)
    }

    @Test func hardLineBreaksAreKept() {
        #expect(text("Lincoln PT\\\n12 Main St  \nSpringfield\n") == "Lincoln PT\n12 Main St\nSpringfield\n")
    }

    @Test func rawHTMLShowsItsTextOnlyWhenAllowed() {
        let markdown = "<div><p>Call <b>us</b> &amp; save</p>\n<style>p { color: red }</style></div>\n\nHi<br>there <!-- x -->\n"
        #expect(text(markdown, allowHTML: true) == "Call us & save\n\nHi\nthere\n")
        // Safe mode leaves it out of both parts alike; the checker reports it.
        #expect(text(markdown) == "Hithere\n")
    }

    @Test func textWithoutBlocksRendersAsItself() {
        let node = MarkdownNode(
            .text("just text"), start: .init(line: 1, column: 1, offset: 0),
            end: .init(line: 1, column: 10, offset: 9))
        #expect(PlainTextRenderer().render(node) == "just text\n")
    }
}

extension String {
    fileprivate var trimmingSuffixSpaces: String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
