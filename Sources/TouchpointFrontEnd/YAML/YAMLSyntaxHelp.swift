import TouchpointCore

/// What to do about a YAML syntax error, for the causes people meet most, read from the line
/// the parser stopped on: each a `help:` line saying why, and one with the user's own line
/// written the way that parses. `nil` when the line shows none of them.
///
/// - double quotes inside a double-quoted value (`subject: "… date: "%A" …"`), or text after a
///   value's closing quote (`subject: "Welcome" to the clinic`): single quotes around the whole;
/// - a plain value that starts with `{{` or `{%` (YAML reads `{` as a mapping): quotes around it;
/// - a plain value holding `: ` (YAML reads another key): quotes around it;
/// - a list item indented unlike the item before it: the line with the other's indentation;
/// - tabs in the indentation (the composer says so): the line indented with spaces (``tabFix``).
package enum YAMLSyntaxHelp {
    package static func help(file: SourceFile, line: Int) -> [String]? {
        let text = file.text(ofLine: line)
        let indent = text.prefix { $0 == " " }.count
        var rest = Substring(text.dropFirst(indent))
        if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
        if let item = misindentedItem(file: file, line: line, indent: indent) { return item }
        guard let (key, value) = keyAndValue(rest) else { return nil }
        let shown = text.dropFirst(indent).dropLast(rest.count) + key + ": "
        if value.hasPrefix("\"") {
            guard let close = closingQuote(value), !value[value.index(after: close)...].trimmingSpaces.isEmpty,
                !value[value.index(after: close)...].trimmingSpaces.hasPrefix("#")
            else { return nil }
            let after = value[value.index(after: close)...]
            let why =
                after.contains("\"")
                ? "the value holds double quotes inside double quotes, and the first one inside ends it"
                : "the value ends at its closing quote, and YAML does not expect more text after it"
            // Quotes at both ends were meant to enclose the value; else they are part of its text.
            let text = value.count > 1 && value.hasSuffix("\"") ? value.dropFirst().dropLast() : value
            let what = text.count < value.count ? "in single quotes instead" : "in single quotes"
            return [why + ": put the whole value " + what, "write the line as: " + shown + singleQuoted(text)]
        }
        if value.hasPrefix("{{") || value.hasPrefix("{%") {
            return [
                "a value that starts with '\(value.prefix(2))' must be in quotes, or YAML reads '{' as the start of a mapping",
                "write the line as: " + shown + quoted(value),
            ]
        }
        if !value.hasPrefix("'"), !value.hasPrefix("|"), !value.hasPrefix(">"), value.contains(": ") {
            return [
                "the value holds ': ', which YAML reads as the start of another key: put the value in quotes",
                "write the line as: " + shown + quoted(value),
            ]
        }
        return nil
    }

    /// `key: value` of a line's text after its indentation, when it has that shape: a plain key
    /// of letters, digits, `_` and `-`, and a value that is not empty.
    private static func keyAndValue(_ text: Substring) -> (key: Substring, value: Substring)? {
        guard let colon = text.range(of: ": ") else { return nil }
        let key = text[..<colon.lowerBound]
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let value = text[colon.upperBound...].drop { $0 == " " }
        let trimmed = value.reversed().drop { $0 == " " }
        guard !trimmed.isEmpty else { return nil }
        return (key, value.prefix(trimmed.count))
    }

    /// For a line indented with tabs: the line indented with spaces as its place asks, the
    /// previous line's indentation, two more under a line that opens a block (`key:`, `- key:`,
    /// `|`, `>`). `nil` when the tabs are not in the indentation.
    package static func tabFix(file: SourceFile, line: Int) -> String? {
        let text = file.text(ofLine: line)
        let content = text.drop { $0 == " " || $0 == "\t" }
        guard text.dropLast(content.count).contains("\t"), !content.isEmpty else { return nil }
        var indent = 0
        var above = line - 1
        while above >= 1 {
            let other = file.text(ofLine: above)
            let otherContent = other.drop { $0 == " " }
            if !otherContent.isEmpty, !otherContent.hasPrefix("#"), !otherContent.hasPrefix("\t") {
                let trimmed = otherContent.reversed().drop { $0 == " " }
                let opens = trimmed.first.map { $0 == ":" || $0 == "|" || $0 == ">" } ?? false
                indent = other.count - otherContent.count + (otherContent.hasPrefix("- ") ? 2 : 0) + (opens ? 2 : 0)
                break
            }
            above -= 1
        }
        return "write the line as '" + String(repeating: " ", count: indent) + content + "'"
    }

    /// The index of the quote that closes a double-quoted value, `\"` skipped.
    private static func closingQuote(_ value: Substring) -> Substring.Index? {
        var index = value.index(after: value.startIndex)
        while index < value.endIndex {
            if value[index] == "\\" {
                index = value.index(after: index)
                if index < value.endIndex { index = value.index(after: index) }
                continue
            }
            if value[index] == "\"" { return index }
            index = value.index(after: index)
        }
        return nil
    }

    /// The value in single quotes, its own single quotes doubled as YAML wants them there.
    private static func singleQuoted(_ value: Substring) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The value in double quotes when it holds none, else in single quotes.
    private static func quoted(_ value: Substring) -> String {
        value.contains("\"") || value.contains("\\") ? singleQuoted(value) : "\"" + value + "\""
    }

    /// A list item (`- …`) indented unlike the item of the same list before it: the nearest
    /// item above, with only lines at least as deep as both between them (its own keys).
    private static func misindentedItem(file: SourceFile, line: Int, indent: Int) -> [String]? {
        let text = file.text(ofLine: line)
        guard text.dropFirst(indent).hasPrefix("- ") || text.dropFirst(indent) == "-" else { return nil }
        // The least indentation of the lines between the item and the one above it.
        var floor = Int.max
        var above = line - 1
        while above >= 1 {
            let other = file.text(ofLine: above)
            let content = other.drop { $0 == " " }
            let otherIndent = other.count - content.count
            if content.isEmpty || content.hasPrefix("#") {
                above -= 1
                continue
            }
            if content.hasPrefix("- ") || content == "-" {
                guard otherIndent != indent, floor > otherIndent else { return nil }
                var fix = "write the line as '" + String(repeating: " ", count: otherIndent) + text.dropFirst(indent) + "'"
                // The item's other lines, when they are in line with the misplaced '-', move with it.
                let block = itemLines(file: file, after: line, indent: indent)
                if block > 0, firstIndent(file: file, after: line) == indent + 2 {
                    let shift = otherIndent - indent
                    fix +=
                        ", and move the \(block) \(block == 1 ? "line" : "lines") of the item below it "
                        + "\(abs(shift)) \(abs(shift) == 1 ? "space" : "spaces") to the \(shift > 0 ? "right" : "left") with it"
                }
                return [
                    "this list item's '-' is in column \(indent + 1), the one on line \(above) in column \(otherIndent + 1): "
                        + "the items of one list line up",
                    fix,
                ]
            }
            // A key less indented than the item opens the list the item may rightly start.
            if otherIndent < indent { return nil }
            floor = min(floor, otherIndent)
            above -= 1
        }
        return nil
    }

    /// The indentation of the first line after `line` that is not blank or a comment.
    private static func firstIndent(file: SourceFile, after line: Int) -> Int? {
        var next = line + 1
        while next <= file.lineCount {
            let text = file.text(ofLine: next)
            let content = text.drop { $0 == " " }
            if !content.isEmpty, !content.hasPrefix("#") { return text.count - content.count }
            next += 1
        }
        return nil
    }

    /// How many lines after `line` belong to an item whose '-' is at `indent`: those deeper than
    /// it, up to the first that is not (blank lines inside are counted when more follow).
    private static func itemLines(file: SourceFile, after line: Int, indent: Int) -> Int {
        var count = 0
        var pendingBlank = 0
        var next = line + 1
        while next <= file.lineCount {
            let text = file.text(ofLine: next)
            let content = text.drop { $0 == " " }
            if content.isEmpty {
                pendingBlank += 1
            } else if text.count - content.count > indent {
                count += pendingBlank + 1
                pendingBlank = 0
            } else {
                break
            }
            next += 1
        }
        return count
    }
}
