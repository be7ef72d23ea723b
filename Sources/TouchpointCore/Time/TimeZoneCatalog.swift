import Foundation

/// The IANA time zone names this machine knows, looked up once.
package enum TimeZoneCatalog {
    package static let identifiers: [String] = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC", "Etc/UTC", "Asia/Kolkata"]).sorted()
    private static let known: Set<String> = Set(identifiers)

    /// The zone, when `name` is an IANA name (not an abbreviation such as 'CST'). Some systems
    /// list only an older name of a zone (Asia/Calcutta for Asia/Kolkata); a name of the form
    /// Area/Location that the system resolves is accepted too.
    package static func zone(named name: String) -> TimeZone? {
        guard known.contains(name) || (name.contains("/") && !name.hasPrefix("/")) else { return nil }
        return TimeZone(identifier: name)
    }
}
