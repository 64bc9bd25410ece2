//! Where everything lives: the workspace and the build's own folder under `target/`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

#[path = "../../host/target_dir.rs"]
mod target_dir;

/// The folders and files the build reads and writes.
pub struct Paths {
    /// The workspace root (the folder holding `wit/`, `guest-micropython/`, `xtask/`).
    pub root: PathBuf,
    /// The cargo target folder (`$CARGO_TARGET_DIR`, or `target/`).
    pub target: PathBuf,
    /// `target/mpsandbox`: every artifact of the guest build.
    pub out: PathBuf,
}

/// A cargo build profile, and the folder of the target directory it writes to.
#[derive(Clone, Copy, Debug)]
pub enum Profile {
    /// `cargo build` (the `dev` profile).
    Dev,
    /// `cargo build --release`.
    Release,
}

impl Profile {
    /// The folder under the target directory where cargo puts this profile's binaries.
    fn dir(self) -> &'static str {
        match self {
            Profile::Dev => "debug",
            Profile::Release => "release",
        }
    }
}

impl Paths {
    /// Finds the workspace root from this crate's manifest directory.
    pub fn discover() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask has no parent folder")?
            .to_path_buf();
        let target = target_dir::target_dir(&root);
        Ok(Self {
            out: target.join("mpsandbox"),
            target,
            root,
        })
    }

    /// Where cargo puts what it builds with `profile` (binaries; examples under
    /// `examples/`).
    pub fn profile(&self, profile: Profile) -> PathBuf {
        self.target.join(profile.dir())
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
