//! Sending one checked request: resolve, refuse special addresses, connect to a checked
//! address, TLS, HTTP/1.1, with a deadline and a body cap.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt;
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};
use wasmtime_wasi_http::io::TokioIo;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

use super::Hooks;
use super::policy::{Host, HttpPolicy, Target};

type IoFuture = Box<dyn Future<Output = Result<(), Error>> + Send>;
type SendFuture =
    Box<dyn Future<Output = Result<(http::Response<WasiBody>, IoFuture), Error>> + Send>;

impl WasiHttpHooks for Hooks {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _fut: IoFuture,
    ) -> SendFuture {
        let policy = self.policy.clone();
        let uri = request.uri();
        let checked = Target::of(uri.scheme(), uri.authority())
            .map_err(|_| Error::HttpRequestUriInvalid)
            .and_then(|target| {
                if policy.allows_target(&target) {
                    Ok(target)
                } else {
                    Err(Error::HttpRequestDenied)
                }
            });
        Box::new(async move {
            let target = checked?;
            send(request, target, options, policy).await
        })
    }
}

/// The timeout of one request: the session's, or the guest's if shorter.
fn timeout(policy: &HttpPolicy, options: Option<RequestOptions>) -> Duration {
    let mut timeout = policy.timeout;
    if let Some(options) = options {
        for t in [options.connect_timeout, options.first_byte_timeout]
            .into_iter()
            .flatten()
        {
            timeout = timeout.min(t);
        }
    }
    timeout
}

async fn send(
    mut request: http::Request<WasiBody>,
    target: Target,
    options: Option<RequestOptions>,
    policy: Arc<HttpPolicy>,
) -> Result<(http::Response<WasiBody>, IoFuture), Error> {
    let deadline = Instant::now() + timeout(&policy, options);
    let within = |e: Error| move |_| e;

    let addresses: Vec<SocketAddr> = match &target.host {
        Host::Ip(ip) => vec![SocketAddr::new(*ip, target.port)],
        Host::Name(name) => tokio::time::timeout_at(
            deadline,
            tokio::net::lookup_host((name.as_str(), target.port)),
        )
        .await
        .map_err(within(Error::DnsTimeout))?
        .map_err(|e| Error::DnsError {
            rcode: Some(e.to_string()),
            info_code: None,
        })?
        .collect(),
    };
    if addresses.is_empty() {
        return Err(Error::DestinationNotFound);
    }
    let allowed: Vec<SocketAddr> = addresses
        .into_iter()
        .filter(|a| policy.allows_address(a.ip(), a.port()))
        .collect();
    if allowed.is_empty() {
        return Err(Error::DestinationIpProhibited);
    }

    // Connect to the checked addresses, in order, never to the name again.
    let mut last = None;
    let mut stream = None;
    for address in allowed {
        match tokio::time::timeout_at(deadline, TcpStream::connect(address)).await {
            Err(_) => return Err(Error::ConnectionTimeout),
            Ok(Ok(s)) => {
                stream = Some(s);
                break;
            }
            Ok(Err(e)) => last = Some(e),
        }
    }
    let stream = match (stream, last) {
        (Some(stream), _) => stream,
        (None, Some(e)) => return Err(Error::Connect(e)),
        (None, None) => return Err(Error::ConnectionRefused),
    };

    let io: Box<dyn Stream> = if target.tls {
        // Made once per session template (HttpPolicy::prepare); none means no host is allowed.
        let config = policy.tls.clone().ok_or(Error::HttpRequestDenied)?;
        let name = match &target.host {
            Host::Ip(ip) => rustls::pki_types::ServerName::from(*ip),
            Host::Name(name) => rustls::pki_types::ServerName::try_from(name.clone())
                .map_err(Error::InvalidDnsNameError)?,
        };
        let connector = tokio_rustls::TlsConnector::from(config);
        let tls = tokio::time::timeout_at(deadline, connector.connect(name, stream))
            .await
            .map_err(within(Error::ConnectionTimeout))?
            .map_err(Error::Tls)?;
        Box::new(tls)
    } else {
        Box::new(stream)
    };

    let (mut sender, conn) = tokio::time::timeout_at(
        deadline,
        hyper::client::conn::http1::Builder::new().handshake(TokioIo::new(io)),
    )
    .await
    .map_err(within(Error::ConnectionTimeout))??;

    // The request line carries the path only; the Host header is the URI's authority
    // (wasmtime-wasi-http sets it from the authority the guest gave, which was checked).
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    *request.uri_mut() = http::Uri::builder()
        .path_and_query(path)
        .build()
        .map_err(|_| Error::HttpRequestUriInvalid)?;
    if let Ok(host) = http::HeaderValue::from_str(&authority_header(&target)) {
        request.headers_mut().insert(http::header::HOST, host);
    }

    // The connection is driven until the response is read. The request and its body fail
    // at the deadline, which ends it; a margin later it is dropped in any case.
    let conn = tokio::spawn(async move {
        let _ = tokio::time::timeout_at(deadline + CONNECTION_MARGIN, conn).await;
    });
    let head = request.method() == http::Method::HEAD;
    let response = tokio::time::timeout_at(deadline, sender.send_request(request))
        .await
        .map_err(within(Error::ConnectionReadTimeout))?
        .map_err(Error::Hyper)?;

    let max = policy.max_response;
    let length = response
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let bodiless = head || matches!(response.status().as_u16(), 204 | 304);
    if !bodiless && length.is_some_and(|n| n > max) {
        conn.abort();
        return Err(Error::HttpResponseBodySize(length));
    }
    let response = response.map(|incoming| {
        CappedBody {
            inner: incoming,
            read: 0,
            max,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
        }
        .boxed_unsync()
    });
    let io: IoFuture = Box::new(async move {
        let _ = conn.await;
        Ok(())
    });
    Ok((response, io))
}

/// How long a connection may outlive its request's deadline.
const CONNECTION_MARGIN: Duration = Duration::from_secs(1);

/// The `Host` header of a request to `target`: host, and the port when not the default.
fn authority_header(target: &Target) -> String {
    let default = if target.tls { 443 } else { 80 };
    if target.port == default {
        target.host.to_string()
    } else {
        target.to_string()
    }
}

trait Stream: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin + 'static> Stream for T {}

/// A response body that fails past `max` bytes or after the request's deadline.
struct CappedBody {
    inner: hyper::body::Incoming,
    read: u64,
    max: u64,
    deadline: Pin<Box<Sleep>>,
}

impl Body for CappedBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.read += data.len() as u64;
                    if this.read > this.max {
                        return Poll::Ready(Some(Err(Error::HttpResponseBodySize(Some(this.max)))));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Error::Hyper(e)))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Error::HttpResponseTimeout))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
