//! What the tool descriptions tell the model: the interpreter and its version, the modules
//! it has, the limits in force, the capabilities granted and the host functions.

use std::fmt::Write as _;
use std::time::Duration;

use mpsandbox::{ByteSize, DirAccess, SessionBuilder};

use super::remote::RemoteTool;
use super::sessions::Policy;
use crate::options::SessionSettings;

/// What a session started with these settings reports about itself.
pub struct Interpreter {
    /// `sys.version`, for example `3.4.0; MicroPython v1.25.0 on 2026-11-30`.
    pub version: String,
    /// The importable modules, without private ones.
    pub modules: Vec<String>,
}

/// Asks a session built by `builder`; this also checks that sessions can start (grants,
/// allow-list, certificates).
pub fn probe(builder: SessionBuilder) -> Result<Interpreter, mpsandbox::Error> {
    let mut session = builder.build()?;
    let version = session
        .exec("import sys\nsys.version")
        .ok()
        .and_then(|o| o.value)
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    let listing = session
        .exec("help('modules')")
        .map(|o| o.run.stdout)
        .unwrap_or_default();
    let mut modules: Vec<String> = listing
        .lines()
        .filter(|line| !line.starts_with("Plus any"))
        .flat_map(str::split_whitespace)
        .map(|name| name.trim_end_matches("/__init__").to_owned())
        .filter(|name| !name.starts_with('_') && !name.contains('/'))
        .collect();
    modules.sort();
    modules.dedup();
    Ok(Interpreter { version, modules })
}

/// Everything the descriptions draw on.
pub struct Facts<'a> {
    /// What a session reports about itself.
    pub interpreter: &'a Interpreter,
    /// The limits and capabilities of sessions.
    pub settings: &'a SessionSettings,
    /// The cap on sessions and their idle time.
    pub policy: Policy,
    /// The `--mcp-tools` host functions.
    pub remote: &'a [RemoteTool],
}

/// The description of `run_python`.
pub fn run_python(facts: &Facts<'_>) -> String {
    let options = &facts.settings.options;
    let mut text = String::new();
    let version = &facts.interpreter.version;
    let _ = write!(
        text,
        "Run Python code in a sandboxed, persistent interpreter and get its output. Variables, \
         functions, classes and imports persist from call to call within a session (like \
         notebook cells); the repr of a final expression is returned. Use `session` to keep \
         separate interpreters (default \"default\").\n\n\
         Interpreter: MicroPython (sys.version {version:?}), a compact Python 3 \
         implementation: everyday Python works (f-strings, comprehensions, generators, \
         classes, exceptions, big integers), but the standard library is smaller, error \
         messages are terser, and there is no pip, no threads, no subprocess and no input().\n\
         Modules: {}.\n\n",
        facts.interpreter.modules.join(", ")
    );
    let memory = options
        .memory
        .map_or(mpsandbox::DEFAULT_MEMORY_LIMIT, ByteSize::from);
    let timeout = match options.timeout {
        Some(timeout) => format!("{} of wall-clock time", human(timeout)),
        None => "no time limit".to_owned(),
    };
    let _ = write!(
        text,
        "Limits per call: {} (then KeyboardInterrupt; the session keeps \
         its state; code that ignores it is killed and the session is lost and restarted \
         empty), memory {} (MemoryError), output {} per stream (the rest is cut)",
        timeout,
        memory,
        ByteSize::from(facts.settings.max_output()),
    );
    if let Some(fuel) = options.fuel {
        let _ = write!(text, ", fuel {fuel} (about one unit per wasm instruction)");
    }
    let policy = facts.policy;
    let _ = writeln!(
        text,
        ". Sessions unused for {} are closed; at most {} live sessions.",
        human(policy.idle_timeout),
        policy.max_sessions
    );
    if options.dirs.is_empty() {
        text.push_str("Files: none (no file system).\n");
    } else {
        let grants: Vec<String> = options
            .dirs
            .iter()
            .map(|g| {
                let access = match g.access {
                    DirAccess::ReadOnly => "read-only",
                    DirAccess::ReadWrite => "read-write",
                };
                format!("{} ({access})", g.guest)
            })
            .collect();
        let _ = writeln!(
            text,
            "Files: {}; open(), os.listdir() etc. work there.",
            grants.join(", ")
        );
    }
    if options.allow_http.is_empty() {
        text.push_str("Network: none.\n");
    } else {
        let _ = writeln!(
            text,
            "Network: `import requests` (get, post, ... as in the requests package) to {} \
             only.",
            options.allow_http.join(", ")
        );
    }
    if let Some(seed) = options.seed {
        let _ = writeln!(
            text,
            "Deterministic: random is seeded ({seed}) and the clock starts at \
             2024-01-01T00:00:00Z, advancing only by sleeps."
        );
    }
    let mut functions: Vec<String> = options
        .host_fns
        .iter()
        .map(|f| format!("- {}(*args, **kwargs): JSON arguments, JSON result", f.name))
        .collect();
    for tool in facts.remote {
        let summary = tool
            .tool
            .description
            .as_deref()
            .map(|d| d.lines().next().unwrap_or_default().trim().to_owned())
            .unwrap_or_default();
        functions.push(format!("- {}: {summary}", tool.signature()));
    }
    if !functions.is_empty() {
        let _ = write!(
            text,
            "Host functions (`import host`, then host.NAME(...); keyword arguments; a failure \
             raises host.HostError). Call them from code to do many things in one call:\n{}\n",
            functions.join("\n")
        );
    }
    text.trim_end().to_owned()
}

/// A duration as people write it: `30s`, `10min`, `2h`, `1.5s`.
fn human(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if duration.subsec_nanos() != 0 || seconds == 0 {
        format!("{duration:?}")
    } else if seconds.is_multiple_of(3600) {
        format!("{}h", seconds / 3600)
    } else if seconds.is_multiple_of(60) {
        format!("{}min", seconds / 60)
    } else {
        format!("{seconds}s")
    }
}

/// The description of `reset_session`.
pub fn reset_session() -> String {
    "Discard a Python session of run_python (default \"default\"): its variables, functions \
     and imports are gone, and the next run_python in it starts a fresh interpreter."
        .to_owned()
}
