//! The CloudFormation stack graph (what the console's Designer draws): each live stack a box,
//! its resources as nodes labelled with their logical id and short type, coloured by resource
//! status, and the references between them: `Ref`, `Fn::GetAtt` and `Fn::Sub` as solid edges,
//! `DependsOn` as dashed ones. EC2 resources that belong to a VPC of the same stack sit inside
//! that VPC's box. Edges point the way creation flows: from what is needed to what needs it.

use crate::diagram::{layout, Diagram, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use crate::services::cloudformation::model::{Stack, StackResource, StackStatus};
use crate::services::cloudformation::template::{self, parse::Node as TNode, parse::V, Template};
use crate::World;
use std::collections::BTreeMap;

/// Events listed in a resource's details, newest first.
pub const EVENTS_SHOWN: usize = 6;

pub fn diagram(world: &World) -> Diagram {
    layout(&spec(world))
}

/// The diagram of one stack (by id), or of every live stack when `stack_id` is `None`.
pub fn stack_diagram(world: &World, stack_id: Option<&str>) -> Diagram {
    layout(&spec_for(world, stack_id))
}

/// The graph of every live stack in the default region.
pub fn spec(world: &World) -> GraphSpec {
    spec_for(world, None)
}

pub fn spec_for(world: &World, stack_id: Option<&str>) -> GraphSpec {
    let mut spec = GraphSpec { title: "AWS CloudFormation stacks".into(), ..Default::default() };
    let region = world.default_region.as_str();
    for stack in world.cloudformation.in_region(region) {
        let wanted = match stack_id {
            Some(id) => stack.id == id,
            None => stack.status != StackStatus::DeleteComplete,
        };
        if wanted {
            add_stack(&mut spec, stack);
        }
    }
    spec
}

pub fn stack_group_id(stack_id: &str) -> String {
    format!("stack:{stack_id}")
}

pub fn resource_id(stack_id: &str, logical_id: &str) -> String {
    format!("resource:{stack_id}/{logical_id}")
}

pub fn vpc_group_id(stack_id: &str, logical_id: &str) -> String {
    format!("vpc:{stack_id}/{logical_id}")
}

/// `AWS::EC2::SecurityGroup` → `SecurityGroup`.
pub fn short_type(resource_type: &str) -> &str {
    resource_type.rsplit("::").next().unwrap_or(resource_type)
}

/// The colour family of a stack or resource status: `complete`, `in-progress`, `failed`,
/// `deleted` or `pending` (not started yet).
pub fn tone(status: &str) -> &'static str {
    match status {
        "DELETE_COMPLETE" | "DELETE_SKIPPED" => "deleted",
        "ROLLBACK_COMPLETE" | "IMPORT_ROLLBACK_COMPLETE" => "failed",
        s if s.contains("FAILED") => "failed",
        s if s.ends_with("_IN_PROGRESS") => "in-progress",
        s if s.ends_with("_COMPLETE") => "complete",
        _ => "pending",
    }
}

/// The state a resource node shows: its status, or `Not started` before its wave begins.
pub fn resource_state(r: &StackResource) -> String {
    r.status.map(|s| s.as_str()).unwrap_or_else(|| NOT_STARTED.to_string())
}

pub const NOT_STARTED: &str = "Not started";

/// How one resource refers to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RefKind {
    Ref,
    GetAtt,
    Sub,
    DependsOn,
}

impl RefKind {
    pub fn label(self) -> &'static str {
        match self {
            RefKind::Ref => "Ref",
            RefKind::GetAtt => "GetAtt",
            RefKind::Sub => "Sub",
            RefKind::DependsOn => "DependsOn",
        }
    }
}

/// Every name `node` refers to with Ref, Fn::GetAtt or Fn::Sub, with the first way found.
pub fn references(node: &TNode) -> BTreeMap<String, RefKind> {
    let mut out = BTreeMap::new();
    collect(node, &mut out);
    out
}

