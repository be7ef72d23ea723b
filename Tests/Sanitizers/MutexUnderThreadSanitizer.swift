// Why the package guards shared state with TouchpointCore's `Locked` (a POSIX mutex) and never
// with Synchronization.Mutex: every access below happens inside Mutex.withLock, yet
// ThreadSanitizer on Linux reports a data race once the lock is contended, because the wait and
// the wake-up happen in libswiftSynchronization's futex calls, which it does not see. The same
// program with a pthread mutex is reported clean.
//
//   swiftc -sanitize=thread -g Tests/Sanitizers/MutexUnderThreadSanitizer.swift -o /tmp/mutex-tsan
//   /tmp/mutex-tsan        # "WARNING: ThreadSanitizer: data race", then "done"
import Dispatch
import Synchronization

final class Lazy: Sendable {
    let made = Mutex<[Int]?>(nil)
}

for _ in 0..<20 {
    let lazy = Lazy()
    DispatchQueue.concurrentPerform(iterations: 4) { worker in
        _ = lazy.made.withLock { made -> [Int] in
            if let made { return made }
            let all = (0..<20_000).map { $0 &* worker }
            made = all
            return all
        }
    }
}
print("done")
