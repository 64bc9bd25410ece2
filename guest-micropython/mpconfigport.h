// MicroPython configuration of the mpsandbox guest: one interpreter per component
// instance, driven by the `session` exports of wit/sandbox.wit.

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h> // malloc, used by MICROPY_GC_SPLIT_HEAP_AUTO to add heap areas
#include <alloca.h>

#define MICROPY_CONFIG_ROM_LEVEL                (MICROPY_CONFIG_ROM_LEVEL_EXTRA_FEATURES)

// Exceptions are setjmp/longjmp, which clang lowers to wasm exception handling.
#define MICROPY_NLR_SETJMP                      (1)

// Memory. Collections run at safe points only: a top-level entry, or the loop hook of the
// outermost VM mid-call (below); the heap grows by adding areas allocated with malloc, up to
// the host's cap on linear memory (see memory.c).
#define MICROPY_ENABLE_GC                       (1)
#define MICROPY_GC_SPLIT_HEAP                   (1)
#define MICROPY_GC_SPLIT_HEAP_AUTO              (1)
#define MICROPY_ENABLE_PYSTACK                  (1)
// A failed allocation too large for wasm32 is still the memory limit (memory.c).
#define MICROPY_PORT_MALLOC_FAIL(num_bytes)     memory_alloc_failed(num_bytes)
void memory_alloc_failed(size_t num_bytes);
// Calls between Python functions stay in one VM activation (their frames on the pystack):
// the VM an entry starts is the one that collects garbage mid-call (memory.c).
#define MICROPY_STACKLESS                       (1)
#define MICROPY_STACK_CHECK                     (1)
#define MICROPY_LONGINT_IMPL                    (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL                      (MICROPY_FLOAT_IMPL_DOUBLE)

// Keep lone expression statements in the parse tree: the last one is the value of an exec.
#define MICROPY_ENABLE_DOC_STRING               (1)

// Parts of enabled modules that the ROM level leaves out and Python code expects:
// re's match.groups(), span(), start() and end(); collections' namedtuple._asdict().
#define MICROPY_PY_RE_MATCH_GROUPS              (1)
#define MICROPY_PY_RE_MATCH_SPAN_START_END      (1)
#define MICROPY_PY_COLLECTIONS_NAMEDTUPLE__ASDICT (1)

// str and bytes methods that MicroPython lacks (ljust, zfill, swapcase, removeprefix...):
// strmethods.c, added to MicroPython's table by patches/0043.
#define MICROPY_PY_STR_EXTRA_METHODS_INCLUDE    "strmethods.h"

// math's comb, perm, prod, isqrt, dist, fsum, gcd and lcm; int.bit_count (mathextra.c,
// added by patches/0046 and 0047). binascii.crc32 without deflate (patches/0048; the
// Makefile builds uzlib's crc32.c).
#define MICROPY_PY_MATH_EXTRA_INCLUDE           "mathextra.h"

// repr() of a float: the shortest text that reads back exactly, as CPython (floatrepr.c,
// used by patches/0049), and reading floats correctly rounded (patches/0053).
// It needs the C library's correctly rounded printf, not MicroPython's own.
#define MICROPY_USE_INTERNAL_PRINTF             (0)
#include "floatrepr.h"
#define MICROPY_FLOAT_FORMAT_REPR(x, buf, size) mpsandbox_float_repr((x), (buf), (size))
// Reading a decimal float: the C library's correctly rounded strtod (patches/0053).
#define MICROPY_FLOAT_PARSE_DECIMAL(start, end, fallback) mpsandbox_float_parse((start), (end), (fallback))
// format() and % of floats: the C library's correctly rounded printf (patches/0056).
#define MICROPY_FLOAT_FORMAT(x, buf, size, fmt, prec, sign, commas) \
    mpsandbox_float_format((x), (buf), (size), (fmt), (prec), (sign), (commas))

// hashlib is ours (modhashlib.c): md5, sha1 and sha256 with hexdigest() and copy().
#define MICROPY_PY_HASHLIB                      (0)

// Builtins that MicroPython lacks: format() and ascii() (strmethods.c).
extern const struct _mp_obj_fun_builtin_var_t mpsandbox_builtin_format_obj;
extern const struct _mp_obj_fun_builtin_fixed_t mpsandbox_builtin_ascii_obj;
// builtinsextra.c
extern const struct _mp_obj_fun_builtin_var_t mpsandbox_builtin_vars_obj, mpsandbox_time_strftime_obj;
extern const struct _mp_obj_type_t mp_type_ConnectionError, mp_type_BrokenPipeError,
    mp_type_ConnectionAbortedError, mp_type_ConnectionRefusedError,
    mp_type_ConnectionResetError, mp_type_TimeoutError;
