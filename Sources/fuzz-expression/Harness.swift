import TouchpointFuzz

/// libFuzzer's entry point: one input through the expression target's properties (docs/fuzzing.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzHarness.run(.expression, data, size)
}

#if !FUZZING
    /// Without a fuzzing build (`make fuzz` defines FUZZING), the harness replays the files and
    /// folders named on its command line through the same properties.
    @main enum Replay {
        static func main() {
            FuzzHarness.replayCommandLine(.expression)
        }
    }
#endif
