//! Running one Python program both ways, for the suites that compare outputs with CPython
//! (`conformance/`, `compat/`): under `python3`, with the output cached by the file's hash,
//! and in a fresh sandbox session.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use mpsandbox::{DirAccess, Engine, Error};
use sha2::{Digest, Sha256};

/// How long CPython may take for one program before it counts as hung.
const CPYTHON_TIMEOUT: Duration = Duration::from_secs(120);

/// The prefix of CPython's output when the program did not exit with status 0.
pub const CPYTHON_CRASH: &str = "CPYTHON3 CRASH:\n";

/// CPython's output (stdout and stderr interleaved) for the program at `path`, from
/// `cache_dir` when it holds the output for these `bytes` (the file's content), else run and
/// cached there under the content's sha256. A failing program's output starts with
/// [`CPYTHON_CRASH`].
pub fn cpython_cached(path: &Path, bytes: &[u8], cache_dir: &Path) -> Result<String, String> {
    let key: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let cached = cache_dir.join(format!("{key}.exp"));
    if let Ok(text) = std::fs::read_to_string(&cached) {
        return Ok(text);
    }
    let text = cpython(path)?;
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(cache_dir)?;
        let partial = cached.with_extension(format!("tmp{}", std::process::id()));
        std::fs::write(&partial, &text)?;
        std::fs::rename(&partial, &cached)
    };
    write().map_err(|e| format!("cannot cache CPython's output in {}: {e}", cached.display()))?;
    Ok(text)
}

/// CPython's output for the program at `path`, run in the program's folder, as
/// MicroPython's run-tests.py gets it: stdout and stderr interleaved; [`CPYTHON_CRASH`]
/// first when it failed.
pub fn cpython(path: &Path) -> Result<String, String> {
    let (mut reader, writer) = std::io::pipe().map_err(|e| e.to_string())?;
    let mut command = Command::new("python3");
    command
        .arg("-BS")
        .arg(path)
        .current_dir(path.parent().expect("a program is in a folder"))
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONHASHSEED", "0")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().map_err(|e| e.to_string())?)
        .stderr(writer);
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run python3 for the expected output: {e}"))?;
    drop(command);
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + CPYTHON_TIMEOUT;
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "python3 {} did not finish within {CPYTHON_TIMEOUT:?}",
                    path.display()
                ));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let bytes = reading.join().unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    Ok(if status.success() {
        text
    } else {
        format!("{CPYTHON_CRASH}{text}")
    })
}

/// Runs `source` in a fresh session (with `work`, if given, granted read-write as its
/// working directory) and returns what the unix port's test runner would see: stdout and
/// stderr interleaved, then, if it did not end normally, the error and `CRASH` (or
/// `TIMEOUT`).
///
/// The session runs on a thread of its own; past `timeout` the program is reported as timed
/// out and that thread is abandoned (the library has no way to interrupt a running guest yet).
pub fn run_in_sandbox(
    engine: &Engine,
    source: String,
    work: Option<&Path>,
    timeout: Duration,
) -> String {
    let output = Arc::new(Mutex::new(Vec::<u8>::new()));
    let work = work.map(Path::to_owned);
    let (done, finished) = mpsc::channel();
    let engine = engine.clone();
    let sink = Arc::clone(&output);
    let spawned = std::thread::Builder::new()
        .name("python-program".into())
        .spawn(move || {
            let mut builder = engine
                .session_builder()
                .max_output(mpsandbox::ByteSize::mib(64))
                .on_output(move |_, bytes| sink.lock().unwrap().extend_from_slice(bytes));
            if let Some(work) = work {
                builder = builder.dir(work, "/work", DirAccess::ReadWrite);
            }
            let ending = match builder.build() {
                Err(e) => Some(format!("mpsandbox: {e}\n")),
                Ok(mut session) => match session.exec(&source) {
                    Ok(_) => None,
                    Err(e) => match e.error {
                        Error::Exit(0) => None,
                        Error::Exit(_) => Some(String::new()),
                        Error::Exception(_) | Error::Syntax(_) => Some(format!("{}\n", e.error)),
                        other => Some(format!("mpsandbox: {other}\n")),
                    },
                },
            };
            let _ = done.send(ending);
        });
    let ending = match spawned {
        Err(e) => Some(format!("mpsandbox: cannot start a thread: {e}\n")),
        Ok(_) => match finished.recv_timeout(timeout) {
            Ok(ending) => ending.map(|text| text + "CRASH"),
            Err(_) => Some(format!("TIMEOUT (after {timeout:?})")),
        },
    };
    let mut text = String::from_utf8_lossy(&output.lock().unwrap()).replace("\r\n", "\n");
    if let Some(ending) = ending {
        text.push_str(&ending);
    }
    text
}

/// The 1-based number of the first line where `output` and `expected` differ, and those lines.
pub fn first_difference<'a>(output: &'a str, expected: &'a str) -> (usize, &'a str, &'a str) {
    let mut got = output.split_inclusive('\n');
    let mut want = expected.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (got.next(), want.next()) {
            (Some(g), Some(w)) if g == w => line += 1,
            (g, w) => return (line, g.unwrap_or("<end>"), w.unwrap_or("<end>")),
        }
    }
}
