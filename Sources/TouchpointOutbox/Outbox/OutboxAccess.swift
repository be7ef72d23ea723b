/// Who may read the outbox: it holds patient data, so by default only its owner (folders 0700,
/// files 0600, whatever the umask); `outbox: mode: group` in touchpoint.yaml lets the owner's
/// group read it too (0750 and 0640), for a mail server that runs as another user of that group.
public enum OutboxAccess: String, Sendable, CaseIterable {
    case owner
    case group

    package var folderMode: UInt32 { self == .group ? 0o750 : 0o700 }
    package var fileMode: UInt32 { self == .group ? 0o640 : 0o600 }
}
