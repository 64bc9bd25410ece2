// The compiled-code cache of exec (codecache.h).
//
// Hosts run the same code again and again: a plugin's hook on every event, an agent's
// cell re-run, a loop of exec("x = x + 1"). Compiling is most of a small exec's cost (the
// parser alone is about half), so exec keeps the last few module functions it compiled,
// keyed by their source text. A module function is bound to __main__'s globals, the
// only namespace exec runs in, so calling it again is running the code again. What else
// the compiler depends on is fixed for a build, but for micropython.opt_level(), which is
// part of the key. The cache is interpreter state like any other: on the heap (held by
// root pointers), in snapshots, and bounded: CODE_CACHE_ENTRIES sources of at most
// CODE_CACHE_MAX_SOURCE bytes each.

#include <string.h>

#include "py/nlr.h"
#include "py/qstr.h"
#include "py/runtime.h"

#include "codecache.h"

#define CODE_CACHE_ENTRIES (16)
#define CODE_CACHE_MAX_SOURCE (4096)

// Entry i's source text (a bytes object) at 2 * i, its module function at 2 * i + 1.
MP_REGISTER_ROOT_POINTER(mp_obj_t mpsandbox_code_cache[32]);

static struct {
    size_t hash;
    mp_uint_t opt_level;
    uint32_t last_use;
    bool has_value;
} entries[CODE_CACHE_ENTRIES];

static uint32_t clock;

mp_obj_t code_cache_find(const char *code, size_t len, bool *has_value) {
    if (len > CODE_CACHE_MAX_SOURCE) {
        return MP_OBJ_NULL;
    }
    size_t hash = qstr_compute_hash((const byte *)code, len);
    for (size_t i = 0; i < CODE_CACHE_ENTRIES; ++i) {
        mp_obj_t source = MP_STATE_VM(mpsandbox_code_cache)[2 * i];
        if (source == MP_OBJ_NULL || entries[i].hash != hash
            || entries[i].opt_level != MP_STATE_VM(mp_optimise_value)) {
            continue;
        }
        size_t source_len;
        const char *text = mp_obj_str_get_data(source, &source_len);
        if (source_len == len && memcmp(text, code, len) == 0) {
            entries[i].last_use = ++clock;
            *has_value = entries[i].has_value;
            return MP_STATE_VM(mpsandbox_code_cache)[2 * i + 1];
        }
    }
    return MP_OBJ_NULL;
}

void code_cache_add(const char *code, size_t len, mp_obj_t module_fun, bool has_value) {
    if (len > CODE_CACHE_MAX_SOURCE) {
        return;
    }
    size_t victim = 0;
    for (size_t i = 0; i < CODE_CACHE_ENTRIES; ++i) {
        if (MP_STATE_VM(mpsandbox_code_cache)[2 * i] == MP_OBJ_NULL) {
            victim = i;
            break;
        }
        if (entries[i].last_use < entries[victim].last_use) {
            victim = i;
        }
    }
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t source = mp_obj_new_bytes((const byte *)code, len);
        MP_STATE_VM(mpsandbox_code_cache)[2 * victim] = source;
        MP_STATE_VM(mpsandbox_code_cache)[2 * victim + 1] = module_fun;
        entries[victim].hash = qstr_compute_hash((const byte *)code, len);
        entries[victim].opt_level = MP_STATE_VM(mp_optimise_value);
        entries[victim].last_use = ++clock;
        entries[victim].has_value = has_value;
        nlr_pop();
    }
    // Without the memory for the copy of the source, the code is simply not cached.
}
