#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A lock around a stretch of work that guards something other than a Swift value: a C library's
/// global state, the creation of files. It is a POSIX mutex rather than `Synchronization.Mutex`:
/// on Linux that one waits and wakes through futex calls in a library ThreadSanitizer does not
/// see, so `make test-tsan` would report every state it guards as raced once two threads contend
/// for it (Tests/Sanitizers/MutexUnderThreadSanitizer.swift). ThreadSanitizer knows
/// `pthread_mutex_lock`, so a race it reports past this lock is a real one.
package final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed with \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// `body`, while no other thread holds the lock.
    package func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A value that threads share, each touching it only inside `withLock`, behind a ``Lock``.
///
/// Guard work, not an empty value, with ``Lock``: ThreadSanitizer reads the modifying access to
/// a `Locked<()>`'s empty value as a write to the object's first word, which every thread reads
/// to find the value, and reports a race that is not there.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// `body` with the value, while no other thread holds the lock.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        try lock.withLock { () throws(Failure) -> Result in try body(&value) }
    }
}
