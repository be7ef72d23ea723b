import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite("Custom layout")
struct CustomLayoutTests {
    private func read(_ text: String) -> (CustomLayout?, [Diagnostic]) {
        var diagnostics = DiagnosticBag()
        let layout = CustomLayout.read(
            SourceFile(path: "campaigns/layout.html", text: text), hasSecret: false,
            diagnostics: &diagnostics)
        return (layout, diagnostics.sorted)
    }

    @Test func theBodyGoesWhereContentStands() {
        let (layout, diagnostics) = read("<h1>{{ practice.name }}</h1>\n{{content}}\n<a href=\"{{ unsubscribe_url }}\">x</a>\n")
        #expect(diagnostics.isEmpty)
        #expect(layout?.showsUnsubscribeLink == true)
        let context = TemplateContext(
            practiceName: "A & B <Physio>", practiceAddress: "1 Road", campaignTitle: "t",
            unsubscribeURL: "https://a.example/u?x=1&y=2", sendDate: .epoch, today: .epoch,
            contactToken: nil)
        #expect(
            layout?.html(content: "<p>Hi</p>", context: context)
                == "<h1>A &amp; B &lt;Physio&gt;</h1>\n<p>Hi</p>\n<a href=\"https://a.example/u?x=1&amp;y=2\">x</a>\n")
    }

    @Test func aLayoutWithoutContentIsAnError() {
        let (layout, diagnostics) = read("<p>{{ practice.name }}</p>")
        #expect(layout == nil)
        #expect(diagnostics.map(\.id) == ["layout-without-content"])
    }

    @Test func contentTwiceIsReportedAtTheSecond() {
        let (_, diagnostics) = read("{{ content }}\n{{ content }}\n")
        #expect(diagnostics.map(\.id) == ["layout-content-twice"])
        #expect(diagnostics.first.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == "2:1")
    }

    @Test func contactFieldsAndUnknownNamesAreErrorsAtTheirPlace() {
        let (_, diagnostics) = read("<p>\n{{ content }}\n{{ first_name }}</p>")
        #expect(diagnostics.map(\.id) == ["unknown-merge-field"])
        #expect(diagnostics.first.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == "3:4")
    }
}

extension CustomLayoutTests {
    private static let context = TemplateContext(
        practiceName: "Physio", practiceAddress: "1 Road", campaignTitle: "t", unsubscribeURL: nil, sendDate: .epoch,
        today: .epoch, contactToken: nil)

    @Test func thePreheaderGoesRightAfterTheBodyTag() throws {
        let (layout, _) = read("<html><BODY class=\"x\">\n<h1>{{ practice.name }}</h1>{{ content }}</body></html>")
        let html = try #require(layout).html(content: "<p>Hi</p>", context: Self.context, preheader: "<div>pre</div>")
        #expect(html == "<html><BODY class=\"x\">\n<div>pre</div>\n<h1>Physio</h1><p>Hi</p></body></html>")
    }

    @Test func withoutABodyTagThePreheaderComesBeforeTheBody() throws {
        let (layout, _) = read("<h1>{{ practice.name }}</h1><bodyguard>{{ content }}")
        let html = try #require(layout).html(content: "<p>Hi</p>", context: Self.context, preheader: "<div>pre</div>")
        #expect(html == "<h1>Physio</h1><bodyguard><div>pre</div><p>Hi</p>")
    }
}
