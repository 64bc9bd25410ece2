// Files: the directories the host grants, and errno numbers as Python knows them.
//
// The host grants a directory as a WASI preopen: a directory descriptor with the guest
// path it is known by. Each one is mounted in MicroPython's VFS at that path, as a
// VfsPosix whose paths wasi-libc resolves against the preopen. Paths outside every grant
// are refused by the VFS (ENOENT) before they reach WASI; inside a grant, the host (wasmtime-wasi)
// enforces read-only grants and refuses every escape by `..` or symbolic links.

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "py/mperrno.h"
#include "py/runtime.h"
#include "extmod/vfs.h"
#include "extmod/vfs_posix.h"

#include "files.h"
#include "preopens.h"

// Files open through VfsPosix, and how many make a collection worthwhile (FILES_COLLECT_AT).
static int open_files;

// Mounts one grant: VfsPosix rooted at `path`, at mount point `path`.
static void mount_grant(const char *path, size_t len) {
    mp_obj_t root = mp_obj_new_str(path, len);
    mp_obj_t args[2] = {
        MP_OBJ_TYPE_GET_SLOT(&mp_type_vfs_posix, make_new)(&mp_type_vfs_posix, 1, 0, &root),
        root,
    };
    mp_vfs_mount(2, args, (mp_map_t *)&mp_const_empty_map);
}

// Mounts the grants and registers them with wasi-libc (preopens.c); with `rebind`, after
// forgetting the registrations of the instance the state was saved in.
static void mount_grants(bool rebind) {
    if (rebind) {
        __wasilibc_reset_preopens();
    }
    // Preopens are numbered from 3, after stdin, stdout and stderr, without gaps.
    for (__wasi_fd_t fd = 3;; fd++) {
        __wasi_prestat_t prestat;
        if (__wasi_fd_prestat_get(fd, &prestat) != __WASI_ERRNO_SUCCESS) {
            break;
        }
        if (prestat.tag != __WASI_PREOPENTYPE_DIR) {
            continue;
        }
        size_t len = prestat.u.dir.pr_name_len;
        char path[MICROPY_ALLOC_PATH_MAX];
        if (len == 0 || len >= sizeof(path)
            || __wasi_fd_prestat_dir_name(fd, (uint8_t *)path, len) != __WASI_ERRNO_SUCCESS) {
            continue;
        }
        path[len] = '\0';
        __wasilibc_register_preopened_fd(fd, path);
        mount_grant(path, len);
    }
    // Relative paths start at the first grant (MicroPython's current mount, and wasi-libc's
    // current directory, which VfsPosix hands relative paths to); with none, nothing resolves.
    mp_vfs_mount_t *first = MP_STATE_VM(vfs_mount_table);
    MP_STATE_VM(vfs_cur) = first;
    if (first != NULL) {
        chdir(first->str);
    }
}

void files_mount_grants(void) {
    mount_grants(false);
}

void files_remount_grants(void) {
    // The working directory, to keep if its grant is still there.
    mp_obj_t cwd = MP_OBJ_NULL;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        cwd = MP_STATE_VM(vfs_cur) != NULL ? mp_vfs_getcwd() : MP_OBJ_NULL;
        nlr_pop();
    }
    MP_STATE_VM(vfs_mount_table) = NULL;
    MP_STATE_VM(vfs_cur) = NULL;
    mount_grants(true);
    if (cwd != MP_OBJ_NULL && nlr_push(&nlr) == 0) {
        mp_vfs_chdir(cwd);
        nlr_pop();
    }
}

int files_open_count(void) {
    return open_files;
}

#define FILES_COLLECT_AT 64

int files_open(const char *path, int flags, int mode) {
    int fd = open(path, flags, mode);
    if (fd >= 0) {
        open_files++;
    }
    return fd;
}

int files_close(int fd) {
    open_files--;
    return close(fd);
}

DIR *files_opendir(const char *path) {
    DIR *dir = opendir(path);
    if (dir != NULL) {
        open_files++;
    }
    return dir;
}

int files_closedir(DIR *dir) {
    open_files--;
    return closedir(dir);
}

bool files_want_collection(void) {
    return open_files >= FILES_COLLECT_AT;
}

int mpsandbox_errno(void) {
    // wasi-libc's errno values (WASI's numbering) to Linux's, which MicroPython's errno
    // module and CPython use.
    switch (errno) {
        case EPERM: return MP_EPERM;
        case ENOENT: return MP_ENOENT;
        case EINTR: return MP_EINTR;
        case EIO: return MP_EIO;
        case ENXIO: return MP_ENXIO;
        case E2BIG: return MP_E2BIG;
        case EBADF: return MP_EBADF;
        case EAGAIN: return MP_EAGAIN;
        // What the preview1 adapter says when its table of 128 descriptors is full.
        case ENOMEM: return MP_EMFILE;
        case EACCES: return MP_EACCES;
        case ENOTCAPABLE: return MP_EACCES;
        case EFAULT: return MP_EFAULT;
        case EBUSY: return MP_EBUSY;
        case EEXIST: return MP_EEXIST;
        case EXDEV: return MP_EXDEV;
        case ENODEV: return MP_ENODEV;
        case ENOTDIR: return MP_ENOTDIR;
        case EISDIR: return MP_EISDIR;
        case EINVAL: return MP_EINVAL;
        case ENFILE: return MP_ENFILE;
        case EMFILE: return MP_EMFILE;
        case ENOTTY: return MP_ENOTTY;
        case EFBIG: return MP_EFBIG;
        case ENOSPC: return MP_ENOSPC;
        case ESPIPE: return MP_ESPIPE;
        case EROFS: return MP_EROFS;
        case EMLINK: return MP_EMLINK;
        case EPIPE: return MP_EPIPE;
        case ERANGE: return MP_ERANGE;
        case ENAMETOOLONG: return MP_ENAMETOOLONG;
        case ENOTEMPTY: return MP_ENOTEMPTY;
        case ELOOP: return MP_ELOOP;
        case ENOTSUP: return MP_EOPNOTSUPP;
        case ENOSYS: return MP_ENOSYS;
        case EOVERFLOW: return MP_EOVERFLOW;
        case EILSEQ: return MP_EILSEQ;
        case ETXTBSY: return MP_ETXTBSY;
        case EDOM: return MP_EDOM;
        case ETIMEDOUT: return MP_ETIMEDOUT;
        case ECONNREFUSED: return MP_ECONNREFUSED;
        case ECONNRESET: return MP_ECONNRESET;
        case ECANCELED: return MP_ECANCELED;
        default: return MP_EIO;
    }
}
