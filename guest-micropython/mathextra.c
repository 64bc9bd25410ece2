// Integer and float functions of CPython's math module that MicroPython 1.25 lacks (comb,
// perm, prod, isqrt, gcd and lcm of any number of arguments, dist, fsum), int.bit_count
// and int.bit_length: added to MicroPython's tables by patches/0046 (math) and 0047 (int)
// through mathextra.h. Integer arithmetic goes through mp_binary_op, so big ints work.

#include <math.h>

#include "py/runtime.h"

#include "mathextra.h"

#define INT(n) MP_OBJ_NEW_SMALL_INT(n)

static mp_obj_t op(mp_binary_op_t kind, mp_obj_t a, mp_obj_t b) {
    return mp_binary_op(kind, a, b);
}

static bool is_negative(mp_obj_t n) {
    return mp_obj_is_true(op(MP_BINARY_OP_LESS, n, INT(0)));
}

static bool is_zero(mp_obj_t n) {
    return mp_obj_equal(n, INT(0));
}

// An int argument: a TypeError for anything else (floats included), as CPython.
static mp_obj_t need_int(mp_obj_t n) {
    if (!mp_obj_is_int(n)) {
        mp_raise_TypeError(MP_ERROR_TEXT("an integer is required"));
    }
    return n;
}

static mp_obj_t int_abs(mp_obj_t n) {
    return is_negative(n) ? mp_unary_op(MP_UNARY_OP_NEGATIVE, n) : n;
}

static mp_obj_t gcd2(mp_obj_t a, mp_obj_t b) {
    a = int_abs(a);
    b = int_abs(b);
    while (!is_zero(b)) {
        mp_obj_t r = op(MP_BINARY_OP_MODULO, a, b);
        a = b;
        b = r;
    }
    return a;
}

static mp_obj_t math_gcd(size_t n_args, const mp_obj_t *args) {
    mp_obj_t g = INT(0);
    for (size_t i = 0; i < n_args; ++i) {
        g = gcd2(g, need_int(args[i]));
    }
    return g;
}
MP_DEFINE_CONST_FUN_OBJ_VAR(mpsandbox_math_gcd_obj, 0, math_gcd);

static mp_obj_t math_lcm(size_t n_args, const mp_obj_t *args) {
    mp_obj_t l = INT(1);
    for (size_t i = 0; i < n_args; ++i) {
        mp_obj_t n = int_abs(need_int(args[i]));
        if (is_zero(n) || is_zero(l)) {
            l = INT(0);
            continue;
        }
        l = op(MP_BINARY_OP_MULTIPLY, op(MP_BINARY_OP_FLOOR_DIVIDE, l, gcd2(l, n)), n);
    }
    return l;
}
MP_DEFINE_CONST_FUN_OBJ_VAR(mpsandbox_math_lcm_obj, 0, math_lcm);

static mp_obj_t math_isqrt(mp_obj_t n) {
    need_int(n);
    if (is_negative(n)) {
        mp_raise_ValueError(MP_ERROR_TEXT("isqrt() argument must be nonnegative"));
    }
    if (is_zero(n)) {
        return INT(0);
    }
    // Newton's method from above: x shrinks until it stops, then x = isqrt(n)
    mp_obj_t x = n;
    for (;;) {
        mp_obj_t y = op(MP_BINARY_OP_FLOOR_DIVIDE, op(MP_BINARY_OP_ADD, x, op(MP_BINARY_OP_FLOOR_DIVIDE, n, x)), INT(2));
        if (!mp_obj_is_true(op(MP_BINARY_OP_LESS, y, x))) {
            return x;
        }
        x = y;
    }
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_math_isqrt_obj, math_isqrt);

// n * (n - 1) * ... * (n - k + 1), dividing by 1 * 2 * ... * k on the way if `divide`.
static mp_obj_t falling(mp_obj_t n, mp_obj_t k, bool divide) {
    need_int(n);
    need_int(k);
    if (is_negative(n) || is_negative(k)) {
        mp_raise_ValueError(MP_ERROR_TEXT("must be a non-negative integer"));
    }
    if (mp_obj_is_true(op(MP_BINARY_OP_MORE, k, n))) {
        return INT(0);
    }
    if (divide) {
        mp_obj_t rest = op(MP_BINARY_OP_SUBTRACT, n, k);
        if (mp_obj_is_true(op(MP_BINARY_OP_LESS, rest, k))) {
            k = rest;
        }
    }
    mp_int_t steps = mp_obj_get_int(k);
    mp_obj_t result = INT(1);
    for (mp_int_t i = 1; i <= steps; ++i) {
        if (divide) {
            // result = result * (n - k + i) // i, exact at every step
            mp_obj_t factor = op(MP_BINARY_OP_ADD, op(MP_BINARY_OP_SUBTRACT, n, k), INT(i));
            result = op(MP_BINARY_OP_FLOOR_DIVIDE, op(MP_BINARY_OP_MULTIPLY, result, factor), INT(i));
        } else {
            result = op(MP_BINARY_OP_MULTIPLY, result, op(MP_BINARY_OP_SUBTRACT, n, INT(i - 1)));
        }
    }
    return result;
}

static mp_obj_t math_comb(mp_obj_t n, mp_obj_t k) {
    return falling(n, k, true);
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_math_comb_obj, math_comb);

