//! The third Sugiyama step: reorder each layer to reduce edge crossings. Layers are swept down
//! and up, each vertex moved to the barycenter (mean position) of its neighbours in the layer
//! just swept; the order with the fewest crossings seen is kept.

use super::layers::ProperGraph;

/// Runs `sweeps` down-and-up barycenter sweeps over `graph.layers` and keeps the best order.
pub(crate) fn reduce_crossings(graph: &mut ProperGraph, sweeps: usize) {
    let mut best = graph.layers.clone();
    let mut best_crossings = count_crossings(graph);
    for _ in 0..sweeps {
        if best_crossings == 0 {
            break;
        }
        for l in 1..graph.layers.len() {
            reorder_by_neighbours(graph, l, l - 1);
        }
        for l in (0..graph.layers.len().saturating_sub(1)).rev() {
            reorder_by_neighbours(graph, l, l + 1);
        }
        let crossings = count_crossings(graph);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = graph.layers.clone();
        }
    }
    graph.layers = best;
}

/// Sorts layer `l` by the mean position of each vertex's neighbours in the adjacent layer
/// `fixed`. A vertex without such neighbours keeps its position; ties keep the current order.
fn reorder_by_neighbours(graph: &mut ProperGraph, l: usize, fixed: usize) {
    let position = positions(graph);
    let neighbours = if fixed < l { &graph.up } else { &graph.down };
    let mut keyed: Vec<(f32, usize)> = graph.layers[l]
        .iter()
        .map(|&v| {
            let ns = &neighbours[v];
            let key = if ns.is_empty() {
                position[v] as f32
            } else {
                ns.iter().map(|&n| position[n] as f32).sum::<f32>() / ns.len() as f32
            };
            (key, v)
        })
        .collect();
    crate::sort::sort_by(&mut keyed, |a, b| a.0.total_cmp(&b.0));
    graph.layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
}

/// Each vertex's index within its layer.
fn positions(graph: &ProperGraph) -> Vec<usize> {
    let mut position = vec![0; graph.layer_of.len()];
    for layer in &graph.layers {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    position
}

/// Pairs of edges that cross between adjacent layers, counted as inversions with a Fenwick tree.
pub(crate) fn count_crossings(graph: &ProperGraph) -> usize {
    let position = positions(graph);
    let mut total = 0;
    for l in 0..graph.layers.len().saturating_sub(1) {
        let mut ends: Vec<(usize, usize)> = graph.layers[l]
            .iter()
            .flat_map(|&u| graph.down[u].iter().map(move |&v| (u, v)))
            .map(|(u, v)| (position[u], position[v]))
            .collect();
        crate::sort::sort(&mut ends);
        let mut tree = Fenwick::new(graph.layers[l + 1].len());
        for (seen, &(_, lower)) in ends.iter().enumerate() {
            total += seen - tree.count_at_most(lower);
            tree.add(lower);
        }
    }
    total
}

struct Fenwick {
    counts: Vec<usize>,
}

impl Fenwick {
    fn new(size: usize) -> Self {
        Fenwick { counts: vec![0; size + 1] }
    }

    fn add(&mut self, index: usize) {
        let mut i = index + 1;
        while i < self.counts.len() {
            self.counts[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many added indices are `<= index`.
    fn count_at_most(&self, index: usize) -> usize {
        let mut i = index + 1;
        let mut sum = 0;
        while i > 0 {
            sum += self.counts[i];
            i -= i & i.wrapping_neg();
        }
        sum
    }
}
