//! What `run_python` returns: structured content, and the same as readable text.
//!
//! Structured content (the tool's output schema, [`output_schema`]):
//!
//! ```json
//! {"session": "default", "fresh": false, "notice": null,
//!  "stdout": "...", "stderr": "...", "stdout_truncated": false, "stderr_truncated": false,
//!  "repr": "42" or null, "error": null or {"kind": ..., ...}, "usage": {...}}
//! ```
//!
//! `error` and `usage` are those of the CLI's `--json` report (`crate::report`).

use mpsandbox::{ByteSize, Error, Usage, Value};
use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use serde_json::json;

use super::sessions::Found;
use super::worker::ExecResult;
use crate::report;

/// The output fields of a run, whichever way it ended: the one place that reads them.
struct RunView<'a> {
    stdout: &'a str,
    stderr: &'a str,
    stdout_truncated: bool,
    stderr_truncated: bool,
    usage: Usage,
    restarted: Option<&'a str>,
    /// The `repr` of a final expression whose value is not `None`.
    repr: Option<&'a str>,
    error: Option<&'a Error>,
}

fn view(result: &ExecResult) -> RunView<'_> {
    let (run, repr, error) = match result {
        Ok(o) => (
            &o.run,
            o.repr.as_deref().filter(|_| o.value != Some(Value::None)),
            None,
        ),
        Err(e) => (&e.run, None, Some(&e.error)),
    };
    RunView {
        stdout: &run.stdout,
        stderr: &run.stderr,
        stdout_truncated: run.stdout_truncated,
        stderr_truncated: run.stderr_truncated,
        usage: run.usage,
        restarted: run.restarted.as_deref(),
        repr,
        error,
    }
}

/// The tool result of one `run_python` call in session `name`; `max_output` is the cap on
/// each stream (bytes), for the text's truncation notes.
pub fn run_result(
    name: &str,
    found: &Found,
    result: &ExecResult,
    max_output: usize,
) -> CallToolResult {
    let run = view(result);
    let mut notices = Vec::new();
    match found {
        Found::Live => {}
        Found::New => notices.push(format!("new session {name:?}: nothing defined yet")),
        Found::Expired => notices.push(format!(
            "session {name:?} had been idle too long and was closed; this call ran in a fresh \
             interpreter (earlier variables are gone)"
        )),
    }
    if let Some(reason) = run.restarted {
        notices.push(format!(
            "session {name:?} had been lost ({reason}); this call ran in a fresh interpreter \
             (earlier variables are gone)"
        ));
    }
    if let Some(Error::SessionLost { .. }) = run.error {
        notices.push(format!(
            "session {name:?} was lost and its state is gone; the next call starts a fresh \
             interpreter"
        ));
    }
    let fresh = *found != Found::Live || run.restarted.is_some();
    let notice = (!notices.is_empty()).then(|| notices.join("; "));
    let structured = json!({
        "session": name,
        "fresh": fresh,
        "notice": notice,
        "stdout": run.stdout,
        "stderr": run.stderr,
        "stdout_truncated": run.stdout_truncated,
        "stderr_truncated": run.stderr_truncated,
        "repr": run.repr,
        "error": run.error.map(report::error_value),
        "usage": report::usage_json(&run.usage, run.usage.wall),
    });
    let text = text(&run, &notices, max_output);
    let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
    result.structured_content = Some(structured);
    result.is_error = Some(run.error.is_some());
    result
}

/// The readable form: output, the value or the error, then notes in brackets.
fn text(run: &RunView<'_>, notices: &[String], max_output: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !run.stdout.is_empty() {
        parts.push(run.stdout.trim_end_matches('\n').to_owned());
    }
    if !run.stderr.is_empty() {
        parts.push(format!("[stderr]\n{}", run.stderr.trim_end_matches('\n')));
    }
    if let Some(repr) = run.repr {
        parts.push(format!("Out: {repr}"));
    }
    match run.error {
        None => {}
        Some(Error::Syntax(e)) => parts.push(e.to_string()),
        Some(Error::Exception(e)) => parts.push(e.to_string()),
        Some(Error::Limit {
            hit,
            exception: Some(exception),
        }) => parts.push(format!("{exception}\n[{hit}; the session keeps its state]")),
        Some(Error::Limit { hit, .. }) => {
            parts.push(format!("[{hit}; the session keeps its state]"))
        }
        Some(other) => parts.push(format!("[{other}]")),
    }
    let limit = ByteSize::from(max_output);
    for (cut, stream) in [
        (run.stdout_truncated, "stdout"),
        (run.stderr_truncated, "stderr"),
    ] {
        if cut {
            parts.push(format!("[{stream} was cut at the output limit ({limit})]"));
        }
    }
    parts.extend(notices.iter().map(|n| format!("[{n}]")));
    if parts.is_empty() {
        parts.push("(no output)".to_owned());
    }
    let usage = &run.usage;
    parts.push(format!(
        "[{:.1} ms, peak memory {}]",
        usage.wall.as_secs_f64() * 1e3,
        ByteSize::from(usage.memory)
    ));
    parts.join("\n")
}

/// The JSON schema of `run_python`'s structured content.
pub fn output_schema() -> JsonObject {
    let schema = json!({
        "type": "object",
        "properties": {
            "session": {"type": "string", "description": "the session the code ran in"},
            "fresh": {"type": "boolean", "description": "the code ran in a new interpreter: nothing from earlier calls was defined"},
            "notice": {"type": ["string", "null"], "description": "why the session is new, or that it was lost"},
            "stdout": {"type": "string"},
            "stderr": {"type": "string"},
            "stdout_truncated": {"type": "boolean", "description": "stdout was cut at the output limit"},
            "stderr_truncated": {"type": "boolean", "description": "stderr was cut at the output limit"},
            "repr": {"type": ["string", "null"], "description": "repr() of the last statement's value, when it is an expression whose value is not None"},
            "error": {
                "type": ["object", "null"],
                "description": "how the code failed: kind is syntax, exception (type, message, traceback), exit (code), limit (limit, value, used, message), session_lost (reason) or internal",
                "properties": {"kind": {"type": "string"}},
                "required": ["kind"]
            },
            "usage": {
                "type": "object",
                "properties": {
                    "wall_ms": {"type": "number"},
                    "fuel": {"type": ["integer", "null"]},
                    "memory_bytes": {"type": "integer"}
                }
            }
        },
        "required": ["session", "fresh", "stdout", "stderr", "stdout_truncated", "stderr_truncated", "repr", "error", "usage"]
    });
    match schema {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("the schema is an object"),
    }
}
