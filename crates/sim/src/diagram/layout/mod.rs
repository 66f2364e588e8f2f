//! Layout: positions for a [`GraphSpec`], computed deterministically (the same spec always
//! gives the same [`Diagram`]).
//!
//! Groups nest, so layout works level by level, innermost groups first: a group's content
//! (its nodes, and its subgroups as boxes of already known size) gets a layered layout, and the
//! group becomes a box around it with padding and a label band. An edge is laid out in the
//! level where its two ends first meet, between the items there that hold them. Positions are
//! then made absolute from the top level down, and each edge becomes a polyline through the
//! bend points its level left for it.

mod coords;
mod layered;
mod layers;
mod level;
mod order;
mod route;
mod tree;

use super::spec::{text_width, width_for_label, GraphSpec, NodeSpec, NODE_HEIGHT};
use super::{Diagram, Edge, Group, Node};
use level::{lay_out_level, LevelLayout, Xy};
use route::{polyline, self_loop, Rect, LOOP_REACH};
use std::collections::{BTreeMap, BTreeSet};
use tree::{Item, Level, Tree};

/// Space around the whole diagram.
pub const MARGIN: f32 = 16.0;
/// Space between a group's border and its content.
pub const GROUP_PADDING: f32 = 16.0;
/// Height of the band at the top of a group that holds its label.
pub const GROUP_LABEL_BAND: f32 = 24.0;
const GROUP_MIN_WIDTH: f32 = 120.0;
/// Barycenter sweeps (each one down and one up) to reduce crossings.
const SWEEPS: usize = 8;

/// Positions every node, group and edge of `spec`.
pub fn layout(spec: &GraphSpec) -> Diagram {
    layout_with_sweeps(spec, SWEEPS)
}

/// [`layout`] with a chosen number of crossing-reduction sweeps (0 keeps the spec order).
pub(crate) fn layout_with_sweeps(spec: &GraphSpec, sweeps: usize) -> Diagram {
    let tree = Tree::new(spec);
    let lifted: Vec<_> = tree.edges.iter().map(|&(a, b, _)| (a != b).then(|| tree.lift(a, b))).collect();
    let mut level_edges: BTreeMap<Level, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for e in lifted.iter().flatten() {
        level_edges.entry(e.level).or_default().insert((e.from_item, e.to_item));
    }

    let mut group_size = vec![Xy::default(); tree.groups.len()];
    let mut levels: BTreeMap<Level, LevelLayout> = BTreeMap::new();
    let levels_in_order = tree.innermost_first().into_iter().map(Level::Group).chain([Level::Root]);
    for level in levels_in_order {
        let sizes: Vec<Xy> = tree
            .items(level)
            .iter()
            .map(|item| match *item {
                Item::Node(n) => item_size_of_node(tree.nodes[n], tree.has_self_loop[n]),
                Item::Group(g) => group_size[g],
            })
            .collect();
        let edges: Vec<(usize, usize)> = level_edges.get(&level).into_iter().flatten().copied().collect();
        let laid = lay_out_level(&sizes, &edges, spec.direction, sweeps);
        if let Level::Group(g) = level {
            group_size[g] = group_box_size(laid.size, &tree.groups[g].label);
        }
        levels.insert(level, laid);
    }

    // Absolute positions, outermost groups first.
    let mut outermost_first = tree.innermost_first();
    outermost_first.reverse();
    let mut group_rect = vec![Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; tree.groups.len()];
    let content_origin = |level: Level, group_rect: &[Rect]| match level {
        Level::Root => Xy { x: MARGIN, y: MARGIN },
        Level::Group(g) => {
            Xy { x: group_rect[g].x + GROUP_PADDING, y: group_rect[g].y + GROUP_LABEL_BAND + GROUP_PADDING }
        }
    };
    let level_of = |parent: Option<usize>| parent.map_or(Level::Root, Level::Group);
    for &g in &outermost_first {
        let level = level_of(tree.group_parent[g]);
        let origin = content_origin(level, &group_rect);
        let corner = levels[&level].corners[tree.group_slot[g]];
        group_rect[g] = Rect { x: origin.x + corner.x, y: origin.y + corner.y, w: group_size[g].x, h: group_size[g].y };
    }
    let node_rect: Vec<Rect> = (0..tree.nodes.len())
        .map(|n| {
            let level = level_of(tree.node_group[n]);
            let origin = content_origin(level, &group_rect);
            let corner = levels[&level].corners[tree.node_slot[n]];
            let size = node_size(tree.nodes[n]);
            Rect { x: origin.x + corner.x, y: origin.y + corner.y, w: size.x, h: size.y }
        })
        .collect();

    let edges: Vec<Edge> = tree
        .edges
        .iter()
        .zip(&lifted)
        .map(|(&(a, b, spec), lift)| {
            let points = match lift {
                None => self_loop(node_rect[a]),
                Some(lift) => {
                    let origin = content_origin(lift.level, &group_rect);
                    let bends: Vec<Xy> = levels[&lift.level].bends[&(lift.from_item, lift.to_item)]
                        .iter()
                        .map(|p| Xy { x: p.x + origin.x, y: p.y + origin.y })
                        .collect();
                    polyline(node_rect[a], &bends, node_rect[b])
                }
            };
            Edge { from: spec.from.clone(), to: spec.to.clone(), label: spec.label.clone(), style: spec.style, points }
        })
        .collect();

    let nodes: Vec<Node> = tree
        .nodes
        .iter()
        .zip(&node_rect)
        .enumerate()
        .map(|(n, (spec, r))| Node {
            id: spec.id.clone(),
            label: spec.label.clone(),
            kind: spec.kind.clone(),
            state: spec.state.clone(),
            details: spec.details.clone(),
            group: tree.node_group[n].map(|g| tree.groups[g].id.clone()),
            x: r.x,
            y: r.y,
            w: r.w,
            h: r.h,
        })
        .collect();
    let mut group_order: Vec<usize> = (0..tree.groups.len()).collect();
    crate::sort::sort_by_key(&mut group_order, |&g| (tree.group_depth[g], g));
    let groups: Vec<Group> = group_order
        .into_iter()
        .map(|g| {
            let (spec, r) = (tree.groups[g], group_rect[g]);
            Group {
                id: spec.id.clone(),
                label: spec.label.clone(),
                kind: spec.kind.clone(),
                parent: tree.group_parent[g].map(|p| tree.groups[p].id.clone()),
                details: spec.details.clone(),
                x: r.x,
                y: r.y,
                w: r.w,
                h: r.h,
            }
        })
        .collect();

    let (width, height) = bounds(&nodes, &groups, &edges);
    Diagram { title: spec.title.clone(), nodes, edges, groups, width, height }
}

