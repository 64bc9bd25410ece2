//! `mpsandbox mcp`: the sandbox as an MCP server, over stdio (default) or streamable HTTP.
//!
//! - [`server`]: the tools `run_python` and `reset_session`;
//! - [`sessions`]: live sessions per client and name, capped, closed when idle;
//! - [`worker`]: each session on a thread of its own, off the async runtime;
//! - [`result`]: a run as structured content and text;
//! - [`describe`]: what the tool descriptions say (interpreter, modules, limits, functions);
//! - [`remote`]: `--mcp-tools`, other MCP servers' tools as host functions;
//! - [`http`]: the HTTP transport.

mod describe;
mod http;
mod remote;
mod result;
mod server;
mod sessions;
mod worker;

use std::ffi::OsString;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::anyhow;
use clap::Parser;
use mpsandbox::Engine;
use rmcp::ServiceExt;

use crate::options::{SessionOptions, SessionSettings};
use crate::{EXIT_OK, Failure, parse};

/// The time limit per call when `--timeout` is not given: models write endless loops.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Serve the sandbox to agents over the Model Context Protocol.
///
/// Tools: run_python (code, optional session name) and reset_session. Without --http, MCP
/// runs over standard input and output.
#[derive(Parser, Debug)]
#[command(name = "mpsandbox mcp", version)]
pub struct McpArgs {
    /// Serve over streamable HTTP at ADDR (path /mcp) instead of stdio, for example
    /// 127.0.0.1:8000 (port 0 picks a free port; the address is printed on stderr).
    #[arg(long, value_name = "ADDR")]
    http: Option<SocketAddr>,

    /// Allow --http on an address other machines can reach (anyone who can connect can run
    /// code).
    #[arg(long)]
    http_public: bool,

    /// Start another MCP server with COMMAND (split into words as a shell would; no shell
    /// runs) and make each of its tools a host function: host.TOOL(**arguments). Repeatable.
    #[arg(long = "mcp-tools", value_name = "COMMAND")]
    mcp_tools: Vec<String>,

    /// At most N live sessions over all clients; past it, run_python in a new session fails
    /// until one is reset or closed.
    #[arg(long, value_name = "N", default_value_t = 16)]
    max_sessions: usize,

    /// Close a session unused for this long, for example 10min.
    #[arg(long, value_name = "DURATION", value_parser = parse::duration, default_value = "30min")]
    idle_timeout: Duration,

    #[command(flatten)]
    session: SessionOptions,
}

/// Runs `mpsandbox mcp` with `argv` (its first item the program name); returns the exit
/// status.
pub fn main(argv: Vec<OsString>) -> Result<i32, Failure> {
    let args = McpArgs::parse_from(argv);
    if let Some(addr) = args.http {
        http::check_address(addr, args.http_public).map_err(|e| Failure::usage(anyhow!(e)))?;
    }
    if args.max_sessions == 0 {
        return Err(Failure::usage(anyhow!("--max-sessions must be at least 1")));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Failure::internal)?;
    runtime.block_on(serve(args))
}

async fn serve(args: McpArgs) -> Result<i32, Failure> {
    let mut options = args.session;
    options.timeout.get_or_insert(DEFAULT_TIMEOUT);
    let settings = options.resolve().map_err(|e| Failure::usage(anyhow!(e)))?;
    let mut builder = Engine::builder()
        .fuel(settings.options.fuel.is_some())
        .pool_size(u32::try_from(args.max_sessions + 1).unwrap_or(u32::MAX));
    if let Some(path) = std::env::var_os("MPSANDBOX_COMPONENT").filter(|p| !p.is_empty()) {
        builder = builder.component_file(path);
    }
    let engine = builder.build().map_err(Failure::internal)?;
    // A tool call may take `--host-fn-timeout`, by default half the time limit: the code
    // that called it still has time to handle its HostError.
    let call_timeout = settings
        .options
        .host_fn_timeout
        .unwrap_or(settings.options.timeout.unwrap_or(DEFAULT_TIMEOUT) / 2);
    let remote = remote::connect(&args.mcp_tools, call_timeout)
        .await
        .map_err(Failure::usage)?;
    let make = {
        let engine = engine.clone();
        let settings = settings.clone();
        let remote = remote.clone();
        move || session_builder(&engine, &settings, &remote)
    };
    // Off the runtime's threads, as all guest code (WASI's blocking calls need that).
    let probe = make();
    let interpreter = tokio::task::spawn_blocking(move || describe::probe(probe))
        .await
        .map_err(Failure::internal)?
        .map_err(|e| match e {
            mpsandbox::Error::Grant(_)
            | mpsandbox::Error::InvalidAllowHttp { .. }
            | mpsandbox::Error::InvalidCertificate { .. } => Failure::usage(e),
            e => Failure::internal(e),
        })?;
    let policy = sessions::Policy {
        max_sessions: args.max_sessions,
        idle_timeout: args.idle_timeout,
    };
    let facts = describe::Facts {
        interpreter: &interpreter,
        settings: &settings,
        policy,
        remote: &remote,
    };
    let run_python = describe::run_python(&facts);
    let shared = Arc::new(server::Shared {
        sessions: sessions::Sessions::new(policy, make),
        tools: server::tools(run_python.clone(), describe::reset_session()),
        max_output: settings.max_output(),
        instructions: format!(
            "A Python sandbox. Use run_python to compute, transform data or call the host \
             functions from code; state persists per session.\n\n{run_python}"
        ),
    });
    spawn_expiry(shared.clone(), policy.idle_timeout);
    match args.http {
        Some(addr) => http::serve(addr, args.http_public, shared)
            .await
            .map_err(Failure::usage)?,
        None => {
            let handler = server::Handler::new(shared, false);
            let running = handler
                .serve(rmcp::transport::stdio())
                .await
                .map_err(Failure::internal)?;
            // The client closed the connection: done. Sessions still running code end
            // with the process.
            let _ = running.waiting().await;
        }
    }
    Ok(EXIT_OK)
}

/// A session builder with the settings' limits and capabilities, restarting lost
/// interpreters, and the `--mcp-tools` tools as host functions.
fn session_builder(
    engine: &Engine,
    settings: &SessionSettings,
    remote: &[remote::RemoteTool],
) -> mpsandbox::SessionBuilder {
    let mut builder = settings.builder(engine).restart_lost(true);
    for tool in remote {
        let tool = tool.clone();
        builder = builder.host_fn(tool.name.clone(), move |args, kwargs| {
            tool.call(args, kwargs)
        });
    }
    builder
}

/// Closes idle sessions, checking a few times per idle time (at least every minute).
fn spawn_expiry(shared: Arc<server::Shared>, idle: Duration) {
    let period = (idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(60));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            shared.sessions.expire();
        }
    });
}
