// Port part of the time module, included by extmod/modtime.c: clocks come from WASI,
// which the host can pin (deterministic mode). There are no time zones: localtime is UTC.

#include <math.h>
#include <time.h>

#include "py/obj.h"
#include "py/runtime.h"
#include "py/mphal.h"
#include "shared/timeutils/timeutils.h"

// gmtime, localtime and mktime are ours rather than extmod's (which take only an int):
// like CPython's, they take seconds as a float too, as in time.gmtime(time.time()).

// Returns `seconds` since the Epoch as an 8-tuple:
// (year, month, mday, hour, minute, second, weekday, yearday), by wasi-libc's gmtime_r
// (64-bit time_t, any year an int holds); a time past that is OverflowError, as in CPython.
static mp_obj_t struct_time(time_t seconds) {
    struct tm tm;
    if (gmtime_r(&seconds, &tm) == NULL) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("timestamp out of range for platform time_t"));
    }
    mp_obj_t tuple[8] = {
        mp_obj_new_int(tm.tm_year + 1900),
        mp_obj_new_int(tm.tm_mon + 1),
        mp_obj_new_int(tm.tm_mday),
        mp_obj_new_int(tm.tm_hour),
        mp_obj_new_int(tm.tm_min),
        mp_obj_new_int(tm.tm_sec),
        mp_obj_new_int((tm.tm_wday + 6) % 7), // Monday is 0
        mp_obj_new_int(tm.tm_yday + 1),
    };
    return mp_obj_new_tuple(8, tuple);
}

// time.gmtime([secs]) and time.localtime([secs]): the same, as localtime is UTC.
static mp_obj_t mp_time_gmtime(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0 || args[0] == mp_const_none) {
        return struct_time((time_t)(mp_hal_time_ns() / 1000000000));
    }
    mp_float_t seconds = MICROPY_FLOAT_C_FUN(floor)(mp_obj_get_float(args[0]));
    if (isnan(seconds)) {
        mp_raise_ValueError(MP_ERROR_TEXT("Invalid value NaN (not a number)"));
    }
    // 2^63 is exactly representable: the range is checked before the conversion.
    if (!(seconds >= -0x1p63 && seconds < 0x1p63)) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("timestamp out of range for platform time_t"));
    }
    return struct_time((time_t)seconds);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(gmtime_obj, 0, 1, mp_time_gmtime);

// time.mktime(tuple): the inverse of localtime; takes its 8-tuple or CPython's 9-tuple.
static mp_obj_t mp_time_mktime(mp_obj_t tuple) {
    size_t len;
    mp_obj_t *elem;
    mp_obj_get_array(tuple, &len, &elem);
    if (len < 8 || len > 9) {
        mp_raise_TypeError(MP_ERROR_TEXT("mktime needs a tuple of length 8 or 9"));
    }
    // a float, as CPython's; fields out of range carry over (month 13 is next January)
    struct tm tm = {
        .tm_year = mp_obj_get_int(elem[0]) - 1900, .tm_mon = mp_obj_get_int(elem[1]) - 1,
        .tm_mday = mp_obj_get_int(elem[2]), .tm_hour = mp_obj_get_int(elem[3]),
        .tm_min = mp_obj_get_int(elem[4]), .tm_sec = mp_obj_get_int(elem[5]),
    };
    return mp_obj_new_float((mp_float_t)timegm(&tm));
}
static MP_DEFINE_CONST_FUN_OBJ_1(mktime_obj, mp_time_mktime);

// Returns the seconds since the Epoch, as a float.
static mp_obj_t mp_time_time_get(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_time_ns() / 1e9);
}

// time.monotonic() and time.perf_counter(): seconds of the monotonic clock, as a float.
static mp_obj_t mp_time_monotonic(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_monotonic_ns() / 1e9);
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_time_monotonic_obj, mp_time_monotonic);

// time.sleep(seconds) (MICROPY_PY_TIME_CUSTOM_SLEEP): as in CPython, a negative or NaN
// length is ValueError and one too long for a 64-bit count of nanoseconds is OverflowError.
void mp_time_sleep(mp_obj_t seconds_o) {
    mp_float_t seconds = mp_obj_get_float(seconds_o);
    if (isnan(seconds)) {
        mp_raise_ValueError(MP_ERROR_TEXT("Invalid value NaN (not a number)"));
    }
    if (seconds < 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("sleep length must be non-negative"));
    }
    if (seconds >= 0x1p63 / 1e9) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("sleep length is too large"));
    }
    mp_hal_delay_ns((uint64_t)(seconds * 1e9));
}