static mp_obj_t math_perm(size_t n_args, const mp_obj_t *args) {
    return falling(args[0], n_args > 1 && args[1] != mp_const_none ? args[1] : args[0], false);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(mpsandbox_math_perm_obj, 1, 2, math_perm);

static mp_obj_t math_prod(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    enum { ARG_start };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_start, MP_ARG_KW_ONLY | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_INT(1)} },
    };
    mp_arg_val_t vals[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, args + 1, kw_args, MP_ARRAY_SIZE(allowed), allowed, vals);
    mp_obj_t result = vals[ARG_start].u_obj;
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(args[0], &iter_buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        result = op(MP_BINARY_OP_MULTIPLY, result, item);
    }
    return result;
}
MP_DEFINE_CONST_FUN_OBJ_KW(mpsandbox_math_prod_obj, 1, math_prod);

static mp_obj_t math_dist(mp_obj_t p_in, mp_obj_t q_in) {
    size_t n, m;
    mp_obj_t *p, *q;
    mp_obj_get_array(p_in, &n, &p);
    mp_obj_get_array(q_in, &m, &q);
    if (n != m) {
        mp_raise_ValueError(MP_ERROR_TEXT("both points must have the same number of dimensions"));
    }
    mp_float_t sum = 0;
    for (size_t i = 0; i < n; ++i) {
        mp_float_t d = mp_obj_get_float(p[i]) - mp_obj_get_float(q[i]);
        sum += d * d;
    }
    return mp_obj_new_float(MICROPY_FLOAT_C_FUN(sqrt)(sum));
}
MP_DEFINE_CONST_FUN_OBJ_2(mpsandbox_math_dist_obj, math_dist);

// hypot(*coordinates): the length of the vector from the origin.
static mp_obj_t math_hypot(size_t n_args, const mp_obj_t *args) {
    mp_float_t sum = 0;
    for (size_t i = 0; i < n_args; ++i) {
        mp_float_t d = mp_obj_get_float(args[i]);
        sum += d * d;
    }
    return mp_obj_new_float(n_args == 2 ? MICROPY_FLOAT_C_FUN(hypot)(mp_obj_get_float(args[0]), mp_obj_get_float(args[1])) : MICROPY_FLOAT_C_FUN(sqrt)(sum));
}
MP_DEFINE_CONST_FUN_OBJ_VAR(mpsandbox_math_hypot_obj, 0, math_hypot);

// fsum: Shewchuk's exact summation with non-overlapping partials (as CPython's msum).
#define FSUM_PARTIALS (64)
static mp_obj_t math_fsum(mp_obj_t iterable) {
    mp_float_t partials[FSUM_PARTIALS];
    size_t n = 0;
    mp_float_t special = 0;
    bool has_special = false;
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(iterable, &iter_buf);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_float_t x = mp_obj_get_float(item);
        if (!isfinite(x)) {
            special += x;
            has_special = true;
            continue;
        }
        size_t i = 0;
        for (size_t j = 0; j < n; ++j) {
            mp_float_t y = partials[j];
            if (MICROPY_FLOAT_C_FUN(fabs)(x) < MICROPY_FLOAT_C_FUN(fabs)(y)) {
                mp_float_t t = x;
                x = y;
                y = t;
            }
            mp_float_t hi = x + y;
            mp_float_t lo = y - (hi - x);
            if (lo != 0) {
                partials[i++] = lo;
            }
            x = hi;
        }
        if (i >= FSUM_PARTIALS) {
            mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("fsum() needs too many partials"));
        }
        partials[i++] = x;
        n = i;
    }
    if (has_special) {
        return mp_obj_new_float(special);
    }
    // add the partials from the top, with CPython's correction for half-way cases
    mp_float_t hi = 0;
    if (n > 0) {
        hi = partials[--n];
        mp_float_t lo = 0;
        while (n > 0) {
            mp_float_t x = hi;
            mp_float_t y = partials[--n];
            hi = x + y;
            mp_float_t yr = hi - x;
            lo = y - yr;
            if (lo != 0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
            mp_float_t y = lo * 2;
            mp_float_t x = hi + y;
            mp_float_t yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    return mp_obj_new_float(hi);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_math_fsum_obj, math_fsum);

// int.bit_length(): the number of bits of abs(self), 0 for 0.
static mp_obj_t int_bit_length(mp_obj_t self) {
    mp_obj_t n = int_abs(need_int(self));
    mp_int_t bits = 0;
    while (!mp_obj_is_small_int(n) || MP_OBJ_SMALL_INT_VALUE(n) >= 0x10000) {
        n = op(MP_BINARY_OP_RSHIFT, n, INT(16));
        bits += 16;
    }
    for (mp_int_t v = MP_OBJ_SMALL_INT_VALUE(n); v > 0; v >>= 1) {
        bits++;
    }
    return INT(bits);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_int_bit_length_obj, int_bit_length);

// int.bit_count(): the number of ones in the binary form of abs(self).
static mp_obj_t int_bit_count(mp_obj_t self) {
    mp_obj_t n = int_abs(need_int(self));
    mp_int_t count = 0;
    while (!is_zero(n)) {
        mp_obj_t low = op(MP_BINARY_OP_AND, n, mp_obj_new_int(0xffff));
        count += __builtin_popcount((unsigned)mp_obj_get_int(low));
        n = op(MP_BINARY_OP_RSHIFT, n, INT(16));
    }
    return INT(count);
}
MP_DEFINE_CONST_FUN_OBJ_1(mpsandbox_int_bit_count_obj, int_bit_count);
