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

// Off: raw memory access (uctypes), modules that need a port layer this guest does not
// have (select, asyncio, framebuf, deflate, platform) and stdin-driven input().
#define MICROPY_PY_UCTYPES                      (0)
#define MICROPY_PY_SELECT                       (0)
#define MICROPY_PY_ASYNCIO                      (0)
#define MICROPY_PY_FRAMEBUF                     (0)
#define MICROPY_PY_DEFLATE                      (0)
#define MICROPY_PY_PLATFORM                     (0)
#define MICROPY_PY_BUILTINS_INPUT               (0)

// Time limits (the WIT interface `control`): every MPSANDBOX_POLL_INTERVAL backward jumps
// or function returns, the VM asks the host whether to stop; if so, KeyboardInterrupt is
// made pending and the VM raises it right after the hook (mphalport.c).
#define MICROPY_KBD_EXCEPTION                   (1)
#define MPSANDBOX_POLL_INTERVAL                 (1000)
extern int mpsandbox_poll_countdown;
void mpsandbox_poll(void);
// Garbage collection mid-call (memory.c): the loop hook, between two opcodes, collects
// when one is pending and the VM is the outermost one.
extern bool mpsandbox_collect_pending;
void memory_collect_in_vm(void);
#define MICROPY_VM_HOOK_INIT
#define MICROPY_VM_HOOK_LOOP \
    if (--mpsandbox_poll_countdown <= 0) { mpsandbox_poll(); } \
    if (mpsandbox_collect_pending) { memory_collect_in_vm(); }
#define MICROPY_VM_HOOK_RETURN \
    if (--mpsandbox_poll_countdown <= 0) { mpsandbox_poll(); }

// help() without arguments prints this (main.c) instead of the REPL's key bindings.
#define MICROPY_PY_BUILTINS_HELP_TEXT           mpsandbox_help_text

// sys: stdin, stdout and stderr are WASI fds 0, 1 and 2 (mphalport.c); what MicroPython
// prints by itself (errors in finalisers, warnings) goes to stderr.
#define MICROPY_PY_SYS_PLATFORM                 "wasi"
#define MICROPY_ERROR_PRINTER                   (&mp_stderr_print)

// errno numbers as on Linux and in CPython (WASI's own differ: its ENOENT is 44).
#define MICROPY_USE_INTERNAL_ERRNO              (1)

// random is seeded from WASI entropy, which the host can pin for deterministic runs.
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC        (mp_hal_random_seed())

// time: wall clock and monotonic clock from WASI (modtime_wasi.c).
#define MICROPY_EPOCH_IS_1970                   (1)
#define MICROPY_PY_TIME_TIME_TIME_NS            (1)
// gmtime, localtime and mktime are the port's (modtime_wasi.c): extmod's reject floats.
#define MICROPY_PY_TIME_GMTIME_LOCALTIME_MKTIME (0)
#define MICROPY_PY_TIME_INCLUDEFILE             "modtime_wasi.c"
#define MICROPY_PY_TIME_EXTRA_GLOBALS \
    { MP_ROM_QSTR(MP_QSTR_monotonic), MP_ROM_PTR(&mp_time_monotonic_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_perf_counter), MP_ROM_PTR(&mp_time_monotonic_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_gmtime), MP_ROM_PTR(&gmtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_localtime), MP_ROM_PTR(&gmtime_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_mktime), MP_ROM_PTR(&mktime_obj) },

// wasm32: mp_int_t is int so that the default "%d" formats match it.
typedef int mp_int_t;
typedef unsigned int mp_uint_t;
typedef long long mp_off_t;

#define MICROPY_HW_BOARD_NAME                   "mpsandbox"
#define MICROPY_HW_MCU_NAME                     "wasm32"

#define MP_STATE_PORT                           MP_STATE_VM

extern const struct _mp_print_t mp_stderr_print;
uint32_t mp_hal_random_seed(void);
