//! The HTTP allow-list: which `host[:port]` a session may reach, and which resolved
//! addresses are refused unless allowed by themselves.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use crate::bytesize::ByteSize;
use http::uri::{Authority, Scheme};

/// The default per-request timeout of outbound HTTP: 30 s.
pub const DEFAULT_HTTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The default cap on the body of one HTTP response: 10 MiB.
pub const DEFAULT_MAX_HTTP_RESPONSE: ByteSize = ByteSize::mib(10);

/// A host as the allow-list compares it: a lowercase name without a trailing dot, or an
/// IP address (IPv6 without brackets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    Name(String),
    Ip(IpAddr),
}

impl Host {
    /// Normalises the host part of an authority (`Example.COM.`, `[::1]`, `127.0.0.1`).
    fn parse(host: &str) -> Result<Host, String> {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(Host::Ip(canonical_ip(ip)));
        }
        let name = bare.trim_end_matches('.').to_ascii_lowercase();
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
        if valid {
            Ok(Host::Name(name))
        } else {
            Err(format!("invalid host name {host:?}"))
        }
    }
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Name(name) => f.write_str(name),
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

/// One allow-list entry: a host, on one port or on the default ports (80, 443).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AllowEntry {
    host: Host,
    port: Option<u16>,
}

impl AllowEntry {
    /// Parses `host[:port]`: a name, an IPv4 address or a bracketed IPv6 address. No scheme,
    /// user, path or wildcard.
    pub(crate) fn parse(entry: &str) -> Result<AllowEntry, String> {
        if entry.contains(['/', '@', '?', '#', '*']) || entry.trim() != entry {
            return Err("expected host[:port], without scheme, user, path or wildcard".into());
        }
        let authority = Authority::from_str(entry).map_err(|e| e.to_string())?;
        let port = port_of(&authority)?;
        Ok(AllowEntry {
            host: Host::parse(authority.host())?,
            port,
        })
    }
}

impl std::fmt::Display for AllowEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => write!(f, "{}", self.host),
        }
    }
}

/// Where one request goes: its normalised host and effective port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) host: Host,
    pub(crate) port: u16,
    pub(crate) tls: bool,
}

impl Target {
    /// The target of a request URI's scheme and authority (never of a `Host` header).
    pub(crate) fn of(
        scheme: Option<&Scheme>,
        authority: Option<&Authority>,
    ) -> Result<Target, String> {
        let tls = match scheme.map(Scheme::as_str) {
            Some("http") => false,
            Some("https") => true,
            other => return Err(format!("unsupported scheme {other:?}")),
        };
        let authority = authority.ok_or("the request has no host")?;
        if authority.as_str().contains('@') {
            return Err("user information in the URL".into());
        }
        let port = match port_of(authority)? {
            Some(port) => port,
            None if tls => 443,
            None => 80,
        };
        Ok(Target {
            host: Host::parse(authority.host())?,
            port,
            tls,
        })
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// The explicit port of an authority: what follows the host must be `:` and a number in
/// 1..=65535, or nothing.
fn port_of(authority: &Authority) -> Result<Option<u16>, String> {
    let rest = &authority.as_str()[authority.host().len()..];
    let Some(digits) = rest.strip_prefix(':') else {
        return if rest.is_empty() {
            Ok(None)
        } else {
            Err("invalid port".into())
        };
    };
    match digits.parse::<u16>() {
        Ok(port) if port > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(port)),
        _ => Err(format!("invalid port {digits:?}")),
    }
}

/// A session's outbound HTTP settings.
#[derive(Clone, Debug)]
pub(crate) struct HttpPolicy {
    pub(crate) allow: Vec<AllowEntry>,
    pub(crate) timeout: Duration,
    pub(crate) max_response: u64,
    /// Certificate authorities trusted for https besides the Mozilla roots.
    pub(crate) extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
    /// The TLS client configuration: made once by [`HttpPolicy::prepare`] (when hosts are
    /// allowed), shared by every session and restart.
    pub(crate) tls: Option<Arc<rustls::ClientConfig>>,
}

impl Default for HttpPolicy {
    fn default() -> HttpPolicy {
        HttpPolicy {
            allow: Vec::new(),
            timeout: DEFAULT_HTTP_TIMEOUT,
            max_response: DEFAULT_MAX_HTTP_RESPONSE.bytes(),
            extra_roots: Vec::new(),
            tls: None,
        }
    }
}

impl HttpPolicy {
    /// Makes the TLS client configuration, once, when hosts are allowed: the Mozilla roots
    /// and the extra ones, on the `ring` crypto provider named explicitly (never a process
    /// default, which is ambiguous when a program links both of rustls's providers).
    pub(crate) fn prepare(&mut self) -> Result<(), String> {
        if self.allow.is_empty() {
            self.tls = None;
            return Ok(());
        }
        let mut roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.into(),
        };
        // Each was checked when given (SessionBuilder::http_root_certificates).
        roots.add_parsable_certificates(self.extra_roots.iter().cloned());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        self.tls = Some(Arc::new(config));
        Ok(())
    }

