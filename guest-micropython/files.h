// Files: the directories the host grants (files.c).
#ifndef MPSANDBOX_FILES_H
#define MPSANDBOX_FILES_H

#include <dirent.h>
#include <stdbool.h>

// Mounts every directory the host granted at its guest path; called once after mp_init.
void files_mount_grants(void);

// After a restore: mounts this instance's grants in place of the saved session's, keeping
// the working directory if its grant is still there (else the first grant's root). The
// saved session's prefixes stay in wasi-libc's table, behind the new ones and out of the
// VFS's reach: it refuses paths outside this instance's mounts.
void files_remount_grants(void);

// How many files are open through the VFS.
int files_open_count(void);

// errno (wasi-libc's numbering) as the number Python code sees: Linux's, like CPython's.
int mpsandbox_errno(void);

// open(2) and close(2) for VfsPosix. A session has 128 descriptors (the preview1
// adapter's table), and files nobody references keep theirs until a collection finalises
// them: see files_want_collection.
int files_open(const char *path, int flags, int mode);
int files_close(int fd);

// opendir() and closedir() for VfsPosix: listings hold a descriptor too.
DIR *files_opendir(const char *path);
int files_closedir(DIR *dir);

// Whether so many files are open (half the table) that a collection should run at this
// top-level entry, closing those nobody references any more.
bool files_want_collection(void);

#endif
