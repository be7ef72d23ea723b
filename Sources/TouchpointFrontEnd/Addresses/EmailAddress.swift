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

        public var explanation: String {
            switch self {
            case .empty: "the address is empty"
            case .severalAddresses(let separator): "it holds more than one address (separated by '\(separator)'); give one address per contact"
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
            }
        }
    }

    public init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    /// Parses `text` (already trimmed), or tells what is wrong with it.
    public static func parse(_ text: String) -> Result<EmailAddress, Problem> {
        if text.isEmpty { return .failure(.empty) }
        for separator in [";", ","] as [Character] where text.contains(separator) {
            if text.filter({ $0 == "@" }).count > 1 { return .failure(.severalAddresses(separator: separator)) }
        }
        if text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) { return .failure(.whitespace) }
        if text.contains("<") || text.contains(">") { return .failure(.angleBrackets) }
        if !text.allSatisfy(\.isASCII) { return .failure(.notASCII) }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 1 { return .failure(.noAt) }
        if parts.count > 2 { return .failure(.severalAts) }
        let local = String(parts[0])
        let domain = String(parts[1])
        if local.isEmpty { return .failure(.emptyLocalPart) }
        if domain.isEmpty { return .failure(.emptyDomain) }
        guard isValidLocalPart(local) else { return .failure(.invalidLocalPart) }
        if !domain.contains(".") { return .failure(.domainWithoutDot) }
        guard isValidDomain(domain) else { return .failure(.invalidDomain) }
        return .success(EmailAddress(localPart: local, domain: domain))
    }

    /// RFC 5322 dot-atom: atext characters, dots only between them.
    private static func isValidLocalPart(_ local: String) -> Bool {
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
        guard local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        return local.allSatisfy { $0 == "." || atext.contains($0) }
    }

    /// Host name labels: letters, digits and inner hyphens, 63 characters at most each.
    public static func isValidDomain(_ domain: String) -> Bool {
        guard domain.count <= 253 else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
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
