/// Makes a merged value literal text inside a Markdown body: whatever the value contains, cmark-gfm
/// renders exactly its characters, never emphasis, a link, raw HTML, an entity, a heading, a list,
/// a table cell boundary or a code block.
///
/// - Every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped
///   that way, in text and in link destinations and titles alike). Escaping `.`, `:` and `/` also
///   keeps GitHub's `www.` and `https://` autolinks from turning a value into a link. An
///   e-mail-shaped value (`bo@example.com`) is still linked as `mailto:`: cmark-gfm finds those
///   after escapes are resolved. Its text stays exactly the value.
/// - Line breaks (LF, CR, CRLF) become spaces, so a value never starts a new block.
/// - Spaces and tabs at either end are written as character references, so a value at the start
///   of a line never indents it into a code block and one at the end never makes a hard break.
///
/// A value inside a code span or code block is shown with its backslashes, since Markdown takes
/// those literally; templates merge values into ordinary text.
public enum MarkdownEscaper {
    public static func escape(_ value: String) -> String {
        var scalars = Array(value.unicodeScalars)
        var index = 0
        var flattened: [Unicode.Scalar] = []
        flattened.reserveCapacity(scalars.count)
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
            flattened.append(scalar == "\r" || scalar == "\n" ? " " : scalar)
            index += 1
        }
        scalars = flattened

        let isBlank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        let leading = scalars.prefix(while: isBlank).count
        let trailing = leading == scalars.count ? 0 : scalars.reversed().prefix(while: isBlank).count

        var result = String.UnicodeScalarView()
        for (offset, scalar) in scalars.enumerated() {
            if offset < leading || offset >= scalars.count - trailing {
                result.append(contentsOf: (scalar == "\t" ? "&#9;" : "&#32;").unicodeScalars)
            } else if isASCIIPunctuation(scalar) {
                result.append("\\")
                result.append(scalar)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The Markdown of a rendered template: its own text as written, each merged value escaped.
    public static func markdown(of output: TemplateOutput) -> String {
        var result = ""
        for piece in output.pieces {
            switch piece {
            case .source(let text): result += text
            case .value(let value): result += escape(value)
            }
        }
        return result
    }

    /// `!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~`, the characters CommonMark lets a backslash escape.
    static func isASCIIPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }
}
