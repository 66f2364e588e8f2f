//! One level of the group tree (the top level or a group's content): its items are split into
//! connected pieces, each piece gets a layered layout, and the pieces are packed in rows so a
//! level of many unrelated items (twenty buckets, twenty objects) wraps instead of growing
//! into one long line.

use super::layered::{layered, Extent, LayeredLayout, Spot};
use crate::diagram::spec::Direction;
use std::collections::BTreeMap;

/// Space between pieces packed side by side, and between rows of pieces.
pub(crate) const PIECE_GAP: f32 = 32.0;
/// A row of pieces may grow to this many times the side of a square of the pieces' total area.
const ROW_LENGTH_FACTOR: f32 = 1.4;

/// A point or size in diagram axes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Xy {
    pub x: f32,
    pub y: f32,
}

pub(crate) struct LevelLayout {
    /// Top-left corner of each item, relative to the level's content origin.
    pub corners: Vec<Xy>,
    /// Bend points of each edge between items, keyed by (from item, to item), in edge direction.
    pub bends: BTreeMap<(usize, usize), Vec<Xy>>,
    pub size: Xy,
}

pub(crate) fn lay_out_level(
    sizes: &[Xy],
    edges: &[(usize, usize)],
    direction: Direction,
    sweeps: usize,
) -> LevelLayout {
    let to_abstract = |p: Xy| match direction {
        Direction::TopToBottom => Extent { cross: p.x, main: p.y },
        Direction::LeftToRight => Extent { cross: p.y, main: p.x },
    };
    let to_xy = |s: Spot| match direction {
        Direction::TopToBottom => Xy { x: s.cross, y: s.main },
        Direction::LeftToRight => Xy { x: s.main, y: s.cross },
    };
    let extents: Vec<Extent> = sizes.iter().map(|&s| to_abstract(s)).collect();

    let pieces = connected_pieces(sizes.len(), edges);
    let laid: Vec<LayeredLayout> = pieces
        .iter()
        .map(|piece| {
            let local: BTreeMap<usize, usize> =
                crate::sort::btree_map(piece.iter().enumerate().map(|(i, &item)| (item, i)));
            let piece_sizes: Vec<Extent> = piece.iter().map(|&item| extents[item]).collect();
            let piece_edges: Vec<(usize, usize)> =
                edges.iter().filter_map(|(a, b)| Some((*local.get(a)?, *local.get(b)?))).collect();
            layered(&piece_sizes, &piece_edges, sweeps)
        })
        .collect();
    let (offsets, total) = pack_in_rows(&laid.iter().map(|l| l.extent).collect::<Vec<_>>());

    let mut corners = vec![Xy::default(); sizes.len()];
    let mut piece_of = vec![0; sizes.len()];
    for (p, piece) in pieces.iter().enumerate() {
        for (i, &item) in piece.iter().enumerate() {
            let c = laid[p].corners[i];
            corners[item] = to_xy(Spot { cross: c.cross + offsets[p].cross, main: c.main + offsets[p].main });
            piece_of[item] = p;
        }
    }
    let mut bends = BTreeMap::new();
    for &(a, b) in edges {
        if a == b {
            continue;
        }
        let p = piece_of[a];
        let local = |item: usize| pieces[p].binary_search(&item).unwrap_or_default();
        let points = laid[p]
            .bends_between(local(a), local(b))
            .into_iter()
            .map(|s| to_xy(Spot { cross: s.cross + offsets[p].cross, main: s.main + offsets[p].main }))
            .collect();
        bends.insert((a, b), points);
    }
    let size = to_xy(Spot { cross: total.cross, main: total.main });
    LevelLayout { corners, bends, size }
}

/// Items joined by edges, each piece in item order, pieces ordered by their first item.
fn connected_pieces(count: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let mut root: Vec<usize> = (0..count).collect();
    fn find(root: &mut [usize], mut v: usize) -> usize {
        while root[v] != v {
            root[v] = root[root[v]];
            v = root[v];
        }
        v
    }
    for &(a, b) in edges {
        let (ra, rb) = (find(&mut root, a), find(&mut root, b));
        if ra != rb {
            root[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut pieces: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for v in 0..count {
        let r = find(&mut root, v);
        pieces.entry(r).or_default().push(v);
    }
    pieces.into_values().collect()
}

/// Shelf packing: pieces left to right (across the layers) in order, a new row when the next
/// one would make the row longer than the limit. Returns each piece's offset and the total extent.
fn pack_in_rows(extents: &[Extent]) -> (Vec<Extent>, Extent) {
    if extents.len() == 1 {
        return (vec![Extent::default()], extents[0]);
    }
    let area: f32 = extents.iter().map(|e| (e.cross + PIECE_GAP) * (e.main + PIECE_GAP)).sum();
    let widest = extents.iter().map(|e| e.cross).fold(0.0, f32::max);
    let limit = widest.max(area.sqrt() * ROW_LENGTH_FACTOR);

    let mut offsets = Vec::with_capacity(extents.len());
    let mut total = Extent::default();
    let (mut row_start, mut row_thickness, mut at) = (0.0f32, 0.0f32, 0.0f32);
    for e in extents {
        if at > 0.0 && at + e.cross > limit {
            row_start += row_thickness + PIECE_GAP;
            row_thickness = 0.0;
            at = 0.0;
        }
        offsets.push(Extent { cross: at, main: row_start });
        total.cross = total.cross.max(at + e.cross);
        total.main = total.main.max(row_start + e.main);
        row_thickness = row_thickness.max(e.main);
        at += e.cross + PIECE_GAP;
    }
    (offsets, total)
}
