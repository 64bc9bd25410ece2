// The `host` module (modhost.c): host functions as Python objects.

#ifndef MPSANDBOX_MODHOST_H
#define MPSANDBOX_MODHOST_H

#include "py/obj.h"

// Adds each host function to `builtins` (a dict) under its name, unless the name is not an
// identifier, is a dunder, or is already a builtin.
void host_add_builtins(mp_obj_t builtins);

#endif