fn note(out: &mut BTreeMap<String, RefKind>, name: &str, kind: RefKind) {
    out.entry(name.to_string()).or_insert(kind);
}

fn collect(node: &TNode, out: &mut BTreeMap<String, RefKind>) {
    match &node.v {
        V::Map(entries) => {
            if let [(key, arg)] = entries.as_slice() {
                match key.name.as_str() {
                    "Ref" => {
                        if let Some(name) = arg.as_str() {
                            note(out, name, RefKind::Ref);
                        }
                        return;
                    }
                    "Fn::GetAtt" => {
                        let target = match &arg.v {
                            V::Str(s) => s.split('.').next().map(str::to_string),
                            V::List(l) => l.first().and_then(|n| n.as_str()).map(str::to_string),
                            _ => None,
                        };
                        if let Some(t) = target {
                            note(out, &t, RefKind::GetAtt);
                        }
                        collect(arg, out);
                        return;
                    }
                    "Fn::Sub" => {
                        let (text, vars) = match &arg.v {
                            V::Str(s) => (Some(s.as_str()), None),
                            V::List(l) => (l.first().and_then(|n| n.as_str()), l.get(1)),
                            _ => (None, None),
                        };
                        let local: Vec<&str> = vars
                            .and_then(|v| v.as_map())
                            .map(|m| m.iter().map(|(k, _)| k.name.as_str()).collect())
                            .unwrap_or_default();
                        if let Some(text) = text {
                            for part in template::intrinsics::sub_parts(text) {
                                if let template::intrinsics::SubPart::Var(v) = part {
                                    let name = v.split('.').next().unwrap_or(&v).to_string();
                                    if !local.contains(&name.as_str()) {
                                        note(out, &name, RefKind::Sub);
                                    }
                                }
                            }
                        }
                        if let Some(vars) = vars {
                            collect(vars, out);
                        }
                        return;
                    }
                    _ => {}
                }
            }
            for (_, v) in entries {
                collect(v, out);
            }
        }
        V::List(items) => items.iter().for_each(|i| collect(i, out)),
        _ => {}
    }
}

/// The way `resource` waits for each of its dependencies: the first reference in its properties
/// wins over `DependsOn`, so a resource that both refers to and depends on another shows a
/// solid edge.
pub fn dependency_kinds(template: Option<&Template>, r: &StackResource) -> Vec<(String, RefKind)> {
    let def = template.and_then(|t| t.resource(&r.logical_id));
    let refs = def.and_then(|d| d.properties.as_ref()).map(references).unwrap_or_default();
    r.deps
        .iter()
        .map(|dep| {
            let kind = match refs.get(dep) {
                Some(k) => *k,
                None if def.is_some_and(|d| d.depends_on.iter().any(|(n, _)| n == dep)) => RefKind::DependsOn,
                None => RefKind::Ref,
            };
            (dep.clone(), kind)
        })
        .collect()
}

/// The logical id of the VPC (of the same stack) each EC2 resource belongs to, found through
/// what it refers to: a subnet through its VpcId, a route through its route table, an
/// instance through its subnet or security group.
pub fn vpc_membership(stack: &Stack) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    // Resources are in template order; dependencies may come later, so repeat until settled.
    for _ in 0..stack.resources.len().max(1) {
        let mut changed = false;
        for r in &stack.resources {
            if out.contains_key(&r.logical_id) || !r.resource_type.starts_with("AWS::EC2::") {
                continue;
            }
            let vpc = if r.resource_type == "AWS::EC2::VPC" {
                Some(r.logical_id.clone())
            } else {
                r.deps.iter().find_map(|d| out.get(d).cloned())
            };
            if let Some(vpc) = vpc {
                out.insert(r.logical_id.clone(), vpc);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    out
}

fn stack_template(stack: &Stack) -> Option<std::sync::Arc<Template>> {
    stack.cache.0.clone().or_else(|| template::read(&stack.template_body).ok().map(std::sync::Arc::new))
}

fn clock(t: crate::SimTime) -> String {
    let c = t.civil();
    format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second)
}

fn compact(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => crate::trail::summarize(&other.to_string(), 120),
    }
}

