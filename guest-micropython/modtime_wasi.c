// Port part of the time module, included by extmod/modtime.c: clocks come from WASI,
// which the host can pin (deterministic mode). There are no time zones: localtime is UTC.

#include "py/obj.h"
#include "py/mphal.h"
#include "shared/timeutils/timeutils.h"

// Returns the current UTC time as an 8-tuple (for gmtime and localtime).
static mp_obj_t mp_time_localtime_get(void) {
    timeutils_struct_time_t tm;
    timeutils_seconds_since_epoch_to_struct_time(mp_hal_time_ns() / 1000000000, &tm);
    mp_obj_t tuple[8] = {
        mp_obj_new_int(tm.tm_year),
        mp_obj_new_int(tm.tm_mon),
        mp_obj_new_int(tm.tm_mday),
        mp_obj_new_int(tm.tm_hour),
        mp_obj_new_int(tm.tm_min),
        mp_obj_new_int(tm.tm_sec),
        mp_obj_new_int(tm.tm_wday),
        mp_obj_new_int(tm.tm_yday),
    };
    return mp_obj_new_tuple(8, tuple);
}

// Returns the seconds since the Epoch, as a float.
static mp_obj_t mp_time_time_get(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_time_ns() / 1e9);
}

// time.monotonic() and time.perf_counter(): seconds of the monotonic clock, as a float.
static mp_obj_t mp_time_monotonic(void) {
    return mp_obj_new_float((mp_float_t)mp_hal_monotonic_ns() / 1e9);
}
static MP_DEFINE_CONST_FUN_OBJ_0(mp_time_monotonic_obj, mp_time_monotonic);
