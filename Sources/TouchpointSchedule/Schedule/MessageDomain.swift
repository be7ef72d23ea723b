internal import Synchronization
import TouchpointCore
import TouchpointFrontEnd

/// The domain of a Message-ID, after the `@`, as a number the process gives each domain it
/// meets: every message of a schedule names the practice's domain, and a number is copied with
/// a message for nothing where a string is counted at each copy.
package struct MessageDomain: Sendable, Hashable {
    private let number: UInt32

    private static let known = Mutex<(numbers: [String: UInt32], names: [String])>(([:], []))

    package init(_ name: String) {
        number = Self.known.withLock { known in
            if let number = known.numbers[name] { return number }
            let number = UInt32(known.names.count)
            known.numbers[name] = number
            known.names.append(name)
            return number
        }
    }

    package var name: String {
        Self.known.withLock { $0.names[Int(number)] }
    }
}
