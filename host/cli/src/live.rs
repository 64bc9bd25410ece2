//! The guest's live output, written to the terminal by a thread of its own.
//!
//! The library calls the output callback on the thread running the guest. Writing to a
//! stdout whose reader has stalled would block there, inside the guest's run, where neither
//! the soft nor the hard stop can act (#11 item 19: a stalled consumer stretched a 1 s timeout
//! to 8 s and was reported as a lost session). So the callback only queues; this thread
//! writes. The queue holds at most the output limit per stream per snippet (the library passes
//! on nothing past it). [`LiveOutput::flush`] waits, between snippets, until everything queued
//! is written, so the CLI's own messages come after the output they follow.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, Sender};

use mpsandbox::Stream;

enum Message {
    Write(Stream, Vec<u8>),
    Flush(Sender<()>),
}

/// The writer thread's inbox.
pub struct LiveOutput {
    sender: Sender<Message>,
}

impl LiveOutput {
    /// Starts the writer thread.
    pub fn start() -> LiveOutput {
        let (sender, inbox) = mpsc::channel();
        std::thread::spawn(move || write_all(inbox));
        LiveOutput { sender }
    }

    /// The callback for `SessionBuilder::on_output`: queues the bytes, never blocks.
    pub fn callback(&self) -> impl FnMut(Stream, &[u8]) + Send + 'static {
        let sender = self.sender.clone();
        move |stream, bytes| {
            let _ = sender.send(Message::Write(stream, bytes.to_vec()));
        }
    }

    /// Waits until everything queued so far is written (or the writer is gone).
    pub fn flush(&self) {
        let (done, wait) = mpsc::channel();
        if self.sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.recv();
        }
    }
}

fn write_all(inbox: Receiver<Message>) {
    for message in inbox {
        match message {
            // A closed pipe is not the guest's problem: its output is dropped then.
            Message::Write(Stream::Stdout, bytes) => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(&bytes).and_then(|()| out.flush());
            }
            Message::Write(Stream::Stderr, bytes) => {
                let _ = std::io::stderr().lock().write_all(&bytes);
            }
            Message::Flush(done) => {
                let _ = std::io::stdout().lock().flush();
                let _ = done.send(());
            }
        }
    }
}
