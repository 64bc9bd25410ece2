// HAL of the mpsandbox guest: stdio and clocks come from WASI preview 1.

#include <stddef.h>
#include <stdint.h>

// Writes buf to WASI fd 1 (stdout) or 2 (stderr). The host captures both streams;
// whatever it refuses (for example past its output cap) is dropped, never an error.
void mp_hal_fd_write(int fd, const char *buf, size_t len);

// Nanoseconds of WASI's monotonic clock (time.monotonic, ticks_ms, sleep).
uint64_t mp_hal_monotonic_ns(void);

// Sleeps `ns` nanoseconds, in slices between which it asks the host whether to stop.
void mp_hal_delay_ns(uint64_t ns);

// micropython.kbd_intr(): no interrupt character reaches the guest (its KeyboardInterrupt
// comes from the host's stop request, see mpsandbox_poll), so there is nothing to set.
static inline void mp_hal_set_interrupt_char(int c) {
    (void)c;
}

// MicroPython's VfsPosix wraps its system calls in this. WASI has no signals, so no EINTR
// retry; `err` is the errno Python sees (files.c).
#define MP_HAL_RETRY_SYSCALL(ret, syscall, raise) \
    { \
        ret = syscall; \
        if (ret == -1) { \
            int err = mpsandbox_errno(); \
            raise; \
        } \
    }
int mpsandbox_errno(void);
