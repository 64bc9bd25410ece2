// The `host` module: the functions of the WIT import `host-functions`.
//
//     import host
//     host.names()                # the functions the host exposes
//     host.lookup(42, deep=True)  # calls the host function "lookup"
//     lookup(42, deep=True)       # the same: host functions are builtins too
//
// Any attribute that the module itself lacks (everything but `names` and `HostError`)
// is a host function, through MicroPython's module attribute delegation (a module
// __getattr__ would also be asked for __init__ on import); whether the host knows the
// name is its answer to the call. Arguments and results cross as WIT values; an
// error string from the host raises host.HostError(message).

#include <string.h>

#include "py/builtin.h"
#include "py/objexcept.h"
#include "py/runtime.h"

#include "modhost.h"
#include "value.h"

typedef mpsandbox_sandbox_host_functions_list_value_t args_t;
typedef mpsandbox_sandbox_host_functions_list_tuple2_string_value_t kwargs_t;

MP_DEFINE_EXCEPTION(HostError, Exception)

// Returns the object of a value received from the host, and frees the value.
static mp_obj_t take_value(value_t *value) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t obj = value_to_obj(value);
        nlr_pop();
        mpsandbox_sandbox_types_value_free(value);
        return obj;
    }
    mpsandbox_sandbox_types_value_free(value);
    nlr_jump(nlr.ret_val);
}

// Raises HostError with the host's message, and frees the message.
static NORETURN void raise_host_error(sandbox_string_t *message) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t text = mp_obj_new_str((const char *)message->ptr, message->len);
        nlr_pop();
        sandbox_string_free(message);
        mp_raise_type_arg(&mp_type_HostError, text);
    }
    sandbox_string_free(message);
    nlr_jump(nlr.ret_val);
}

// Frees the argument values. The arrays themselves are on the GC heap; the keyword
// names point into qstr data.
static void free_args(args_t *args, kwargs_t *kwargs) {
    for (size_t i = 0; i < args->len; ++i) {
        mpsandbox_sandbox_types_value_free(&args->ptr[i]);
    }
    for (size_t i = 0; i < kwargs->len; ++i) {
        mpsandbox_sandbox_types_value_free(&kwargs->ptr[i].f1);
    }
}

/******************************************************************************/
// A host function, as host.NAME returns it.

typedef struct _host_function_obj_t {
    mp_obj_base_t base;
    qstr name;
} host_function_obj_t;

static void host_function_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    host_function_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<host function '%q'>", self->name);
}

// args holds n_args positional values, then n_kw (name, value) pairs.
static mp_obj_t host_function_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    host_function_obj_t *self = MP_OBJ_TO_PTR(self_in);
    // Zeroed, so that freeing a value not converted yet does nothing.
    args_t wit_args = {m_new0(value_t, n_args), n_args};
    kwargs_t wit_kwargs = {m_new0(mpsandbox_sandbox_host_functions_tuple2_string_value_t, n_kw), n_kw};
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        size_t name_len;
        const char *name = (const char *)qstr_data(self->name, &name_len);
        value_check_text(name, name_len);
        for (size_t i = 0; i < n_args; ++i) {
            value_from_obj(args[i], &wit_args.ptr[i]);
        }
        for (size_t i = 0; i < n_kw; ++i) {
            size_t len;
            const char *name = mp_obj_str_get_data(args[n_args + 2 * i], &len);
            value_check_text(name, len);
            wit_kwargs.ptr[i].f0 = (sandbox_string_t) {(uint8_t *)name, len};
            value_from_obj(args[n_args + 2 * i + 1], &wit_kwargs.ptr[i].f1);
        }
        nlr_pop();
    } else {
        free_args(&wit_args, &wit_kwargs);
        nlr_jump(nlr.ret_val);
    }

    size_t len;
    const char *name = (const char *)qstr_data(self->name, &len);
    sandbox_string_t wit_name = {(uint8_t *)name, len};
    value_t result;
    sandbox_string_t error;
    bool ok = mpsandbox_sandbox_host_functions_invoke(&wit_name, &wit_args, &wit_kwargs, &result, &error);
    free_args(&wit_args, &wit_kwargs);
    if (!ok) {
        raise_host_error(&error);
    }
    return take_value(&result);
}

