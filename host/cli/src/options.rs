//! The options that shape a session, shared by the CLI's runs and `mpsandbox mcp`, and the
//! session builder they make.

use std::path::PathBuf;
use std::time::Duration;

use mpsandbox::{DirGrant, Engine, SessionBuilder};

use crate::host_fn::{self, CommandLimits, HostCommand};
use crate::parse;

/// Limits and capabilities of a session, as command-line options.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct SessionOptions {
    /// Cap on the guest's memory, for example 64MiB (default 256MiB). Allocation past it
    /// raises MemoryError in Python.
    #[arg(long, value_name = "SIZE", value_parser = parse::size)]
    pub memory: Option<usize>,

    /// Wall-clock limit per snippet, for example 2s or 500ms. Python gets KeyboardInterrupt
    /// at the limit (the session survives); code that does not stop within 200 ms more is
    /// killed, and the session with it.
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// Fuel budget per snippet (about one unit per wasm instruction); stops as --timeout does.
    #[arg(long, value_name = "N")]
    pub fuel: Option<u64>,

    /// Cap on the captured stdout and stderr of each snippet, each, for example 1MiB (the
    /// default); output past it is cut.
    #[arg(long, value_name = "SIZE", value_parser = parse::size)]
    pub max_output: Option<usize>,

    /// Grant a host directory to the code at GUEST (default /data), read-only unless :rw;
    /// open(), os.listdir() etc. work inside it and nothing else is visible. Repeatable.
    #[arg(long = "dir", value_name = "HOST[:GUEST][:ro|:rw]")]
    pub dirs: Vec<DirGrant>,

    /// How much the code may add to its read-write grants, for example 10MiB (default
    /// 256MiB): past it writes fail as on a full disk (OSError ENOSPC).
    #[arg(long, value_name = "SIZE", value_parser = parse::size)]
    pub disk_quota: Option<usize>,

    /// How many files, directories and links the code may create in its read-write grants
    /// (default 10000).
    #[arg(long, value_name = "N")]
    pub disk_quota_files: Option<u64>,

    /// Deterministic mode: random numbers seeded with N, and a fixed clock that advances only
    /// by what the code sleeps for; the same code with the same N gives the same output.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Expose a host function: host.NAME(...) runs COMMAND (split into words as a shell
    /// would; no shell runs) with {"args": [...], "kwargs": {...}} as JSON on its standard
    /// input; its standard output, JSON, is the return value; a non-zero exit raises
    /// host.HostError with its standard error. Repeatable.
    #[arg(long = "host-fn", value_name = "NAME=COMMAND", value_parser = host_fn::parse)]
    pub host_fns: Vec<HostCommand>,

    /// Time limit of one host-function call, for example 5s (default 30s): past it the command
    /// and every process it started are killed, and the call raises host.HostError.
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub host_fn_timeout: Option<Duration>,

    /// Allow outbound HTTP (Python's requests) to HOST[:PORT], over http or https; without a
    /// port, ports 80 and 443. Repeatable; without it the code has no network. A name that
    /// resolves to a private or loopback address is refused unless that address is allowed.
    #[arg(long = "allow-http", value_name = "HOST[:PORT]")]
    pub allow_http: Vec<String>,

    /// Time limit of one HTTP request, from connecting to the last byte, for example 5s
    /// (default 30s).
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub http_timeout: Option<Duration>,

    /// Cap on the body of one HTTP response, for example 1MiB (default 10MiB).
    #[arg(long, value_name = "SIZE", value_parser = parse::size)]
    pub max_http_response: Option<usize>,

    /// Trust the certificate authorities in FILE (PEM) for https, besides the Mozilla roots
    /// (an internal CA, a self-signed server). Repeatable.
    #[arg(long = "http-root-cert", value_name = "FILE")]
    pub http_root_certs: Vec<PathBuf>,
}

/// [`SessionOptions`] resolved: the files they name are read.
#[derive(Clone, Debug, Default)]
pub struct SessionSettings {
    /// The options as given.
    pub options: SessionOptions,
    /// PEM texts of extra certificate authorities for https (`--http-root-cert`).
    pub http_root_certs: Vec<Vec<u8>>,
}

impl SessionOptions {
    /// Reads the files the options name; the error is a usage error's message.
    pub fn resolve(self) -> Result<SessionSettings, String> {
        let http_root_certs = self
            .http_root_certs
            .iter()
            .map(|path| {
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
            })
            .collect::<Result<_, _>>()?;
        Ok(SessionSettings {
            options: self,
            http_root_certs,
        })
    }
}

impl SessionSettings {
    /// The cap on captured output per stream (bytes).
    pub fn max_output(&self) -> usize {
        self.options
            .max_output
            .unwrap_or(mpsandbox::DEFAULT_MAX_OUTPUT.as_usize())
    }

    /// The most bytes of data the guest's memory can take: the memory limit. Scripts and
    /// host-function results are read no further.
    pub fn max_script(&self) -> u64 {
        self.options
            .memory
            .map_or(mpsandbox::DEFAULT_MEMORY_LIMIT.bytes(), |m| m as u64)
    }

    /// A session builder with every limit and capability of these settings.
    pub fn builder(&self, engine: &Engine) -> SessionBuilder {
        let options = &self.options;
        let mut builder = engine.session_builder().max_output(self.max_output());
        if let Some(memory) = options.memory {
            builder = builder.memory_limit(memory);
        }
        if let Some(timeout) = options.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(fuel) = options.fuel {
            builder = builder.fuel(fuel);
        }
        if let Some(seed) = options.seed {
            builder = builder.deterministic(seed);
        }
        for grant in &options.dirs {
            builder = builder.grant(grant.clone());
        }
        for host in &options.allow_http {
            builder = builder.allow_http(host);
        }
        if let Some(timeout) = options.http_timeout {
            builder = builder.http_timeout(timeout);
        }
        for pem in &self.http_root_certs {
            builder = builder.http_root_certificates(pem);
        }
        if let Some(bytes) = options.max_http_response {
            builder = builder.max_http_response(bytes as u64);
        }
        builder = builder.disk_quota(
            options
                .disk_quota
                .map_or(mpsandbox::DEFAULT_DISK_QUOTA_BYTES, |n| n as u64),
            options
                .disk_quota_files
                .unwrap_or(mpsandbox::DEFAULT_DISK_QUOTA_FILES),
        );
        let limits = CommandLimits {
            timeout: options.host_fn_timeout.unwrap_or(host_fn::DEFAULT_TIMEOUT),
            // A result must fit in the guest's memory.
            max_output: self.max_script(),
        };
        for command in &options.host_fns {
            let command = command.clone();
            let name = command.name.clone();
            builder = builder.host_fn(name, move |args, kwargs| command.call(args, kwargs, limits));
        }
        builder
    }
}
