/// Splits a `multipart/*` body at its boundary lines (RFC 2046 §5.1.1): the preamble before the
/// first `--boundary` and the epilogue after `--boundary--` are dropped. A body whose closing line
/// is missing ends its last part at the end of the body.
enum MIMEParser {
    /// The most parts read from one body.
    static let maxParts = 64

    static func parts(of body: [UInt8], boundary: String, depth: Int = 1) -> [MailEntity] {
        let delimiter = Array(("--" + boundary).utf8)
        guard !boundary.isEmpty else { return [] }
        var parts: [MailEntity] = []
        var partStart: Int?
        var lineStart = 0
        while lineStart < body.count, parts.count < maxParts {
            let newline = body[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? body.count
            let next = min(newline + 1, body.count)
            if body[lineStart...].starts(with: delimiter) {
                var rest = body[(lineStart + delimiter.count)..<newline]
                while let last = rest.last, last == 0x20 || last == 0x09 || last == 0x0D { rest = rest.dropLast() }
                let closing = rest.elementsEqual("--".utf8)
                if rest.isEmpty || closing {
                    if let start = partStart {
                        // The line break before a delimiter belongs to the delimiter.
                        var end = lineStart
                        if end > start, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
                        if end > start, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                        parts.append(MailEntity(parsing: Array(body[start..<max(start, end)]), depth: depth))
                    }
                    if closing { return parts }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let start = partStart, start < body.count, parts.count < maxParts {
            parts.append(MailEntity(parsing: Array(body[start...]), depth: depth))
        }
        return parts
    }
}