fn add_stack(spec: &mut GraphSpec, stack: &Stack) {
    let group = stack_group_id(&stack.id);
    let status = stack.status.as_str();
    let mut g = GroupSpec::new(&group, format!("{} · {status}", stack.name), "stack")
        .detail("Stack name", &stack.name)
        .detail("Status", &status)
        .detail("Stack ID", &stack.id)
        .detail("Resources", stack.resources.len().to_string());
    if let Some(reason) = &stack.status_reason {
        g = g.detail("Status reason", reason);
    }
    spec.groups.push(g);
    let t = stack_template(stack);
    let membership = vpc_membership(stack);
    for r in &stack.resources {
        if r.resource_type == "AWS::EC2::VPC" {
            let cidr = r.properties.get("CidrBlock").and_then(|v| v.as_str()).unwrap_or("").to_string();
            let mut vg = GroupSpec::new(vpc_group_id(&stack.id, &r.logical_id), format!("VPC {}", r.logical_id), "vpc")
                .inside(&group)
                .detail("Logical ID", &r.logical_id);
            if let Some(p) = &r.physical_id {
                vg = vg.detail("VPC ID", p);
            }
            if !cidr.is_empty() {
                vg = vg.detail("CIDR block", cidr);
            }
            spec.groups.push(vg);
        }
    }
    for r in &stack.resources {
        let in_group = match membership.get(&r.logical_id) {
            Some(vpc) => vpc_group_id(&stack.id, vpc),
            None => group.clone(),
        };
        spec.nodes.push(resource_node(stack, t.as_deref(), r).in_group(in_group));
    }
    for r in &stack.resources {
        for (dep, kind) in dependency_kinds(t.as_deref(), r) {
            if stack.resource(&dep).is_none() {
                continue;
            }
            let edge =
                EdgeSpec::new(resource_id(&stack.id, &dep), resource_id(&stack.id, &r.logical_id)).label(kind.label());
            spec.edges.push(if kind == RefKind::DependsOn { edge.dashed() } else { edge });
        }
    }
}

fn resource_node(stack: &Stack, t: Option<&Template>, r: &StackResource) -> NodeSpec {
    let label = format!("{} · {}", r.logical_id, short_type(&r.resource_type));
    let mut node = NodeSpec::new(resource_id(&stack.id, &r.logical_id), label, "resource")
        .state(resource_state(r))
        .detail("Logical ID", &r.logical_id)
        .detail("Type", &r.resource_type)
        .detail("Physical ID", r.physical_id.as_deref().unwrap_or("—"))
        .detail("Status", resource_state(r));
    if let Some(reason) = &r.reason {
        node = node.detail("Status reason", reason);
    }
    for (dep, kind) in dependency_kinds(t, r) {
        node = node.detail("Needs", format!("{dep} ({})", kind.label()));
    }
    for (k, v) in &r.attributes {
        node = node.detail(format!("Attribute {k}"), v);
    }
    // Resolved properties once created; the template's before that.
    let props = match &r.properties {
        serde_json::Value::Object(_) => r.properties.clone(),
        _ => t
            .and_then(|t| t.resource(&r.logical_id))
            .and_then(|d| d.properties.as_ref())
            .map(|p| p.to_json())
            .unwrap_or(serde_json::Value::Null),
    };
    if let serde_json::Value::Object(map) = &props {
        for (k, v) in map {
            node = node.detail(format!("Property {k}"), compact(v));
        }
    }
    let events = stack.events.iter().rev().filter(|e| e.logical_id == r.logical_id).take(EVENTS_SHOWN);
    for e in events {
        let reason = e.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
        node = node.detail(format!("Event {}", clock(e.timestamp)), format!("{}{reason}", e.status));
    }
    node
}

#[cfg(test)]
mod tests;
