import Testing
@testable import TouchpointKit

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
