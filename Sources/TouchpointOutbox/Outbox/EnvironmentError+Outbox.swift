import TouchpointCore
import TouchpointFrontEnd
import TouchpointSchedule
import TouchpointMail

/// The outbox writer's errors: problems with `out/` rather than with the practice's files.
extension EnvironmentError {
    package static func outboxBusy(_ outbox: String, processID: String?, role: OutboxLock.Role? = nil) -> EnvironmentError {
        let pid = "pid \(processID ?? "unknown")"
        if role == .deliver {
            return EnvironmentError(
                "touchpoint deliver is sending from \(outbox)/ (\(pid)); build again once it is done, or wait for it with '--wait'")
        }
        return EnvironmentError("another touchpoint build is writing \(outbox)/ (\(pid))")
    }

    package static func outboxSymbolicLink(_ path: String) -> EnvironmentError {
        EnvironmentError(
            "'\(path)' is a symbolic link; touchpoint does not follow links out of the outbox, "
                + "so replace it with a plain folder")
    }

    package static func outboxNotAFolder(_ path: String) -> EnvironmentError {
        EnvironmentError("'\(path)' is not a folder; move it away so that touchpoint can create the folder")
    }

    package static func outboxNotAFile(_ path: String) -> EnvironmentError {
        EnvironmentError("'\(path)' is not a plain file, and touchpoint writes a message there; move it away")
    }

    package static func outboxForeignFile(_ path: String, others: Int) -> EnvironmentError {
        let more = others == 0 ? "" : " (and \(others) more file\(others == 1 ? "" : "s") like it)"
        return EnvironmentError(
            "'\(path)' was not written by touchpoint and a message would replace it\(more); "
                + "move it out of the outbox, then build again")
    }

    package static func outboxPathCollision(_ first: String, _ second: String, path: String) -> EnvironmentError {
        EnvironmentError("messages \(quoted(first)) and \(quoted(second)) would both be written to '\(path)'")
    }

    package static func outboxReservedFolder(_ path: String) -> EnvironmentError {
        EnvironmentError("'\(path)' cannot be a day folder: it belongs to delivery or the schedule")
    }

    package static func outboxStateDamaged(_ path: String, line: Int, state: String) -> EnvironmentError {
        EnvironmentError(
            "'\(path)' is damaged at line \(line); move the messages out of the outbox "
                + "and delete '\(state)' to start afresh")
    }

    package static func outboxSystemCall(_ action: String, _ path: String, reason: String) -> EnvironmentError {
        EnvironmentError("cannot \(action) '\(path)': \(reason)")
    }

    /// A name as the caller gave it, in quotes, with control characters (a NUL, a newline)
    /// spelled out so the message stays on one line.
    private static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += "\\u{" + Hex.string(scalar.value, minimumDigits: 1) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}