/// A node's drawn size: the spec's, or one that fits the label when the spec's is not usable.
fn node_size(spec: &NodeSpec) -> Xy {
    let usable = |v: f32| v.is_finite() && v > 0.0;
    Xy {
        x: if usable(spec.w) { spec.w } else { width_for_label(&spec.label) },
        y: if usable(spec.h) { spec.h } else { NODE_HEIGHT },
    }
}

/// The room a node takes in its level: its size, plus space on the right for a self-loop.
fn item_size_of_node(spec: &NodeSpec, has_self_loop: bool) -> Xy {
    let size = node_size(spec);
    let loop_room = if has_self_loop { LOOP_REACH + 4.0 } else { 0.0 };
    Xy { x: size.x + loop_room, y: size.y }
}

fn group_box_size(content: Xy, label: &str) -> Xy {
    let w = (content.x + 2.0 * GROUP_PADDING).max(text_width(label) + 2.0 * GROUP_PADDING).max(GROUP_MIN_WIDTH);
    Xy { x: w, y: content.y + GROUP_LABEL_BAND + 2.0 * GROUP_PADDING }
}

/// Width and height that hold every node, group and edge point, plus the margin.
fn bounds(nodes: &[Node], groups: &[Group], edges: &[Edge]) -> (f32, f32) {
    let corners = nodes
        .iter()
        .map(|n| (n.x + n.w, n.y + n.h))
        .chain(groups.iter().map(|g| (g.x + g.w, g.y + g.h)))
        .chain(edges.iter().flat_map(|e| e.points.iter().copied()));
    let (mut width, mut height) = (0.0f32, 0.0f32);
    let mut any = false;
    for (x, y) in corners {
        width = width.max(x);
        height = height.max(y);
        any = true;
    }
    if any {
        (width + MARGIN, height + MARGIN)
    } else {
        (0.0, 0.0)
    }
}
