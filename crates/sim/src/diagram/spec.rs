//! What a projection hands to [`layout`](super::layout::layout): nodes, edges and nested groups
//! with sizes but no positions.

use super::EdgeStyle;
use serde::{Deserialize, Serialize};

/// Average width of one label character at the renderer's node font size, in diagram units.
pub const CHAR_WIDTH: f32 = 7.0;
/// Node sizes that [`NodeSpec::new`] picks from the label: wide enough for the label, within limits.
pub const NODE_MIN_WIDTH: f32 = 96.0;
pub const NODE_MAX_WIDTH: f32 = 280.0;
/// Room for a label line and a state line.
pub const NODE_HEIGHT: f32 = 44.0;
/// Space left and right of a node's label.
const NODE_TEXT_PADDING: f32 = 32.0;

/// The way edges point: from top to bottom (the default) or from left to right.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    #[default]
    TopToBottom,
    LeftToRight,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphSpec {
    pub title: String,
    #[serde(default)]
    pub direction: Direction,
    pub nodes: Vec<NodeSpec>,
    pub edges: Vec<EdgeSpec>,
    pub groups: Vec<GroupSpec>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeSpec {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub state: Option<String>,
    pub details: Vec<(String, String)>,
    /// The innermost group the node belongs to; an unknown id leaves the node at the top level.
    pub group: Option<String>,
    /// Size in diagram units; a size that is not a positive number is replaced by one that fits the label.
    pub w: f32,
    pub h: f32,
}

impl NodeSpec {
    /// A node sized to fit its label.
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: impl Into<String>) -> Self {
        let label = label.into();
        NodeSpec {
            id: id.into(),
            w: width_for_label(&label),
            h: NODE_HEIGHT,
            label,
            kind: kind.into(),
            ..Default::default()
        }
    }

    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    pub fn detail(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.details.push((label.into(), value.into()));
        self
    }

    pub fn in_group(mut self, group: impl Into<String>) -> Self {
        self.group = Some(group.into());
        self
    }
}

/// The width a node needs to show `label` on one line, within [`NODE_MIN_WIDTH`]..[`NODE_MAX_WIDTH`].
pub fn width_for_label(label: &str) -> f32 {
    (text_width(label) + NODE_TEXT_PADDING).clamp(NODE_MIN_WIDTH, NODE_MAX_WIDTH)
}

/// Estimated width of `text` on one line.
pub fn text_width(text: &str) -> f32 {
    text.chars().count() as f32 * CHAR_WIDTH
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EdgeSpec {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub style: EdgeStyle,
}

impl EdgeSpec {
    pub fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        EdgeSpec { from: from.into(), to: to.into(), ..Default::default() }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn dashed(mut self) -> Self {
        self.style = EdgeStyle::Dashed;
        self
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupSpec {
    pub id: String,
    pub label: String,
    pub kind: String,
    /// The enclosing group; an unknown id, the group itself or a cycle leaves it at the top level.
    pub parent: Option<String>,
    /// Label/value pairs for the details panel and the text twin.
    #[serde(default)]
    pub details: Vec<(String, String)>,
}

impl GroupSpec {
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: impl Into<String>) -> Self {
        GroupSpec { id: id.into(), label: label.into(), kind: kind.into(), ..Default::default() }
    }

    pub fn inside(mut self, parent: impl Into<String>) -> Self {
        self.parent = Some(parent.into());
        self
    }

    pub fn detail(mut self, label: impl Into<String>, value: impl Into<String>) -> Self {
        self.details.push((label.into(), value.into()));
        self
    }
}
