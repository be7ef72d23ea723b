internal import Glibc
import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// Runs the delivery command for one message: the program with its arguments (never through a
/// shell), the message on standard input, what it prints on standard output and error kept for
/// the log.
package struct DeliveryCommand: Sendable {
    /// How a run ended.
    package enum Outcome: Sendable, Equatable {
        /// The program exited with this status; `output` is the first thing it printed.
        case exited(Int32, output: String)
        /// A signal ended it.
        case signaled(Int32, output: String)
        /// It could not be started: no such program, not executable.
        case cannotRun(String)
        /// It was still running after the time it is given, and was killed.
        case timedOut(output: String)
    }

    /// The folders a program named without a `/` is looked for in, in order.
    package let searchPath: [String]

    package init(searchPath: [String]) {
        self.searchPath = searchPath
    }

    /// Where `program` is: itself when it holds a `/`, else the first executable of that name in
    /// `searchPath`.
    package func locate(_ program: String) -> String? {
        if program.contains("/") { return program }
        for folder in searchPath where !folder.isEmpty {
            let candidate = folder.hasSuffix("/") ? folder + program : folder + "/" + program
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A command started and not yet waited for.
    package struct Running {
        let processID: pid_t
        let output: Int32
        let path: String
    }

    /// Runs `arguments` (the program first) with standard input read from `input`, killing it
    /// once `steady` (a clock in seconds) passes `deadline`.
    package func run(_ arguments: [String], input: Int32, deadline: Double = .infinity, steady: () -> Double = { 0 }) -> Outcome {
        switch start(arguments, input: input) {
        case .success(let running): return finish(running, deadline: deadline, steady: steady)
        case .failure(let problem): return .cannotRun(problem.description)
        }
    }

    /// Starts `arguments` (the program first) with standard input read from `input`; the
    /// caller may close `input` once this returns.
    package func start(_ arguments: [String], input: Int32) -> Result<Running, EnvironmentError> {
        guard let program = arguments.first else { return .failure(EnvironmentError("the command is empty")) }
        guard let path = locate(program) else {
            return .failure(EnvironmentError("cannot run '\(program)': no such program in \(searchPath.joined(separator: ":"))"))
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { return .failure(EnvironmentError("cannot make a pipe: \(OutboxDirectory.reason(errno))")) }
        // Neither end may leak into another child; the command gets the write end as 1 and 2.
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var processID: pid_t = 0
        let spawned = posix_spawn(&processID, path, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else {
            close(pipeEnds[0])
            return .failure(EnvironmentError("cannot run '\(path)': \(OutboxDirectory.reason(spawned))"))
        }
        return .success(Running(processID: processID, output: pipeEnds[0], path: path))
    }

    /// Waits for a started command, killing it once `steady` passes `deadline`.
    package func finish(_ running: Running, deadline: Double, steady: () -> Double) -> Outcome {
        let (output, expired) = Self.readOutput(running.output, child: running.processID, deadline: deadline, steady: steady)
        close(running.output)
        if expired { kill(running.processID, SIGKILL) }
        var status: Int32 = 0
        while waitpid(running.processID, &status, 0) < 0 {
            if errno != EINTR { return .cannotRun("cannot wait for '\(running.path)': \(OutboxDirectory.reason(errno))") }
        }
        let summary = Self.summary(output)
        if expired { return .timedOut(output: summary) }
        // WIFEXITED and WEXITSTATUS, as <sys/wait.h> defines them.
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF, output: summary) }
        return .signaled(status & 0x7F, output: summary)
    }

    /// What the child prints, up to a few kilobytes, read until it closes its end or exits: a
    /// program that leaves a process behind holding the pipe does not hold delivery up. `true`
    /// when the deadline passed first.
    private static func readOutput(_ descriptor: Int32, child: pid_t, deadline: Double, steady: () -> Double) -> ([UInt8], Bool) {
        var kept: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var exited = false
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, exited ? 0 : 100)
            if ready > 0 {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 {
                    if kept.count < 8_192 { kept += buffer[0..<min(count, 8_192 - kept.count)] }
                    continue
                }
                if count < 0, errno == EINTR { continue }
                return (kept, false)
            }
            if exited { return (kept, false) }
            if steady() > deadline { return (kept, true) }
            // Looks without reaping: the caller collects the status.
            var info = siginfo_t()
            if waitid(P_PID, id_t(child), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info.si_signo == SIGCHLD {
                exited = true
            }
        }
    }

    /// The first line the command printed, without control characters, at most 300 characters.
    static func summary(_ output: [UInt8]) -> String {
        let text = String(decoding: output, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first { !$0.trimmingSpaces.isEmpty } ?? ""
        let cleaned = String(String.UnicodeScalarView(line.unicodeScalars.filter { $0.properties.generalCategory != .control }))
        return cleaned.count > 300 ? String(cleaned.prefix(300)) + "…" : cleaned.trimmingSpaces
    }
}
