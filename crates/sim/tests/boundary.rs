//! The engine stays pure: no web crate anywhere in nimbus-sim's dependency tree, so it builds and
//! tests natively and cannot reach the DOM, the real clock or an unseeded random source.

use std::collections::{BTreeMap, BTreeSet};

const WEB_CRATES: &[&str] = &["yew", "yew-router", "web-sys", "js-sys", "wasm-bindgen", "gloo"];

/// "name version" -> its dependencies as "name version", read from the workspace's Cargo.lock.
/// (Cargo.lock names a dependency by name alone when only one version is locked.)
fn lock_graph() -> BTreeMap<String, Vec<String>> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock")).expect("Cargo.lock");
    let mut raw: Vec<(String, String, Vec<String>)> = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let (mut name, mut version, mut deps, mut in_deps) = (String::new(), String::new(), Vec::new(), false);
        for line in block.lines().map(str::trim) {
            if let Some(v) = line.strip_prefix("name = ") {
                name = v.trim_matches('"').to_string();
            } else if let Some(v) = line.strip_prefix("version = ") {
                version = v.trim_matches('"').to_string();
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                // `"serde 1.0.1",` or `"serde",`
                let dep: Vec<&str> = line.trim_matches(|c| c == '"' || c == ',').split(' ').collect();
                deps.push(dep[..dep.len().min(2)].join(" "));
            }
        }
        raw.push((name, version, deps));
    }
    let unique_version = |name: &str| -> Option<String> {
        let mut versions = raw.iter().filter(|(n, _, _)| n == name).map(|(_, v, _)| v.clone());
        versions.next()
    };
    raw.iter()
        .map(|(name, version, deps)| {
            let deps =
                deps.iter()
                    .map(|d| {
                        if d.contains(' ') {
                            d.clone()
                        } else {
                            format!("{d} {}", unique_version(d).unwrap_or_default())
                        }
                    })
                    .collect();
            (format!("{name} {version}"), deps)
        })
        .collect()
}

fn package<'g>(graph: &'g BTreeMap<String, Vec<String>>, name: &str) -> &'g str {
    graph.keys().find(|k| k.split(' ').next() == Some(name)).map(String::as_str).unwrap_or("")
}

fn closure(graph: &BTreeMap<String, Vec<String>>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_string()];
    while let Some(p) = stack.pop() {
        if seen.insert(p.clone()) {
            stack.extend(graph.get(&p).cloned().unwrap_or_default());
        }
    }
    seen
}

fn is_web(package: &str) -> bool {
    let name = package.split(' ').next().unwrap_or("");
    WEB_CRATES.iter().any(|w| name == *w || name.starts_with(&format!("{w}-")))
}

#[test]
fn engine_depends_on_no_web_crate() {
    let graph = lock_graph();
    let sim = package(&graph, "nimbus-sim");
    assert!(!sim.is_empty(), "nimbus-sim is in Cargo.lock");
    let web: Vec<String> = closure(&graph, sim).into_iter().filter(|n| is_web(n)).collect();
    assert!(web.is_empty(), "nimbus-sim must not depend on web crates, found: {web:?}");
}

#[test]
fn the_check_would_catch_a_web_crate() {
    // The app does depend on yew; if the graph walk were broken this would not see it.
    let graph = lock_graph();
    if !package(&graph, "yew").is_empty() {
        assert!(closure(&graph, package(&graph, "nimbus-lab")).iter().any(|n| is_web(n)));
    }
    assert!(is_web("wasm-bindgen-futures") && is_web("gloo-timers") && !is_web("serde"));
}
