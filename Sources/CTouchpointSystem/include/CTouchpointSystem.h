#ifndef C_TOUCHPOINT_SYSTEM_H
#define C_TOUCHPOINT_SYSTEM_H

// The Linux calls and constants the outbox uses that glibc declares only for `_GNU_SOURCE`, which
// its Swift module is not built with. This target's C file is, and hands them on under names of
// its own. The calls return what the system call does: 0, or -1 with `errno` set; where the C
// library or the kernel lacks one, -1 with `errno` set to `ENOSYS`.

/// `renameat2(2)`: `rename` with `touchpoint_rename_exchange` or `touchpoint_rename_noreplace`.
int touchpoint_renameat2(int old_directory, const char *old_name, int new_directory, const char *new_name,
                         unsigned int flags);

/// `syncfs(2)`: flushes the file system `descriptor` is on.
int touchpoint_syncfs(int descriptor);

/// `RENAME_EXCHANGE`: the two names swap their files at once.
extern const unsigned int touchpoint_rename_exchange;
/// `RENAME_NOREPLACE`: fails with `EEXIST` rather than replace a file.
extern const unsigned int touchpoint_rename_noreplace;

/// `fcntl` commands: `F_SETSIG` (which signal tells of a lease break), `F_SETLEASE`, `F_GETLEASE`.
extern const int touchpoint_f_setsig;
extern const int touchpoint_f_setlease;
extern const int touchpoint_f_getlease;
/// Lease types: `F_WRLCK` (a write lease), `F_UNLCK` (none).
extern const int touchpoint_f_wrlck;
extern const int touchpoint_f_unlck;

#endif
