// str and bytes methods that MicroPython lacks (strmethods.c), as entries of its str/bytes
// locals table: MICROPY_PY_STR_EXTRA_METHODS (mpconfigport.h), used by patches/0043. They
// come first in the table, so center() here (with a fill character) wins over MicroPython's.

#ifndef MPSANDBOX_STRMETHODS_H
#define MPSANDBOX_STRMETHODS_H

#include "py/obj.h"

extern const mp_obj_fun_builtin_var_t mpsandbox_str_ljust_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_str_rjust_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_str_center_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_zfill_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_swapcase_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_upper_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_lower_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_capitalize_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_title_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_casefold_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_removeprefix_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_removesuffix_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_isalnum_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_isascii_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_str_expandtabs_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_format_map_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_isidentifier_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_istitle_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_isdecimal_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_isprintable_obj;
extern const mp_rom_obj_static_class_method_t mpsandbox_str_maketrans_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_str_translate_obj;

#define MICROPY_PY_STR_EXTRA_METHODS \
    { MP_ROM_QSTR(MP_QSTR_ljust), MP_ROM_PTR(&mpsandbox_str_ljust_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_rjust), MP_ROM_PTR(&mpsandbox_str_rjust_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&mpsandbox_str_center_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_zfill), MP_ROM_PTR(&mpsandbox_str_zfill_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_swapcase), MP_ROM_PTR(&mpsandbox_str_swapcase_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_upper), MP_ROM_PTR(&mpsandbox_str_upper_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_lower), MP_ROM_PTR(&mpsandbox_str_lower_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_capitalize), MP_ROM_PTR(&mpsandbox_str_capitalize_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_title), MP_ROM_PTR(&mpsandbox_str_title_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_casefold), MP_ROM_PTR(&mpsandbox_str_casefold_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_removeprefix), MP_ROM_PTR(&mpsandbox_str_removeprefix_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_removesuffix), MP_ROM_PTR(&mpsandbox_str_removesuffix_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isalnum), MP_ROM_PTR(&mpsandbox_str_isalnum_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isascii), MP_ROM_PTR(&mpsandbox_str_isascii_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_expandtabs), MP_ROM_PTR(&mpsandbox_str_expandtabs_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_format_map), MP_ROM_PTR(&mpsandbox_str_format_map_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isidentifier), MP_ROM_PTR(&mpsandbox_str_isidentifier_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_istitle), MP_ROM_PTR(&mpsandbox_str_istitle_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isdecimal), MP_ROM_PTR(&mpsandbox_str_isdecimal_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isnumeric), MP_ROM_PTR(&mpsandbox_str_isdecimal_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isprintable), MP_ROM_PTR(&mpsandbox_str_isprintable_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_maketrans), MP_ROM_PTR(&mpsandbox_str_maketrans_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_translate), MP_ROM_PTR(&mpsandbox_str_translate_obj) },

#endif
