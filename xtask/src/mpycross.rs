//! Builds MicroPython's `mpy-cross` for the build machine (with `xtask cc --host`, zig), from
//! the same MicroPython tree as the guest: the guest's make uses it to compile the Python
//! modules of `guest-micropython/modules/` to bytecode, which `tools/mpy-tool.py` freezes into
//! the component (MicroPython's frozen-manifest machinery, `guest-micropython/manifest.py`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cc::{HOST_FLAG, ZIG_ENV};
use crate::paths::Paths;
use crate::step::Step;

/// Runs `mpy-cross`'s Makefile (incremental) and returns the program's path.
pub fn build(paths: &Paths, zig: &Path, micropython: &Path) -> Result<PathBuf> {
    let step = Step::start("mpy-cross", "compiling MicroPython's bytecode compiler");
    let cc = std::env::current_exe().context("cannot locate the xtask binary")?;
    let cc = format!("{} cc {HOST_FLAG}", cc.display());
    let jobs = std::thread::available_parallelism().map_or(2, |n| n.get());
    let build = paths.mpy_cross_build();
    let program = build.join("mpy-cross");
    step.run(
        Command::new("make")
            .arg("-C")
            .arg(micropython.join("mpy-cross"))
            .arg(format!("-j{jobs}"))
            // the parser's FIRST sets (patches/0110) are generated as for the guest
            .arg("-f")
            .arg("Makefile")
            .arg("-f")
            .arg(paths.guest_src().join("parsefirst.mk"))
            .arg(format!("BUILD={}", build.display()))
            // the program is $(BUILD)/$(PROG); zig's linker has no -Map
            .arg("PROG=mpy-cross")
            .arg("LDFLAGS_ARCH=-Wl,--gc-sections")
            .arg(format!("CC={cc}"))
            .arg(format!("CPP={cc} -E"))
            // clang 22 warns about MicroPython's two-letter condition-code tables, and
            // rejects the register-saving asm of gchelper_generic.c with a frame pointer;
            // the patched dict views (0042) compare with frozensets, which mpy-cross's own
            // configuration leaves out
            .arg(
                "CFLAGS_EXTRA=-Wno-unterminated-string-initialization -fomit-frame-pointer \
                 -DMICROPY_PY_BUILTINS_FROZENSET=1",
            )
            .env(ZIG_ENV, zig),
        &paths.logs(),
        "mpy-cross",
    )
    .context("mpy-cross did not build (needs make and python3)")?;
    if !program.is_file() {
        anyhow::bail!("make succeeded but wrote no {}", program.display());
    }
    step.finish("mpy-cross");
    Ok(program)
}
