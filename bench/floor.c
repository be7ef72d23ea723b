/*
 * The floor of the benchmark: what writing the outbox costs with no rendering at all.
 *
 *     floor LIST OUT
 *
 * LIST has one line a file, "relative/path size" (as `find out -name '*.eml' -printf '%P %s\n'`
 * prints it), sorted so that each day folder's files come together. For every line, floor
 * creates the file's folder under OUT when it first meets it, writes `size` bytes to a temporary
 * name beside the file, and renames it into place, as Touchpoint does; then it flushes the file
 * system once with syncfs. The same number of files, the same bytes, the same folders: no
 * renderer can write the outbox faster than this.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fail(const char *what, const char *path) {
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: floor LIST OUT\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) fail("open", argv[1]);
    if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) fail("create", argv[2]);
    int root = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) fail("open", argv[2]);

    size_t capacity = 1 << 16;
    char *buffer = malloc(capacity);
    if (!buffer) fail("allocate", "buffer");
    memset(buffer, 'x', capacity);

    char line[4096], current[4096] = "", temporary[4200];
    int folder = -1;
    long files = 0, bytes = 0;
    pid_t pid = getpid();
    while (fgets(line, sizeof line, list)) {
        char *space = strrchr(line, ' ');
        if (!space) continue;
        *space = '\0';
        size_t size = strtoul(space + 1, NULL, 10);
        char *slash = strrchr(line, '/');
        const char *name = line;
        const char *directory = "";
        if (slash) {
            *slash = '\0';
            directory = line;
            name = slash + 1;
        }
        if (folder < 0 || strcmp(directory, current) != 0) {
            if (folder >= 0 && folder != root) close(folder);
            if (*directory) {
                if (mkdirat(root, directory, 0755) != 0 && errno != EEXIST) fail("create", directory);
                folder = openat(root, directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (folder < 0) fail("open", directory);
            } else {
                folder = root;
            }
            snprintf(current, sizeof current, "%s", directory);
        }
        if (size > capacity) {
            capacity = size;
            buffer = realloc(buffer, capacity);
            if (!buffer) fail("allocate", "buffer");
            memset(buffer, 'x', capacity);
        }
        snprintf(temporary, sizeof temporary, ".%s.tmp-%d", name, (int)pid);
        int file = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (file < 0) fail("create", temporary);
        size_t done = 0;
        while (done < size) {
            ssize_t wrote = write(file, buffer + done, size - done);
            if (wrote < 0) {
                if (errno == EINTR) continue;
                fail("write", temporary);
            }
            done += (size_t)wrote;
        }
        if (close(file) != 0) fail("close", temporary);
        if (renameat(folder, temporary, folder, name) != 0) fail("rename", name);
        files += 1;
        bytes += (long)size;
    }
    if (syncfs(root) != 0) fail("sync", argv[2]);
    printf("floor: %ld files, %ld bytes\n", files, bytes);
    return 0;
}
