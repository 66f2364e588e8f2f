//! The first two Sugiyama steps on one level: break cycles by reversing DFS back edges, then
//! give every item a layer by longest path, and add dummy vertices where an edge spans several
//! layers, so every edge of the resulting "proper" graph joins adjacent layers.

use std::collections::{BTreeMap, BTreeSet};

/// Edges that make `edges` acyclic: each edge as given, or reversed when a depth-first search
/// (from vertices in index order, neighbours in index order) finds it closing a cycle.
/// Self-loops and duplicates are dropped.
pub(crate) fn acyclic_edges(vertex_count: usize, edges: &[(usize, usize)]) -> BTreeSet<(usize, usize)> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); vertex_count];
    for &(u, v) in edges {
        if u != v {
            out[u].push(v);
        }
    }
    for list in &mut out {
        crate::sort::sort(list);
        list.dedup();
    }
    const NEW: u8 = 0;
    const ON_STACK: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; vertex_count];
    let mut dag = BTreeSet::new();
    for start in 0..vertex_count {
        if state[start] != NEW {
            continue;
        }
        state[start] = ON_STACK;
        let mut stack = vec![(start, 0usize)];
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            if let Some(&v) = out[u].get(*next) {
                *next += 1;
                match state[v] {
                    ON_STACK => {
                        dag.insert((v, u));
                    }
                    NEW => {
                        dag.insert((u, v));
                        state[v] = ON_STACK;
                        stack.push((v, 0));
                    }
                    _ => {
                        dag.insert((u, v));
                    }
                }
            } else {
                state[u] = DONE;
                stack.pop();
            }
        }
    }
    dag
}

/// Longest-path layering of a DAG: each vertex one layer below its lowest predecessor, then
/// sources pulled down next to their successors so their edges stay short. Layers start at 0.
pub(crate) fn longest_path_layers(vertex_count: usize, dag: &BTreeSet<(usize, usize)>) -> Vec<usize> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); vertex_count];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); vertex_count];
    for &(u, v) in dag {
        succs[u].push(v);
        preds[v].push(u);
    }
    let order = topological_order(&preds, &succs);
    let mut layer = vec![0usize; vertex_count];
    for &v in &order {
        layer[v] = preds[v].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
    }
    for &v in order.iter().rev() {
        if preds[v].is_empty() {
            if let Some(lowest_succ) = succs[v].iter().map(|&s| layer[s]).min() {
                layer[v] = lowest_succ - 1;
            }
        }
    }
    let min = layer.iter().copied().min().unwrap_or(0);
    layer.iter().map(|l| l - min).collect()
}

/// Kahn's algorithm, always taking the lowest-numbered ready vertex.
fn topological_order(preds: &[Vec<usize>], succs: &[Vec<usize>]) -> Vec<usize> {
    let mut remaining: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: BTreeSet<usize> = crate::sort::btree_set((0..preds.len()).filter(|&v| remaining[v] == 0));
    let mut order = Vec::with_capacity(preds.len());
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &s in &succs[v] {
            remaining[s] -= 1;
            if remaining[s] == 0 {
                ready.insert(s);
            }
        }
    }
    order
}

/// A layered graph whose edges all join adjacent layers. Vertices `0..real_count` are the
/// level's items; the rest are dummies that carry long edges through intermediate layers.
pub(crate) struct ProperGraph {
    pub real_count: usize,
    pub layer_of: Vec<usize>,
    /// Vertices of each layer, in their current order.
    pub layers: Vec<Vec<usize>>,
    /// Neighbours in the layer above and below.
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// The dummies each DAG edge passes through, top to bottom.
    pub chains: BTreeMap<(usize, usize), Vec<usize>>,
}

impl ProperGraph {
    pub fn new(real_count: usize, dag: &BTreeSet<(usize, usize)>, layer: &[usize]) -> Self {
        let mut g = ProperGraph {
            real_count,
            layer_of: layer.to_vec(),
            layers: Vec::new(),
            up: vec![Vec::new(); real_count],
            down: vec![Vec::new(); real_count],
            chains: BTreeMap::new(),
        };
        for &(u, v) in dag {
            let mut chain = Vec::new();
            let mut previous = u;
            for l in layer[u] + 1..layer[v] {
                let dummy = g.layer_of.len();
                g.layer_of.push(l);
                g.up.push(Vec::new());
                g.down.push(Vec::new());
                g.link(previous, dummy);
                chain.push(dummy);
                previous = dummy;
            }
            g.link(previous, v);
            g.chains.insert((u, v), chain);
        }
        let layer_count = g.layer_of.iter().map(|l| l + 1).max().unwrap_or(0);
        g.layers = vec![Vec::new(); layer_count];
        for (v, &l) in g.layer_of.iter().enumerate() {
            g.layers[l].push(v);
        }
        g
    }

    fn link(&mut self, upper: usize, lower: usize) {
        self.down[upper].push(lower);
        self.up[lower].push(upper);
    }

    pub fn is_dummy(&self, v: usize) -> bool {
        v >= self.real_count
    }
}
