//! `--host-fn NAME=COMMAND`: host functions that run a command per call.
//!
//! Each call runs COMMAND (split into words as a shell would; no shell runs) with
//! `{"args": [...], "kwargs": {...}}` as JSON on its standard input. Its standard output, JSON,
//! is the return value (empty output is `None`); a non-zero exit raises `host.HostError`
//! carrying its standard error.

use std::io::Write;
use std::process::{Command, Stdio};

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

impl HostCommand {
    /// Runs the command for one call.
    pub fn call(&self, args: Vec<Value>, kwargs: Vec<(String, Value)>) -> Result<Value, String> {
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
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {program:?}: {e}"))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        // Written from a thread: the command may write before it has read everything.
        let writer = std::thread::spawn(move || {
            // A command that exits without reading its input is fine: a broken pipe then.
            let _ = stdin.write_all(input.as_bytes());
        });
        let output = child
            .wait_with_output()
            .map_err(|e| format!("cannot run {program:?}: {e}"))?;
        let _ = writer.join();
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr = stderr.trim_end();
            return Err(if stderr.is_empty() {
                format!("{program:?} failed ({})", output.status)
            } else {
                stderr.to_owned()
            });
        }
        let stdout = String::from_utf8(output.stdout)
            .map_err(|_| format!("{program:?} wrote output that is not UTF-8"))?;
        if stdout.trim().is_empty() {
            return Ok(Value::None);
        }
        serde_json::from_str::<Value>(&stdout)
            .map_err(|e| format!("{program:?} wrote output that is not JSON: {e}"))
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
