// HAL of the mpsandbox guest: stdio and clocks come from WASI preview 1.

#include <time.h>
#include <unistd.h>

#include "py/mphal.h"
#include "py/misc.h"
#include "py/mpprint.h"
#include "py/runtime.h"

#include "adapter.h"
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

uint64_t mp_hal_time_ns(void) {
    struct timespec ts;
    adapter_start();
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// Straight from the imported wasi:clocks/monotonic-clock, not through the WASI adapter:
// every entry reads it (the poll's start), and a read through the adapter would start the
// adapter in every session (adapter.c).
uint64_t mp_hal_monotonic_ns(void) {
    return wasi_clocks_monotonic_clock_now();
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

// The countdown to the next poll of the host (see MICROPY_VM_HOOK_LOOP), and what it
// restarts from: adapted to how long the hooks between two polls took.
int mpsandbox_poll_countdown = MPSANDBOX_POLL_START;
static int poll_interval = MPSANDBOX_POLL_START;
static uint64_t last_poll_ns;
// Whether last_poll_ns holds this entry's last poll (none yet at its start).
static bool polled;

// The host is asked about every MPSANDBOX_POLL_TARGET_NS of running, and at least every
// MPSANDBOX_POLL_INTERVAL hooks: when the hooks since the last poll took longer than the
// target (a loop whose body is one slow C call), the interval shrinks in proportion, down
// to every hook; while they take less, it doubles back. Each poll reads the clock once.
static void adapt_interval(void) {
    uint64_t now = mp_hal_monotonic_ns();
    if (!polled) {
        // The entry's first poll: it starts the measure (see mpsandbox_poll_start).
        polled = true;
        last_poll_ns = now;
        return;
    }
    uint64_t elapsed = now - last_poll_ns;
    last_poll_ns = now;
    if (elapsed > MPSANDBOX_POLL_TARGET_NS) {
        uint64_t interval = (uint64_t)poll_interval * MPSANDBOX_POLL_TARGET_NS / elapsed;
        poll_interval = interval < 1 ? 1 : (int)interval;
    } else if (elapsed < MPSANDBOX_POLL_TARGET_NS / 2 && poll_interval < MPSANDBOX_POLL_INTERVAL) {
        poll_interval = MIN(2 * poll_interval, MPSANDBOX_POLL_INTERVAL);
    }
}

// An entry reads no clock until its first poll, which comes at its first hook (a short
// exec may have none): the first interval is measured from that poll, not from the entry.
void mpsandbox_poll_start(void) {
    poll_interval = MPSANDBOX_POLL_START;
    mpsandbox_poll_countdown = poll_interval;
    polled = false;
}

// Asks the host whether the running exec/call must stop (the WIT interface `control`);
// if so, makes KeyboardInterrupt pending: the VM raises it right after its hook. The host
// keeps answering true, so code that catches it gets it again at the next poll.
bool mpsandbox_poll(void) {
    adapt_interval();
    mpsandbox_poll_countdown = poll_interval;
    if (mpsandbox_sandbox_control_should_stop()) {
        mp_sched_keyboard_interrupt();
        return true;
    }
    return false;
}

// The collector's loop hook (MICROPY_GC_HOOK_LOOP, every 4096 steps): a long collection
// polls the host on elapsed time too, so that a stop is noticed as soon as it ends.
void mpsandbox_poll_in_gc(void) {
    if (!polled || mp_hal_monotonic_ns() - last_poll_ns > MPSANDBOX_POLL_TARGET_NS) {
        mpsandbox_poll();
    }
}

void mp_hal_delay_ns(uint64_t ns) {
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
    mp_hal_delay_ns((uint64_t)ms * 1000000);
}

void mp_hal_delay_us(mp_uint_t us) {
    mp_hal_delay_ns((uint64_t)us * 1000);
}

uint32_t mp_hal_random_seed(void) {
    uint32_t seed = 0;
    adapter_start();
    getentropy(&seed, sizeof(seed));
    return seed;
}
