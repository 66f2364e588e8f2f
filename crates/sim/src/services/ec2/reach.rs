//! HTTP from the internet to an instance's public address, checked hop by hop as a packet
//! travels: the instance must be running, its subnet's route table must send the reply to an
//! attached internet gateway, the subnet's network ACL must allow the request in and the reply
//! out (ACLs are stateless, so the reply's ephemeral port needs its own outbound rule), and a
//! security group must allow the request in (groups are stateful: the reply needs no rule).
//! A packet dropped on the way is a timeout, as on AWS; an instance with nothing listening
//! refuses the connection. What listens is read from the user data: a web server it starts
//! (httpd, nginx, apache2, `python3 -m http.server`), serving the page the script writes.

use super::cidr::{parse_ipv4, show_ipv4, Cidr};
use super::model::*;
use crate::network::{HttpResponse, ParsedUrl};
use crate::world::{CallContext, World};

/// The simulated client on the internet (a documentation address) and its ephemeral port.
pub const CLIENT_IP: &str = "198.51.100.7";
const CLIENT_PORT: i64 = 50123;

/// User data as the instance reads it: EC2 takes it base64-encoded, so decode when it is.
pub fn script_text(user_data: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(user_data.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_else(|| user_data.to_string())
}

/// A web server the user data starts: the port it listens on, whether it starts again after a
/// reboot (`systemctl enable`), and the page it serves.
#[derive(Debug, PartialEq)]
pub struct WebServer {
    pub port: i64,
    pub enabled: bool,
    pub index: Option<String>,
}

pub fn web_server(script: &str) -> Option<WebServer> {
    let lines: Vec<&str> = script.lines().map(str::trim).filter(|l| !l.starts_with('#')).collect();
    let has = |words: &[&str]| lines.iter().any(|l| words.iter().all(|w| l.split_whitespace().any(|x| x == *w)));
    let mut found = None;
    for daemon in ["httpd", "nginx", "apache2"] {
        let started = has(&["systemctl", "start", daemon])
            || has(&["systemctl", "--now", daemon])
            || has(&["service", daemon, "start"])
            || (daemon != "nginx" && has(&["apachectl", "start"]));
        if started {
            let enabled = has(&["systemctl", "enable", daemon]) || has(&["chkconfig", daemon, "on"]);
            found = Some(WebServer { port: 80, enabled, index: None });
            break;
        }
    }
    if found.is_none() {
        // `python3 -m http.server [port]`: in the foreground of the script, not a service.
        for l in &lines {
            let words: Vec<&str> = l.split_whitespace().collect();
            if let Some(i) = words.windows(2).position(|w| w == ["-m", "http.server"]) {
                let port = words.get(i + 2).and_then(|p| p.parse().ok()).unwrap_or(8000);
                found = Some(WebServer { port, enabled: false, index: None });
            }
        }
    }
    let mut server = found?;
    server.index = lines.iter().rev().find_map(|l| index_page(l));
    Some(server)
}

/// `echo "<h1>Hi</h1>" > /var/www/html/index.html` (or nginx's html folder): the text.
fn index_page(line: &str) -> Option<String> {
    let rest = line.strip_prefix("echo ")?;
    let (text, target) = rest.rsplit_once('>')?;
    let target = target.trim();
    let pages = ["/var/www/html/index.html", "/usr/share/nginx/html/index.html"];
    if !pages.contains(&target) {
        return None;
    }
    let text = text.trim_end_matches('>').trim();
    let unquoted = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
        .unwrap_or(text);
    Some(unquoted.to_string())
}

/// Answers `url` if its host is a running or reachable instance's public address or name.
pub(crate) fn serve_http(world: &mut World, cx: &mut CallContext, url: &ParsedUrl) -> Option<HttpResponse> {
    let instance = find(world, &url.host)?.clone();
    cx.touch(instance.instance_id.clone());
    cx.region = instance.region.clone();
    let port = url.port.map(i64::from).unwrap_or(if url.scheme == "https" { 443 } else { 80 });
    let host = url.host.clone();
    let drop = |cx: &mut CallContext, why: String| {
        cx.timed_out = Some((host.clone(), port));
        cx.why(format!("{why}: the packet is dropped and the client times out"));
        None
    };
    if instance.state != InstanceStateName::Running {
        return drop(cx, format!("{} is {}, so nothing answers at {host}", instance.instance_id, instance.state));
    }
    if let Err(why) = route_out(world, &instance) {
        return drop(cx, why);
    }
    let client = parse_ipv4(CLIENT_IP).expect("a valid address");
    if let Some(why) = acl_refuses(world, &instance, false, port, client) {
        return drop(cx, why);
    }
    if let Some(why) = groups_refuse(world, &instance, port, client) {
        return drop(cx, why);
    }
    if let Some(why) = acl_refuses(world, &instance, true, CLIENT_PORT, client) {
        return drop(
            cx,
            format!("{why} (network ACLs are stateless: the reply to port {CLIENT_PORT} needs an outbound rule)"),
        );
    }
    let script = instance.user_data.as_deref().map(script_text).unwrap_or_default();
    let server = web_server(&script).filter(|s| s.port == port);
    let listening = match &server {
        Some(s) => instance.user_data_ran && (instance.boots <= 1 || s.enabled),
        None => false,
    };
    if !listening {
        cx.refused = Some(host.clone());
        cx.why(match server {
            None => format!(
                "the packet reached {} through the route table, network ACL and security groups, but nothing listens on port {port} (its user data starts no web server on that port)",
                instance.instance_id
            ),
            Some(_) if !instance.user_data_ran => format!(
                "{} is running but its user data has not finished yet (about {} s after boot): nothing listens on port {port} yet",
                instance.instance_id,
                USER_DATA_RUN_TIME.as_seconds()
            ),
            Some(_) => format!(
                "{} was restarted and its web server was started with systemctl start but never enabled, so it did not start again at boot",
                instance.instance_id
            ),
        });
        return None;
    }
    let private_name = format!("ip-{}", instance.private_ip.replace('.', "-"));
    let body = server
        .and_then(|s| s.index)
        .map(|page| page.replace("$(hostname -f)", &private_name).replace("$(hostname)", &private_name))
        .unwrap_or_else(|| "<html><body><h1>It works!</h1></body></html>".into());
    cx.why(format!(
        "{} answered: route table → internet gateway, network ACL in and out, security group in all allow tcp/{port} from {CLIENT_IP}",
        instance.instance_id
    ));
    Some(HttpResponse::new(200, "text/html; charset=UTF-8", format!("{body}\n").into_bytes()))
}

fn find<'w>(world: &'w World, host: &str) -> Option<&'w Instance> {
    let ip = host
        .strip_prefix("ec2-")
        .and_then(|rest| rest.split('.').next())
        .map(|dashed| dashed.replace('-', "."))
        .unwrap_or_else(|| host.to_string());
    parse_ipv4(&ip)?;
    // AssociateAddress gives the instance its Elastic IP as its public address.
    world.ec2.instances.values().find(|i| i.public_ip.as_deref() == Some(ip.as_str()))
}

