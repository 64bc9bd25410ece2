//! Links the `mpsandbox` command as a position-dependent (non-PIE) executable on Linux (glibc).
//!
//! A position-independent executable of this size carries about 44,000 relative relocations
//! (wasmtime, cranelift, rustls and the rest), which the dynamic loader applies at every start,
//! writing to about 700 KiB of otherwise shared pages: about 0.6 ms of CPU and 170 page
//! faults per process, more than native MicroPython's whole run of `print(1+1)`. At a fixed
//! address the linker resolves them once. The cost is that the executable's own code is not
//! placed at a random address (its heap, stacks, libraries and every mapping of guest code
//! still are). Only this binary is linked so: the library, the tests and other binaries
//! keep the platform's default.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let cfg = |name: &str| std::env::var(name).unwrap_or_default();
    if cfg("CARGO_CFG_TARGET_OS") == "linux" && cfg("CARGO_CFG_TARGET_ENV") == "gnu" {
        // Appended after rustc's own `-pie`: the last of the two wins.
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
