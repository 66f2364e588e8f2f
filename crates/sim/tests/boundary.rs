//! The engine stays pure: no web crate anywhere in nimbus-sim's dependency tree, so it builds and
//! tests natively and cannot reach the DOM, the real clock or an unseeded random source.

use std::collections::{BTreeMap, BTreeSet};

const WEB_CRATES: &[&str] = &["yew", "yew-router", "web-sys", "js-sys", "wasm-bindgen", "gloo"];

/// package name -> names of its dependencies, read from the workspace's Cargo.lock.
fn lock_graph() -> BTreeMap<String, Vec<String>> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock")).expect("Cargo.lock");
    let mut graph: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let mut name = String::new();
        let mut deps = Vec::new();
        let mut in_deps = false;
        for line in block.lines().map(str::trim) {
            if let Some(v) = line.strip_prefix("name = ") {
                name = v.trim_matches('"').to_string();
            } else if line.starts_with("dependencies = [") {
                in_deps = true;
            } else if in_deps && line == "]" {
                in_deps = false;
            } else if in_deps {
                // `"serde 1.0.1",` or `"serde",`: the first word is the package name.
                let dep = line.trim_matches(|c| c == '"' || c == ',').split(' ').next().unwrap_or("");
                deps.push(dep.to_string());
            }
        }
        graph.entry(name).or_default().extend(deps);
    }
    graph
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

fn is_web(name: &str) -> bool {
    WEB_CRATES.iter().any(|w| name == *w || name.starts_with(&format!("{w}-")))
}

#[test]
fn engine_depends_on_no_web_crate() {
    let graph = lock_graph();
    assert!(graph.contains_key("nimbus-sim"), "nimbus-sim is in Cargo.lock");
    let web: Vec<String> = closure(&graph, "nimbus-sim").into_iter().filter(|n| is_web(n)).collect();
    assert!(web.is_empty(), "nimbus-sim must not depend on web crates, found: {web:?}");
}

#[test]
fn the_check_would_catch_a_web_crate() {
    // The app does depend on yew; if the graph walk were broken this would not see it.
    let graph = lock_graph();
    if graph.contains_key("yew") {
        assert!(closure(&graph, "nimbus-lab").iter().any(|n| is_web(n)));
    }
    assert!(is_web("wasm-bindgen-futures") && is_web("gloo-timers") && !is_web("serde"));
}
