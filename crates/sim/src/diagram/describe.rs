//! The text twin of a diagram, for screen readers and for anyone who prefers a list: one line
//! per group, per node (with its state, details and group) and per edge.

use super::{Diagram, Edge, Group, Node};
use std::collections::BTreeMap;

impl Diagram {
    /// Lines in reading order: the title, the groups (outermost first), the nodes, the edges.
    pub fn describe(&self) -> Vec<String> {
        let groups: BTreeMap<&str, &Group> = crate::sort::btree_map(self.groups.iter().map(|g| (g.id.as_str(), g)));
        let nodes: BTreeMap<&str, &Node> = crate::sort::btree_map(self.nodes.iter().map(|n| (n.id.as_str(), n)));
        let mut lines = Vec::with_capacity(1 + self.groups.len() + self.nodes.len() + self.edges.len());
        if !self.title.is_empty() {
            lines.push(format!("Diagram: {}", self.title));
        }
        if self.nodes.is_empty() && self.groups.is_empty() {
            lines.push("Nothing to show yet.".to_string());
        }
        for g in &self.groups {
            let within = g.parent.as_deref().and_then(|p| groups.get(p)).map(|p| placed_in(p)).unwrap_or_default();
            lines.push(format!("{}{within}{}", named(&g.kind, &g.label), listed(&g.details)));
        }
        for n in &self.nodes {
            let state = n.state.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default();
            let within = n.group.as_deref().and_then(|g| groups.get(g)).map(|g| placed_in(g)).unwrap_or_default();
            lines.push(format!("{}{state}{within}{}", named(&n.kind, &n.label), listed(&n.details)));
        }
        for e in &self.edges {
            lines.push(describe_edge(e, &nodes));
        }
        lines
    }
}

fn named(kind: &str, label: &str) -> String {
    if kind.is_empty() {
        format!("\"{label}\"")
    } else {
        format!("{kind} \"{label}\"")
    }
}

fn placed_in(group: &Group) -> String {
    format!(" in {}", named(&group.kind, &group.label))
}

fn listed(details: &[(String, String)]) -> String {
    if details.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = details.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!(" — {}", pairs.join("; "))
}

fn describe_edge(edge: &Edge, nodes: &BTreeMap<&str, &Node>) -> String {
    let end = |id: &str| match nodes.get(id) {
        Some(n) if !n.label.is_empty() => n.label.clone(),
        _ => id.to_string(),
    };
    let label = edge.label.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
    format!("{} → {}{label}", end(&edge.from), end(&edge.to))
}
