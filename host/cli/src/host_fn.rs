//! `--host-fn NAME=COMMAND`: host functions that run a command per call.
//!
//! Each call runs COMMAND (split into words as a shell would; no shell runs) with
//! `{"args": [...], "kwargs": {...}}` as JSON on its standard input. Its standard output, JSON,
//! is the return value (empty output is `None`; integers of any size stay exact); a non-zero
//! exit raises `host.HostError` carrying its standard error. A call is bounded: in time
//! (`--host-fn-timeout`), and in output (the memory limit): past either the command and every
//! process it started are killed and the call raises `HostError`.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mpsandbox::Value;

/// A host function given on the command line.
#[derive(Clone, Debug, PartialEq)]
pub struct HostCommand {
    /// The name Python calls it by: `host.NAME(...)`.
    pub name: String,
    /// The program and its arguments.
    pub argv: Vec<String>,
}

/// Parses `NAME=COMMAND`.
pub fn parse(text: &str) -> Result<HostCommand, String> {
    let (name, command) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=COMMAND, found {text:?}"))?;
    let name = name.trim();
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric());
    if !identifier {
        return Err(format!("{name:?} is not a Python identifier"));
    }
    let argv = shlex::split(command).ok_or_else(|| {
        format!("cannot split the command {command:?} into words (unbalanced quotes?)")
    })?;
    if argv.is_empty() {
        return Err(format!("no command for host function {name:?}"));
    }
    Ok(HostCommand {
        name: name.to_owned(),
        argv,
    })
}

/// Bounds on one run of a host-function command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandLimits {
    /// How long one call may run before the command (and every process it started) is
    /// killed: `--host-fn-timeout`, default [`DEFAULT_TIMEOUT`].
    pub timeout: Duration,
    /// Most bytes of standard output read (the result must fit in the guest's memory; the
    /// CLI uses the memory limit). A command that writes more is killed.
    pub max_output: u64,
}

/// The default time limit of one host-function call: 30 s.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Most bytes of a command's standard error kept for the error message.
const MAX_STDERR: u64 = 64 << 10;

impl HostCommand {
    /// Runs the command for one call, within `limits`.
    pub fn call(
        &self,
        args: Vec<Value>,
        kwargs: Vec<(String, Value)>,
        limits: CommandLimits,
    ) -> Result<Value, String> {
        let input = Value::Dict(vec![
            (Value::from("args"), Value::List(args)),
            (
                Value::from("kwargs"),
                Value::Dict(
                    kwargs
                        .into_iter()
                        .map(|(key, value)| (Value::Str(key), value))
                        .collect(),
                ),
            ),
        ])
        .to_json();
        let program = &self.argv[0];
        let mut child = Command::new(program)
            .args(&self.argv[1..])
            // Its own process group, so that a timeout kills whatever it started too.
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {program:?}: {e}"))?;
        let group = child.id();
        let mut stdin = child.stdin.take().expect("piped stdin");
        // Written from a thread: the command may write before it has read everything. A
        // command that exits without reading its input is fine: a broken pipe then.
        std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let stdout = read_bounded(
            child.stdout.take().expect("piped stdout"),
            limits.max_output,
        );
        let stderr = read_bounded(child.stderr.take().expect("piped stderr"), MAX_STDERR);

        let deadline = Instant::now().checked_add(limits.timeout);
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) => {}
                Err(e) => return Err(format!("cannot run {program:?}: {e}")),
            }
            if stdout.overflowed.load(Ordering::Relaxed)
                || deadline.is_some_and(|d| Instant::now() >= d)
            {
                break None;
            }
            std::thread::sleep(POLL);
        };
        let Some(status) = status else {
            // Still running (the command's pid is not reaped yet, so its group is its own).
            kill_group(group);
            let _ = child.wait();
            return Err(if stdout.overflowed.load(Ordering::Relaxed) {
                too_much(program, limits.max_output)
            } else {
                too_long(program, limits.timeout)
            });
        };
        // The call ends with the command: what it left running (and holding its pipes) is
        // killed. Its group outlives it while they run, so the group id is still theirs.
        kill_group(group);
        while !(stdout.is_finished() && stderr.is_finished()) {
            if deadline.is_some_and(|d| Instant::now() >= d) {
                // Only a process that left the group can still hold a pipe.
                return Err(too_long(program, limits.timeout));
            }
            std::thread::sleep(POLL);
        }
        let stdout = stdout.finish();
        if !status.success() {
            let stderr = String::from_utf8_lossy(&stderr.finish()).into_owned();
            let stderr = stderr.trim_end();
            return Err(if stderr.is_empty() {
                format!("{program:?} failed ({status})")
            } else {
                stderr.to_owned()
            });
        }
        if stdout.len() as u64 > limits.max_output {
            return Err(too_much(program, limits.max_output));
        }
        let stdout = String::from_utf8(stdout)
            .map_err(|_| format!("{program:?} wrote output that is not UTF-8"))?;
        if stdout.trim().is_empty() {
            return Ok(Value::None);
        }
        Value::from_json(&stdout)
            .map_err(|e| format!("{program:?} wrote output that is not JSON: {e}"))
    }
}

fn too_much(program: &str, max: u64) -> String {
    format!("{program:?} wrote more than {max} bytes of output, the most a result may have")
}

fn too_long(program: &str, timeout: Duration) -> String {
    format!("{program:?} did not finish within {timeout:?} (--host-fn-timeout)")
}

/// How often a running command is checked on.
const POLL: Duration = Duration::from_millis(2);

/// A pipe read on a thread, keeping at most `max + 1` bytes.
struct BoundedRead {
    overflowed: Arc<AtomicBool>,
    reader: std::thread::JoinHandle<Vec<u8>>,
}

impl BoundedRead {
    /// Whether the pipe is closed and everything is read.
    fn is_finished(&self) -> bool {
        self.reader.is_finished()
    }

    /// What was read (at most `max + 1` bytes); call once [`Self::is_finished`].
    fn finish(self) -> Vec<u8> {
        self.reader.join().unwrap_or_default()
    }
}

fn read_bounded(pipe: impl Read + Send + 'static, max: u64) -> BoundedRead {
    let overflowed = Arc::new(AtomicBool::new(false));
    let flag = overflowed.clone();
    let reader = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut pipe = pipe;
        let _ = (&mut pipe)
            .take(max.saturating_add(1))
            .read_to_end(&mut kept);
        if kept.len() as u64 > max {
            flag.store(true, Ordering::Relaxed);
            // Drain the rest so the writer is not blocked on a full pipe.
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
        }
        kept
    });
    BoundedRead { overflowed, reader }
}

/// Kills every process of the group `group` (the command and what it started).
fn kill_group(group: u32) {
    // SAFETY: kill(2) with a negative pid signals a process group; it touches no memory.
    unsafe {
        libc::kill(-(group as i32), libc::SIGKILL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_name_and_words() {
        assert_eq!(
            parse("lookup=python3 -c 'import sys; print(1)' --flag"),
            Ok(HostCommand {
                name: "lookup".into(),
                argv: vec![
                    "python3".into(),
                    "-c".into(),
                    "import sys; print(1)".into(),
                    "--flag".into()
                ],
            })
        );
        assert_eq!(parse("a=b=c").unwrap().argv, vec!["b=c"]);
        assert!(parse("lookup").is_err());
        assert!(parse("1x=cat").is_err());
        assert!(parse("a-b=cat").is_err());
        assert!(parse("f=").is_err());
        assert!(parse("f=echo 'open").is_err());
    }
}
