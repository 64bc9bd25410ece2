// HAL of the mpsandbox guest: stdio and clocks come from WASI preview 1.

#include <time.h>
#include <unistd.h>

#include "py/mphal.h"
#include "py/misc.h"
#include "py/mpprint.h"
#include "py/runtime.h"

#include "sandbox.h"

// time.sleep() waits in slices this long and asks the host between them whether to stop,
// so a timeout interrupts a long sleep promptly.
#define SLEEP_SLICE_NS (10 * 1000 * 1000)

void mp_hal_fd_write(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n <= 0) {
            return;
        }
        buf += n;
        len -= n;
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    mp_hal_fd_write(1, str, len);
    return len;
}

// Output goes to a captured stream, not a terminal: no "\n" to "\r\n" translation.
void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    mp_hal_fd_write(1, str, len);
}

static void stderr_print_strn(void *env, const char *str, size_t len) {
    (void)env;
    mp_hal_fd_write(2, str, len);
}

const mp_print_t mp_stderr_print = {NULL, stderr_print_strn};

static uint64_t clock_ns(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t mp_hal_time_ns(void) {
    return clock_ns(CLOCK_REALTIME);
}

uint64_t mp_hal_monotonic_ns(void) {
    return clock_ns(CLOCK_MONOTONIC);
}

mp_uint_t mp_hal_ticks_ms(void) {
    return mp_hal_monotonic_ns() / 1000000;
}

mp_uint_t mp_hal_ticks_us(void) {
    return mp_hal_monotonic_ns() / 1000;
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return mp_hal_ticks_us();
}

// The countdown to the next poll of the host (see MICROPY_VM_HOOK_LOOP).
int mpsandbox_poll_countdown = MPSANDBOX_POLL_INTERVAL;

// Asks the host whether the running exec/call must stop (the WIT interface `control`);
// if so, makes KeyboardInterrupt pending: the VM raises it right after its hook. The host
// keeps answering true, so code that catches it gets it again at the next poll.
void mpsandbox_poll(void) {
    mpsandbox_poll_countdown = MPSANDBOX_POLL_INTERVAL;
    if (mpsandbox_sandbox_control_should_stop()) {
        mp_sched_keyboard_interrupt();
    }
}

static void sleep_ns(uint64_t ns) {
    uint64_t end = mp_hal_monotonic_ns() + ns;
    for (uint64_t now = mp_hal_monotonic_ns(); now < end; now = mp_hal_monotonic_ns()) {
        mpsandbox_poll();
        mp_handle_pending(true);
        uint64_t slice = MIN(end - now, SLEEP_SLICE_NS);
        struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)slice};
        nanosleep(&ts, NULL);
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    sleep_ns((uint64_t)ms * 1000000);
}

void mp_hal_delay_us(mp_uint_t us) {
    sleep_ns((uint64_t)us * 1000);
}

uint32_t mp_hal_random_seed(void) {
    uint32_t seed = 0;
    getentropy(&seed, sizeof(seed));
    return seed;
}