    /// Whether an entry allows `host` on `port`: an entry without a port allows the default
    /// ports, 80 and 443.
    fn allows(&self, host: &Host, port: u16) -> bool {
        self.allow.iter().any(|entry| {
            entry.host == *host
                && match entry.port {
                    Some(allowed) => allowed == port,
                    None => port == 80 || port == 443,
                }
        })
    }

    /// Whether a request to `target` may go out (before name resolution).
    pub(crate) fn allows_target(&self, target: &Target) -> bool {
        self.allows(&target.host, target.port)
    }

    /// Whether a resolved address may be connected to: public addresses may, addresses in
    /// special ranges (private, loopback, link-local, metadata...) only when that address
    /// itself is allowed.
    pub(crate) fn allows_address(&self, ip: IpAddr, port: u16) -> bool {
        let ip = canonical_ip(ip);
        !is_special(ip) || self.allows(&Host::Ip(ip), port)
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) as the IPv4 address they are.
fn canonical_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => ip,
        },
        v4 => v4,
    }
}

/// Addresses that are not the public internet: unspecified, loopback, private, shared
/// (CGNAT), link-local (with the cloud metadata address), multicast, broadcast, reserved,
/// and IPv6 forms that embed such an IPv4 address.
pub(crate) fn is_special(ip: IpAddr) -> bool {
    match canonical_ip(ip) {
        IpAddr::V4(v4) => is_special_v4(v4),
        IpAddr::V6(v6) => is_special_v6(v6),
    }
}

fn is_special_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

fn is_special_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| {
        is_special_v4(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        ))
    };
    ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local, fd00:ec2::254 (metadata) among them
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
        || (s[0..6] == [0; 6]) // IPv4-compatible (deprecated)
        || (s[0] == 0x64 && s[1] == 0xff9b && embedded_v4(s[6], s[7])) // NAT64
        || (s[0] == 0x2002 && embedded_v4(s[1], s[2])) // 6to4
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(entries: &[&str]) -> HttpPolicy {
        HttpPolicy {
            allow: entries
                .iter()
                .map(|e| AllowEntry::parse(e).unwrap())
                .collect(),
            ..HttpPolicy::default()
        }
    }

    fn target(url: &str) -> Result<Target, String> {
        let uri: http::Uri = url.parse().unwrap();
        Target::of(uri.scheme(), uri.authority())
    }

    #[test]
    fn entries_parse_and_normalise() {
        assert_eq!(
            AllowEntry::parse("Example.COM.").unwrap().to_string(),
            "example.com"
        );
        assert_eq!(
            AllowEntry::parse("example.com:8080").unwrap().to_string(),
            "example.com:8080"
        );
        assert_eq!(
            AllowEntry::parse("[::1]:80").unwrap().to_string(),
            "[::1]:80"
        );
        assert_eq!(
            AllowEntry::parse("[::ffff:127.0.0.1]").unwrap().to_string(),
            "127.0.0.1"
        );
        for bad in [
            "",
            "http://x.com",
            "x.com/",
            "u@x.com",
            "*.x.com",
            "x.com:",
            "x.com:0",
            "x.com:99999",
            " x.com",
            "x y",
        ] {
            assert!(
                AllowEntry::parse(bad).is_err(),
                "{bad:?} parsed: {:?}",
                AllowEntry::parse(bad)
            );
        }
    }

    #[test]
    fn targets_are_checked_on_normalised_authority() {
        let p = policy(&["example.com", "api.test:8080", "127.0.0.1:9000"]);
        for ok in [
            "http://example.com/x",
            "https://EXAMPLE.com.:443/",
            "http://example.com:80",
            "http://api.test:8080/",
            "https://api.test:8080",
            "http://127.0.0.1:9000/",
        ] {
            assert!(p.allows_target(&target(ok).unwrap()), "{ok}");
        }
        for denied in [
            "http://example.com:8080/",
            "http://api.test/",
            "http://evil.com/",
            "http://example.com.evil.com/",
            "http://127.0.0.1/",
            "http://localhost:9000/",
        ] {
            assert!(!p.allows_target(&target(denied).unwrap()), "{denied}");
        }
        assert!(target("ftp://example.com/").is_err());
        assert!(target("http://user@example.com/").is_err());
    }

    #[test]
    fn special_addresses_need_their_own_entry() {
        let p = policy(&["localhost:9000", "10.0.0.5:80"]);
        for ip in [
            "127.0.0.1",
            "::1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "fd00:ec2::254",
            "100.64.0.1",
            "0.0.0.0",
            "::",
            "::ffff:127.0.0.1",
            "fe80::1",
            "64:ff9b::7f00:1",
            "224.0.0.1",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            assert!(is_special(ip), "{ip}");
            assert!(!p.allows_address(ip, 9000), "{ip}");
        }
        assert!(p.allows_address("10.0.0.5".parse().unwrap(), 80));
        assert!(!p.allows_address("10.0.0.5".parse().unwrap(), 81));
        for ip in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(p.allows_address(ip.parse().unwrap(), 443), "{ip}");
        }
    }

    #[test]
    fn empty_allow_list_allows_nothing() {
        let p = HttpPolicy::default();
        assert!(!p.allows_target(&target("https://example.com/").unwrap()));
    }
}
