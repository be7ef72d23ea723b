/// One message the outbox should hold after a build, as the scheduler planned it.
public struct OutboxEntry: Sendable {
    /// The day folder, e.g. `2026-12-01`. Sanitized before use.
    public let directory: String
    /// The file name inside the day folder, e.g. `0900-new-patient-welcome-get-ready-p0042.eml`.
    /// Sanitized before use.
    public let fileName: String
    /// A digest of everything the message depends on. When it matches what the previous build
    /// recorded for the same path, and the file is still there, `render` is not called.
    public let inputDigest: String
    /// Produces the message's bytes. Called at most once a build, possibly on another thread.
    public let render: @Sendable () -> [UInt8]

    public init(directory: String, fileName: String, inputDigest: String, render: @escaping @Sendable () -> [UInt8]) {
        self.directory = directory
        self.fileName = fileName
        self.inputDigest = inputDigest
        self.render = render
    }
}
