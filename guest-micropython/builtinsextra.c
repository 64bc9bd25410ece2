// Builtins CPython has and MicroPython lacks: `vars()` and the OSError subclasses that
// code raises and catches by name (ConnectionError and its family, TimeoutError); and
// `time.strftime`.

#include "py/objexcept.h"
#include "py/runtime.h"

// vars([object]): the object's __dict__, or the local namespace without an argument.
static mp_obj_t mpsandbox_vars(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return MP_OBJ_FROM_PTR(mp_locals_get());
    }
    mp_obj_t dest[2];
    mp_load_method_protected(args[0], MP_QSTR___dict__, dest, true);
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_TypeError(MP_ERROR_TEXT("vars() argument must have __dict__ attribute"));
    }
    return dest[0];
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_builtin_vars_obj, 0, 1, mpsandbox_vars);

MP_DEFINE_EXCEPTION(ConnectionError, OSError)
MP_DEFINE_EXCEPTION(BrokenPipeError, ConnectionError)
MP_DEFINE_EXCEPTION(ConnectionAbortedError, ConnectionError)
MP_DEFINE_EXCEPTION(ConnectionRefusedError, ConnectionError)
MP_DEFINE_EXCEPTION(ConnectionResetError, ConnectionError)
MP_DEFINE_EXCEPTION(TimeoutError, OSError)

// time.strftime(format[, t]): the frozen datetime module's formatting of t (a time tuple,
// by default the current UTC time).
static mp_obj_t mpsandbox_strftime(size_t n_args, const mp_obj_t *args) {
    mp_obj_t time = mp_import_name(MP_QSTR_time, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t call[3] = {mp_const_none, args[0], n_args > 1 ? args[1] : mp_call_function_0(mp_load_attr(time, MP_QSTR_gmtime))};
    mp_obj_t datetime = mp_import_name(MP_QSTR_datetime, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    return mp_call_function_n_kw(mp_load_attr(datetime, MP_QSTR__wrap_strftime), 3, 0, call);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_time_strftime_obj, 1, 2, mpsandbox_strftime);
