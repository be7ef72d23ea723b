@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

// The Markdown escaper as before the rewrite to UTF-8 bytes, kept word for word (only renamed),
// so that MarkdownEscaperReferenceTests.swift can compare the two on many generated inputs.

enum ReferenceMarkdownEscaper {
    static func escape(_ value: String) -> String {
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
            } else if scalar == "@" {
                result.append(contentsOf: MarkdownEscaper.mergedAt.unicodeScalars)
            } else if scalar.value == 0xFDD0 {
                result.append("\u{FFFD}")
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
    static func markdown(of output: TemplateOutput) -> String {
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
