//! The SVG of one group box, edge or node. Node and group labels are buttons for the keyboard.

use nimbus_sim::diagram::spec::CHAR_WIDTH;
use nimbus_sim::diagram::{Edge, EdgeStyle, Group, Node};
use nimbus_sim::numfmt::coordinate as px;
use yew::prelude::*;

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

/// Activates on Enter and Space, as a button does.
fn on_key(select: &Callback<String>, id: &str) -> Callback<KeyboardEvent> {
    let (select, id) = (select.clone(), id.to_string());
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            select.emit(id.clone());
        }
    })
}

fn on_click(select: &Callback<String>, id: &str) -> Callback<MouseEvent> {
    let (select, id) = (select.clone(), id.to_string());
    Callback::from(move |_| select.emit(id.clone()))
}

fn spoken(kind: &str, label: &str, state: Option<&str>) -> String {
    match state {
        Some(s) => format!("{kind} {label}, {s}"),
        None => format!("{kind} {label}"),
    }
}

fn kind_class(kind: &str) -> String {
    let safe: String = kind.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("kind-{safe}")
}

pub fn group_view(group: &Group, selected: bool, changed: bool, select: &Callback<String>) -> Html {
    let label = fit(&group.label, group.w - 16.0);
    html! {
        <g class={classes!("group", kind_class(&group.kind), selected.then_some("selected"), changed.then_some("changed"))}>
            <rect class="group-box" x={px(group.x)} y={px(group.y)}
                  width={px(group.w)} height={px(group.h)} rx="10" />
            <g class="focusable" tabindex="0" role="button" aria-pressed={selected.to_string()}
               aria-label={spoken(&group.kind, &group.label, None)}
               onclick={on_click(select, &group.id)} onkeydown={on_key(select, &group.id)}>
                <rect class="group-band" x={px(group.x)} y={px(group.y)}
                      width={px(group.w)} height="24" rx="10" />
                <text class="group-label" x={px(group.x + 10.0)} y={px(group.y + 17.0)}>
                    { label }
                </text>
            </g>
        </g>
    }
}

pub fn edge_view(edge: &Edge) -> Html {
    let points: Vec<String> = edge.points.iter().map(|(x, y)| format!("{},{}", px(*x), px(*y))).collect();
    let dashed = edge.style == EdgeStyle::Dashed;
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
    html! {
        <g class={classes!("edge", dashed.then_some("dashed"))} aria-hidden="true">
            <polyline points={points.join(" ")} marker-end="url(#arrow)" />
            if let (Some(label), Some((x, y))) = (edge.label.as_ref(), label_at) {
                <text class="edge-label" x={px(x + dx)} y={px(y + 4.0)} text-anchor={anchor}>
                    { label.clone() }
                </text>
            }
        </g>
    }
}

pub fn node_view(node: &Node, selected: bool, changed: bool, select: &Callback<String>) -> Html {
    let state_class = node.state.as_deref().map(|s| format!("state-{}", s.replace(' ', "-")));
    let cx = node.x + node.w / 2.0;
    let has_state = node.state.is_some();
    let label_y = if has_state { node.y + 18.0 } else { node.y + node.h / 2.0 + 4.0 };
    html! {
        <g class={classes!("node", kind_class(&node.kind), state_class, selected.then_some("selected"), changed.then_some("changed"), "focusable")}
           tabindex="0" role="button" aria-pressed={selected.to_string()}
           aria-label={spoken(&node.kind, &node.label, node.state.as_deref())}
           onclick={on_click(select, &node.id)} onkeydown={on_key(select, &node.id)}>
            <rect x={px(node.x)} y={px(node.y)} width={px(node.w)}
                  height={px(node.h)} rx="6" />
            <text class="node-label" x={px(cx)} y={px(label_y)} text-anchor="middle">
                { fit(&node.label, node.w - 12.0) }
            </text>
            if let Some(state) = &node.state {
                <text class="node-state" x={px(cx)} y={px(node.y + 34.0)} text-anchor="middle">
                    { fit(state, node.w - 12.0) }
                </text>
            }
        </g>
    }
}
