//! Layered (Sugiyama-style) layout of one connected set of items, in abstract axes: `main` runs
//! the way edges point (down, or right) and `cross` runs across it.

use super::coords::{cross_centres, DUMMY_WIDTH};
use super::layers::{acyclic_edges, longest_path_layers, ProperGraph};
use super::order::reduce_crossings;
use std::collections::BTreeMap;

/// Space between two layers: room for an edge and its label.
pub(crate) const LAYER_GAP: f32 = 48.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Extent {
    pub cross: f32,
    pub main: f32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Spot {
    pub cross: f32,
    pub main: f32,
}

pub(crate) struct LayeredLayout {
    /// The corner of each item nearest the origin.
    pub corners: Vec<Spot>,
    /// Bend points of each edge kept after cycle breaking, keyed by that (possibly reversed) edge.
    pub bends: BTreeMap<(usize, usize), Vec<Spot>>,
    pub extent: Extent,
}

impl LayeredLayout {
    /// Bend points along the edge `from -> to` as given to [`layered`], in that direction.
    pub fn bends_between(&self, from: usize, to: usize) -> Vec<Spot> {
        if let Some(points) = self.bends.get(&(from, to)) {
            return points.clone();
        }
        let mut points = self.bends.get(&(to, from)).cloned().unwrap_or_default();
        points.reverse();
        points
    }
}

/// Lays out items of the given sizes joined by `edges` (indices into `sizes`).
pub(crate) fn layered(sizes: &[Extent], edges: &[(usize, usize)], sweeps: usize) -> LayeredLayout {
    let dag = acyclic_edges(sizes.len(), edges);
    let layer = longest_path_layers(sizes.len(), &dag);
    let mut graph = ProperGraph::new(sizes.len(), &dag, &layer);
    reduce_crossings(&mut graph, sweeps);

    let cross_size: Vec<f32> =
        (0..graph.layer_of.len()).map(|v| if graph.is_dummy(v) { DUMMY_WIDTH } else { sizes[v].cross }).collect();
    let centre = cross_centres(&graph, &cross_size);

    let mut layer_start = Vec::with_capacity(graph.layers.len());
    let mut thickness = Vec::with_capacity(graph.layers.len());
    let mut at = 0.0;
    for vertices in &graph.layers {
        let t = vertices.iter().filter(|&&v| !graph.is_dummy(v)).map(|&v| sizes[v].main).fold(0.0, f32::max);
        layer_start.push(at);
        thickness.push(t);
        at += t + LAYER_GAP;
    }
    let main_extent = (at - LAYER_GAP).max(0.0);

    let low = (0..centre.len()).map(|v| centre[v] - cross_size[v] / 2.0).fold(f32::INFINITY, f32::min);
    let high = (0..centre.len()).map(|v| centre[v] + cross_size[v] / 2.0).fold(f32::NEG_INFINITY, f32::max);
    let shift = if low.is_finite() { -low } else { 0.0 };

    let corners = (0..sizes.len())
        .map(|v| Spot { cross: centre[v] - cross_size[v] / 2.0 + shift, main: layer_start[graph.layer_of[v]] })
        .collect();
    let bends = graph
        .chains
        .iter()
        .map(|(&edge, dummies)| {
            let spots = dummies
                .iter()
                .map(|&d| {
                    let l = graph.layer_of[d];
                    Spot { cross: centre[d] + shift, main: layer_start[l] + thickness[l] / 2.0 }
                })
                .collect();
            (edge, spots)
        })
        .collect();
    let extent = Extent { cross: if low.is_finite() { high - low } else { 0.0 }, main: main_extent };
    LayeredLayout { corners, bends, extent }
}
