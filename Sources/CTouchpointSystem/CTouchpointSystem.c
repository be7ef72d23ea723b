#define _GNU_SOURCE
#include "CTouchpointSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#include <linux/fs.h>
#endif

int touchpoint_renameat2(int old_directory, const char *old_name, int new_directory, const char *new_name,
                         unsigned int flags) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 28))
    return renameat2(old_directory, old_name, new_directory, new_name, flags);
#elif defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, old_directory, old_name, new_directory, new_name, flags);
#else
    (void)old_directory; (void)old_name; (void)new_directory; (void)new_name; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int touchpoint_syncfs(int descriptor) {
    return syncfs(descriptor);
}

const unsigned int touchpoint_rename_exchange = RENAME_EXCHANGE;
const unsigned int touchpoint_rename_noreplace = RENAME_NOREPLACE;

const int touchpoint_f_setsig = F_SETSIG;
const int touchpoint_f_setlease = F_SETLEASE;
const int touchpoint_f_getlease = F_GETLEASE;
const int touchpoint_f_wrlck = F_WRLCK;
const int touchpoint_f_unlck = F_UNLCK;