/// The reply must leave through an internet gateway attached to the instance's VPC.
fn route_out(world: &World, i: &Instance) -> Result<(), String> {
    let tables: Vec<&RouteTable> = world.ec2.route_tables.values().filter(|t| t.vpc_id == i.vpc_id).collect();
    let explicit = tables.iter().find(|t| t.associations.iter().any(|a| a.subnet_id.as_deref() == Some(&i.subnet_id)));
    let Some(table) = explicit.or_else(|| tables.iter().find(|t| t.main)) else {
        return Err(format!("{} has no route table", i.subnet_id));
    };
    let client = parse_ipv4(CLIENT_IP).expect("a valid address");
    let best = table
        .routes
        .iter()
        .filter_map(|r| Cidr::parse(&r.destination_cidr_block).filter(|c| c.contains_addr(client)).map(|c| (c, r)))
        .max_by_key(|(c, _)| c.prefix);
    let Some((cidr, route)) = best else {
        return Err(format!(
            "route table {} of {} has no route to {CLIENT_IP} (no 0.0.0.0/0 route to an internet gateway: a private subnet)",
            table.route_table_id, i.subnet_id
        ));
    };
    let target =
        route.gateway_id.clone().or(route.nat_gateway_id.clone()).or(route.instance_id.clone()).unwrap_or_default();
    let igw_attached = world.ec2.internet_gateways.get(&target).is_some_and(|g| g.vpc_id.as_ref() == Some(&i.vpc_id));
    if !igw_attached {
        return Err(format!(
            "route table {} sends {} to {target}, not to an internet gateway attached to {} (replies from a public address must leave through one)",
            table.route_table_id,
            show_cidr(cidr),
            i.vpc_id
        ));
    }
    Ok(())
}

