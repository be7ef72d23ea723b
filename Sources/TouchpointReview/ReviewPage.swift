import Crypto
import TouchpointCore

/// The frame every page of the review site shares: a strict Content-Security-Policy, one inline
/// style sheet, at most one small inline script, the site's navigation. Nothing is fetched: no
/// font, script, style sheet or image comes from anywhere, and the pages work from `file://`.
///
/// The policy allows scripts only by the hash of the one inline script. Styles are allowed inline
/// because a sandboxed `<iframe srcdoc>` inherits its page's policy, and the messages' HTML
/// carries its styles inline, as mail clients need; the frames have no `allow-scripts`, so no
/// script of a message ever runs. Images are allowed only as `data:` URLs, so an image a message
/// links to is never loaded.
struct ReviewPage {
    /// The site's sections, for the navigation.
    enum Section: String, CaseIterable {
        case calendar = "Calendar"
        case campaigns = "Campaigns"
        case changes = "What changed"
    }

    /// The contact selector's few lines: show the selector (the list of links works without it)
    /// and go to the page of the contact chosen.
    static let script = """
        for (const select of document.querySelectorAll("select[data-go]")) {
          select.hidden = false;
          select.labels.forEach((label) => { label.hidden = false; });
          select.addEventListener("change", () => { if (select.value) location.href = select.value; });
        }
        """

    static let scriptHash = "sha256-" + Base64.encode(Array(SHA256.hash(data: Array(script.utf8))))

    static let policy =
        "default-src 'none'; script-src '\(scriptHash)'; style-src 'unsafe-inline'; img-src data:; "
        + "base-uri 'none'; form-action 'none'"

    static let style = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --closed: #eef0f2; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
          background: #ffffff; }
        header.site { background: #0b3954; color: #ffffff; padding: 12px 24px; }
        header.site a { color: #ffffff; }
        header.site p { margin: 0; }
        nav.site ul { display: flex; flex-wrap: wrap; gap: 4px 20px; list-style: none; margin: 6px 0 0; padding: 0; }
        nav.site a[aria-current] { font-weight: bold; text-decoration-thickness: 3px; }
        main { padding: 16px 24px 48px; max-width: 1280px; }
        h1 { font-size: 1.6rem; margin: 0.4em 0; }
        h2 { font-size: 1.3rem; margin: 1.4em 0 0.4em; }
        h3 { font-size: 1.1rem; margin: 1.2em 0 0.3em; }
        a { color: #0550ae; }
        .muted { color: var(--muted); }
        .vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        table { border-collapse: collapse; }
        th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
        .month { margin-bottom: 2em; }
        table.calendar { table-layout: fixed; width: 100%; }
        table.calendar th { text-align: center; }
        table.calendar td { height: 6.5em; border: 1px solid var(--line); padding: 4px; }
        table.calendar td.closed { background: var(--closed); color: var(--muted); }
        table.calendar td.outside { background: #ffffff; color: #8c959f; border-color: #eaeef2; }
        table.calendar .day { font-weight: bold; }
        table.calendar ul { list-style: none; margin: 2px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px; }
        .chip { display: inline-block; min-width: 1.8em; padding: 0 4px; border-radius: 3px; color: #ffffff;
          font-size: 0.85rem; text-align: center; }
        ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; }
        .swatch { display: inline-block; width: 1em; height: 1em; border-radius: 2px; vertical-align: -2px;
          margin-right: 4px; }
        .frames { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        figure { margin: 0; max-width: 100%; overflow-x: auto; }
        iframe { border: 1px solid var(--line); background: #ffffff; height: 720px; display: block; }
        iframe.sample { height: 560px; }
        iframe.desktop { width: 600px; }
        iframe.phone { width: 375px; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: 12px;
          border: 1px solid var(--line); max-width: 80ch; }
        table.diff { width: 100%; table-layout: fixed; font-family: ui-monospace, monospace; font-size: 0.85rem; }
        table.diff td { white-space: pre-wrap; overflow-wrap: anywhere; border: none; padding: 0 6px; }
        table.diff td:empty::before { content: "\\a0"; }
        td.deleted { background: #ffebe9; }
        td.inserted { background: #dafbe1; }
        .sign { color: var(--muted); width: 1.5em; }
        dl.headers { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
        dl.headers dt { font-weight: bold; }
        dl.headers dd { margin: 0; overflow-wrap: anywhere; }
        .status { border-left: 4px solid #0b3954; padding: 4px 12px; background: #f6f8fa; }
        @media (max-width: 700px) {
          main { padding: 12px; }
          table.calendar td { height: auto; font-size: 0.8rem; padding: 2px; }
          table.calendar th { font-size: 0.75rem; }
          .chip { min-width: 1.4em; font-size: 0.75rem; }
          table.wide { display: block; overflow-x: auto; }
          pre[data-part] { white-space: pre; overflow-x: auto; }
        }
        """

    /// A whole page. `depth` is how many folders below the site's root it lives (for relative
    /// links); `section` is marked current in the navigation.
    static func document(
        title: String, practice: String, depth: Int, section: Section?, body: String, usesScript: Bool = false
    ) -> String {
        let up = String(repeating: "../", count: depth)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <link rel="icon" href="data:,">
            <title>\(escape(title)) · \(escape(practice)) review</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header class="site">
            <p><a href="\(up)index.html">\(escape(practice))</a>: review before sending</p>
            <nav class="site" aria-label="Review"><ul>

            """
        let targets: [Section: String] = [.calendar: "index.html", .campaigns: "campaigns/index.html", .changes: "changes.html"]
        for item in Section.allCases {
            let current = item == section ? " aria-current=\"page\"" : ""
            out += "<li><a href=\"\(up)\(targets[item] ?? "index.html")\"\(current)>\(escape(item.rawValue))</a></li>\n"
        }
        out += "</ul></nav>\n</header>\n<main>\n" + body + "</main>\n"
        if usesScript { out += "<script>\(script)</script>\n" }
        out += "</body>\n</html>\n"
        return out
    }

    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}

/// Base64 (RFC 4648), for the script's hash in the policy.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
