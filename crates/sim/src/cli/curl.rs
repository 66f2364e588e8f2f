//! `curl [-i] [-I] [-v] [-s] [-L] [-X METHOD] [-H 'Name: value'] [--dns-servers R] <url>` over the
//! simulated network. Like any client, curl looks names up through a recursive resolver with a
//! cache (the default region's, or the one `--dns-servers` names), so after a failover it keeps
//! reaching the old endpoint until the cached answer's TTL runs out.

use super::CommandOutput;
use crate::network::HttpRequest;
use crate::world::World;

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[derive(Default)]
struct CurlArgs {
    include: bool,
    head: bool,
    verbose: bool,
    follow: bool,
    method: Option<String>,
    headers: Vec<(String, String)>,
    dns_servers: Option<String>,
    url: Option<String>,
}

fn parse(words: &[String]) -> Result<CurlArgs, CommandOutput> {
    let mut a = CurlArgs::default();
    let mut i = 0;
    let usage =
        |m: String| CommandOutput::failed(format!("curl: {m}\ncurl: try 'curl --help' for more information\n"), 2);
    while i < words.len() {
        let w = &words[i];
        i += 1;
        match w.as_str() {
            "-X" | "--request" | "-H" | "--header" | "--dns-servers" => {
                let Some(v) = words.get(i) else { return Err(usage(format!("option {w}: requires parameter"))) };
                i += 1;
                if w == "--dns-servers" {
                    a.dns_servers = Some(v.clone());
                } else if w == "-X" || w == "--request" {
                    a.method = Some(v.to_ascii_uppercase());
                } else if let Some((k, val)) = v.split_once(':') {
                    a.headers.push((k.trim().to_string(), val.trim().to_string()));
                }
            }
            "--include" => a.include = true,
            "--head" => a.head = true,
            "--verbose" => a.verbose = true,
            "--silent" | "--show-error" | "--fail" => {}
            "--location" => a.follow = true,
            s if s.starts_with('-') && s.len() > 1 && !s.starts_with("--") => {
                for c in s[1..].chars() {
                    match c {
                        'i' => a.include = true,
                        'I' => a.head = true,
                        'v' => a.verbose = true,
                        'L' => a.follow = true,
                        's' | 'S' | 'f' => {}
                        other => return Err(usage(format!("option -{other}: is unknown"))),
                    }
                }
            }
            s if s.starts_with("--") => return Err(usage(format!("option {s}: is unknown"))),
            _ => a.url = Some(w.clone()),
        }
    }
    Ok(a)
}

pub fn run(world: &mut World, words: &[String]) -> CommandOutput {
    let args = match parse(words) {
        Ok(a) => a,
        Err(out) => return out,
    };
    let Some(mut url) = args.url.clone() else {
        return CommandOutput::failed(
            "curl: no URL specified\ncurl: try 'curl --help' for more information\n".into(),
            2,
        );
    };
    let method = args.method.clone().unwrap_or_else(|| if args.head { "HEAD".into() } else { "GET".into() });
    let resolver = match client_resolver(world, args.dns_servers.as_deref()) {
        Ok(r) => r,
        Err(out) => return out,
    };
    let mut out = CommandOutput::default();
    // Follows at most a few redirects with -L, like curl's --max-redirs in spirit.
    for _ in 0..5 {
        let request = HttpRequest {
            method: method.clone(),
            url: url.clone(),
            headers: args.headers.clone(),
            resolver: resolver.clone(),
        };
        let response = match world.http(&request) {
            Ok(r) => r,
            Err(e) => {
                out.stderr.push_str(&format!("curl: ({}) {e}\n", e.curl_exit_code()));
                out.exit_code = e.curl_exit_code();
                return out;
            }
        };
        let status_line = format!("HTTP/1.1 {} {}", response.status, reason(response.status));
        if args.verbose {
            for hop in &response.hops {
                out.stderr.push_str(&format!("* {hop}\n"));
            }
            out.stderr.push_str(&format!("> {method} {url} HTTP/1.1\n>\n< {status_line}\n"));
            for (k, v) in &response.headers {
                out.stderr.push_str(&format!("< {k}: {v}\n"));
            }
            out.stderr.push_str("<\n");
        }
        if args.include || args.head {
            out.stdout.push_str(&format!("{status_line}\n"));
            for (k, v) in &response.headers {
                out.stdout.push_str(&format!("{k}: {v}\n"));
            }
            out.stdout.push('\n');
        }
        let location = response.header("Location").map(str::to_string);
        match location {
            Some(next) if args.follow && (300..400).contains(&response.status) => url = next,
            _ => {
                if !args.head && method != "HEAD" {
                    out.stdout.push_str(&String::from_utf8_lossy(response.body.as_slice()));
                }
                return out;
            }
        }
    }
    out.stderr.push_str("curl: (47) Maximum (5) redirects followed\n");
    out.exit_code = 47;
    out
}

/// The resolver curl's lookups go through: the one `--dns-servers` names (a resolver's name or
/// address, a region or `lat,lon`), else the default region's. None while Route 53 holds no
/// zone, so nothing is created for requests that never need DNS.
#[cfg(feature = "route53")]
fn client_resolver(world: &mut World, chosen: Option<&str>) -> Result<Option<String>, CommandOutput> {
    use crate::services::route53::resolver::{self, Place};
    let fail = |m: String| CommandOutput::failed(format!("curl: --dns-servers: {m}\n"), 2);
    if let Some(chosen) = chosen {
        let known = world.route53.resolvers.values().find(|r| r.name == chosen || r.ip == chosen);
        if let Some(r) = known {
            return Ok(Some(r.name.clone()));
        }
        let place = Place::parse(chosen).map_err(|_| {
            fail(format!("no resolver '{chosen}' (name one from 'nimbus resolvers', a region, or lat,lon)"))
        })?;
        return resolver::ensure(world, &place).map(Some).map_err(fail);
    }
    if world.route53.zones.is_empty() {
        return Ok(None);
    }
    resolver::ensure(world, &Place::Region(world.default_region.clone())).map(Some).map_err(fail)
}

#[cfg(not(feature = "route53"))]
fn client_resolver(_world: &mut World, chosen: Option<&str>) -> Result<Option<String>, CommandOutput> {
    match chosen {
        Some(_) => Err(CommandOutput::failed("curl: --dns-servers: this build has no resolvers\n".into(), 2)),
        None => Ok(None),
    }
}