#define MICROPY_PORT_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_format), MP_ROM_PTR(&mpsandbox_builtin_format_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ascii), MP_ROM_PTR(&mpsandbox_builtin_ascii_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_vars), MP_ROM_PTR(&mpsandbox_builtin_vars_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ConnectionError), MP_ROM_PTR(&mp_type_ConnectionError) }, \
    { MP_ROM_QSTR(MP_QSTR_BrokenPipeError), MP_ROM_PTR(&mp_type_BrokenPipeError) }, \
    { MP_ROM_QSTR(MP_QSTR_ConnectionAbortedError), MP_ROM_PTR(&mp_type_ConnectionAbortedError) }, \
    { MP_ROM_QSTR(MP_QSTR_ConnectionRefusedError), MP_ROM_PTR(&mp_type_ConnectionRefusedError) }, \
    { MP_ROM_QSTR(MP_QSTR_ConnectionResetError), MP_ROM_PTR(&mp_type_ConnectionResetError) }, \
    { MP_ROM_QSTR(MP_QSTR_TimeoutError), MP_ROM_PTR(&mp_type_TimeoutError) },

// Files: each directory the host grants (a WASI preopen) is mounted at its guest path
// as a VfsPosix (files.c); nothing else is visible. `open`, `os` and `import` of .py
// files work inside the grants. Imports also find the Python modules of modules/
// (`requests`, `typing`, ...), frozen as bytecode (the Makefile's FROZEN_MANIFEST, which also
// turns on MICROPY_MODULE_FROZEN_MPY/STR and the extra qstr pool). No .mpy file or native
// code is loaded at run time.
#define MICROPY_VFS                             (1)
#define MICROPY_VFS_POSIX                       (1)
#define MICROPY_READER_VFS                      (1)
#define MICROPY_PY_OS                           (1)
#define MICROPY_PY_OS_STATVFS                   (0)
#define MICROPY_PERSISTENT_CODE_LOAD            (0)
#define MICROPY_PY_BUILTINS_EXECFILE            (0)
// Paths cross to WASI as strings: one holding a lone surrogate is UnicodeError, not a trap
// in the WASI adapter (patches/0030, value.c).
#define MICROPY_VFS_CHECK_PATH(path)            value_check_path(path)
void value_check_path(const char *path);

// Off: raw memory access (uctypes), modules that need a port layer this guest does not
// have (select, asyncio, framebuf, deflate, platform) and stdin-driven input().
#define MICROPY_PY_UCTYPES                      (0)
#define MICROPY_PY_SELECT                       (0)
#define MICROPY_PY_ASYNCIO                      (0)
#define MICROPY_PY_FRAMEBUF                     (0)
#define MICROPY_PY_DEFLATE                      (0)
#define MICROPY_PY_PLATFORM                     (0)
#define MICROPY_PY_BUILTINS_INPUT               (0)

// Time limits (the WIT interface `control`): the VM's hooks (a backward jump, a function
// return) count down to the next time it asks the host whether to stop; if so,
// KeyboardInterrupt is made pending and the VM raises it right after the hook. The count
// adapts to elapsed time (mphalport.c): about every MPSANDBOX_POLL_TARGET_NS of running,
// and at least every MPSANDBOX_POLL_INTERVAL hooks; each entry starts at
// MPSANDBOX_POLL_START. In a micropython.schedule() callback the scheduler is locked and the
// VM does not look for the pending exception, so the loop hook raises it itself.
// Long collections poll too (MICROPY_GC_HOOK_LOOP), and time.sleep between its slices.
#define MICROPY_KBD_EXCEPTION                   (1)
#define MPSANDBOX_POLL_INTERVAL                 (2000)
#define MPSANDBOX_POLL_START                    (1)
#define MPSANDBOX_POLL_TARGET_NS                (2 * 1000 * 1000)
extern int mpsandbox_poll_countdown;
bool mpsandbox_poll(void);
void mpsandbox_poll_start(void);
void mpsandbox_poll_in_gc(void);
#define MICROPY_GC_HOOK_LOOP(i)                 if (((i) & 0xfff) == 0) { mpsandbox_poll_in_gc(); }
// Garbage collection mid-call (memory.c): the loop hook, between two opcodes, collects
// when one is pending and the VM is the outermost one.
extern bool mpsandbox_collect_pending;
void memory_collect_in_vm(void);
#define MICROPY_VM_HOOK_INIT
#define MICROPY_VM_HOOK_LOOP \
    if (--mpsandbox_poll_countdown <= 0 && mpsandbox_poll() && MP_STATE_VM(sched_state) < 0) { \
        mp_handle_pending(true); \
    } \
    if (mpsandbox_collect_pending) { memory_collect_in_vm(); }
// After a native call returns to that VM (patches/0023): so that gc.collect() in
// straight-line code collects at once, and not only at the next backward jump.
#define MICROPY_VM_HOOK_CALL \
    if (mpsandbox_collect_pending) { memory_collect_in_vm(); }