static MP_DEFINE_CONST_OBJ_TYPE(
    host_function_type,
    MP_QSTR_host_function,
    MP_TYPE_FLAG_NONE,
    print, host_function_print,
    call, host_function_call
    );

/******************************************************************************/
// The module.

// host.NAME, for a NAME that the module itself lacks: the host function NAME.
void mp_module_host_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    // Dunder names are Python's own protocol (an import looks up __init__), never host
    // functions: they stay missing.
    if (strncmp(qstr_str(attr), "__", 2) != 0) {
        host_function_obj_t *fun = mp_obj_malloc(host_function_obj_t, &host_function_type);
        fun->name = attr;
        dest[0] = MP_OBJ_FROM_PTR(fun);
    }
}

static mp_obj_t host_names(void) {
    sandbox_list_string_t names;
    mpsandbox_sandbox_host_functions_names(&names);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t list = mp_obj_new_list(0, NULL);
        for (size_t i = 0; i < names.len; ++i) {
            mp_obj_list_append(list, mp_obj_new_str((const char *)names.ptr[i].ptr, names.ptr[i].len));
        }
        nlr_pop();
        sandbox_list_string_free(&names);
        return list;
    }
    sandbox_list_string_free(&names);
    nlr_jump(nlr.ret_val);
}
static MP_DEFINE_CONST_FUN_OBJ_0(host_names_obj, host_names);

// Whether `name` can be a Python name: a letter or underscore, then also digits (ASCII).
static bool is_identifier(const uint8_t *name, size_t len) {
    if (len == 0 || unichar_isdigit(name[0])) {
        return false;
    }
    for (size_t i = 0; i < len; ++i) {
        if (!unichar_isident(name[i])) {
            return false;
        }
    }
    return true;
}

// Makes each host function a builtin of that name in `builtins` (the session's dict of
// builtins that user code can shadow), so that code calls `search(q)` without `import
// host`. A name that is not an identifier, starts with `__`, or is already a builtin
// (Python's own, such as `print` or `open`, or one in `builtins`) stays reachable only as
// host.NAME: Python's builtins win.
void host_add_builtins(mp_obj_t builtins) {
    sandbox_list_string_t names;
    mpsandbox_sandbox_host_functions_names(&names);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_map_t *map = mp_obj_dict_get_map(builtins);
        for (size_t i = 0; i < names.len; ++i) {
            const uint8_t *name = names.ptr[i].ptr;
            size_t len = names.ptr[i].len;
            if (!is_identifier(name, len) || (len >= 2 && name[0] == '_' && name[1] == '_')) {
                continue;
            }
            mp_obj_t key = MP_OBJ_NEW_QSTR(qstr_from_strn((const char *)name, len));
            if (mp_map_lookup((mp_map_t *)&mp_module_builtins_globals.map, key, MP_MAP_LOOKUP) != NULL
                || mp_map_lookup(map, key, MP_MAP_LOOKUP) != NULL) {
                continue;
            }
            host_function_obj_t *fun = mp_obj_malloc(host_function_obj_t, &host_function_type);
            fun->name = MP_OBJ_QSTR_VALUE(key);
            mp_map_lookup(map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = MP_OBJ_FROM_PTR(fun);
        }
        nlr_pop();
        sandbox_list_string_free(&names);
        return;
    }
    sandbox_list_string_free(&names);
    nlr_jump(nlr.ret_val);
}

static const mp_rom_map_elem_t host_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_host) },
    { MP_ROM_QSTR(MP_QSTR_names), MP_ROM_PTR(&host_names_obj) },
    { MP_ROM_QSTR(MP_QSTR_HostError), MP_ROM_PTR(&mp_type_HostError) },
};
static MP_DEFINE_CONST_DICT(host_module_globals, host_module_globals_table);

const mp_obj_module_t mp_module_host = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&host_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_host, mp_module_host);
MP_REGISTER_MODULE_DELEGATION(mp_module_host, mp_module_host_attr);
