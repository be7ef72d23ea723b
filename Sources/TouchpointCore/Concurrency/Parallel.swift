import Dispatch

/// Work over a range of indices split into chunks that run side by side on every core; the
/// results come back in index order, so nothing depends on how the chunks were scheduled.
package enum Parallel {
    /// `transform` of every chunk of `0..<count`, concatenated in order.
    package static func map<Element: Sendable>(
        _ count: Int, chunkSize: Int = 2_048, _ transform: @Sendable (Range<Int>) -> [Element]
    ) -> [Element] {
        let chunks = (count + chunkSize - 1) / chunkSize
        guard chunks > 1 else { return count > 0 ? transform(0..<count) : [] }
        let results = Locked<[[Element]]>(Array(repeating: [], count: chunks))
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

extension Parallel {
    /// Sorts `elements` as `sort(by:)` does, keeping equal elements in their order: the two
    /// halves side by side, then one merge that takes from the first half on a tie.
    package static func sort<Element: Sendable>(
        _ elements: inout [Element], minimumCount: Int = 16_384,
        by areInIncreasingOrder: @Sendable (Element, Element) -> Bool
    ) {
        let count = elements.count
        guard count >= max(2, minimumCount) else {
            elements.sort(by: areInIncreasingOrder)
            return
        }
        let middle = count / 2
        elements.withUnsafeMutableBufferPointer { buffer in
            let shared = SharedBuffer(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                let range = half == 0 ? 0..<middle : middle..<count
                var sorted = UnsafeMutableBufferPointer(rebasing: shared.buffer[range])
                sorted.sort(by: areInIncreasingOrder)
            }
            let first = Array(buffer[0..<middle])
            var left = 0
            var right = middle
            var next = 0
            while left < first.count, right < count {
                if areInIncreasingOrder(buffer[right], first[left]) {
                    buffer[next] = buffer[right]
                    right += 1
                } else {
                    buffer[next] = first[left]
                    left += 1
                }
                next += 1
            }
            while left < first.count {
                buffer[next] = first[left]
                left += 1
                next += 1
            }
        }
    }

    /// A buffer whose halves two threads sort at once, each touching only its own.
    private struct SharedBuffer<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
    }
}
