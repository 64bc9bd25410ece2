//! Builds one example component of `components/`: C bindings for its world (from
//! `components/wit`, which uses `wit/`), `zig cc` to a preview1 reactor module, then the
//! preview1 adapter makes it a component.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use anyhow::{Context, Result};
use wit_bindgen_core::Files;
use wit_parser::Resolve;

use crate::paths::Paths;
use crate::step::Step;
use crate::toolchain::write_if_changed;

/// One component: its folder under `components/` and the world it implements.
pub struct Part {
    /// Folder name under `components/`, and the output's file stem.
    pub name: &'static str,
    /// The world in `components/wit`.
    pub world: &'static str,
    /// A Python file of the folder turned into a C string constant in a generated header
    /// (`<stem>.h`, constant `<STEM>_PY`), when the part has one.
    pub python: Option<&'static str>,
}

/// The provider of host functions, `control` and the outbound-HTTP policy.
pub const PROVIDER: Part = Part {
    name: "provider",
    world: "provider",
    python: None,
};

/// The wasi:http front.
pub const HTTP_FRONT: Part = Part {
    name: "http-front",
    world: "http-front",
    python: Some("prelude.py"),
};

/// Builds `part` into `target/mpsandbox/compose/<name>.wasm` unless it is up to date.
pub fn build(paths: &Paths, zig: &Path, part: &Part) -> Result<PathBuf> {
    let src = paths.root.join("components").join(part.name);
    let out_dir = paths.out.join("compose");
    let gen_dir = out_dir.join(format!("{}-gen", part.name));
    let out = out_dir.join(format!("{}.wasm", part.name));
    let inputs = [
        src.clone(),
        paths.root.join("components/wit"),
        paths.wit(),
        std::env::current_exe()?,
    ];
    if newest(&inputs)? < modified(&out) {
        return Ok(out);
    }
    let step = Step::start("compose", &format!("building {}", part.name));
    generate_bindings(paths, part.world, &gen_dir)?;
    if let Some(python) = part.python {
        let text = fs::read_to_string(src.join(python))?;
        let stem = python.trim_end_matches(".py");
        let header = format!(
            "/* Generated from {python} by cargo xtask compose. */\nstatic const char {}_PY[] = {};\n",
            stem.to_uppercase(),
            c_string(&text)
        );
        write_if_changed(&gen_dir.join(format!("{stem}.h")), header.as_bytes())?;
    }
    let world = part.world.replace('-', "_");
    let mut sources: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(&src)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "c") {
            sources.push(path);
        }
    }
    sources.sort();
    let core = out_dir.join(format!("{}.core.wasm", part.name));
    step.run(
        Command::new(zig)
            .args(["cc", "--target=wasm32-wasi", "-mexec-model=reactor", "-O2"])
            .args([
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-Wno-unused-parameter",
            ])
            .args(["-Wl,--strip-debug", "-Wl,-z,stack-size=262144"])
            .arg("-I")
            .arg(&gen_dir)
            .args(&sources)
            .arg(gen_dir.join(format!("{world}.c")))
            .arg(gen_dir.join(format!("{world}_component_type.o")))
            .arg("-o")
            .arg(&core),
        &paths.logs(),
        &format!("compose-{}", part.name),
    )
    .with_context(|| format!("components/{} did not compile", part.name))?;
    let component = crate::component::encode(&fs::read(&core)?)?;
    fs::write(&out, &component)?;
    step.finish(&format!(
        "{} ({} KiB)",
        out.display(),
        component.len() / 1024
    ));
    Ok(out)
}

/// Writes the C bindings of `world` (from `components/wit`, on top of `wit/`) into `dir`.
fn generate_bindings(paths: &Paths, world: &str, dir: &Path) -> Result<()> {
    let mut resolve = Resolve::default();
    resolve
        .push_path(paths.wit())
        .with_context(|| format!("cannot parse the WIT in {}", paths.wit().display()))?;
    let wit = paths.root.join("components/wit");
    let (package, _) = resolve
        .push_path(&wit)
        .with_context(|| format!("cannot parse the WIT in {}", wit.display()))?;
    let world = resolve.select_world(&[package], Some(world))?;
    let mut files = Files::default();
    wit_bindgen_c::Opts::default()
        .build()
        .generate(&mut resolve, world, &mut files)?;
    for (name, bytes) in files.iter() {
        write_if_changed(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// `text` as a C string literal, one source line per line.
fn c_string(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        out.push_str("\n    \"");
        for c in line.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
                c => {
                    let mut buf = [0; 4];
                    for byte in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\{byte:03o}"));
                    }
                }
            }
        }
        out.push('"');
    }
    if out.is_empty() {
        out.push_str("\"\"");
    }
    out
}

/// When the file at `path` was last modified (the epoch when it does not exist).
fn modified(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The newest modification time of the files under `paths` (recursively).
fn newest(paths: &[PathBuf]) -> Result<SystemTime> {
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        let meta =
            fs::metadata(&path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            for entry in fs::read_dir(&path)? {
                stack.push(entry?.path());
            }
        } else {
            newest = newest.max(meta.modified()?);
        }
    }
    Ok(newest)
}
