//! Diagrams as plain data. `sim::diagram` projects a World into nodes, edges and groups with
//! positions computed here, deterministically; the app only draws them as SVG.

use serde::{Deserialize, Serialize};

#[cfg(feature = "cloudformation")]
pub mod cloudformation;
#[cfg(feature = "cloudhsm")]
pub mod cloudhsm;
mod describe;
#[cfg(feature = "kms")]
pub mod kms;
pub mod layout;
#[cfg(feature = "route53")]
pub mod route53;
pub mod s3;
pub mod spec;
#[cfg(test)]
mod tests;

pub use layout::layout;
pub use spec::{Direction, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagram {
    pub title: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Nested boxes (regions, AZs, VPCs, buckets) drawn behind the nodes, outermost first.
    pub groups: Vec<Group>,
    pub width: f32,
    pub height: f32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// What the node is (`bucket`, `object`, `version`, `endpoint`, `key`, …): picks the icon/colour.
    pub kind: String,
    /// The resource's state as AWS names it (`Enabled`, `PendingDeletion`, `ACTIVE`), if any.
    pub state: Option<String>,
    /// Label/value pairs for the details panel and the text twin.
    pub details: Vec<(String, String)>,
    /// The innermost group this node sits in.
    pub group: Option<String>,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdgeStyle {
    #[default]
    Solid,
    Dashed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub style: EdgeStyle,
    /// The polyline to draw, from the source node's border to the target's.
    pub points: Vec<(f32, f32)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub parent: Option<String>,
    /// Label/value pairs for the details panel and the text twin (a bucket's versioning, encryption…).
    #[serde(default)]
    pub details: Vec<(String, String)>,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}
