// Imports: only built-in modules and the frozen Python modules of modules/ (through the
// sys.path entry ".frozen"); there is no filesystem to import from.

#include "py/builtin.h"
#include "py/emitglue.h"
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

// No frozen .mpy modules (MICROPY_MODULE_FROZEN_MPY is on only for frozenmod.c's sake).
const mp_frozen_module_t *const mp_frozen_mpy_content[] = {NULL};
