//! CloudFormation templates: reading (`parse.rs`), the sections and their rules (this file),
//! parameters (`params.rs`), conditions (`conditions.rs`), intrinsic functions
//! (`intrinsics.rs`) and the dependency graph (`graph.rs`).
//!
//! Every error carries AWS's message and the place in the template it comes from, so the
//! template editor can point at it; the API answer carries AWS's message alone.

pub mod conditions;
pub mod graph;
pub mod intrinsics;
pub mod params;
pub mod parse;

pub use graph::{plan, Plan, PlannedResource};
pub use params::{ParamDef, ParamType, ParamValue};
pub use parse::{Key, Node, Pos, V};

use crate::error::ApiError;
use std::fmt;

pub const MAX_RESOURCES: usize = 500;
pub const MAX_PARAMETERS: usize = 200;
pub const MAX_OUTPUTS: usize = 200;
pub const MAX_MAPPINGS: usize = 200;
pub const MAX_BODY_BYTES: usize = 51_200;
pub const MAX_DESCRIPTION_BYTES: usize = 1024;
pub const MAX_NAME_LEN: usize = 255;

/// A template problem: AWS's wording, and where it is when the template shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateError {
    pub message: String,
    pub pos: Option<Pos>,
}

impl TemplateError {
    pub fn new(message: impl Into<String>, pos: Option<Pos>) -> Self {
        TemplateError { message: message.into(), pos }
    }
    pub fn at(message: impl Into<String>, pos: Pos) -> Self {
        TemplateError { message: message.into(), pos: Some(pos) }
    }
    /// `Template format error: …`
    pub fn format(message: impl fmt::Display, pos: Option<Pos>) -> Self {
        TemplateError { message: format!("Template format error: {message}"), pos }
    }
    pub fn to_api(&self) -> ApiError {
        ApiError::bad_request("ValidationError", self.message.clone())
    }
    /// The message with its place, for the trail and the editor.
    pub fn located(&self) -> String {
        match self.pos {
            Some(p) => format!("{} (at {p})", self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<parse::ParseError> for TemplateError {
    fn from(e: parse::ParseError) -> Self {
        TemplateError { message: e.message, pos: Some(e.pos) }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDef {
    pub logical_id: String,
    pub pos: Pos,
    pub resource_type: String,
    pub type_pos: Pos,
    pub properties: Option<Node>,
    pub depends_on: Vec<(String, Pos)>,
    pub condition: Option<(String, Pos)>,
    pub deletion_policy: DeletionPolicy,
    pub update_replace_policy: Option<String>,
    pub metadata: Option<Node>,
    /// `CreationPolicy` as written; its `ResourceSignal` values may use `Ref`, so they are
    /// read when the resource starts (`signals.rs`).
    pub creation_policy: Option<Node>,
    /// `UpdatePolicy` as written (Auto Scaling groups' rolling updates, `rolling.rs`).
    pub update_policy: Option<Node>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeletionPolicy {
    Delete,
    Retain,
    RetainExceptOnCreate,
    Snapshot,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputDef {
    pub logical_id: String,
    pub pos: Pos,
    pub value: Node,
    pub description: Option<String>,
    pub export_name: Option<Node>,
    pub condition: Option<(String, Pos)>,
}

/// A template whose sections have the right shapes. Intrinsic functions are checked later,
/// when the graph is planned.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub format_version: Option<String>,
    pub description: Option<String>,
    pub metadata: Option<Node>,
    pub parameters: Vec<ParamDef>,
    pub mappings: Vec<(Key, Node)>,
    pub conditions: Vec<(Key, Node)>,
    pub resources: Vec<ResourceDef>,
    pub outputs: Vec<OutputDef>,
}

impl Template {
    pub fn resource(&self, id: &str) -> Option<&ResourceDef> {
        self.resources.iter().find(|r| r.logical_id == id)
    }
    pub fn parameter(&self, name: &str) -> Option<&ParamDef> {
        self.parameters.iter().find(|p| p.name == name)
    }
    pub fn condition(&self, name: &str) -> Option<&Node> {
        self.conditions.iter().find(|(k, _)| k.name == name).map(|(_, v)| v)
    }
    pub fn mapping(&self, name: &str) -> Option<&Node> {
        self.mappings.iter().find(|(k, _)| k.name == name).map(|(_, v)| v)
    }
}

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
];

const RESOURCE_ATTRIBUTES: &[&str] = &[
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "CreationPolicy",
    "UpdatePolicy",
    "Metadata",
    "Version",
];

/// Logical ids are ASCII letters and digits.
pub fn is_alphanumeric(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn section<'a>(root: &'a Node, name: &str) -> Option<(&'a Key, &'a Node)> {
    root.as_map()?.iter().find(|(k, _)| k.name == name).map(|(k, v)| (k, v))
}

fn map_or_err(node: &Node, message: impl Fn() -> String) -> Result<&[(Key, Node)], TemplateError> {
    node.as_map().ok_or_else(|| TemplateError::format(message(), Some(node.pos)))
}

/// Reads a template body and checks its sections. `body` has already passed the size limit.
pub fn read(body: &str) -> Result<Template, TemplateError> {
    let root = parse::parse(body)?;
    from_node(&root)
}

pub fn from_node(root: &Node) -> Result<Template, TemplateError> {
    let Some(top) = root.as_map() else {
        return Err(TemplateError::format("unsupported structure.", Some(root.pos)));
    };
    let unknown: Vec<&str> = top.iter().map(|(k, _)| k.name.as_str()).filter(|k| !SECTIONS.contains(k)).collect();
    if !unknown.is_empty() {
        let pos = top.iter().find(|(k, _)| k.name == unknown[0]).map(|(k, _)| k.pos);
        return Err(TemplateError::format(
            format!("Invalid template property or properties [{}]", unknown.join(", ")),
            pos,
        ));
    }
    if let Some((k, v)) = section(root, "Transform") {
        let names = match &v.v {
            V::Str(s) => s.clone(),
            V::List(l) => l.iter().filter_map(Node::as_str).collect::<Vec<_>>().join(", "),
            _ => "a macro".into(),
        };
        return Err(TemplateError::at(
            format!(
                "Transform {names} is not simulated by Nimbus Lab: macros and transforms (SAM, AWS::Include, \
                 AWS::LanguageExtensions) rewrite the template before CloudFormation reads it. Expand the template \
                 first and submit the result."
            ),
            k.pos,
        ));
    }
    let format_version = match section(root, "AWSTemplateFormatVersion") {
        None => None,
        Some((_, v)) => match v.as_str() {
            Some("2010-09-09") => Some("2010-09-09".to_string()),
            Some(other) => {
                return Err(TemplateError::format(
                    format!("'{other}' is not a supported value for AWSTemplateFormatVersion."),
                    Some(v.pos),
                ))
            }
            None => return Err(TemplateError::format("AWSTemplateFormatVersion must be a string", Some(v.pos))),
        },
    };
    let description = match section(root, "Description") {
        None => None,
        Some((_, v)) => match v.as_str() {
            Some(d) if d.len() <= MAX_DESCRIPTION_BYTES => Some(d.to_string()),
            Some(_) => {
                return Err(TemplateError::format(
                    format!("Template Description must be no more than {MAX_DESCRIPTION_BYTES} bytes"),
                    Some(v.pos),
                ))
            }
            None => return Err(TemplateError::format("Every Description member must be a string.", Some(v.pos))),
        },
    };
    let metadata = section(root, "Metadata").map(|(_, v)| v.clone());
    let parameters = match section(root, "Parameters") {
        None => Vec::new(),
        Some((_, v)) => params::read_definitions(v)?,
    };
    let mappings = match section(root, "Mappings") {
        None => Vec::new(),
        Some((_, v)) => read_mappings(v)?,
    };
    let conditions = match section(root, "Conditions") {
        None => Vec::new(),
        Some((_, v)) => map_or_err(v, || "Every Conditions member must be an object".into())?.to_vec(),
    };
    let resources = match section(root, "Resources") {
        None => return Err(TemplateError::format("At least one Resources member must be defined.", None)),
        Some((_, v)) => read_resources(v)?,
    };
    let outputs = match section(root, "Outputs") {
        None => Vec::new(),
        Some((_, v)) => read_outputs(v)?,
    };
    Ok(Template { format_version, description, metadata, parameters, mappings, conditions, resources, outputs })
}

fn read_mappings(node: &Node) -> Result<Vec<(Key, Node)>, TemplateError> {
    let maps = map_or_err(node, || "Every Mappings member must be an object".into())?;
    if maps.len() > MAX_MAPPINGS {
        return Err(TemplateError::format(
            format!("Number of mappings, {}, is greater than maximum allowed, {MAX_MAPPINGS}", maps.len()),
            Some(node.pos),
        ));
    }
    for (name, map) in maps {
        let top = map.as_map().ok_or_else(|| {
            TemplateError::format(format!("Mappings attribute {} must be an object", name.name), Some(map.pos))
        })?;
        for (key, second) in top {
            let attrs = second.as_map().ok_or_else(|| {
                TemplateError::format(
                    format!("Every Mappings attribute must be a String or a List. {}.{}", name.name, key.name),
                    Some(second.pos),
                )
            })?;
            for (attr, value) in attrs {
                let ok = match &value.v {
                    V::Str(_) => true,
                    V::List(l) => l.iter().all(|x| x.as_str().is_some()),
                    _ => false,
                };
                if !ok {
                    return Err(TemplateError::format(
                        format!(
                            "Every Mappings attribute must be a String or a List. {}.{}.{}",
                            name.name, key.name, attr.name
                        ),
                        Some(value.pos),
                    ));
                }
            }
        }
    }
    Ok(maps.to_vec())
}

fn read_resources(node: &Node) -> Result<Vec<ResourceDef>, TemplateError> {
    let entries = map_or_err(node, || "Resources must be an object".into())?;
    if entries.is_empty() {
        return Err(TemplateError::format("At least one Resources member must be defined.", Some(node.pos)));
    }
    if entries.len() > MAX_RESOURCES {
        return Err(TemplateError::format(
            format!("Number of resources, {}, is greater than maximum allowed, {MAX_RESOURCES}", entries.len()),
            Some(node.pos),
        ));
    }
    let mut out = Vec::with_capacity(entries.len());
    for (key, body) in entries {
        let id = &key.name;
        if !is_alphanumeric(id) {
            return Err(TemplateError::format(format!("Resource name {id} is non alphanumeric."), Some(key.pos)));
        }
        if id.len() > MAX_NAME_LEN {
            return Err(TemplateError::format(
                format!("Resource name {id} exceeds the limit of {MAX_NAME_LEN} characters."),
                Some(key.pos),
            ));
        }
        let attrs = body.as_map().ok_or_else(|| {
            TemplateError::format(format!("[/Resources/{id}] Every Resources object must be an object"), Some(body.pos))
        })?;
        if let Some((bad, _)) = attrs.iter().find(|(k, _)| !RESOURCE_ATTRIBUTES.contains(&k.name.as_str())) {
            return Err(TemplateError::format(
                format!("Invalid template resource property '{}'", bad.name),
                Some(bad.pos),
            ));
        }
        let (resource_type, type_pos) = match body.get("Type") {
            Some(Node { v: V::Str(t), pos }) if !t.is_empty() => (t.clone(), *pos),
            _ => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}] Every Resources object must contain a Type member."),
                    Some(key.pos),
                ))
            }
        };
        let properties = match body.get("Properties") {
            None | Some(Node { v: V::Null, .. }) => None,
            Some(p @ Node { v: V::Map(_), .. }) => Some(p.clone()),
            Some(p) => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}/Properties] Every Properties member must be an object"),
                    Some(p.pos),
                ))
            }
        };
        let depends_on = match body.get("DependsOn") {
            None => Vec::new(),
            Some(Node { v: V::Str(s), pos }) => vec![(s.clone(), *pos)],
            Some(n @ Node { v: V::List(l), .. }) => {
                let mut ids = Vec::new();
                for x in l {
                    match x.as_str() {
                        Some(s) => ids.push((s.to_string(), x.pos)),
                        None => {
                            return Err(TemplateError::format(
                                format!("[/Resources/{id}/DependsOn] DependsOn must be a string or list of strings"),
                                Some(n.pos),
                            ))
                        }
                    }
                }
                ids
            }
            Some(n) => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}/DependsOn] DependsOn must be a string or list of strings"),
                    Some(n.pos),
                ))
            }
        };
        let condition = match body.get("Condition") {
            None => None,
            Some(Node { v: V::Str(s), pos }) => Some((s.clone(), *pos)),
            Some(n) => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}/Condition] Condition must be a string"),
                    Some(n.pos),
                ))
            }
        };
        let deletion_policy = match body.get("DeletionPolicy") {
            None => DeletionPolicy::Delete,
            Some(n) => match n.as_str() {
                Some("Delete") => DeletionPolicy::Delete,
                Some("Retain") => DeletionPolicy::Retain,
                Some("RetainExceptOnCreate") => DeletionPolicy::RetainExceptOnCreate,
                Some("Snapshot") => DeletionPolicy::Snapshot,
                other => {
                    return Err(TemplateError::format(
                        format!("Unrecognized DeletionPolicy {} for resource {id}", other.unwrap_or("(not a string)")),
                        Some(n.pos),
                    ))
                }
            },
        };
        let update_replace_policy = match body.get("UpdateReplacePolicy") {
            None => None,
            Some(n) => match n.as_str() {
                Some(p @ ("Delete" | "Retain" | "Snapshot")) => Some(p.to_string()),
                other => {
                    return Err(TemplateError::format(
                        format!(
                            "Unrecognized UpdateReplacePolicy {} for resource {id}",
                            other.unwrap_or("(not a string)")
                        ),
                        Some(n.pos),
                    ))
                }
            },
        };
        let creation_policy = match body.get("CreationPolicy") {
            None => None,
            Some(n @ Node { v: V::Map(_), .. }) => Some(n.clone()),
            Some(n) => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}/CreationPolicy] CreationPolicy must be an object"),
                    Some(n.pos),
                ))
            }
        };
        let update_policy = match body.get("UpdatePolicy") {
            None => None,
            Some(n @ Node { v: V::Map(_), .. }) => Some(n.clone()),
            Some(n) => {
                return Err(TemplateError::format(
                    format!("[/Resources/{id}/UpdatePolicy] UpdatePolicy must be an object"),
                    Some(n.pos),
                ))
            }
        };
        out.push(ResourceDef {
            logical_id: id.clone(),
            pos: key.pos,
            resource_type,
            type_pos,
            properties,
            depends_on,
            condition,
            deletion_policy,
            update_replace_policy,
            metadata: body.get("Metadata").cloned(),
            creation_policy,
            update_policy,
        });
    }
    Ok(out)
}

