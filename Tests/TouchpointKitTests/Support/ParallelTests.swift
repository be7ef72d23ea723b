import Testing
@testable import TouchpointCore
@testable import TouchpointFrontEnd
@testable import TouchpointKit
@testable import TouchpointMail
@testable import TouchpointOutbox
@testable import TouchpointSchedule

@Suite struct ParallelTests {
    /// Chunks run side by side, but the results come back in index order, whatever the sizes.
    @Test(arguments: [0, 1, 7, 2_048, 2_049, 10_000])
    func mapKeepsIndexOrder(count: Int) {
        let squares = Parallel.map(count, chunkSize: 64) { range in range.map { $0 * $0 } }
        #expect(squares == (0..<count).map { $0 * $0 })
    }

    @Test func chunksMayReturnAnyNumberOfElements() {
        let pairs = Parallel.map(100, chunkSize: 7) { range in range.flatMap { [$0, -$0] } }
        #expect(pairs == (0..<100).flatMap { [$0, -$0] })
    }
}

@Suite struct ParallelSortTests {
    /// Whichever way the work is split, equal elements keep their order, as `sort(by:)` keeps it.
    @Test(arguments: [0, 1, 2, 3, 100, 1_001])
    func sortKeepsEqualElementsInOrder(count: Int) {
        var random = SeededGenerator(seed: UInt64(count))
        let pairs = (0..<count).map { (key: Int.random(in: 0..<7, using: &random), place: $0) }
        for minimumCount in [1, 2, 64, 100_000] {
            var sorted = pairs
            Parallel.sort(&sorted, minimumCount: minimumCount) { $0.key < $1.key }
            let expected = pairs.sorted { ($0.key, $0.place) < ($1.key, $1.place) }
            #expect(sorted.map(\.key) == expected.map(\.key))
            #expect(sorted.map(\.place) == expected.map(\.place))
        }
    }
}
