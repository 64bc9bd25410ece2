//! Native stacks for guest calls.
//!
//! Wasm runs on the native stack of the thread that calls it, and wasmtime lets it use up to
//! `max_wasm_stack` bytes of it (more than a default thread's 8 MiB can give, once the host's
//! own frames are counted). [`run`] runs a guest call inline when the current stack has room
//! enough left, and otherwise on a larger stack:
//!
//! - on Unix, a stack of this library's own (an `mmap`ed region with a guard page) that the
//!   thread switches to and back from (with `psm`); each thread keeps one such stack for its
//!   next calls, so that switching costs nanoseconds, not a `mmap` and a thread. Only the
//!   room left on these stacks is known there: a guest call from any other stack switches.
//!   Asking the system for a thread's own stack would cost more than the switch: for a
//!   process's main thread glibc reads `/proc/self/maps` (65 µs, at a process's first call);
//! - elsewhere, a scoped thread with a large stack.

use crate::error::Error;

/// Runs `f` on a native stack with at least `needed` bytes free: inline if the current one has
/// them, else on a stack of `needed + margin` bytes.
pub(crate) fn run<R: Send>(
    needed: usize,
    margin: usize,
    f: impl FnOnce() -> R + Send,
) -> Result<R, Error> {
    if remaining().is_some_and(|left| left >= needed) {
        return Ok(f());
    }
    imp::on_big_stack(needed + margin, f)
}