fn read_outputs(node: &Node) -> Result<Vec<OutputDef>, TemplateError> {
    let entries = map_or_err(node, || "Outputs must be an object".into())?;
    if entries.len() > MAX_OUTPUTS {
        return Err(TemplateError::format(
            format!("Number of outputs, {}, is greater than maximum allowed, {MAX_OUTPUTS}", entries.len()),
            Some(node.pos),
        ));
    }
    let mut out = Vec::new();
    for (key, body) in entries {
        let id = &key.name;
        if !is_alphanumeric(id) {
            return Err(TemplateError::format(format!("Output {id} is non alphanumeric."), Some(key.pos)));
        }
        let invalid = || {
            TemplateError::format(
                format!("Every Outputs member must contain a Value object, the key {id} has invalid properties"),
                Some(key.pos),
            )
        };
        let attrs = body.as_map().ok_or_else(invalid)?;
        if let Some((bad, _)) =
            attrs.iter().find(|(k, _)| !matches!(k.name.as_str(), "Value" | "Description" | "Export" | "Condition"))
        {
            return Err(TemplateError::format(format!("Invalid outputs property : [{}]", bad.name), Some(bad.pos)));
        }
        let value = body.get("Value").filter(|v| v.v != V::Null).ok_or_else(invalid)?.clone();
        let description = match body.get("Description") {
            None => None,
            Some(d) => match d.as_str() {
                Some(s) => Some(s.to_string()),
                None => {
                    return Err(TemplateError::format(
                        format!("Every Description member in Outputs must be a string, the key {id}"),
                        Some(d.pos),
                    ))
                }
            },
        };
        let export_name = match body.get("Export") {
            None => None,
            Some(e) => match e.get("Name") {
                Some(n) => Some(n.clone()),
                None => {
                    return Err(TemplateError::format(
                        format!("Output {id} is malformed. The Export member must contain a Name."),
                        Some(e.pos),
                    ))
                }
            },
        };
        let condition = match body.get("Condition") {
            None => None,
            Some(Node { v: V::Str(s), pos }) => Some((s.clone(), *pos)),
            Some(n) => {
                return Err(TemplateError::format(format!("Output {id} Condition must be a string"), Some(n.pos)))
            }
        };
        out.push(OutputDef { logical_id: id.clone(), pos: key.pos, value, description, export_name, condition });
    }
    Ok(out)
}
