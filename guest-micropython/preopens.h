// wasi-libc's table of preopened directories (preopens.c): its interface, from wasi-libc.
#ifndef MPSANDBOX_PREOPENS_H
#define MPSANDBOX_PREOPENS_H

#include <stdbool.h>
#include <stddef.h>

// Maps paths under `prefix` to the preopen `fd`; the newest registration of a prefix wins.
// 0, or -1 with errno set.
int __wasilibc_register_preopened_fd(int fd, const char *prefix);

// Forgets every registration.
void __wasilibc_reset_preopens(void);

// Does nothing: files.c registers the grants when it mounts them.
void __wasilibc_populate_preopens(void);

// The preopen that holds `path` (absolute, or relative to the root): its descriptor, its
// prefix and the rest of the path ("." for the directory itself); -1 and ENOENT if none.
int __wasilibc_find_abspath(const char *path, const char **abs_prefix, const char **relative_path);

// The same for any path, relative ones against the working directory.
int __wasilibc_find_relpath(const char *path, const char **abs_prefix, char **relative_path,
    size_t relative_path_len);

#endif // MPSANDBOX_PREOPENS_H
