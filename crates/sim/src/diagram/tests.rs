//! Layout and text-twin tests. `assert_well_formed` checks the geometric promises every
//! diagram keeps; the S3 projection's tests use it too.

use super::layout::layout_with_sweeps;
use super::*;
use proptest::prelude::*;
use std::collections::BTreeMap;

const EPS: f32 = 0.01;

fn node(id: &str) -> NodeSpec {
    NodeSpec::new(id, id, "thing")
}

fn edge(from: &str, to: &str) -> EdgeSpec {
    EdgeSpec::new(from, to)
}

fn graph(nodes: Vec<NodeSpec>, edges: Vec<EdgeSpec>, groups: Vec<GroupSpec>) -> GraphSpec {
    GraphSpec { title: "test".into(), nodes, edges, groups, ..Default::default() }
}

fn overlaps(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    a.0 < b.0 + b.2 - EPS && b.0 < a.0 + a.2 - EPS && a.1 < b.1 + b.3 - EPS && b.1 < a.1 + a.3 - EPS
}

fn contains(outer: (f32, f32, f32, f32), inner: (f32, f32, f32, f32)) -> bool {
    inner.0 >= outer.0 - EPS
        && inner.1 >= outer.1 - EPS
        && inner.0 + inner.2 <= outer.0 + outer.2 + EPS
        && inner.1 + inner.3 <= outer.1 + outer.3 + EPS
}

fn rect_of_node(n: &Node) -> (f32, f32, f32, f32) {
    (n.x, n.y, n.w, n.h)
}

fn rect_of_group(g: &Group) -> (f32, f32, f32, f32) {
    (g.x, g.y, g.w, g.h)
}

/// Ids of `group` and every group around it.
fn group_chain(d: &Diagram, group: Option<&str>) -> Vec<String> {
    let parent: BTreeMap<&str, Option<&str>> = d.groups.iter().map(|g| (g.id.as_str(), g.parent.as_deref())).collect();
    let mut chain = Vec::new();
    let mut current = group;
    while let Some(g) = current {
        assert!(!chain.iter().any(|c| c == g), "group cycle through {g}");
        chain.push(g.to_string());
        current = parent.get(g).copied().flatten();
    }
    chain
}

/// The promises of every laid-out diagram: finite coordinates, no two nodes overlapping, every
/// node inside each group around it, groups apart unless nested, a node clear of groups that do
/// not hold it, edges starting and ending on their nodes' borders, and a size that covers all.
pub(crate) fn assert_well_formed(d: &Diagram) {
    let nodes: BTreeMap<&str, &Node> = d.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let groups: BTreeMap<&str, &Group> = d.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    assert_eq!(nodes.len(), d.nodes.len(), "node ids are unique");
    assert_eq!(groups.len(), d.groups.len(), "group ids are unique");
    for n in &d.nodes {
        let r = rect_of_node(n);
        assert!([r.0, r.1, r.2, r.3].iter().all(|v| v.is_finite()), "{} has finite geometry", n.id);
        assert!(r.0 >= 0.0 && r.1 >= 0.0 && r.0 + r.2 <= d.width + EPS && r.1 + r.3 <= d.height + EPS, "{} fits", n.id);
        let chain = group_chain(d, n.group.as_deref());
        for g in &d.groups {
            if chain.contains(&g.id) {
                assert!(contains(rect_of_group(g), r), "node {} is inside its group {}", n.id, g.id);
            } else {
                assert!(!overlaps(rect_of_group(g), r), "node {} stays out of group {}", n.id, g.id);
            }
        }
    }
    for (i, a) in d.nodes.iter().enumerate() {
        for b in &d.nodes[i + 1..] {
            assert!(!overlaps(rect_of_node(a), rect_of_node(b)), "nodes {} and {} overlap", a.id, b.id);
        }
    }
    for (i, a) in d.groups.iter().enumerate() {
        assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= d.width + EPS && a.y + a.h <= d.height + EPS);
        let a_chain = group_chain(d, Some(&a.id));
        for b in &d.groups[i + 1..] {
            let b_chain = group_chain(d, Some(&b.id));
            if b_chain.contains(&a.id) {
                assert!(contains(rect_of_group(a), rect_of_group(b)), "group {} holds {}", a.id, b.id);
            } else if a_chain.contains(&b.id) {
                assert!(contains(rect_of_group(b), rect_of_group(a)), "group {} holds {}", b.id, a.id);
            } else {
                assert!(!overlaps(rect_of_group(a), rect_of_group(b)), "groups {} and {} overlap", a.id, b.id);
            }
        }
    }
    // Outermost first: a group comes after its parent.
    for (i, g) in d.groups.iter().enumerate() {
        if let Some(p) = &g.parent {
            assert!(d.groups[..i].iter().any(|q| &q.id == p), "{} is listed after its parent {p}", g.id);
        }
    }
    for e in &d.edges {
        let (from, to) = (nodes[e.from.as_str()], nodes[e.to.as_str()]);
        assert!(e.points.len() >= 2, "edge {}→{} has a line", e.from, e.to);
        for &(x, y) in &e.points {
            assert!(x.is_finite() && y.is_finite() && x <= d.width + EPS && y <= d.height + EPS);
        }
        assert!(on_border(from, e.points[0]), "edge {}→{} starts on {}'s border", e.from, e.to, e.from);
        assert!(on_border(to, *e.points.last().unwrap()), "edge {}→{} ends on {}'s border", e.from, e.to, e.to);
    }
}

