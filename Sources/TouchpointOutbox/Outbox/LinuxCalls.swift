internal import CTouchpointSystem
internal import Glibc

/// The Linux calls the outbox uses beyond POSIX, from the C target `CTouchpointSystem` (glibc
/// declares them only for `_GNU_SOURCE`, which its Swift module is not built with). This is the
/// one file that imports it. Each says when the system cannot do what it asks, so that the caller
/// can do the plain thing instead.
enum LinuxCalls {
    /// Swaps the files of the names `first` and `second` in the folder `directory` at once.
    /// `false` when that did not happen: the kernel or the file system cannot exchange names, one
    /// of them is missing, or another error.
    static func exchange(_ first: String, _ second: String, in directory: Int32) -> Bool {
        touchpoint_renameat2(directory, first, directory, second, touchpoint_rename_exchange) == 0
    }

    /// Flushes everything written to the file system that `descriptor` is on; `nil` when done,
    /// else the error. Where there is no `syncfs`, flushes every file system.
    static func synchronizeFileSystem(of descriptor: Int32) -> Int32? {
        if touchpoint_syncfs(descriptor) == 0 { return nil }
        let code = errno
        guard code == ENOSYS else { return code }
        sync()
        return nil
    }

    /// Takes a write lease on the open file `file`: granted only to the file's sole opener. While
    /// it is held, anyone who opens the file waits until it is closed, and the lease is broken.
    /// The notice comes as the signal `SIGURG`, which is ignored unless handled, not the default
    /// `SIGIO`, which would end the process. `false` when it was not granted.
    static func takeWriteLease(on file: Int32) -> Bool {
        fcntl(file, touchpoint_f_setsig, SIGURG) == 0 && fcntl(file, touchpoint_f_setlease, touchpoint_f_wrlck) == 0
    }

    /// Whether the write lease taken on `file` is held still: `false` once someone else opened it.
    static func holdsWriteLease(on file: Int32) -> Bool {
        fcntl(file, touchpoint_f_getlease) == touchpoint_f_wrlck
    }
}
