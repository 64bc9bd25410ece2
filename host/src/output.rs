//! Capture of the guest's stdout and stderr.
//!
//! The guest writes to WASI stdout and stderr; wasmtime-wasi hands each write to the
//! [`CaptureStream`]s installed in the session's `WasiCtx`. Each stream keeps what the current
//! `exec`/`call` wrote, up to a limit (past it, output is dropped and the stream is flagged
//! truncated), and passes each chunk it keeps to the session's output callback, if any.

use std::io;

use crate::bytesize::ByteSize;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

/// The default bound on the captured output of one `exec`/`call`, for each stream: 1 MiB.
pub const DEFAULT_MAX_OUTPUT: ByteSize = ByteSize::mib(1);

/// How many bytes the guest may write at once (the WASI `check-write` permit).
const WRITE_PERMIT: usize = 64 * 1024;

/// One of the guest's output streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    /// `sys.stdout` (WASI stdout).
    Stdout,
    /// `sys.stderr` (WASI stderr).
    Stderr,
}

/// A callback receiving output as the guest produces it.
pub(crate) type OutputCallback = Box<dyn FnMut(Stream, &[u8]) + Send>;

/// What one stream captured during one `exec`/`call`.
#[derive(Debug, Default)]
pub(crate) struct Captured {
    pub text: String,
    pub truncated: bool,
}

#[derive(Default)]
struct Pipe {
    buf: Vec<u8>,
    truncated: bool,
}

impl Pipe {
    /// Keeps what fits of `bytes` under `limit` and returns it.
    fn keep<'a>(&mut self, bytes: &'a [u8], limit: usize) -> &'a [u8] {
        let room = limit.saturating_sub(self.buf.len());
        let kept = &bytes[..bytes.len().min(room)];
        if kept.len() < bytes.len() {
            self.truncated = true;
        }
        self.buf.extend_from_slice(kept);
        kept
    }

    fn take(&mut self) -> Captured {
        let mut buf = std::mem::take(&mut self.buf);
        let truncated = std::mem::take(&mut self.truncated);
        if truncated {
            // Do not leave half a character where the cut fell.
            if let Err(e) = std::str::from_utf8(&buf)
                && e.error_len().is_none()
            {
                buf.truncate(e.valid_up_to());
            }
        }
        let text = match String::from_utf8(buf) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        Captured { text, truncated }
    }
}

struct Shared {
    stdout: Pipe,
    stderr: Pipe,
    limit: usize,
    callback: Option<OutputCallback>,
}

/// The capture state of one session, shared by its two streams.
#[derive(Clone)]
pub(crate) struct Capture {
    shared: Arc<Mutex<Shared>>,
}

impl Capture {
    pub(crate) fn new(limit: usize, callback: Option<OutputCallback>) -> Capture {
        let shared = Shared {
            stdout: Pipe::default(),
            stderr: Pipe::default(),
            limit,
            callback,
        };
        Capture {
            shared: Arc::new(Mutex::new(shared)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A callback that panicked leaves nothing half-updated that matters here.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The stream to install as the guest's `stream`.
    pub(crate) fn stream(&self, stream: Stream) -> CaptureStream {
        CaptureStream {
            capture: self.clone(),
            stream,
        }
    }

    /// Empties both streams (before an `exec`/`call`).
    pub(crate) fn reset(&self) {
        let mut shared = self.lock();
        shared.stdout = Pipe::default();
        shared.stderr = Pipe::default();
    }

    /// Takes what both streams captured since the last reset: (stdout, stderr).
    pub(crate) fn take(&self) -> (Captured, Captured) {
        let mut shared = self.lock();
        (shared.stdout.take(), shared.stderr.take())
    }

    fn write(&self, stream: Stream, bytes: &[u8]) {
        let mut shared = self.lock();
        let shared = &mut *shared;
        let pipe = match stream {
            Stream::Stdout => &mut shared.stdout,
            Stream::Stderr => &mut shared.stderr,
        };
        let kept = pipe.keep(bytes, shared.limit);
        if !kept.is_empty()
            && let Some(callback) = shared.callback.as_mut()
        {
            callback(stream, kept);
        }
    }
}

/// The guest's stdout or stderr: writes go to the session's [`Capture`].
#[derive(Clone)]
pub(crate) struct CaptureStream {
    capture: Capture,
    stream: Stream,
}

impl IsTerminal for CaptureStream {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CaptureStream {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CaptureStream {
    async fn ready(&mut self) {}
}

impl OutputStream for CaptureStream {
    fn write(&mut self, bytes: bytes::Bytes) -> StreamResult<()> {
        // Output past the limit is dropped, not refused: the guest's print() must not fail.
        self.capture.write(self.stream, &bytes);
        Ok(())
    }
    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }
    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(WRITE_PERMIT)
    }
}

impl tokio::io::AsyncWrite for CaptureStream {
    fn poll_write(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.capture.write(self.stream, buf);
        Poll::Ready(Ok(buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_separate_bounded_and_streamed() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let capture = Capture::new(
            5,
            Some(Box::new(move |stream, bytes: &[u8]| {
                sink.lock().unwrap().push((stream, bytes.to_vec()))
            })),
        );
        let mut out = capture.stream(Stream::Stdout);
        let mut err = capture.stream(Stream::Stderr);
        OutputStream::write(&mut out, "ab".into()).unwrap();
        OutputStream::write(&mut err, "x".into()).unwrap();
        OutputStream::write(&mut out, "cdefg".into()).unwrap();
        OutputStream::write(&mut out, "h".into()).unwrap();
        let (stdout, stderr) = capture.take();
        assert_eq!((stdout.text.as_str(), stdout.truncated), ("abcde", true));
        assert_eq!((stderr.text.as_str(), stderr.truncated), ("x", false));
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                (Stream::Stdout, b"ab".to_vec()),
                (Stream::Stderr, b"x".to_vec()),
                (Stream::Stdout, b"cde".to_vec()),
            ]
        );
        // Taken means emptied.
        let (stdout, _) = capture.take();
        assert_eq!((stdout.text.as_str(), stdout.truncated), ("", false));
    }

    #[test]
    fn a_cut_never_leaves_half_a_character() {
        let capture = Capture::new(4, None);
        let mut out = capture.stream(Stream::Stdout);
        OutputStream::write(&mut out, "abcé".into()).unwrap(); // é is 2 bytes: the 4th is cut
        let (stdout, _) = capture.take();
        assert_eq!((stdout.text.as_str(), stdout.truncated), ("abc", true));
    }
}
