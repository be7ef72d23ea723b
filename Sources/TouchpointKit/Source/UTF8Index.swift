/// Checks that a file is UTF-8 and maps code-point indices (what libyaml's marks count) to byte
/// offsets.
struct UTF8Index: Sendable {
    /// Byte offset of every `stride`-th code point.
    private let checkpoints: [Int]
    private static let stride = 64
    private let bytes: [UInt8]

    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, if any.
    let firstInvalidByte: Int?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / UTF8Index.stride + 1)
        var invalid: Int?
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            var codePoint = 0
            let count = buffer.count
            while index < count {
                if codePoint % UTF8Index.stride == 0 { checkpoints.append(index) }
                let length = UTF8Index.sequenceLength(buffer, at: index)
                if length == 0 {
                    invalid = index
                    return
                }
                index += length
                codePoint += 1
            }
            if codePoint % UTF8Index.stride == 0 { checkpoints.append(index) }
        }
        self.checkpoints = checkpoints
        self.firstInvalidByte = invalid
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

    /// The byte offset of the code point with index `codePoint` (clamped to the end).
    func byteOffset(ofCodePoint codePoint: Int) -> Int {
        guard codePoint > 0, !checkpoints.isEmpty else { return 0 }
        let slot = min(codePoint / UTF8Index.stride, checkpoints.count - 1)
        var offset = checkpoints[slot]
        var remaining = codePoint - slot * UTF8Index.stride
        while remaining > 0, offset < bytes.count {
            let lead = bytes[offset]
            offset += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            remaining -= 1
        }
        return min(offset, bytes.count)
    }
}
