//! Edge polylines: from the border of the source node, through the bend points the layered
//! layout left for the edge, to the border of the target node.

use super::level::Xy;

/// How far a self-loop reaches out of the right side of its node.
pub(crate) const LOOP_REACH: f32 = 16.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn centre(&self) -> Xy {
        Xy { x: self.x + self.w / 2.0, y: self.y + self.h / 2.0 }
    }

    /// Where the segment from the centre towards `towards` leaves the rectangle (or `towards`
    /// itself, when it lies inside).
    pub fn border_towards(&self, towards: Xy) -> Xy {
        let c = self.centre();
        let (dx, dy) = (towards.x - c.x, towards.y - c.y);
        let limit_x = if dx == 0.0 { f32::INFINITY } else { self.w / 2.0 / dx.abs() };
        let limit_y = if dy == 0.0 { f32::INFINITY } else { self.h / 2.0 / dy.abs() };
        let t = limit_x.min(limit_y).min(1.0);
        Xy { x: c.x + dx * t, y: c.y + dy * t }
    }
}

/// The polyline of an edge between two different nodes.
pub(crate) fn polyline(from: Rect, bends: &[Xy], to: Rect) -> Vec<(f32, f32)> {
    let first_aim = bends.first().copied().unwrap_or_else(|| to.centre());
    let last_aim = bends.last().copied().unwrap_or_else(|| from.centre());
    let mut points = Vec::with_capacity(bends.len() + 2);
    points.push(from.border_towards(first_aim));
    points.extend_from_slice(bends);
    points.push(to.border_towards(last_aim));
    points.into_iter().map(|p| (p.x, p.y)).collect()
}

/// A small loop out of the right side of a node and back in.
pub(crate) fn self_loop(node: Rect) -> Vec<(f32, f32)> {
    let right = node.x + node.w;
    let mid = node.y + node.h / 2.0;
    let half = (node.h / 4.0).min(8.0);
    vec![(right, mid - half), (right + LOOP_REACH, mid - half), (right + LOOP_REACH, mid + half), (right, mid + half)]
}
