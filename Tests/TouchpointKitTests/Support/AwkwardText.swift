/// Awkward text for differential tests: combining marks after the characters that get escaped or
/// trimmed, characters that join the next one (U+0600), emoji sequences, wide characters, CR LF,
/// tabs, runs of spaces, long words, and the URL schemes the renderers look for.
enum AwkwardText {
    static let fragments: [String] = [
        "a", "Bo", "word", "Zoë", "e\u{301}", "\u{301}", "\u{338}", "\u{20DD}", "\u{0903}", "\u{0600}", "\u{200D}",
        "\u{FE0F}", "\u{00AD}", "\u{00A0}", "\u{212A}", "İ", "ß", "龙", "日本語", "한",
        "😀", "👍🏽", "👨‍👩‍👧", "🇺🇸", "❤️", "#️⃣",
        "&", "<", ">", "\"", "'", "&amp;", "&#32;", "<b>", "<br>", "</p>", "*", "_", "`", "~", "|", "\\", "[", "]",
        "(", ")", "!", "#", "-", "+", ".", ":", "/", "@", "=", " ", " ", " ", "  ", "     ", "\t", "\n", "\n", "\r\n",
        "\r", "\u{1B}", "\u{7F}", "\u{85}", "http://", "HTTPS://", "mailto:", "MailTo:", "javascript:", "DATA:image/png",
        "data:", "x@y.example", "www.example.com", "%20",
        "supercalifragilisticexpialidocious-and-then-some-more-letters-to-overflow-any-line-width",
    ]

    static func string(_ random: inout SeededGenerator, pieces: ClosedRange<Int> = 0...12) -> String {
        var text = ""
        for _ in 0..<Int.random(in: pieces, using: &random) {
            text += fragments.randomElement(using: &random) ?? ""
        }
        return text
    }
}
