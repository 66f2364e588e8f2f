//! The spec made consistent: duplicate ids dropped (the first wins), unknown or cyclic group
//! parents moved to the top level, edges to unknown nodes skipped, and every edge assigned to
//! the level (the root or a group) where its two ends first meet.

use crate::diagram::spec::{EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use std::collections::{BTreeMap, BTreeSet};

/// Something laid out inside a level: a node, or a whole nested group as one box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Item {
    Node(usize),
    Group(usize),
}

/// Where an edge is laid out: the level that contains both ends, and the two items of that
/// level that contain (or are) its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LiftedEdge {
    pub level: Level,
    pub from_item: usize,
    pub to_item: usize,
}

/// A level is the content of one group, or the top level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    Root,
    Group(usize),
}

pub(crate) struct Tree<'a> {
    pub nodes: Vec<&'a NodeSpec>,
    pub groups: Vec<&'a GroupSpec>,
    pub node_group: Vec<Option<usize>>,
    pub group_parent: Vec<Option<usize>>,
    pub group_depth: Vec<usize>,
    /// Distinct edges between known nodes, in input order: (from node, to node, spec).
    pub edges: Vec<(usize, usize, &'a EdgeSpec)>,
    pub has_self_loop: Vec<bool>,
    /// Items of the top level, then of each group, in spec order (nodes first, then groups).
    root_items: Vec<Item>,
    group_items: Vec<Vec<Item>>,
    /// Index of each node and each group within its level's items.
    pub node_slot: Vec<usize>,
    pub group_slot: Vec<usize>,
}

impl<'a> Tree<'a> {
    pub fn new(spec: &'a GraphSpec) -> Self {
        let groups = first_of_each_id(&spec.groups, |g| &g.id);
        let group_index: BTreeMap<&str, usize> =
            crate::sort::btree_map(groups.iter().enumerate().map(|(i, g)| (g.id.as_str(), i)));
        let group_parent = acyclic_parents(&groups, &group_index);
        let group_depth = depths(&group_parent);

        let nodes = first_of_each_id(&spec.nodes, |n| &n.id);
        let node_index: BTreeMap<&str, usize> =
            crate::sort::btree_map(nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)));
        let node_group: Vec<Option<usize>> =
            nodes.iter().map(|n| n.group.as_deref().and_then(|g| group_index.get(g).copied())).collect();

        let mut seen = BTreeSet::new();
        let mut edges = Vec::new();
        let mut has_self_loop = vec![false; nodes.len()];
        for e in &spec.edges {
            let (Some(&from), Some(&to)) = (node_index.get(e.from.as_str()), node_index.get(e.to.as_str())) else {
                continue;
            };
            if seen.insert((from, to, e.label.as_deref(), e.style as u8)) {
                edges.push((from, to, e));
                has_self_loop[from] |= from == to;
            }
        }

        let mut root_items = Vec::new();
        let mut group_items = vec![Vec::new(); groups.len()];
        let mut node_slot = vec![0; nodes.len()];
        let mut group_slot = vec![0; groups.len()];
        let mut place = |level: Option<usize>, item: Item| {
            let items = match level {
                Some(g) => &mut group_items[g],
                None => &mut root_items,
            };
            items.push(item);
            items.len() - 1
        };
        for (n, g) in node_group.iter().enumerate() {
            node_slot[n] = place(*g, Item::Node(n));
        }
        for (g, parent) in group_parent.iter().enumerate() {
            group_slot[g] = place(*parent, Item::Group(g));
        }

        Tree {
            nodes,
            groups,
            node_group,
            group_parent,
            group_depth,
            edges,
            has_self_loop,
            root_items,
            group_items,
            node_slot,
            group_slot,
        }
    }

    pub fn items(&self, level: Level) -> &[Item] {
        match level {
            Level::Root => &self.root_items,
            Level::Group(g) => &self.group_items[g],
        }
    }

    /// Groups around `node`, outermost first.
    pub fn ancestors(&self, node: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.node_group[node];
        while let Some(g) = current {
            chain.push(g);
            current = self.group_parent[g];
        }
        chain.reverse();
        chain
    }

    /// The level where an edge between two different nodes is laid out.
    pub fn lift(&self, from: usize, to: usize) -> LiftedEdge {
        let (a, b) = (self.ancestors(from), self.ancestors(to));
        let shared = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let level = if shared == 0 { Level::Root } else { Level::Group(a[shared - 1]) };
        let slot = |chain: &[usize], node: usize| match chain.get(shared) {
            Some(&g) => self.group_slot[g],
            None => self.node_slot[node],
        };
        LiftedEdge { level, from_item: slot(&a, from), to_item: slot(&b, to) }
    }

    /// Groups ordered so that every group comes after all the groups it contains.
    pub fn innermost_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        crate::sort::sort_by_key(&mut order, |&g| (std::cmp::Reverse(self.group_depth[g]), g));
        order
    }
}

fn first_of_each_id<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<&T> {
    let mut seen = BTreeSet::new();
    items.iter().filter(|item| seen.insert(id(item).as_str())).collect()
}

/// Each group's parent index; a parent that is unknown, the group itself, or that would close
/// a cycle is dropped. Cycles break at the first group of the cycle in spec order.
fn acyclic_parents(groups: &[&GroupSpec], index: &BTreeMap<&str, usize>) -> Vec<Option<usize>> {
    let mut parent: Vec<Option<usize>> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| g.parent.as_deref().and_then(|p| index.get(p).copied()).filter(|&p| p != i))
        .collect();
    for g in 0..groups.len() {
        let mut steps = 0;
        let mut current = parent[g];
        while let Some(p) = current {
            if p == g {
                parent[g] = None;
                break;
            }
            steps += 1;
            if steps > groups.len() {
                break; // a cycle above g that does not include g: it breaks at its own first group
            }
            current = parent[p];
        }
    }
    parent
}

fn depths(parent: &[Option<usize>]) -> Vec<usize> {
    (0..parent.len())
        .map(|g| {
            let mut depth = 0;
            let mut current = parent[g];
            while let Some(p) = current {
                depth += 1;
                current = parent[p];
            }
            depth
        })
        .collect()
}