fn on_border(n: &Node, (x, y): (f32, f32)) -> bool {
    let inside = x >= n.x - EPS && x <= n.x + n.w + EPS && y >= n.y - EPS && y <= n.y + n.h + EPS;
    let near_edge =
        (x - n.x).abs() < EPS || (x - n.x - n.w).abs() < EPS || (y - n.y).abs() < EPS || (y - n.y - n.h).abs() < EPS;
    inside && near_edge
}

/// Pairs of edges (not sharing a node) whose polylines cross, counted geometrically.
fn drawn_crossings(d: &Diagram) -> usize {
    fn orient(a: (f32, f32), b: (f32, f32), c: (f32, f32)) -> f32 {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    }
    fn cross(p: ((f32, f32), (f32, f32)), q: ((f32, f32), (f32, f32))) -> bool {
        let (d1, d2) = (orient(q.0, q.1, p.0), orient(q.0, q.1, p.1));
        let (d3, d4) = (orient(p.0, p.1, q.0), orient(p.0, p.1, q.1));
        d1 * d2 < 0.0 && d3 * d4 < 0.0
    }
    let segments = |e: &Edge| e.points.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>();
    let mut count = 0;
    for (i, a) in d.edges.iter().enumerate() {
        for b in &d.edges[i + 1..] {
            let shares = [&a.from, &a.to].iter().any(|id| **id == b.from || **id == b.to);
            if !shares && segments(a).iter().any(|&s| segments(b).iter().any(|&t| cross(s, t))) {
                count += 1;
            }
        }
    }
    count
}

fn find<'d>(d: &'d Diagram, id: &str) -> &'d Node {
    d.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn an_empty_graph_is_an_empty_diagram() {
    let d = layout(&GraphSpec::default());
    assert!(d.nodes.is_empty() && d.edges.is_empty() && d.groups.is_empty());
    assert_eq!((d.width, d.height), (0.0, 0.0));
    assert_eq!(d.describe(), vec!["Nothing to show yet.".to_string()]);
}

