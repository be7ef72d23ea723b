import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `touchpoint` executable, run as a user runs it.
struct TouchpointBinary {
    let url: URL

    /// What one run printed and how it ended.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// `TOUCHPOINT_BIN` when set; otherwise the `touchpoint` the build put beside the running test
    /// bundle (`.build/<configuration>/`).
    static func locate() -> TouchpointBinary? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["TOUCHPOINT_BIN"], !path.isEmpty {
            return TouchpointBinary(url: URL(fileURLWithPath: path))
        }
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL { starts.append(executable) }
        if let first = CommandLine.arguments.first { starts.append(URL(fileURLWithPath: first)) }
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        for start in starts {
            var folder = start.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("touchpoint")
                if FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return TouchpointBinary(url: candidate)
                }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }

    /// Runs the binary with `arguments`, standard input closed, standard output and error to
    /// files (so neither is a terminal), in `directory`. `environment` entries are added to this
    /// process's environment; a `nil` value removes the variable.
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:]) throws -> Run {
        let scratch = try ScratchFolder()
        defer { withExtendedLifetime(scratch) {} }
        let stdoutURL = scratch.url.appendingPathComponent("stdout")
        let stderrURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutURL)
        let stderr = try FileHandle(forWritingTo: stderrURL)
        let process = configured(arguments, in: directory, environment: environment)
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        process.waitUntilExit()
        try stdout.close()
        try stderr.close()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }

    #if os(Linux)
        /// Runs the binary with its standard error on a pseudo-terminal, as in an interactive shell;
        /// returns the status and what reached the terminal.
        func runOnTerminal(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32, terminal: String) {
            let (primary, replica) = try Self.openPseudoTerminal()
            let terminal = FileHandle(fileDescriptor: replica, closeOnDealloc: true)
            let process = configured(arguments, in: nil, environment: environment)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = terminal
            try process.run()
            try terminal.close()
            // Read while the process runs, so a full terminal buffer cannot block it.
            var output = Data()
            var buffer = [UInt8](repeating: 0, count: 4_096)
            while true {
                let count = read(primary, &buffer, buffer.count)
                if count <= 0 { break }  // EIO once every writer has closed the terminal
                output.append(contentsOf: buffer[0..<count])
            }
            process.waitUntilExit()
            close(primary)
            return (process.terminationStatus, String(decoding: output, as: UTF8.self))
        }

        /// A new pseudo-terminal pair from `/dev/ptmx`: the primary side to read, the replica to
        /// hand to the child.
        private static func openPseudoTerminal() throws -> (primary: Int32, replica: Int32) {
            let unlock: UInt = 0x4004_5431  // TIOCSPTLCK
            let number: UInt = 0x8004_5430  // TIOCGPTN
            let primary = open("/dev/ptmx", O_RDWR | O_NOCTTY)
            guard primary >= 0 else { throw TerminalUnavailable() }
            var locked: Int32 = 0
            var index: UInt32 = 0
            guard ioctl(primary, unlock, &locked) == 0, ioctl(primary, number, &index) == 0 else {
                close(primary)
                throw TerminalUnavailable()
            }
            let replica = open("/dev/pts/\(index)", O_RDWR | O_NOCTTY)
            guard replica >= 0 else {
                close(primary)
                throw TerminalUnavailable()
            }
            return (primary, replica)
        }
    #endif

    struct TerminalUnavailable: Error {}

    private func configured(_ arguments: [String], in directory: URL?, environment: [String: String?]) -> Process {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        return process
    }
}
