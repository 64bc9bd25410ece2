//! Where everything lives: the workspace and the build's own folder under `target/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The folders and files the build reads and writes.
pub struct Paths {
    /// The workspace root (the folder holding `wit/`, `guest-micropython/`, `xtask/`).
    pub root: PathBuf,
    /// `target/mpsandbox`: every artifact of the guest build.
    pub out: PathBuf,
}

impl Paths {
    /// Finds the workspace root from this crate's manifest directory.
    pub fn discover() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent folder")?
            .to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        Ok(Self {
            out: target.join("mpsandbox"),
            root,
        })
    }

    /// The WIT package.
    pub fn wit(&self) -> PathBuf {
        self.root.join("wit")
    }

    /// The guest port's sources and Makefile.
    pub fn guest_src(&self) -> PathBuf {
        self.root.join("guest-micropython")
    }

    /// The toolchain: a Python venv holding zig, and the compiler wrapper.
    pub fn toolchain(&self) -> PathBuf {
        self.out.join("toolchain")
    }

    /// Downloaded and extracted MicroPython sources.
    pub fn micropython(&self) -> PathBuf {
        self.out.join("micropython")
    }

    /// C bindings generated from the WIT.
    pub fn bindings(&self) -> PathBuf {
        self.out.join("bindings")
    }

    /// The guest's object files and core module.
    pub fn guest_build(&self) -> PathBuf {
        self.out.join("guest")
    }

    /// MicroPython's `mpy-cross`, built for the build machine.
    pub fn mpy_cross_build(&self) -> PathBuf {
        self.out.join("mpy-cross")
    }

    /// Logs of steps that run other programs.
    pub fn logs(&self) -> PathBuf {
        self.out.join("logs")
    }

    /// The finished component, which the host embeds.
    pub fn component(&self) -> PathBuf {
        self.out.join("mpsandbox.wasm")
    }
}