#[test]
fn a_single_node_sits_at_the_margin_with_a_size_that_fits_its_label() {
    let d = layout(&graph(vec![node("only")], vec![], vec![]));
    let n = find(&d, "only");
    assert_eq!((n.x, n.y), (layout::MARGIN, layout::MARGIN));
    assert_eq!((n.w, n.h), (spec::NODE_MIN_WIDTH, spec::NODE_HEIGHT));
    assert_eq!((d.width, d.height), (n.w + 2.0 * layout::MARGIN, n.h + 2.0 * layout::MARGIN));
}

#[test]
fn unusable_sizes_are_replaced_by_sizes_that_fit_the_label() {
    let mut n = NodeSpec::new("a", "a label that is long enough to widen the node", "thing");
    n.w = f32::NAN;
    n.h = -3.0;
    let d = layout(&graph(vec![n], vec![], vec![]));
    assert_eq!(d.nodes[0].w, spec::width_for_label("a label that is long enough to widen the node"));
    assert!(d.nodes[0].w > spec::NODE_MIN_WIDTH);
    assert_eq!(d.nodes[0].h, spec::NODE_HEIGHT);
}

#[test]
fn edges_point_down_by_default_and_right_when_asked() {
    let spec = graph(vec![node("a"), node("b")], vec![edge("a", "b")], vec![]);
    let d = layout(&spec);
    let (a, b) = (find(&d, "a"), find(&d, "b"));
    assert!(b.y >= a.y + a.h + 40.0, "b is a layer below a");
    assert_eq!(d.edges[0].points, vec![(a.x + a.w / 2.0, a.y + a.h), (b.x + b.w / 2.0, b.y)]);

    let d = layout(&GraphSpec { direction: Direction::LeftToRight, ..spec });
    let (a, b) = (find(&d, "a"), find(&d, "b"));
    assert!(b.x >= a.x + a.w + 40.0, "b is a layer to the right of a");
    assert_eq!(d.edges[0].points, vec![(a.x + a.w, a.y + a.h / 2.0), (b.x, b.y + b.h / 2.0)]);
    assert_well_formed(&d);
}

#[test]
fn a_self_loop_is_drawn_beside_its_node_inside_the_diagram() {
    let d = layout(&graph(vec![node("a"), node("b")], vec![edge("a", "a"), edge("a", "b")], vec![]));
    assert_well_formed(&d);
    let a = find(&d, "a");
    let looped = &d.edges[0];
    assert_eq!((looped.from.as_str(), looped.to.as_str()), ("a", "a"));
    assert_eq!(looped.points.len(), 4);
    assert!(looped.points.iter().all(|&(x, _)| x >= a.x + a.w - EPS));
    assert!(looped.points.iter().any(|&(x, _)| x > a.x + a.w + 10.0), "the loop reaches out");
}

#[test]
fn duplicate_edges_are_drawn_once_and_edges_to_unknown_nodes_are_skipped() {
    let edges =
        vec![edge("a", "b"), edge("a", "b"), edge("a", "b").label("other"), edge("a", "ghost"), edge("ghost", "b")];
    let d = layout(&graph(vec![node("a"), node("b")], edges, vec![]));
    let drawn: Vec<_> = d.edges.iter().map(|e| (e.from.as_str(), e.to.as_str(), e.label.as_deref())).collect();
    assert_eq!(drawn, vec![("a", "b", None), ("a", "b", Some("other"))]);
}

#[test]
fn duplicate_ids_keep_the_first_node_and_group() {
    let nodes = vec![node("a").state("first"), node("a").state("second")];
    let groups = vec![GroupSpec::new("g", "first", "box"), GroupSpec::new("g", "second", "box")];
    let d = layout(&graph(nodes, vec![], groups));
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].state.as_deref(), Some("first"));
    assert_eq!(d.groups.len(), 1);
    assert_eq!(d.groups[0].label, "first");
}

