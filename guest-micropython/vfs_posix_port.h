// Forced into MicroPython's VfsPosix sources (Makefile).
#include <dirent.h> // declares opendir() and closedir() before they are redefined below
#include <errno.h>
#include <fcntl.h> // declares open() before it is redefined below
#include <unistd.h> // and close()
#include "files.h"

// The errno they raise OSError with is Python's (Linux's) number, not wasi-libc's.
#undef errno
#define errno (mpsandbox_errno())

// Files and directory listings are opened and closed through files.c, which counts the
// descriptors in use.
#define open(...) files_open(__VA_ARGS__)
#define close(fd) files_close(fd)
#define opendir(path) files_opendir(path)
#define closedir(dir) files_closedir(dir)
