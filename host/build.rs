//! Embeds the guest component when it has been built.
//!
//! The component is `target/mpsandbox/mpsandbox.wasm` (written by `cargo xtask build`), or the
//! file named by the environment variable `MPSANDBOX_COMPONENT`. When it exists, the library is
//! compiled with `cfg(mpsandbox_embedded)` and two environment variables for `include_bytes!`:
//! the component's absolute path and the hex SHA-256 of its bytes (the compilation cache key, so
//! that starting an engine does not hash the component). When it does not exist, the library
//! still builds: `Engine::new` then says to run `cargo xtask build`, and components can be
//! loaded from a file or from bytes.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

mod target_dir;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(mpsandbox_embedded)");
    println!("cargo::rerun-if-env-changed=MPSANDBOX_COMPONENT");
    println!("cargo::rerun-if-env-changed=CARGO_TARGET_DIR");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=target_dir.rs");
    println!("cargo::rerun-if-changed=../wit");

    let path = component_path();
    // Cargo reruns this script when the file appears, changes or disappears.
    println!("cargo::rerun-if-changed={}", path.display());
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let path = path.canonicalize().unwrap_or(path);
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(&bytes) {
        let _ = write!(hex, "{byte:02x}");
    }
    println!("cargo::rustc-cfg=mpsandbox_embedded");
    println!(
        "cargo::rustc-env=MPSANDBOX_EMBEDDED_COMPONENT={}",
        path.display()
    );
    println!("cargo::rustc-env=MPSANDBOX_EMBEDDED_SHA256={hex}");
}

/// `$MPSANDBOX_COMPONENT`, or `mpsandbox/mpsandbox.wasm` in the workspace's target folder.
fn component_path() -> PathBuf {
    if let Some(path) = env::var_os("MPSANDBOX_COMPONENT") {
        return PathBuf::from(path);
    }
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir
        .parent()
        .unwrap_or(Path::new(".."))
        .to_path_buf();
    let target = target_dir::target_dir(&root);
    target.join("mpsandbox").join("mpsandbox.wasm")
}
