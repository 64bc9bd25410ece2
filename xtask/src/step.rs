//! Progress display and running other programs with their output kept in a log.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

/// When set, steps that finish quickly (nothing to do) print nothing.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Keeps up-to-date steps silent (for `run`, whose output is the program's).
pub fn quiet() {
    QUIET.store(true, Ordering::Relaxed);
}

/// A build step in progress: a spinner on a terminal, one line when it ends.
pub struct Step {
    name: &'static str,
    bar: ProgressBar,
    started: Instant,
}

impl Step {
    /// Starts a step with a short name ("toolchain") and what it is doing.
    pub fn start(name: &'static str, doing: &str) -> Self {
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner:.cyan} {prefix:>10.bold} {msg} [{elapsed}]")
                .expect("the template is valid"),
        );
        bar.set_prefix(name);
        bar.set_message(doing.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Self {
            name,
            bar,
            started: Instant::now(),
        }
    }

    /// Updates what the step is doing.
    pub fn doing(&self, doing: &str) {
        self.bar.set_message(doing.to_owned());
    }

    /// Ends the step with what it did.
    pub fn finish(self, did: &str) {
        self.bar.finish_and_clear();
        let elapsed = self.started.elapsed();
        if !QUIET.load(Ordering::Relaxed) || elapsed > Duration::from_secs(1) {
            eprintln!("{:>12} {did} ({elapsed:.1?})", self.name);
        }
    }

    /// Runs `command`, sending its output to `logs/<log>.log`; on failure the error names the
    /// step, shows the log's last lines and says where the whole log is.
    pub fn run(&self, command: &mut Command, logs: &Path, log: &str) -> Result<()> {
        fs::create_dir_all(logs)?;
        let path = logs.join(format!("{log}.log"));
        let file = fs::File::create(&path)?;
        let status = command
            .stdout(file.try_clone()?)
            .stderr(file)
            .status()
            .with_context(|| format!("{}: cannot start {:?}", self.name, command.get_program()))?;
        if !status.success() {
            let text = fs::read_to_string(&path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            let tail = lines[lines.len().saturating_sub(30)..].join("\n");
            self.bar.finish_and_clear();
            bail!(
                "{} failed ({status}); last lines of {}:\n{tail}",
                self.name,
                path.display()
            );
        }
        Ok(())
    }
}

/// Prints a closing line for the whole command.
pub fn done(message: &str) {
    if QUIET.load(Ordering::Relaxed) {
        return;
    }
    eprintln!("{:>12} {message}", "done");
}
