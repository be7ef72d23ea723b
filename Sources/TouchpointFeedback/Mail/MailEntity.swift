import Foundation
import TouchpointCore

/// A received message, or one part of it: its header fields, unfolded, and its body as it came.
/// Read leniently — mail from the world is often slightly wrong — and never trusted: every size
/// and depth is bounded, and what cannot be read is `nil`, never a crash.
public struct MailEntity: Sendable {
    /// One header field: its name as written and its value, unfolded and trimmed.
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public let fields: [Field]
    /// The body's bytes, before any transfer decoding.
    public let body: [UInt8]
    /// How deep in its message this entity is: parts nest at most ``maxDepth`` deep.
    let depth: Int

    /// Parts of parts nest no deeper than this; a message that goes deeper is read as far as this.
    static let maxDepth = 8

    /// The first field called `name` (in any case).
    public func header(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every field called `name` (in any case), in order.
    public func headers(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// The media type, lowercased, without parameters: `text/plain` when the entity names none.
    public var mediaType: String {
        guard let value = header("Content-Type") else { return "text/plain" }
        let type = value.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        return type.isEmpty ? "text/plain" : type
    }

    /// A parameter of the Content-Type, such as `boundary` or `report-type`.
    public func contentTypeParameter(_ name: String) -> String? {
        header("Content-Type").flatMap { MIMEHeader.parameter(name, in: $0) }
    }

    /// The body with its Content-Transfer-Encoding (base64 or quoted-printable) undone.
    public var decodedBody: [UInt8] {
        switch header("Content-Transfer-Encoding")?.trimmingSpaces.lowercased() {
        case "base64": MIMEHeader.base64Decoded(body)
        case "quoted-printable": MIMEHeader.quotedPrintableDecoded(body)
        default: body
        }
    }

    /// The body as text: decoded, and read as UTF-8 (or Latin-1 when it is not UTF-8).
    public var text: String {
        let bytes = decodedBody
        return String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }

    /// The parts of a `multipart/*` entity; none for any other.
    public var parts: [MailEntity] {
        guard mediaType.hasPrefix("multipart/"), depth < Self.maxDepth, let boundary = contentTypeParameter("boundary") else {
            return []
        }
        return MIMEParser.parts(of: body, boundary: boundary, depth: depth + 1)
    }

    /// The message inside a `message/rfc822` (or `message/global`) part, or the header fields of
    /// a `text/rfc822-headers` part.
    public var enclosedMessage: MailEntity? {
        guard depth < Self.maxDepth else { return nil }
        switch mediaType {
        case "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers":
            return MailEntity(parsing: decodedBody, depth: depth + 1)
        default:
            return nil
        }
    }

    /// This entity and every part inside it, depth first.
    public var allParts: [MailEntity] {
        [self] + parts.flatMap(\.allParts)
    }

    /// Reads a message (or a part) from its bytes: the header fields up to the first empty line,
    /// the body after it. Lines may end in CRLF or LF.
    public init(parsing bytes: [UInt8], depth: Int = 0) {
        self.depth = depth
        var fields: [Field] = []
        var index = 0
        var name = ""
        var value: [UInt8] = []
        func finish() {
            guard !name.isEmpty else { return }
            let text = String(validating: value, as: UTF8.self) ?? String(value.map { Character(Unicode.Scalar($0)) })
            fields.append(Field(name: name, value: text.trimmingSpaces))
            name = ""
            value = []
        }
        while index < bytes.count {
            var end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let next = min(end + 1, bytes.count)
            if end > index, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = bytes[index..<end]
            if line.isEmpty {
                index = next
                break
            }
            if line.first == 0x20 || line.first == 0x09 {
                // A folded line continues the field before it.
                value.append(0x20)
                value += line.drop { $0 == 0x20 || $0 == 0x09 }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex {
                finish()
                name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingSpaces
                value = Array(line[(colon + 1)...])
            } else if fields.isEmpty, name.isEmpty, line.starts(with: Array("From ".utf8)) {
                // An mbox "From " line before the header: not a field.
            } else {
                // Not a field: the header ended without an empty line, and this is the body.
                break
            }
            index = next
        }
        finish()
        self.fields = fields
        self.body = Array(bytes[min(index, bytes.count)...])
    }
}

extension String {
    fileprivate func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
