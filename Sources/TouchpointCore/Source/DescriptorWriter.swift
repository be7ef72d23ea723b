#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes bytes to an open file descriptor — standard output, standard error — the way the CLI
/// emits what it prints. A write that fails (a full disk, a closed pipe) is an
/// ``EnvironmentError``, never a crash and never a silent success.
public enum DescriptorWriter {
    /// Every byte of `bytes` to `descriptor`, however many calls it takes; `name` names the
    /// stream in the error ("standard output").
    public static func write(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(EnvironmentError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
                #else
                    Darwin.write(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
                #endif
            }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                throw EnvironmentError("cannot write to \(name): \(String(cString: strerror(code)))")
            }
            written += result
        }
    }
}
