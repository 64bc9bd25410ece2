// math functions and int methods that MicroPython lacks (mathextra.c), as entries of its
// tables: MICROPY_PY_MATH_EXTRA_FUNCTIONS in the math module's globals (patches/0046) and
// MICROPY_PY_INT_EXTRA_METHODS in int's locals (patches/0047).

#ifndef MPSANDBOX_MATHEXTRA_H
#define MPSANDBOX_MATHEXTRA_H

#include "py/obj.h"

extern const mp_obj_fun_builtin_var_t mpsandbox_math_gcd_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_math_lcm_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_math_isqrt_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_math_comb_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_math_perm_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_math_prod_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_math_dist_obj;
extern const mp_obj_fun_builtin_var_t mpsandbox_math_hypot_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_math_fsum_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_int_bit_count_obj;
extern const mp_obj_fun_builtin_fixed_t mpsandbox_int_bit_length_obj;

#define MICROPY_PY_MATH_EXTRA_FUNCTIONS \
    { MP_ROM_QSTR(MP_QSTR_gcd), MP_ROM_PTR(&mpsandbox_math_gcd_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_lcm), MP_ROM_PTR(&mpsandbox_math_lcm_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isqrt), MP_ROM_PTR(&mpsandbox_math_isqrt_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_comb), MP_ROM_PTR(&mpsandbox_math_comb_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_perm), MP_ROM_PTR(&mpsandbox_math_perm_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_prod), MP_ROM_PTR(&mpsandbox_math_prod_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_dist), MP_ROM_PTR(&mpsandbox_math_dist_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_hypot), MP_ROM_PTR(&mpsandbox_math_hypot_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_fsum), MP_ROM_PTR(&mpsandbox_math_fsum_obj) },

#define MICROPY_PY_INT_EXTRA_METHODS \
    { MP_ROM_QSTR(MP_QSTR_bit_count), MP_ROM_PTR(&mpsandbox_int_bit_count_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_bit_length), MP_ROM_PTR(&mpsandbox_int_bit_length_obj) },

#endif
