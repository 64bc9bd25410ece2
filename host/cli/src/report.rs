//! The `--json` report of one snippet.
//!
//! One object per line:
//!
//! ```json
//! {"stdout": "...", "stderr": "...", "stdout_truncated": false, "stderr_truncated": false,
//!  "value": <the value as JSON, or null>, "repr": "..." or null,
//!  "error": null or {"kind": ..., ...},
//!  "usage": {"wall_ms": 1.5, "fuel": 12345 or null, "memory_bytes": 2162688}}
//! ```
//!
//! `value` is [`Value::to_json`](mpsandbox::Value::to_json) (integers of any size exact);
//! `error.kind` is `syntax` (`type`, `message`, `line`, `column`, `text`), `exception`
//! (`type`, `message`, `traceback`), `exit` (`code`), `limit` (`limit`: `memory`, `time`,
//! `fuel` or `stack`; `value` and `used` in bytes, milliseconds or fuel; `message`;
//! `exception`: the Python exception's `type` and `traceback`, or null), `session_lost`
//! (`reason`, and `limit`, `value`, `used` when a limit's hard stop lost it, else null),
//! `invalid_value` or `internal` (`message`).

use std::time::Duration;

use mpsandbox::{Error, ExecError, ExecOutput, Run, Usage};
use serde_json::json;

/// The JSON line (without its newline) for the result of one snippet.
pub fn json_line(result: &Result<ExecOutput, ExecError>, run: &Run, wall: Duration) -> String {
    let usage = run.usage;
    // The wall time of the library's report when it has one (not for refused arguments).
    let wall = if usage == Usage::default() {
        wall
    } else {
        usage.wall
    };
    let (value, repr, error) = match result {
        Ok(o) => (
            o.value.as_ref().map(|v| v.to_json()),
            o.repr.clone(),
            "null".to_owned(),
        ),
        Err(e) => (None, None, error_json(&e.error)),
    };
    let text = |s: &str| serde_json::to_string(s).expect("a str serializes");
    // Assembled by hand so that `value` keeps integers of any size exact.
    format!(
        "{{\"stdout\":{},\"stderr\":{},\"stdout_truncated\":{},\"stderr_truncated\":{},\"value\":{},\"repr\":{},\"error\":{},\"usage\":{}}}",
        text(&run.stdout),
        text(&run.stderr),
        run.stdout_truncated,
        run.stderr_truncated,
        value.as_deref().unwrap_or("null"),
        repr.as_deref().map_or_else(|| "null".to_owned(), text),
        error,
        json!({
            "wall_ms": (wall.as_secs_f64() * 1e6).round() / 1e3,
            "fuel": usage.fuel,
            "memory_bytes": usage.memory,
        }),
    )
}

/// The `error` member, its fields in a fixed order.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ErrorReport<'a> {
    Syntax {
        #[serde(rename = "type")]
        type_name: &'a str,
        message: &'a str,
        line: u32,
        column: Option<u32>,
        text: Option<&'a str>,
    },
    Exception {
        #[serde(rename = "type")]
        type_name: &'a str,
        message: &'a str,
        traceback: &'a str,
    },
    Exit {
        code: i32,
    },
    Limit {
        limit: &'static str,
        value: u64,
        used: u64,
        message: String,
        exception: Option<LimitException<'a>>,
    },
    SessionLost {
        reason: &'a str,
        limit: Option<&'static str>,
        value: Option<u64>,
        used: Option<u64>,
    },
    InvalidValue {
        message: String,
    },
    Internal {
        message: String,
    },
}

/// The Python exception a limit surfaced as.
#[derive(serde::Serialize)]
struct LimitException<'a> {
    #[serde(rename = "type")]
    type_name: &'a str,
    traceback: &'a str,
}

fn error_json(error: &Error) -> String {
    let report = match error {
        Error::Syntax(e) => ErrorReport::Syntax {
            type_name: &e.type_name,
            message: &e.message,
            line: e.line,
            column: e.column,
            text: e.text.as_deref(),
        },
        Error::Exception(e) => ErrorReport::Exception {
            type_name: &e.type_name,
            message: &e.message,
            traceback: &e.traceback,
        },
        Error::Exit(code) => ErrorReport::Exit { code: *code },
        Error::Limit { hit, exception } => ErrorReport::Limit {
            limit: hit.kind.name(),
            value: hit.limit,
            used: hit.used,
            message: hit.to_string(),
            exception: exception.as_deref().map(|e| LimitException {
                type_name: &e.type_name,
                traceback: &e.traceback,
            }),
        },
        Error::SessionLost { reason, limit } => ErrorReport::SessionLost {
            reason,
            limit: limit.map(|h| h.kind.name()),
            value: limit.map(|h| h.limit),
            used: limit.map(|h| h.used),
        },
        Error::InvalidValue(e) => ErrorReport::InvalidValue {
            message: e.to_string(),
        },
        other => ErrorReport::Internal {
            message: other.to_string(),
        },
    };
    serde_json::to_string(&report).expect("the report serializes")
}
