// The compiled-code cache of exec: the same source text, exec'd again, skips the lexer,
// the parser and the compiler.
#ifndef MPSANDBOX_CODECACHE_H
#define MPSANDBOX_CODECACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "py/obj.h"

// The module function compiled from `code` (and whether its last statement is an
// expression statement), or MP_OBJ_NULL if it is not cached.
mp_obj_t code_cache_find(const char *code, size_t len, bool *has_value);

// Remembers `module_fun`, compiled from `code`, in place of the least recently used
// entry. Never raises: without the memory to keep it, the code is not cached.
void code_cache_add(const char *code, size_t len, mp_obj_t module_fun, bool has_value);

#endif
