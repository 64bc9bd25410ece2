// The WIT `error` of an exec or call that ended with an exception.
#ifndef MPSANDBOX_ERROR_H
#define MPSANDBOX_ERROR_H

#include "py/obj.h"
#include "sandbox.h"

// Fills *err from exc, allocated with malloc for the bindings' post-return function.
// SystemExit is the `exit` case (a code other than None or an int is printed to
// stderr and exits with 1, as in Python). When compiling is true, exc was raised while
// the submitted code was parsed and compiled, and a SyntaxError (or IndentationError)
// is the `syntax` case. Anything else is the `exception` case, with the traceback text.
// Never raises.
void error_from_exception(mp_obj_t exc, bool compiling, mpsandbox_sandbox_types_error_t *err);

#endif // MPSANDBOX_ERROR_H