#[test]
fn a_cycle_is_laid_out_in_layers_with_every_edge_drawn() {
    let d = layout(&graph(
        vec![node("a"), node("b"), node("c")],
        vec![edge("a", "b"), edge("b", "c"), edge("c", "a")],
        vec![],
    ));
    assert_well_formed(&d);
    assert_eq!(d.edges.len(), 3);
    let ys: Vec<f32> = ["a", "b", "c"].iter().map(|id| find(&d, id).y).collect();
    assert!(ys[0] < ys[1] && ys[1] < ys[2], "the cycle breaks at c → a: {ys:?}");
    let back = &d.edges[2];
    assert!(back.points.first().unwrap().1 > back.points.last().unwrap().1, "c → a points up");
}

#[test]
fn a_long_edge_bends_around_the_layer_it_passes() {
    let d = layout(&graph(
        vec![node("a"), node("b"), node("c")],
        vec![edge("a", "b"), edge("b", "c"), edge("a", "c")],
        vec![],
    ));
    assert_well_formed(&d);
    let long = d.edges.iter().find(|e| e.from == "a" && e.to == "c").unwrap();
    assert_eq!(long.points.len(), 3, "one bend point in b's layer");
    let b = find(&d, "b");
    let bend = long.points[1];
    assert!(bend.0 < b.x - EPS || bend.0 > b.x + b.w + EPS, "the bend passes beside b, not through it");
}

#[test]
fn groups_hold_their_members_and_nested_groups_with_room_for_the_label() {
    let groups = vec![
        GroupSpec::new("region", "us-east-1", "region"),
        GroupSpec::new("az-a", "us-east-1a", "az").inside("region"),
        GroupSpec::new("az-b", "us-east-1b", "az").inside("region"),
        GroupSpec::new("vpc", "vpc-1", "vpc").inside("az-a"),
    ];
    let nodes =
        vec![node("web").in_group("vpc"), node("db").in_group("az-b"), node("lb").in_group("region"), node("user")];
    let edges = vec![edge("user", "lb"), edge("lb", "web"), edge("web", "db")];
    let d = layout(&graph(nodes, edges, groups));
    assert_well_formed(&d);
    let order: Vec<&str> = d.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(order, vec!["region", "az-a", "az-b", "vpc"], "outermost first");
    let vpc = d.groups.iter().find(|g| g.id == "vpc").unwrap();
    let web = find(&d, "web");
    assert_eq!(web.x, vpc.x + layout::GROUP_PADDING);
    assert_eq!(web.y, vpc.y + layout::GROUP_LABEL_BAND + layout::GROUP_PADDING);
}

#[test]
fn unknown_self_and_cyclic_parents_leave_groups_at_the_top_level() {
    let groups = vec![
        GroupSpec::new("lost", "lost", "box").inside("nowhere"),
        GroupSpec::new("selfish", "selfish", "box").inside("selfish"),
        GroupSpec::new("x", "x", "box").inside("y"),
        GroupSpec::new("y", "y", "box").inside("x"),
    ];
    let nodes = vec![node("a").in_group("lost"), node("b").in_group("x"), node("c").in_group("unknown")];
    let d = layout(&graph(nodes, vec![], groups));
    assert_well_formed(&d);
    let parents: Vec<(&str, Option<&str>)> = d.groups.iter().map(|g| (g.id.as_str(), g.parent.as_deref())).collect();
    assert_eq!(parents, vec![("lost", None), ("selfish", None), ("x", None), ("y", Some("x"))]);
    assert_eq!(find(&d, "c").group, None, "a node in an unknown group sits at the top level");
}

#[test]
fn empty_groups_still_get_a_box_wide_enough_for_their_label() {
    let label = "a rather long group label for an empty box";
    let d = layout(&graph(vec![], vec![], vec![GroupSpec::new("g", label, "box")]));
    let g = &d.groups[0];
    assert!(g.w >= spec::text_width(label));
    assert!(g.h >= layout::GROUP_LABEL_BAND);
    assert_well_formed(&d);
}

