// wasi-libc's table of preopened directories, in place of its own (sources/preopens.c).
//
// wasi-libc resolves every path against this table: the preopen whose prefix is the
// longest match, the newest on a tie. Its own table comes with a constructor that asks
// WASI for every preopen when an instance starts, which starts the WASI adapter in every
// instance: each session would then write the adapter's pages even when it makes no WASI
// call. Defining every symbol of that object file here keeps it out of the link; the table
// is filled by files.c when it mounts the grants, which it does from the same preopens.

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "preopens.h"

typedef struct {
    int fd;
    char *prefix; // without leading "/" or "./"
} preopen_t;

static preopen_t *preopens;
static size_t n_preopens;
static size_t capacity;

// The prefix as the table keeps it: no leading "/", "./", or a lone ".".
static const char *normal_prefix(const char *path) {
    for (;;) {
        if (path[0] == '/') {
            path += 1;
        } else if (path[0] == '.' && path[1] == '/') {
            path += 2;
        } else if (path[0] == '.' && path[1] == '\0') {
            path += 1;
        } else {
            return path;
        }
    }
}

int __wasilibc_register_preopened_fd(int fd, const char *prefix) {
    if (n_preopens == capacity) {
        size_t more = capacity == 0 ? 4 : capacity * 2;
        preopen_t *grown = realloc(preopens, more * sizeof(preopen_t));
        if (grown == NULL) {
            errno = ENOMEM;
            return -1;
        }
        preopens = grown;
        capacity = more;
    }
    char *copy = strdup(normal_prefix(prefix));
    if (copy == NULL) {
        errno = ENOMEM;
        return -1;
    }
    preopens[n_preopens++] = (preopen_t){fd, copy};
    return 0;
}

void __wasilibc_reset_preopens(void) {
    for (size_t i = 0; i < n_preopens; ++i) {
        free(preopens[i].prefix);
    }
    free(preopens);
    preopens = NULL;
    n_preopens = 0;
    capacity = 0;
}

// The table is filled by files.c, not from WASI.
void __wasilibc_populate_preopens(void) {
}

// Whether `prefix` (len bytes) names `path` or a directory above it: whole path components
// only; an empty prefix matches every relative path.
static bool covers(const char *prefix, size_t len, const char *path) {
    if (len == 0) {
        return path[0] != '/';
    }
    if (strncmp(prefix, path, len) != 0) {
        return false;
    }
    while (len > 0 && prefix[len - 1] == '/') {
        len -= 1;
    }
    return path[len] == '/' || path[len] == '\0';
}

int __wasilibc_find_abspath(const char *path, const char **abs_prefix, const char **relative_path) {
    while (path[0] == '/') {
        path += 1;
    }
    int fd = -1;
    size_t best = 0;
    for (size_t i = n_preopens; i > 0; --i) {
        const preopen_t *preopen = &preopens[i - 1];
        size_t len = strlen(preopen->prefix);
        if ((fd == -1 || len > best) && covers(preopen->prefix, len, path)) {
            fd = preopen->fd;
            best = len;
            *abs_prefix = preopen->prefix;
        }
    }
    if (fd == -1) {
        errno = ENOENT;
        return -1;
    }
    const char *rest = path + best;
    while (rest[0] == '/') {
        rest += 1;
    }
    // The *at calls take no empty path.
    *relative_path = rest[0] != '\0' ? rest : ".";
    return fd;
}

// Defined by wasi-libc's chdir.c when the program can change directory: relative paths are
// then resolved against the working directory first.
int __wasilibc_find_relpath_alloc(const char *path, const char **abs_prefix, char **relative,
    size_t *relative_len, int can_realloc) __attribute__((weak));

int __wasilibc_find_relpath(const char *path, const char **abs_prefix, char **relative_path,
    size_t relative_path_len) {
    if (__wasilibc_find_relpath_alloc != NULL) {
        return __wasilibc_find_relpath_alloc(path, abs_prefix, relative_path, &relative_path_len, 0);
    }
    return __wasilibc_find_abspath(path, abs_prefix, (const char **)relative_path);
}
