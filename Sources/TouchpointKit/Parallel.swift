import Dispatch
internal import Synchronization

/// Work over a range of indices split into chunks that run side by side on every core; the
/// results come back in index order, so nothing depends on how the chunks were scheduled.
enum Parallel {
    /// `transform` of every chunk of `0..<count`, concatenated in order.
    static func map<Element: Sendable>(
        _ count: Int, chunkSize: Int = 2_048, _ transform: @Sendable (Range<Int>) -> [Element]
    ) -> [Element] {
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 1 else { return count > 0 ? transform(0..<count) : [] }
        let results = Mutex<[[Element]]>(Array(repeating: [], count: chunks))
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
            let part = transform(range)
            results.withLock { $0[chunk] = part }
        }
        return results.withLock { parts in
            var all: [Element] = []
            all.reserveCapacity(count)
            for part in parts { all += part }
            return all
        }
    }
}
