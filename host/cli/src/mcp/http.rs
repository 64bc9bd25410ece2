//! The streamable HTTP transport: `--http ADDR`, MCP at the path `/mcp`.
//!
//! Loopback addresses only, unless `--http-public` says otherwise; requests whose `Host`
//! header is not a loopback name are refused then too (DNS rebinding).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;

use super::server::{Handler, Shared};

/// The path MCP is served at.
pub const PATH: &str = "/mcp";

/// Binds `addr` (checked by [`check_address`]) and serves MCP on it until the process ends.
pub async fn serve(addr: SocketAddr, public: bool, shared: Arc<Shared>) -> Result<()> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    let mut config = StreamableHttpServerConfig::default();
    if public {
        config = config.disable_allowed_hosts();
    }
    let service = StreamableHttpService::new(
        move || Ok(Handler::new(shared.clone(), true)),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    let reach = if local.ip().is_loopback() {
        "loopback only: other machines cannot connect"
    } else {
        "reachable from other machines: anyone who can connect can run code here"
    };
    eprintln!("mpsandbox mcp: serving MCP over streamable HTTP at http://{local}{PATH} ({reach})");
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors and the like: keep serving the connections there are.
            Err(_) => continue,
        };
        let service = service.clone();
        tokio::spawn(async move {
            let route = hyper::service::service_fn(move |request: Request<Incoming>| {
                let service = service.clone();
                async move {
                    if request.uri().path() == PATH {
                        Ok::<_, Infallible>(service.handle(request).await)
                    } else {
                        Ok(not_found())
                    }
                }
            });
            // A client that goes away mid-request is not the server's problem.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), route)
                .await;
        });
    }
}

/// Refuses an address other machines can reach unless `public`.
pub fn check_address(addr: SocketAddr, public: bool) -> Result<(), String> {
    if addr.ip().is_loopback() || public {
        Ok(())
    } else {
        Err(format!(
            "--http {addr} is not a loopback address: anyone who can reach it could run code; \
             use 127.0.0.1:PORT, or add --http-public if that is what you want"
        ))
    }
}

fn not_found() -> Response<http_body_util::combinators::BoxBody<Bytes, Infallible>> {
    let mut response = Response::new(
        Full::new(Bytes::from(format!("not found: MCP is served at {PATH}\n"))).boxed(),
    );
    *response.status_mut() = StatusCode::NOT_FOUND;
    response
}
