//! The simulated network: anything with a DNS name can answer a simulated HTTP request.
//! `World::http` resolves the host and hands the request to the endpoint that owns it.

use crate::bytes::Bytes;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: String,
    /// `http://host/path?query` (the scheme may be left out).
    pub url: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The recursive resolver (by name) that looks the host up, with its cache, as a client's
    /// would; `None` asks Route 53 directly, as its health checkers do.
    #[serde(default)]
    pub resolver: Option<String>,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> Self {
        HttpRequest::new("GET", url)
    }

    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        HttpRequest { method: method.into(), url: url.into(), headers: Vec::new(), resolver: None }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    /// Each hop the request took, in order (DNS answer, CDN, load balancer, endpoint), for the
    /// routing diagrams and `curl -v`.
    pub hops: Vec<String>,
}

impl HttpResponse {
    pub fn new(status: u16, content_type: &str, body: impl Into<Bytes>) -> Self {
        HttpResponse {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            hops: Vec::new(),
        }
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why a request got no HTTP answer at all (curl's exit codes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetError {
    /// curl exit 3.
    BadUrl(String),
    /// curl exit 6: no DNS answer for the host.
    CouldNotResolve(String),
    /// curl exit 7: the name resolved but nothing listens there.
    ConnectionRefused(String),
    /// curl exit 28: the packets were dropped on the way (a security group, a network ACL, a
    /// missing route), so the connection attempt timed out. Holds the host and port.
    TimedOut(String, i64),
}

impl NetError {
    pub fn curl_exit_code(&self) -> i32 {
        match self {
            NetError::BadUrl(_) => 3,
            NetError::CouldNotResolve(_) => 6,
            NetError::ConnectionRefused(_) => 7,
            NetError::TimedOut(..) => 28,
        }
    }
}

impl std::fmt::Display for NetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetError::BadUrl(u) => write!(f, "URL using bad/illegal format or missing URL: {u}"),
            NetError::CouldNotResolve(h) => write!(f, "Could not resolve host: {h}"),
            NetError::ConnectionRefused(h) => {
                write!(f, "Failed to connect to {h} port 80: Connection refused")
            }
            NetError::TimedOut(h, port) => {
                write!(f, "Failed to connect to {h} port {port} after 130000 ms: Couldn't connect to server")
            }
        }
    }
}

/// A URL split into the parts endpoints care about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrl {
    pub scheme: String,
    pub host: String,
    /// Always starts with `/`, percent-decoded, without the query.
    pub path: String,
    pub query: String,
    /// The port the URL names, if any (`http://host:8080/`).
    pub port: Option<u16>,
}

pub fn parse_url(url: &str) -> Result<ParsedUrl, NetError> {
    let bad = || NetError::BadUrl(url.to_string());
    let url = url.trim();
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), url),
    };
    if scheme != "http" && scheme != "https" {
        return Err(bad());
    }
    let (authority, path_query) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let port = authority.rsplit_once(':').and_then(|(_, p)| p.parse::<u16>().ok());
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_string();
    if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_') {
        return Err(bad());
    }
    let (path, query) = match path_query.split_once('?') {
        Some((p, q)) => (p, q.to_string()),
        None => (path_query, String::new()),
    };
    let path = if path.is_empty() { "/".to_string() } else { percent_decode(path) };
    Ok(ParsedUrl { scheme, host, path, query, port })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn urls_split_into_host_and_path() {
        let u = parse_url("http://My-Bucket.s3-website-us-east-1.amazonaws.com/docs/a%20b.html?x=1").unwrap();
        assert_eq!(u.host, "my-bucket.s3-website-us-east-1.amazonaws.com");
        assert_eq!(u.path, "/docs/a b.html");
        assert_eq!(u.query, "x=1");
        assert_eq!(parse_url("example.com").unwrap().path, "/");
        assert!(matches!(parse_url("ftp://x"), Err(NetError::BadUrl(_))));
        assert!(matches!(parse_url("http://"), Err(NetError::BadUrl(_))));
    }

    proptest! {
        #[test]
        fn url_parser_never_panics(s in ".{0,60}") {
            let _ = parse_url(&s);
        }
    }
}
