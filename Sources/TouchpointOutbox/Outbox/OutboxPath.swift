import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Where a message lives in the outbox: a day folder and a file name, each a single safe path
/// component, so that no contact key or campaign name can reach outside the outbox folder.
package struct OutboxPath: Hashable, Comparable, Sendable {
    /// The longest component, in bytes; room is left for the temporary-name decoration within
    /// the 255 bytes file systems allow.
    package static let maximumLength = 200

    /// Names in the outbox folder that belong to something other than a day folder:
    /// delivery (`sent/`, `sent.log`, SPEC §6) and the schedule. Compared without case, so the
    /// rule holds on case-insensitive file systems too.
    package static let reservedDirectories: Set<String> = ["sent", "sent.log", "schedule.csv"]

    package let directory: String
    package let name: String

    /// The path relative to the outbox folder, as the manifest and the report spell it.
    package var relative: String { directory + "/" + name }

    package static func < (lhs: OutboxPath, rhs: OutboxPath) -> Bool {
        (lhs.directory, lhs.name) < (rhs.directory, rhs.name)
    }

    /// Sanitizes both components.
    package init(sanitizing directory: String, _ name: String) {
        self.directory = Self.sanitize(directory)
        self.name = Self.sanitize(name)
    }

    private init(verified directory: String, _ name: String) {
        self.directory = directory
        self.name = name
    }

    /// Components already sanitized.
    package init(directory: String, name: String) {
        assert(Self.isSafe(directory) && Self.isSafe(name))
        self.init(verified: directory, name)
    }

    /// A path read back from the build's own state, or `nil` when it is not one this type could
    /// have produced.
    package init?(relative: String) {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let directory = String(parts[0])
        let name = String(parts[1])
        guard Self.isSafe(directory), Self.isSafe(name), !Self.isReserved(directory: directory) else { return nil }
        self.init(verified: directory, name)
    }

    /// The same from the bytes of a state file's line.
    package init?(relative bytes: ArraySlice<UInt8>) {
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let directory = bytes[..<slash]
        let name = bytes[(slash + 1)...]
        guard Self.isSafe(directory), Self.isSafe(name) else { return nil }
        let directoryText = String(decoding: directory, as: UTF8.self)
        guard !Self.isReserved(directory: directoryText) else { return nil }
        self.init(verified: directoryText, String(decoding: name, as: UTF8.self))
    }

    /// Whether the day folder would take the place of something delivery or the schedule owns.
    package static func isReserved(directory: String) -> Bool {
        reservedDirectories.contains(directory.lowercased())
    }

    package static func isSafe(_ component: String) -> Bool {
        sanitize(component) == component
    }

    /// Whether `sanitize` keeps the component as it is: allowed bytes only, not empty, no leading
    /// `.`, not longer than `maximumLength`.
    package static func isSafe(_ component: some Collection<UInt8>) -> Bool {
        guard let first = component.first, first != UInt8(ascii: "."), component.count <= maximumLength else { return false }
        return component.allSatisfy(isAllowed)
    }

    /// Keeps `A–Z a–z 0–9 . _ -`, replaces every other character (a Unicode scalar) with `_`,
    /// turns a leading `.` into `_` (so no component is `.`, `..` or hidden), makes an empty
    /// component `_`, and shortens one longer than `maximumLength` bytes to a prefix, a digest of
    /// the whole and its extension, so that long keys stay distinct.
    package static func sanitize(_ component: String) -> String {
        if isSafe(component.utf8) { return component }
        var bytes = FileNameText.sanitized(component)
        if bytes.count > maximumLength {
            let digest = Array(OutboxDigest.sha256(Array(component.utf8)).utf8.prefix(16))
            var suffix: ArraySlice<UInt8> = []
            if let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot > 0, bytes.count - dot <= 16 {
                suffix = bytes[dot...]
            }
            let kept = maximumLength - suffix.count - 1 - digest.count
            bytes = Array(bytes[..<kept]) + [UInt8(ascii: "-")] + digest + Array(suffix)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// The name a file is written under before it is renamed into place. The leading `.` keeps
    /// it apart from every sanitized name; the process ID tells the next build whose it was.
    package static func temporaryName(for name: String, processID: Int32) -> String {
        "." + name + ".tmp-" + String(processID)
    }

    /// Whether `name` is a temporary name of the form `temporaryName(for: base, processID: _)`.
    package static func isTemporaryName(_ name: String, for base: String) -> Bool {
        let prefix = "." + base + ".tmp-"
        guard name.hasPrefix(prefix) else { return false }
        let digits = name.utf8.dropFirst(prefix.utf8.count)
        return !digits.isEmpty && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
