// Files: the directories the host grants (files.c).
#ifndef MPSANDBOX_FILES_H
#define MPSANDBOX_FILES_H

#include <stdbool.h>

// Mounts every directory the host granted at its guest path, the first time it is called
// (before the VFS is first used: MICROPY_VFS_PORT_BEFORE_USE); later calls do nothing.
void files_mount_grants(void);

// errno (wasi-libc's numbering) as the number Python code sees: Linux's, like CPython's.
int mpsandbox_errno(void);

// open(2) and close(2) for VfsPosix. A session has 128 descriptors (the preview1
// adapter's table), and files nobody references keep theirs until a collection finalises
// them: see files_want_collection.
int files_open(const char *path, int flags, int mode);
int files_close(int fd);

// Whether so many files are open (half the table) that a collection should run at this
// top-level entry, closing those nobody references any more.
bool files_want_collection(void);

#endif