fn show_cidr(c: Cidr) -> String {
    format!("{}/{}", show_ipv4(c.network), c.prefix)
}

/// The first rule (lowest number) of the subnet's network ACL that matches decides.
fn acl_refuses(world: &World, i: &Instance, egress: bool, port: i64, client: u32) -> Option<String> {
    let acl = world.ec2.network_acls.values().find(|a| a.associations.iter().any(|s| s.subnet_id == i.subnet_id))?;
    let mut entries: Vec<&AclEntry> = acl.entries.iter().filter(|e| e.egress == egress).collect();
    crate::sort::sort_by(&mut entries, |a, b| a.rule_number.cmp(&b.rule_number));
    let hit = entries.into_iter().find(|e| {
        let protocol = e.protocol == "-1" || e.protocol == "6";
        let ports = e.protocol == "-1" || e.port_range.is_none_or(|(from, to)| (from..=to).contains(&port));
        let cidr = e.cidr_block.as_deref().and_then(Cidr::parse).is_some_and(|c| c.contains_addr(client));
        protocol && ports && cidr
    });
    let direction = if egress { "outbound" } else { "inbound" };
    match hit {
        Some(e) if e.rule_action == "allow" => None,
        Some(e) => Some(format!(
            "network ACL {} {direction} rule {} denies tcp/{port} {} {CLIENT_IP}",
            acl.network_acl_id,
            if e.rule_number == ACL_DEFAULT_RULE { "*".to_string() } else { e.rule_number.to_string() },
            if egress { "to" } else { "from" }
        )),
        None => Some(format!(
            "no {direction} rule of network ACL {} allows tcp/{port}, so its final * rule denies it",
            acl.network_acl_id
        )),
    }
}

fn groups_refuse(world: &World, i: &Instance, port: i64, client: u32) -> Option<String> {
    let allowed = i.security_group_ids.iter().filter_map(|g| world.ec2.security_groups.get(g)).any(|g| {
        g.ingress.iter().any(|r| {
            let protocol = r.ip_protocol == "-1" || r.ip_protocol == "tcp" || r.ip_protocol == "6";
            let ports = r.ip_protocol == "-1"
                || matches!((r.from_port, r.to_port), (Some(from), Some(to)) if (from..=to).contains(&port));
            let cidr = r.cidr_ip.as_deref().and_then(Cidr::parse).is_some_and(|c| c.contains_addr(client));
            protocol && ports && cidr
        })
    });
    (!allowed).then(|| {
        format!(
            "no inbound rule of {} allows tcp/{port} from {CLIENT_IP} (security groups deny what they do not allow)",
            i.security_group_ids.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn web_servers_are_read_from_user_data() {
        let s = web_server("#!/bin/bash\nyum install -y httpd\nsystemctl start httpd\nsystemctl enable httpd\necho \"<h1>Hi from $(hostname -f)</h1>\" > /var/www/html/index.html\n").unwrap();
        assert_eq!(s, WebServer { port: 80, enabled: true, index: Some("<h1>Hi from $(hostname -f)</h1>".into()) });
        assert_eq!(
            web_server("dnf install -y nginx\nsystemctl enable --now nginx").map(|s| (s.port, s.enabled)),
            Some((80, true))
        );
        assert_eq!(web_server("cd /srv && python3 -m http.server 8080 &").map(|s| s.port), Some(8080));
        assert_eq!(web_server("yum install -y httpd\n# systemctl start httpd"), None, "installed but never started");
        assert_eq!(web_server(""), None);
    }

    proptest! {
        #[test]
        fn any_script_is_read_without_panicking(s in "(.|\n){0,200}") {
            let _ = web_server(&s);
            let _ = script_text(&s);
        }
    }
}