// A stop found at a return is raised there: no check of the pending exception follows a
// return, and a function that C calls (a key function, map's) may have no other hook, so
// code spending its time in such calls was only ever hard-stopped. A return from the last
// frame of the VM that the entry called (memory.c) ends the entry's code, and no stop has
// anything left to stop: no poll there, so that a short exec or call asks the host nothing
// (each question is a call out of the component, costly under jco).
bool memory_in_entry_vm(void);
#define MICROPY_VM_HOOK_RETURN \
    if (--mpsandbox_poll_countdown <= 0 && (code_state->prev != NULL || !memory_in_entry_vm()) \
        && mpsandbox_poll()) { \
        mp_handle_pending(true); \
    }

// REPL-mode expression statements call this (main.c, patches/0029), not __repl_print__.
extern const struct _mp_obj_fun_builtin_fixed_t mpsandbox_repl_print_obj;
#define MICROPY_REPL_PRINT_OBJ                  (MP_OBJ_FROM_PTR(&mpsandbox_repl_print_obj))

// help() without arguments prints this (main.c) instead of the REPL's key bindings.
#define MICROPY_PY_BUILTINS_HELP_TEXT           mpsandbox_help_text

// sys: stdin, stdout and stderr are WASI fds 0, 1 and 2 (mphalport.c); what MicroPython
// prints by itself (errors in finalisers, warnings) goes to stderr.
#define MICROPY_PY_SYS_PLATFORM                 "wasi"
#define MICROPY_ERROR_PRINTER                   (&mp_stderr_print)

// errno numbers as on Linux and in CPython (WASI's own differ: its ENOENT is 44).
#define MICROPY_USE_INTERNAL_ERRNO              (1)
// Linux's numbers for the errors files.c reports that MicroPython's table lacks.
#define MP_ENAMETOOLONG                         (36)
#define MP_ENOSYS                               (38)
#define MP_ENOTEMPTY                            (39)
#define MP_ELOOP                                (40)
#define MP_EOVERFLOW                            (75)
#define MP_EILSEQ                               (84)
// Every number the guest can report has its name (errno.errorcode, OSError's text).
#define MICROPY_PY_ERRNO_LIST \
    X(EPERM) X(ENOENT) X(ESRCH) X(EINTR) X(EIO) X(ENXIO) X(E2BIG) X(ENOEXEC) X(EBADF) \
    X(ECHILD) X(EAGAIN) X(ENOMEM) X(EACCES) X(EFAULT) X(ENOTBLK) X(EBUSY) X(EEXIST) \
    X(EXDEV) X(ENODEV) X(ENOTDIR) X(EISDIR) X(EINVAL) X(ENFILE) X(EMFILE) X(ENOTTY) \
    X(ETXTBSY) X(EFBIG) X(ENOSPC) X(ESPIPE) X(EROFS) X(EMLINK) X(EPIPE) X(EDOM) \
    X(ERANGE) X(ENAMETOOLONG) X(ENOSYS) X(ENOTEMPTY) X(ELOOP) X(EOVERFLOW) X(EILSEQ) \
    X(EOPNOTSUPP) X(EAFNOSUPPORT) X(EADDRINUSE) X(ECONNABORTED) X(ECONNRESET) \
    X(ENOBUFS) X(EISCONN) X(ENOTCONN) X(ETIMEDOUT) X(ECONNREFUSED) X(EHOSTUNREACH) \
    X(EALREADY) X(EINPROGRESS) X(ECANCELED)

// random is seeded from WASI entropy, which the host can pin for deterministic runs.
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC        (mp_hal_random_seed())

// time: wall clock and monotonic clock from WASI (modtime_wasi.c).
#define MICROPY_EPOCH_IS_1970                   (1)
#define MICROPY_PY_TIME_TIME_TIME_NS            (1)
// gmtime, localtime and mktime are the port's (modtime_wasi.c): extmod's reject floats.
#define MICROPY_PY_TIME_GMTIME_LOCALTIME_MKTIME (0)
#define MICROPY_PY_TIME_INCLUDEFILE             "modtime_wasi.c"
// time.sleep is the port's too: it refuses negative and too long lengths, as CPython does.
#define MICROPY_PY_TIME_CUSTOM_SLEEP            (1)
#define MICROPY_PY_TIME_EXTRA_GLOBALS \
    { MP_ROM_QSTR(MP_QSTR_monotonic), MP_ROM_PTR(&mp_time_monotonic_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_perf_counter), MP_ROM_PTR(&mp_time_monotonic_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&gmtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&gmtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&mktime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_strftime), MP_ROM_PTR(&mpsandbox_time_strftime_obj) },

// wasm32: mp_int_t is int so that the default "%d" formats match it.
typedef int mp_int_t;
typedef unsigned int mp_uint_t;
typedef long long mp_off_t;

#define MICROPY_HW_BOARD_NAME                   "mpsandbox"
#define MICROPY_HW_MCU_NAME                     "wasm32"

#define MP_STATE_PORT                           MP_STATE_VM

extern const struct _mp_print_t mp_stderr_print;
uint32_t mp_hal_random_seed(void);
