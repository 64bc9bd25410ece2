//! The interactive REPL: one session, a line editor with history, multi-line blocks, and the
//! `repr` of expression values as Python's REPL prints them.

use std::path::PathBuf;

use anyhow::Result;
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

use crate::EXIT_OK;
use crate::completeness::needs_more;
use crate::runner::{Outcome, Runner};

/// Where the REPL keeps its history: `$MPSANDBOX_HISTORY`, or `mpsandbox/history` in the user's
/// data folder.
fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MPSANDBOX_HISTORY").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let dir = dirs::data_local_dir()?.join("mpsandbox");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join("history"))
}

/// Runs the REPL until end of input or `sys.exit`; returns the exit status.
pub fn run(runner: &mut Runner) -> Result<i32> {
    let mut editor = DefaultEditor::new()?;
    let history = history_path();
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    eprintln!(
        "MicroPython in mpsandbox {}. Ctrl-D exits; a blank line ends a block; \
         :save FILE and :load FILE keep and bring back the session's state.",
        env!("CARGO_PKG_VERSION")
    );
    let status = loop {
        let Some(code) = read_entry(&mut editor)? else {
            break EXIT_OK;
        };
        if code.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(code.trim_end());
        if let Some(done) = command(runner, code.trim()) {
            if let Err(e) = done {
                eprintln!("mpsandbox: {e:#}");
            }
            continue;
        }
        if let Outcome::Exit(code) = runner.run(&code, true) {
            break crate::runner::exit_status(code);
        }
    };
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(status)
}

/// Runs a REPL command (`:save FILE`, `:load FILE`; no Python line starts with a colon), or
/// returns `None` if `line` is Python.
fn command(runner: &mut Runner, line: &str) -> Option<Result<()>> {
    let (name, path) = line.strip_prefix(':')?.split_once(char::is_whitespace)?;
    let path = std::path::Path::new(path.trim());
    match name {
        "save" => Some(runner.save(path)),
        "load" => Some(runner.load(path)),
        _ => None,
    }
}

/// Reads one entry: a line, and more while the code is incomplete. `None` at end of input.
fn read_entry(editor: &mut DefaultEditor) -> Result<Option<String>> {
    let mut code = match editor.readline(">>> ") {
        Ok(line) => line,
        Err(ReadlineError::Interrupted) => {
            eprintln!("KeyboardInterrupt");
            return Ok(Some(String::new()));
        }
        Err(ReadlineError::Eof) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    while needs_more(&code) {
        match editor.readline("... ") {
            Ok(line) => {
                code.push('\n');
                code.push_str(&line);
            }
            Err(ReadlineError::Interrupted) => {
                eprintln!("KeyboardInterrupt");
                return Ok(Some(String::new()));
            }
            // End of input ends the block: run what was typed.
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Some(code))
}