#[test]
fn many_unrelated_items_wrap_into_rows_instead_of_one_long_line() {
    let nodes: Vec<NodeSpec> = (0..100).map(|i| node(&format!("n{i:03}"))).collect();
    let d = layout(&graph(nodes, vec![], vec![]));
    assert_well_formed(&d);
    let ratio = d.width / d.height;
    assert!((0.5..4.0).contains(&ratio), "{} x {}", d.width, d.height);
}

/// A root over two layers whose spec order makes every lower edge cross the others:
/// a→z, b→y, c→x.
fn crossed_graph() -> GraphSpec {
    let nodes = ["r", "a", "b", "c", "x", "y", "z"].map(node).to_vec();
    let edges = vec![edge("r", "a"), edge("r", "b"), edge("r", "c"), edge("a", "z"), edge("b", "y"), edge("c", "x")];
    graph(nodes, edges, vec![])
}

#[test]
fn barycenter_sweeps_untangle_a_crossed_graph() {
    let naive = layout_with_sweeps(&crossed_graph(), 0);
    assert_eq!(drawn_crossings(&naive), 3);
    let swept = layout(&crossed_graph());
    assert_eq!(drawn_crossings(&swept), 0);
    assert_well_formed(&swept);
}

#[test]
fn barycenter_sweeps_reduce_crossings_in_a_tangled_graph() {
    // Three layers of six, wired by a fixed pseudo-random rule so that spec order tangles.
    let nodes: Vec<NodeSpec> = (0..18).map(|i| node(&format!("v{i:02}"))).collect();
    let mut edges = Vec::new();
    for i in 0..12 {
        let layer_start = (i / 6 + 1) * 6;
        for k in [5usize, 2] {
            edges.push(edge(&format!("v{i:02}"), &format!("v{:02}", layer_start + (i * k + 3) % 6)));
        }
    }
    let spec = graph(nodes, edges, vec![]);
    let naive = drawn_crossings(&layout_with_sweeps(&spec, 0));
    let swept = drawn_crossings(&layout(&spec));
    assert!(swept < naive, "sweeps: {swept} crossings, spec order: {naive}");
}

#[test]
fn the_same_spec_gives_the_same_diagram() {
    let spec = big_graph(240, 360);
    let a = layout(&spec);
    let b = layout(&spec.clone());
    assert_eq!(a, b);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn a_graph_of_two_hundred_and_forty_nodes_keeps_every_promise() {
    let d = layout(&big_graph(240, 360));
    assert_eq!(d.nodes.len(), 240);
    assert_eq!(d.edges.len(), 360);
    assert_well_formed(&d);
}

/// A connected-ish graph with nested groups, built from a fixed linear congruential sequence.
pub(crate) fn big_graph(nodes: usize, edges: usize) -> GraphSpec {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound.max(1)
    };
    let mut groups = Vec::new();
    for r in 0..3 {
        groups.push(GroupSpec::new(format!("region{r}"), format!("region {r}"), "region"));
        for a in 0..2 {
            groups.push(GroupSpec::new(format!("az{r}{a}"), format!("az {r}{a}"), "az").inside(format!("region{r}")));
        }
    }
    let node_specs: Vec<NodeSpec> = (0..nodes)
        .map(|i| {
            let n = NodeSpec::new(format!("n{i:03}"), format!("node {i}"), "thing");
            match next(4) {
                0 => n,
                _ => n.in_group(groups[next(groups.len())].id.clone()),
            }
        })
        .collect();
    let edge_specs = (0..edges)
        .map(|i| {
            let from = if i < nodes { i } else { next(nodes) };
            EdgeSpec::new(format!("n{from:03}"), format!("n{:03}", next(nodes)))
        })
        .collect::<Vec<_>>();
    let mut spec = graph(node_specs, edge_specs, groups);
    // Distinct edges only, so the count is known.
    let mut seen = std::collections::BTreeSet::new();
    spec.edges.retain(|e| seen.insert((e.from.clone(), e.to.clone())));
    while spec.edges.len() < edges {
        let (a, b) = (next(nodes), next(nodes));
        if seen.insert((format!("n{a:03}"), format!("n{b:03}"))) {
            spec.edges.push(EdgeSpec::new(format!("n{a:03}"), format!("n{b:03}")));
        }
    }
    spec
}

