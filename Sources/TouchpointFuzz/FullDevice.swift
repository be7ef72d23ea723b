import Foundation
import TouchpointKit

/// `/dev/full`, where every write fails with ENOSPC as on a disk that filled up: what the CLI
/// prints goes through ``DescriptorWriter``, and writing there must be an I/O error, not a trap
/// (the crash class a `try!` inside `FileHandle` once was).
enum FullDevice {
    /// Opened once for the process; -1 where the system has no such device.
    static let descriptor: Int32 = open("/dev/full", O_WRONLY | O_CLOEXEC)

    static func problems(writing text: String) -> [String] {
        guard descriptor >= 0 else { return [] }
        do {
            try DescriptorWriter.write(Array((text + "\n").utf8), to: descriptor, name: "standard output")
            return ["writing to /dev/full succeeded"]
        } catch {
            return error.description.hasSuffix("No space left on device") ? [] : ["writing to /dev/full: \(error)"]
        }
    }
}
