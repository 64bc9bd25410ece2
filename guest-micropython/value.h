// Conversion between Python objects and the WIT `value`: a tree of None, bool, int,
// float, str, bytes, list, tuple and dict, flattened into a list of nodes.
#ifndef MPSANDBOX_VALUE_H
#define MPSANDBOX_VALUE_H

#include "py/obj.h"
#include "sandbox.h"

// The deepest nesting of containers that crosses the boundary, in both directions.
// Deeper values are refused before they can exhaust the C stack.
#define VALUE_MAX_DEPTH (512)

typedef mpsandbox_sandbox_types_value_t value_t;

// Stores the value of obj in *out, allocated with malloc as the bindings expect (the
// generated post-return function or mpsandbox_sandbox_types_value_free releases it).
// Raises TypeError, naming the type, for an object that has no value form, and
// ValueError for a cyclic or too deeply nested one; *out is then empty (no nodes)
// and nothing stays allocated.
void value_from_obj(mp_obj_t obj, value_t *out);

// Returns the Python object of *value, which stays owned by the caller. Raises
// ValueError for a malformed tree (a child index that is out of range or not greater
// than its parent's, nesting deeper than VALUE_MAX_DEPTH) and TypeError for an
// unhashable dict key.
mp_obj_t value_to_obj(const value_t *value);

// Copies len bytes at data into *out, allocated with malloc; raises MemoryError.
void value_string(sandbox_string_t *out, const char *data, size_t len);

// Raises UnicodeError unless the len bytes at data are valid UTF-8, as a WIT string must
// be: a str holding a lone surrogate cannot cross the boundary.
void value_check_text(const char *data, size_t len);

// value_check_text of a NUL-terminated path (MICROPY_VFS_CHECK_PATH).
void value_check_path(const char *path);

// Copies len bytes at data into *out, allocated with malloc, as valid UTF-8: a lone
// surrogate becomes its escape (\udXXX) and any other stray byte \xNN. Raises MemoryError.
void value_text(sandbox_string_t *out, const char *data, size_t len);

// Prints obj into *out, allocated with malloc, through a MicroPython printing function
// such as a wrapper of mp_obj_print_helper. Raises what printing raises (a class's own
// __repr__ can raise), MemoryError included; *out is then empty. The text is made valid
// UTF-8 as by value_text.
typedef void (*value_printer_t)(const mp_print_t *print, mp_obj_t obj);
void value_print(sandbox_string_t *out, value_printer_t printer, mp_obj_t obj);

#endif // MPSANDBOX_VALUE_H