#[test]
fn describe_lists_groups_nodes_with_state_and_details_and_labelled_edges() {
    let spec = graph(
        vec![
            NodeSpec::new("k", "my-key", "key").state("Enabled").detail("Rotation", "on").in_group("r"),
            NodeSpec::new("s", "db-password", "secret"),
        ],
        vec![edge("s", "k").label("encrypted with"), edge("k", "s")],
        vec![GroupSpec::new("r", "us-east-1", "region").detail("AZs", "6")],
    );
    let lines = layout(&spec).describe();
    assert_eq!(
        lines,
        vec![
            "Diagram: test",
            "region \"us-east-1\" — AZs: 6",
            "key \"my-key\" [Enabled] in region \"us-east-1\" — Rotation: on",
            "secret \"db-password\"",
            "db-password → my-key (encrypted with)",
            "my-key → db-password",
        ]
    );
}

fn arbitrary_spec() -> impl Strategy<Value = GraphSpec> {
    let groups = prop::collection::vec((0..12usize, prop::option::of(0..14usize)), 0..8);
    let nodes = prop::collection::vec((prop::option::of(0..10usize), 20.0f32..200.0, 10.0f32..80.0), 0..60);
    let edges = prop::collection::vec((0..64usize, 0..64usize, prop::bool::ANY), 0..120);
    let direction = prop::bool::ANY;
    (groups, nodes, edges, direction).prop_map(|(groups, nodes, edges, lr)| {
        let groups = groups
            .into_iter()
            .map(|(id, parent)| GroupSpec {
                id: format!("g{id}"),
                label: format!("group {id}"),
                kind: "box".into(),
                parent: parent.map(|p| format!("g{p}")),
                details: vec![],
            })
            .collect();
        let nodes = nodes
            .into_iter()
            .enumerate()
            .map(|(i, (group, w, h))| NodeSpec {
                id: format!("n{i}"),
                label: format!("node {i}"),
                kind: "thing".into(),
                group: group.map(|g| format!("g{g}")),
                w,
                h,
                ..Default::default()
            })
            .collect();
        let edges = edges
            .into_iter()
            .map(|(a, b, labelled)| {
                let e = edge(&format!("n{a}"), &format!("n{b}"));
                if labelled {
                    e.label("uses")
                } else {
                    e
                }
            })
            .collect();
        let direction = if lr { Direction::LeftToRight } else { Direction::TopToBottom };
        GraphSpec { title: String::new(), direction, nodes, edges, groups }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_graphs_keep_every_promise(spec in arbitrary_spec()) {
        let d = layout(&spec);
        assert_well_formed(&d);
        prop_assert_eq!(&d, &layout(&spec));
        prop_assert_eq!(d.describe().len(), d.groups.len() + d.nodes.len() + d.edges.len()
            + usize::from(d.nodes.is_empty() && d.groups.is_empty()));
    }
}

#[test]
#[should_panic(expected = "overlap")]
fn the_invariant_check_catches_overlapping_nodes() {
    let mut d = layout(&graph(vec![node("a"), node("b")], vec![], vec![]));
    d.nodes[1].x = d.nodes[0].x + 5.0;
    d.nodes[1].y = d.nodes[0].y + 5.0;
    assert_well_formed(&d);
}

#[test]
#[should_panic(expected = "inside its group")]
fn the_invariant_check_catches_a_node_outside_its_group() {
    let mut d = layout(&graph(vec![node("a").in_group("g")], vec![], vec![GroupSpec::new("g", "g", "box")]));
    d.groups[0].x += 40.0;
    assert_well_formed(&d);
}