/// Runs `f` on a new thread with a `stack_size` stack, and waits for it.
#[cfg_attr(
    all(unix, any(target_arch = "x86_64", target_arch = "aarch64")),
    allow(dead_code)
)]
fn on_thread<R: Send>(stack_size: usize, f: impl FnOnce() -> R + Send) -> Result<R, Error> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("mpsandbox-guest".into())
            .stack_size(stack_size)
            .spawn_scoped(scope, f)
            .map_err(|e| Error::runtime("cannot start a thread for the guest", e))?;
        // A panic there (in a callback of the embedder) is the embedder's: pass it on.
        Ok(thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

#[cfg(all(unix, any(target_arch = "x86_64", target_arch = "aarch64")))]
pub(crate) use imp::remaining;

#[cfg(not(all(unix, any(target_arch = "x86_64", target_arch = "aarch64"))))]
fn remaining() -> Option<usize> {
    stacker::remaining_stack()
}

#[cfg(not(all(unix, any(target_arch = "x86_64", target_arch = "aarch64"))))]
mod imp {
    pub(super) use super::on_thread as on_big_stack;
}

#[cfg(all(unix, any(target_arch = "x86_64", target_arch = "aarch64")))]
mod imp {
    use std::cell::{Cell, RefCell};
    use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

    use crate::error::Error;

    thread_local! {
        /// This thread's spare stack, kept for its next guest call.
        static SPARE: Cell<Option<Stack>> = const { Cell::new(None) };
        /// The (low, high) bounds of this library's stacks in use on this thread, innermost
        /// last (a host function may start a guest call of another session).
        static ACTIVE: RefCell<Vec<(usize, usize)>> = const { RefCell::new(Vec::new()) };
    }

    /// The free bytes left on the current stack when it is one of this library's; `None` on
    /// any other stack (see the module's documentation).
    pub(crate) fn remaining() -> Option<usize> {
        let sp = psm::stack_pointer() as usize;
        ACTIVE.with(|active| {
            active
                .borrow()
                .iter()
                .rev()
                .find(|(low, high)| (*low..*high).contains(&sp))
                .map(|(low, _)| sp - low)
        })
    }

    /// A stack: an anonymous mapping whose lowest page is a guard page (stacks grow down).
    struct Stack {
        mapping: *mut u8,
        len: usize,
        page: usize,
    }

    // SAFETY: the mapping is owned memory with no thread affinity.
    unsafe impl Send for Stack {}

    impl Stack {
        fn new(size: usize) -> Result<Stack, Error> {
            // SAFETY: sysconf has no preconditions.
            let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) })
                .unwrap_or(4096)
                .max(4096);
            let len = size.div_ceil(page).saturating_add(1).saturating_mul(page);
            // SAFETY: a fresh private anonymous mapping, checked below.
            let mapping = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                )
            };
            if mapping == libc::MAP_FAILED {
                return Err(Error::runtime(
                    "cannot map a stack for the guest",
                    std::io::Error::last_os_error(),
                ));
            }
            let stack = Stack {
                mapping: mapping.cast(),
                len,
                page,
            };
            // SAFETY: the first page of the mapping just made.
            if unsafe { libc::mprotect(mapping, page, libc::PROT_NONE) } != 0 {
                return Err(Error::runtime(
                    "cannot protect a stack's guard page",
                    std::io::Error::last_os_error(),
                ));
            }
            Ok(stack)
        }

        /// The usable bytes, above the guard page.
        fn size(&self) -> usize {
            self.len - self.page
        }

        /// The (low, high) addresses of the usable part.
        fn bounds(&self) -> (usize, usize) {
            let low = self.mapping as usize + self.page;
            (low, low + self.size())
        }
    }

    impl Drop for Stack {
        fn drop(&mut self) {
            // SAFETY: the mapping made in `new`, unused now.
            unsafe { libc::munmap(self.mapping.cast(), self.len) };
        }
    }

    /// Pops this thread's innermost active stack, even when unwinding.
    struct Deactivate;

    impl Drop for Deactivate {
        fn drop(&mut self) {
            ACTIVE.with(|active| active.borrow_mut().pop());
        }
    }

    pub(super) fn on_big_stack<R: Send>(
        size: usize,
        f: impl FnOnce() -> R + Send,
    ) -> Result<R, Error> {
        let stack = match SPARE.with(Cell::take) {
            Some(spare) if spare.size() >= size => spare,
            _ => Stack::new(size)?,
        };
        let (low, high) = stack.bounds();
        ACTIVE.with(|active| active.borrow_mut().push((low, high)));
        let deactivate = Deactivate;
        // SAFETY: `low..high` is writable memory owned by `stack`, which outlives the call;
        // it is page-aligned and a whole number of pages; `catch_unwind` keeps a panic from
        // unwinding out of the callback (it is resumed below, back on this thread's stack).
        let result = unsafe {
            psm::on_stack(low as *mut u8, high - low, || {
                catch_unwind(AssertUnwindSafe(f))
            })
        };
        drop(deactivate);
        // Keep the larger of this stack and a spare that a nested call may have left.
        SPARE.with(|spare| {
            let keep = match spare.take() {
                Some(other) if other.size() > stack.size() => other,
                _ => stack,
            };
            spare.set(Some(keep));
        });
        match result {
            Ok(value) => Ok(value),
            Err(panic) => resume_unwind(panic),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn calls_run_on_a_big_stack_and_nest() {
            let needed = 32 << 20;
            let outer = super::super::run(needed, 1 << 20, || {
                let left = remaining().unwrap();
                assert!(left >= needed, "{left}");
                // Use a good part of it.
                #[inline(never)]
                fn use_stack() {
                    let buf = [1u8; 4 << 20];
                    std::hint::black_box(&buf);
                }
                use_stack();
                // A nested call that needs more than is left gets a stack of its own.
                let inner = super::super::run(left + 1, 1 << 20, || remaining().unwrap()).unwrap();
                assert!(inner > left);
                // One that needs less runs inline.
                let inline = super::super::run(1 << 20, 0, || remaining().unwrap()).unwrap();
                assert!(inline < left);
                left
            })
            .unwrap();
            assert!(outer >= needed);
            // The stack is kept for the next call on this thread.
            assert!(SPARE.with(|s| {
                let spare = s.take();
                let kept = spare.as_ref().is_some_and(|st| st.size() >= needed);
                s.set(spare);
                kept
            }));
            assert!(ACTIVE.with(|a| a.borrow().is_empty()));
        }

        #[test]
        fn calls_from_a_threads_own_stack_switch_to_ours() {
            // However much room the thread's stack has, a call from it runs on a stack of this
            // library's, whose room is known without asking the system.
            let thread = std::thread::Builder::new().stack_size(64 << 20);
            let (outside, inside) = thread
                .spawn(|| {
                    (
                        remaining(),
                        super::super::run(1 << 20, 64 << 10, remaining).unwrap(),
                    )
                })
                .unwrap()
                .join()
                .unwrap();
            assert_eq!(outside, None);
            assert!(inside.is_some_and(|left| left >= 1 << 20), "{inside:?}");
        }

        #[test]
        fn panics_come_back_to_the_caller() {
            let caught =
                std::panic::catch_unwind(|| super::super::run(64 << 20, 0, || panic!("inside")));
            assert!(caught.is_err());
            assert!(ACTIVE.with(|a| a.borrow().is_empty()));
            assert_eq!(super::super::run(64 << 20, 0, || 5).unwrap(), 5);
        }
    }
}
