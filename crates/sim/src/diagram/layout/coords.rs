//! The last Sugiyama step: positions across the layers. Each layer is pulled towards the
//! centres of its neighbours in the layer before, sweeping down then up; within a layer the
//! order is kept and items keep their spacing, and among such placements the one closest to the
//! wished positions (least squares) is taken, by isotonic regression (pool adjacent violators).

use super::layers::ProperGraph;

/// Space between two items in a layer.
pub(crate) const ITEM_GAP: f32 = 24.0;
/// Space between two edges passing through a layer side by side.
pub(crate) const DUMMY_GAP: f32 = 8.0;
/// Width reserved for an edge passing through a layer.
pub(crate) const DUMMY_WIDTH: f32 = 4.0;
const PASSES: usize = 4;

/// The centre of every vertex across the layers, given each vertex's size across them.
pub(crate) fn cross_centres(graph: &ProperGraph, size: &[f32]) -> Vec<f32> {
    let mut centre = vec![0.0f32; size.len()];
    for layer in &graph.layers {
        let offsets = offsets(graph, layer, size);
        let middle = offsets.last().copied().unwrap_or(0.0) / 2.0;
        for (&v, o) in layer.iter().zip(offsets) {
            centre[v] = o - middle;
        }
    }
    for _ in 0..PASSES {
        for l in 1..graph.layers.len() {
            align_layer(graph, &graph.layers[l], &graph.up, size, &mut centre);
        }
        for l in (0..graph.layers.len().saturating_sub(1)).rev() {
            align_layer(graph, &graph.layers[l], &graph.down, size, &mut centre);
        }
    }
    centre
}

/// Moves the vertices of `layer` as close as they can get to the mean centre of their
/// `neighbours`, keeping order and spacing.
fn align_layer(graph: &ProperGraph, layer: &[usize], neighbours: &[Vec<usize>], size: &[f32], centre: &mut [f32]) {
    let wished: Vec<f32> = layer
        .iter()
        .map(|&v| match neighbours[v].len() {
            0 => centre[v],
            n => neighbours[v].iter().map(|&u| centre[u]).sum::<f32>() / n as f32,
        })
        .collect();
    let offsets = offsets(graph, layer, size);
    let shifted: Vec<f32> = wished.iter().zip(&offsets).map(|(w, o)| w - o).collect();
    for ((&v, o), s) in layer.iter().zip(&offsets).zip(nondecreasing_fit(&shifted)) {
        centre[v] = s + o;
    }
}

/// The least distance from the first centre of `layer` to each centre, if packed tight.
fn offsets(graph: &ProperGraph, layer: &[usize], size: &[f32]) -> Vec<f32> {
    let mut offsets = Vec::with_capacity(layer.len());
    let mut at = 0.0;
    for (i, &v) in layer.iter().enumerate() {
        if i > 0 {
            let u = layer[i - 1];
            let gap = if graph.is_dummy(u) && graph.is_dummy(v) { DUMMY_GAP } else { ITEM_GAP };
            at += (size[u] + size[v]) / 2.0 + gap;
        }
        offsets.push(at);
    }
    offsets
}

/// The non-decreasing sequence closest to `values` in least squares (pool adjacent violators).
pub(crate) fn nondecreasing_fit(values: &[f32]) -> Vec<f32> {
    // Each block: (sum of values, number of values); its fitted value is the mean.
    let mut blocks: Vec<(f32, usize)> = Vec::with_capacity(values.len());
    for &x in values {
        blocks.push((x, 1));
        while blocks.len() > 1 {
            let (sum, n) = blocks[blocks.len() - 1];
            let (prev_sum, prev_n) = blocks[blocks.len() - 2];
            if prev_sum / prev_n as f32 <= sum / n as f32 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (prev_sum + sum, prev_n + n);
        }
    }
    blocks.into_iter().flat_map(|(sum, n)| std::iter::repeat_n(sum / n as f32, n)).collect()
}
