//! The SVG markup of a diagram, written as strings: a 500-resource stack graph is about 4,800
//! elements, which the browser parses from markup far faster than the virtual DOM builds them
//! one by one. Every piece of text from the
//! Diagram is escaped. Node and group labels are buttons for the keyboard; each carries its id
//! in `data-id`, which the diagram's one click and keydown listener reads.

use nimbus_sim::diagram::spec::CHAR_WIDTH;
use nimbus_sim::diagram::{Diagram, Edge, EdgeStyle, Group, Node};
use nimbus_sim::numfmt::coordinate as px;
use std::fmt::Write;
use yew::AttrValue;

/// Cuts `text` to what fits in `width` pixels at the layout's character width.
fn fit(text: &str, width: f32) -> String {
    let room = ((width / CHAR_WIDTH).floor() as usize).max(2);
    if text.chars().count() <= room {
        text.to_string()
    } else {
        let cut: String = text.chars().take(room - 1).collect();
        format!("{cut}…")
    }
}

/// Appends `text` escaped for an element's content.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Appends `text` escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn spoken(out: &mut String, kind: &str, label: &str, state: Option<&str>) {
    push_attr(out, kind);
    out.push(' ');
    push_attr(out, label);
    if let Some(s) = state {
        out.push_str(", ");
        push_attr(out, s);
    }
}

/// The class a kind gives its box: letters and digits kept, anything else a dash.
fn push_kind_class(out: &mut String, kind: &str) {
    out.push_str("kind-");
    out.extend(kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
}

/// The SVG of `diagram` in pieces, nothing selected, with the ids in `changed` marked: the
/// groups and the edges as one string each, and a string per node, so a clock step that turns
/// a few nodes' states redraws only those nodes (a piece with the same markup is kept).
#[derive(Clone, Debug, PartialEq)]
pub struct SvgPieces {
    pub groups: AttrValue,
    pub edges: AttrValue,
    pub nodes: Vec<AttrValue>,
}

pub fn svg_pieces(diagram: &Diagram, changed: &[String]) -> SvgPieces {
    let is_changed = |id: &str| changed.iter().any(|c| c == id);
    let mut groups = String::with_capacity(400 * diagram.groups.len());
    for group in &diagram.groups {
        group_markup(&mut groups, group, is_changed(&group.id));
    }
    let mut edges = String::with_capacity(160 * diagram.edges.len());
    for edge in &diagram.edges {
        edge_markup(&mut edges, edge);
    }
    let nodes = diagram
        .nodes
        .iter()
        .map(|node| {
            let mut out = String::with_capacity(400);
            node_markup(&mut out, node, is_changed(&node.id));
            AttrValue::from(out)
        })
        .collect();
    SvgPieces { groups: groups.into(), edges: edges.into(), nodes }
}

/// The arrow head every edge ends with.
pub const DEFS: &str = concat!(
    "<marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" ",
    "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrow-head\"/>",
    "</marker>"
);

fn group_markup(out: &mut String, group: &Group, changed: bool) {
    let (x, y, w, h) = (px(group.x), px(group.y), px(group.w), px(group.h));
    out.push_str("<g class=\"group ");
    push_kind_class(out, &group.kind);
    if changed {
        out.push_str(" changed");
    }
    let _ = write!(
        out,
        "\"><rect class=\"group-box\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"10\"/>\
         <g class=\"focusable\" tabindex=\"0\" role=\"button\" aria-pressed=\"false\" data-id=\""
    );
    push_attr(out, &group.id);
    out.push_str("\" aria-label=\"");
    spoken(out, &group.kind, &group.label, None);
    let _ = write!(
        out,
        "\"><rect class=\"group-band\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"24\" rx=\"10\"/>\
         <text class=\"group-label\" x=\"{}\" y=\"{}\">",
        px(group.x + 10.0),
        px(group.y + 17.0)
    );
    push_text(out, &fit(&group.label, group.w - 16.0));
    out.push_str("</text></g></g>");
}

fn edge_markup(out: &mut String, edge: &Edge) {
    let dashed = edge.style == EdgeStyle::Dashed;
    out.push_str(if dashed {
        "<g class=\"edge dashed\" aria-hidden=\"true\"><polyline points=\""
    } else {
        "<g class=\"edge\" aria-hidden=\"true\"><polyline points=\""
    });
    for (i, (x, y)) in edge.points.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", px(*x), px(*y));
    }
    out.push_str("\" marker-end=\"url(#arrow)\"/>");
    // The label sits at the middle of the middle segment.
    let middle = edge.points.len() / 2;
    let segment = (edge.points.get(middle.wrapping_sub(1)), edge.points.get(middle));
    let label_at = match segment {
        (Some(a), Some(b)) => Some(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)),
        (None, Some(b)) => Some(*b),
        _ => None,
    };
    // Labels sit on the side the edge leans to, so two edges fanning out keep theirs apart.
    let leans_left = matches!(segment, (Some(a), Some(b)) if b.0 < a.0 - 1.0);
    let (dx, anchor) = if leans_left { (-6.0, "end") } else { (6.0, "start") };
    if let (Some(label), Some((x, y))) = (edge.label.as_ref(), label_at) {
        let _ = write!(
            out,
            "<text class=\"edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">",
            px(x + dx),
            px(y + 4.0)
        );
        push_text(out, label);
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

fn node_markup(out: &mut String, node: &Node, changed: bool) {
    let cx = px(node.x + node.w / 2.0);
    let label_y = if node.state.is_some() { node.y + 18.0 } else { node.y + node.h / 2.0 + 4.0 };
    out.push_str("<g class=\"node ");
    push_kind_class(out, &node.kind);
    if let Some(state) = &node.state {
        out.push_str(" state-");
        push_attr(out, &state.replace(' ', "-"));
    }
    if changed {
        out.push_str(" changed");
    }
    out.push_str(" focusable\" tabindex=\"0\" role=\"button\" aria-pressed=\"false\" data-id=\"");
    push_attr(out, &node.id);
    out.push_str("\" aria-label=\"");
    spoken(out, &node.kind, &node.label, node.state.as_deref());
    let _ = write!(
        out,
        "\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>\
         <text class=\"node-label\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">",
        px(node.x),
        px(node.y),
        px(node.w),
        px(node.h),
        px(label_y)
    );
    push_text(out, &fit(&node.label, node.w - 12.0));
    out.push_str("</text>");
    if let Some(state) = &node.state {
        let _ =
            write!(out, "<text class=\"node-state\" x=\"{cx}\" y=\"{}\" text-anchor=\"middle\">", px(node.y + 34.0));
        push_text(out, &fit(state, node.w - 12.0));
        out.push_str("</text>");
    }
    out.push_str("</g>");
}

/// The text twin's list items, one per line of the diagram's description.
pub fn twin_markup(lines: &[String]) -> String {
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 9).sum());
    for line in lines {
        out.push_str("<li>");
        push_text(&mut out, line);
        out.push_str("</li>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut text = String::new();
        push_text(&mut text, "a<b>&\"c\"");
        assert_eq!(text, "a&lt;b&gt;&amp;\"c\"");
        let mut attr = String::new();
        push_attr(&mut attr, "a<b>&\"c\"");
        assert_eq!(attr, "a&lt;b&gt;&amp;&quot;c&quot;");
    }

    #[test]
    fn labels_are_cut_to_fit() {
        assert_eq!(fit("short", 200.0), "short");
        let cut = fit(&"x".repeat(100), 10.0 * CHAR_WIDTH);
        assert_eq!(cut.chars().count(), 10);
        assert!(cut.ends_with('…'));
    }
}
