// Imports of the frozen Python modules of modules/ (through the sys.path entry ".frozen"),
// next to built-in modules and .py files in granted directories (files.c).
//
// mp_find_frozen_module replaces py/frozenmod.c (left out by the Makefile): in 1.25 that
// file finds source modules only when .mpy modules are enabled too, and enabling those
// turns on MicroPython's persistent-code support (about 18 KiB, another bytecode layout).

#include <string.h>

#include "py/builtin.h"
#include "py/frozenmod.h"
#include "py/lexer.h"
#include "py/mperrno.h"
#include "py/runtime.h"

#if !MICROPY_VFS
mp_import_stat_t mp_import_stat(const char *path) {
    (void)path;
    return MP_IMPORT_STAT_NO_EXIST;
}
#endif

#if !MICROPY_READER_VFS && !MICROPY_READER_POSIX
mp_lexer_t *mp_lexer_new_from_file(qstr filename) {
    (void)filename;
    mp_raise_OSError(MP_ENOENT);
}
#endif

// Written by mkfrozen.py: the names, sizes and sources, each list NUL-separated.
extern const char mp_frozen_names[];
extern const uint32_t mp_frozen_str_sizes[];
extern const char mp_frozen_str_content[];

// Whether `path` (such as "requests/__init__.py" or "requests") is a frozen file or a
// folder of them; for a file, `*data` is a lexer over its source.
mp_import_stat_t mp_find_frozen_module(const char *path, int *frozen_type, void **data) {
    size_t len = strlen(path);
    if (frozen_type != NULL) {
        *frozen_type = MP_FROZEN_NONE;
    }
    const char *name = mp_frozen_names;
    size_t offset = 0;
    for (size_t i = 0; *name != 0; ++i) {
        size_t name_len = strlen(name);
        if (name_len >= len && memcmp(path, name, len) == 0) {
            if (name_len == len) {
                if (frozen_type != NULL) {
                    *frozen_type = MP_FROZEN_STR;
                    qstr source = qstr_from_strn(path, len);
                    *data = mp_lexer_new_from_str_len(source, &mp_frozen_str_content[offset], mp_frozen_str_sizes[i], 0);
                }
                return MP_IMPORT_STAT_FILE;
            }
            if (name[len] == '/') {
                return MP_IMPORT_STAT_DIR;
            }
        }
        offset += mp_frozen_str_sizes[i] + 1;
        name += name_len + 1;
    }
    return MP_IMPORT_STAT_NO_EXIST;
}
