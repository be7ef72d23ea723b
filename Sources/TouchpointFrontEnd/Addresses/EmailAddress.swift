import TouchpointCore

/// An ASCII addr-spec (`local@domain.tld`), the only kind of address a header may carry here.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let localPart: String
    public let domain: String

    public var description: String { localPart + "@" + domain }

    /// Appends the bytes of `description` without building the string.
    package func appendUTF8(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: localPart.utf8)
        bytes.append(UInt8(ascii: "@"))
        bytes.append(contentsOf: domain.utf8)
    }

    /// What is wrong with a would-be address, in words for a person who typed it.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case severalAddresses(separator: Character)
        case whitespace
        case angleBrackets
        case notASCII
        case noAt
        case severalAts
        case emptyLocalPart
        case emptyDomain
        case domainWithoutDot
        case invalidLocalPart
        case invalidDomain
        /// More than 64 characters before the '@' (RFC 5321 §4.5.3.1.1).
        case localPartTooLong(Int)
        /// More than 255 characters after the '@' (RFC 5321 §4.5.3.1.2).
        case domainTooLong(Int)
        /// An RFC 2047 encoded word (`=?UTF-8?Q?…?=`), which belongs in a display name, never in
        /// an address: programs that decode it would read another address.
        case encodedWord

        public var explanation: String {
            switch self {
            case .empty: "the address is empty"
            case .severalAddresses(let separator):
                "it holds more than one address (separated by '\(separator)'); give one address per contact"
            case .whitespace: "an address cannot contain spaces"
            case .angleBrackets: "an address cannot contain '<' or '>'; write the display name elsewhere"
            case .notASCII: "an address must be plain ASCII"
            case .noAt: "an address needs an '@'"
            case .severalAts: "an address has exactly one '@'"
            case .emptyLocalPart: "nothing comes before the '@'"
            case .emptyDomain: "nothing comes after the '@'"
            case .domainWithoutDot: "the domain after '@' has no '.', as in 'example.com'"
            case .invalidLocalPart: "the part before '@' holds a character an address cannot have"
            case .invalidDomain: "the domain holds a character or label a domain cannot have"
            case .localPartTooLong(let length): "the part before '@' is \(length) characters long; at most 64"
            case .domainTooLong(let length): "the domain after '@' is \(length) characters long; at most 255"
            case .encodedWord: "an address cannot be an encoded word ('=?…?='); write the address itself"
            }
        }
    }

    public init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    /// Parses `text` (already trimmed), or tells what is wrong with it.
    public static func parse(_ text: String) -> Result<EmailAddress, Problem> {
        var text = text
        return text.withUTF8 { bytes in
            if let problem = problem(in: bytes) { return .failure(problem) }
            // The grammar allows exactly one '@'.
            let at = bytes.firstIndex(of: UInt8(ascii: "@")) ?? bytes.endIndex
            return .success(
                EmailAddress(
                    localPart: String(decoding: UnsafeBufferPointer(rebasing: bytes[..<at]), as: UTF8.self),
                    domain: String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 1)...]), as: UTF8.self)))
        }
    }

    /// What is wrong with the UTF-8 `bytes` (already trimmed) as an address; `nil` when they are
    /// one. The one grammar of addresses: a contact list's `email` cells, the practice file's
    /// addresses and the suppression list are all read with it. Works on bytes, so a large list
    /// is checked without a string per cell.
    package static func problem(in bytes: some Collection<UInt8>) -> Problem? {
        if let problem = bytes.withContiguousStorageIfAvailable(problem(inBuffer:)) { return problem }
        return Array(bytes).withUnsafeBufferPointer(problem(inBuffer:))
    }

    private static func problem(inBuffer bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        if bytes.isEmpty { return .empty }
        var ats = 0
        var firstAt = bytes.endIndex
        var separator: Character?
        var whitespace = false
        var angleBracket = false
        var ascii = true
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "@"):
                if ats == 0 { firstAt = index }
                ats += 1
            case UInt8(ascii: ";"): separator = ";"
            case UInt8(ascii: ","): separator = separator ?? ","
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): whitespace = true
            case UInt8(ascii: "<"), UInt8(ascii: ">"): angleBracket = true
            case 0x80...: ascii = false
            default: break
            }
        }
        // The problems in the order a person is best told them: a list of addresses first.
        if ats > 1, let separator { return .severalAddresses(separator: separator) }
        if whitespace { return .whitespace }
        if angleBracket { return .angleBrackets }
        if !ascii { return .notASCII }
        if ats == 0 { return .noAt }
        if ats > 1 { return .severalAts }
        let local = UnsafeBufferPointer(rebasing: bytes[..<firstAt])
        let domain = UnsafeBufferPointer(rebasing: bytes[(firstAt + 1)...])
        if local.isEmpty { return .emptyLocalPart }
        if domain.isEmpty { return .emptyDomain }
        if isEncodedWord(local) || isEncodedWord(domain) { return .encodedWord }
        if local.count > 64 { return .localPartTooLong(local.count) }
        if domain.count > 255 { return .domainTooLong(domain.count) }
        guard isValidLocalPart(local) else { return .invalidLocalPart }
        if !domain.contains(UInt8(ascii: ".")) { return .domainWithoutDot }
        guard isValidDomain(domain) else { return .invalidDomain }
        return nil
    }

    /// Whether `part` reads as an RFC 2047 encoded word: `=?`, then `?=` later.
    private static func isEncodedWord(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard part.count >= 4, part[0] == UInt8(ascii: "="), part[1] == UInt8(ascii: "?") else { return false }
        return zip(part.dropFirst(2), part.dropFirst(3)).contains { $0 == UInt8(ascii: "?") && $1 == UInt8(ascii: "=") }
    }

    /// RFC 5322 dot-atom: atext characters, dots only between them, 64 at most.
    private static func isValidLocalPart(_ local: UnsafeBufferPointer<UInt8>) -> Bool {
        guard local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        var previous: UInt8 = 0
        for byte in local {
            if byte == UInt8(ascii: ".") {
                if previous == byte { return false }
            } else if !isAtext(byte) {
                return false
            }
            previous = byte
        }
        return true
    }

    /// Host name labels: letters, digits and inner hyphens, 63 characters at most each, 253 in
    /// all. A domain without a dot passes; an address's domain needs one as well.
    public static func isValidDomain(_ domain: String) -> Bool {
        var domain = domain
        return domain.withUTF8(isValidDomain)
    }

    private static func isValidDomain(_ domain: UnsafeBufferPointer<UInt8>) -> Bool {
        guard domain.count <= 255 else { return false }
        var labelLength = 0
        var previous = UInt8(ascii: ".")
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                if labelLength == 0 || previous == UInt8(ascii: "-") { return false }
                labelLength = 0
            } else if isLetterOrDigit(byte) || byte == UInt8(ascii: "-") {
                if labelLength == 0, byte == UInt8(ascii: "-") { return false }
                labelLength += 1
                if labelLength > 63 { return false }
            } else {
                return false
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }

    private static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z"))
    }

    /// RFC 5322 atext.
    private static func isAtext(_ byte: UInt8) -> Bool {
        if isLetterOrDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

/// A display name and an address: `Lincoln Physical Therapy <care@lincolnpt.example>`.
public struct Mailbox: Sendable, Hashable {
    public let displayName: String?
    public let address: EmailAddress

    public init(displayName: String?, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    public enum Problem: Error, Sendable, Equatable {
        case address(EmailAddress.Problem)
        case unclosedAngle
        case textAfterAngle
        case unclosedQuote
    }

    /// Parses `Name <addr>`, `"Name, Title" <addr>` or a bare `addr`.
    public static func parse(_ text: String) -> Result<Mailbox, Problem> {
        let trimmed = text.trimmingSpaces
        guard let open = trimmed.lastIndex(of: "<") else {
            return EmailAddress.parse(trimmed).map { Mailbox(displayName: nil, address: $0) }.mapError { .address($0) }
        }
        guard let close = trimmed.lastIndex(of: ">"), close > open else { return .failure(.unclosedAngle) }
        guard trimmed[trimmed.index(after: close)...].trimmingSpaces.isEmpty else { return .failure(.textAfterAngle) }
        var name = trimmed[..<open].trimmingSpaces
        if name.hasPrefix("\"") {
            guard name.count >= 2, name.hasSuffix("\"") else { return .failure(.unclosedQuote) }
            name = String(name.dropFirst().dropLast())
        }
        let address = String(trimmed[trimmed.index(after: open)..<close]).trimmingSpaces
        return EmailAddress.parse(address)
            .map { Mailbox(displayName: name.isEmpty ? nil : name, address: $0) }
            .mapError { .address($0) }
    }
}

extension Mailbox.Problem {
    public var explanation: String {
        switch self {
        case .address(let problem): problem.explanation
        case .unclosedAngle: "the '<' before the address has no closing '>'"
        case .textAfterAngle: "nothing may follow the address's closing '>'"
        case .unclosedQuote: "the quoted display name has no closing '\"'"
        }
    }
}
