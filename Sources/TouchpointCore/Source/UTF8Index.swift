/// Checks that a file is UTF-8 and maps code-point indices (what libyaml's marks count) to byte
/// offsets.
package struct UTF8Index: Sendable {
    /// Byte offset of every `stride`-th code point; empty for an ASCII file.
    private let checkpoints: [Int]
    private static let stride = 64
    private let bytes: [UInt8]
    /// Every byte is ASCII, so code-point indices are byte offsets.
    private let isASCII: Bool

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, if any.
    package let firstInvalidByte: Int?

    /// A code point and the byte it starts at: where one lookup ended, so that the next, usually
    /// a little further on, walks on from there.
    package struct Position {
        fileprivate var codePoint = 0
        fileprivate var byte = 0

        package init() {}

        fileprivate init(codePoint: Int, byte: Int) {
            self.codePoint = codePoint
            self.byte = byte
        }
    }

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        isASCII = bytes.withUnsafeBufferPointer { buffer in
            // No early exit, so that the loop runs on whole vectors.
            var union: UInt8 = 0
            for byte in buffer { union |= byte }
            return union < 0x80
        }
        if isASCII {
            checkpoints = []
            firstInvalidByte = nil
            return
        }
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / UTF8Index.stride + 1)
        var invalid: Int?
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { return }
            let count = buffer.count
            var index = 0
            var codePoint = 0
            var nextCheckpoint = 0
            while index < count {
                // Eight ASCII bytes at a time: each is a code point, and valid.
                if index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    if word & 0x8080_8080_8080_8080 == 0 {
                        if nextCheckpoint < codePoint + 8 {
                            checkpoints.append(index + nextCheckpoint - codePoint)
                            nextCheckpoint += UTF8Index.stride
                        }
                        index += 8
                        codePoint += 8
                        continue
                    }
                }
                if codePoint == nextCheckpoint {
                    checkpoints.append(index)
                    nextCheckpoint += UTF8Index.stride
                }
                let length = UTF8Index.sequenceLength(buffer, at: index)
                if length == 0 {
                    invalid = index
                    return
                }
                index += length
                codePoint += 1
            }
            if codePoint == nextCheckpoint { checkpoints.append(index) }
        }
        self.checkpoints = checkpoints
        self.firstInvalidByte = invalid
    }

    /// Whether `bytes` are well-formed UTF-8 throughout.
    package static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = UnsafeRawPointer(buffer.baseAddress) else { return true }
            let count = buffer.count
            var index = 0
            while index < count {
                if index + 8 <= count, base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
                let length = sequenceLength(buffer, at: index)
                if length == 0 { return false }
                index += length
            }
            return true
        }
    }

    /// The length of the well-formed sequence at `index`, or 0 where there is none.
    private static func sequenceLength(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = buffer[index]
        if lead < 0x80 { return 1 }
        let count = buffer.count
        func continuation(_ offset: Int) -> Bool {
            index + offset < count && buffer[index + offset] & 0xC0 == 0x80
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : 0
        case 0xE0:
            return continuation(1) && buffer[index + 1] >= 0xA0 && continuation(2) ? 3 : 0
        case 0xED:
            return continuation(1) && buffer[index + 1] < 0xA0 && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : 0
        case 0xF0:
            return continuation(1) && buffer[index + 1] >= 0x90 && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4:
            return continuation(1) && buffer[index + 1] < 0x90 && continuation(2) && continuation(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// The byte offset of the code point with index `codePoint` (clamped to the end). The walk
    /// starts at `position` when that is the nearest known place before the code point, and
    /// `position` moves to the code point found.
    package func byteOffset(ofCodePoint codePoint: Int, from position: inout Position) -> Int {
        guard codePoint > 0, !bytes.isEmpty else { return 0 }
        if isASCII { return min(codePoint, bytes.count) }
        let slot = min(codePoint / UTF8Index.stride, checkpoints.count - 1)
        if slot + 1 < checkpoints.count, checkpoints[slot + 1] - checkpoints[slot] == UTF8Index.stride {
            // The code points from this checkpoint to the next are one byte each.
            return checkpoints[slot] + codePoint - slot * UTF8Index.stride
        }
        var start = position
        if codePoint < start.codePoint || slot * UTF8Index.stride > start.codePoint {
            start = Position(codePoint: slot * UTF8Index.stride, byte: checkpoints[slot])
        }
        var offset = start.byte
        var remaining = codePoint - start.codePoint
        bytes.withUnsafeBufferPointer { buffer in
            while remaining > 0, offset < buffer.count {
                let lead = buffer[offset]
                offset += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                remaining -= 1
            }
        }
        if remaining == 0, offset <= bytes.count { position = Position(codePoint: codePoint, byte: offset) }
        return min(offset, bytes.count)
    }
}
