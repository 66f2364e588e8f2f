//! What an update changes: the new template and parameters against the running stack. Shared by
//! UpdateStack (which then runs the changes) and CreateChangeSet (which shows them).
//!
//! New properties are resolved with the stack's current values, except that a reference to a
//! resource the update adds or replaces resolves to a marker: whatever property holds it changes,
//! and if that property requires replacement, the resource is replaced too.

use super::stacks::injected_failure;
use super::validate::Prepared;
use crate::services::cloudformation::jobs::{pseudo, StackLookup};
use crate::services::cloudformation::model::*;
use crate::services::cloudformation::providers;
use crate::services::cloudformation::template::intrinsics::{Ctx, Lookup};
use crate::world::World;
use serde_json::{Map, Value as Json};
use std::collections::BTreeSet;

const MARK: &str = "<<nimbus-changes:";

/// The stack's values, with a marker for resources the update adds or replaces.
struct Changing<'a> {
    inner: StackLookup<'a>,
    changing: &'a BTreeSet<String>,
}

impl Lookup for Changing<'_> {
    fn ref_value(&self, logical_id: &str) -> Option<String> {
        if self.changing.contains(logical_id) {
            return Some(format!("{MARK}{logical_id}>>"));
        }
        self.inner.ref_value(logical_id)
    }
    fn attribute(&self, logical_id: &str, attribute: &str) -> Option<String> {
        if self.changing.contains(logical_id) {
            return Some(format!("{MARK}{logical_id}.{attribute}>>"));
        }
        self.inner.attribute(logical_id, attribute)
    }
    fn export(&self, name: &str) -> Option<String> {
        self.inner.export(name)
    }
}

/// The resource a marker in `v` names, if any.
fn marked(v: Option<&Json>) -> Option<String> {
    let text = v?.to_string();
    let start = text.find(MARK)? + MARK.len();
    let rest = &text[start..];
    let end = rest.find(['.', '>'])?;
    Some(rest[..end].to_string())
}

/// The changes, in the new template's order and then the removed resources; each with its
/// action for the update engine. `Err` is a ValidationError message.
pub(crate) fn diff(
    world: &World,
    stack: &Stack,
    prepared: &Prepared,
) -> Result<Vec<(ChangeAction, ResourceChangeRecord)>, String> {
    let t = &prepared.template;
    let old_t = crate::services::cloudformation::template::read(&stack.template_body).ok();
    let params: std::collections::BTreeMap<_, _> = prepared.params.iter().cloned().collect();
    let pseudo = pseudo(stack);
    let mut changing = BTreeSet::new();
    let mut by_id: std::collections::BTreeMap<String, (ChangeAction, ResourceChangeRecord)> = Default::default();
    let type_changed: Vec<String> = prepared
        .plan
        .resources
        .iter()
        .filter(|p| stack.resource(&p.logical_id).is_some_and(|r| r.resource_type != p.resource_type))
        .map(|p| p.logical_id.clone())
        .collect();
    if !type_changed.is_empty() {
        return Err(format!(
            "Update of resource type is not permitted. The new template modifies resource type of the following \
             resources: [{}]",
            type_changed.join(", ")
        ));
    }
    for wave in &prepared.plan.waves {
        for id in wave {
            let Some(p) = prepared.plan.resources.iter().find(|p| &p.logical_id == id) else { continue };
            let def = t.resource(id);
            let Some(old) = stack.resource(id) else {
                changing.insert(id.clone());
                let record = ResourceChangeRecord {
                    action: "Add".into(),
                    logical_id: id.clone(),
                    physical_id: None,
                    resource_type: p.resource_type.clone(),
                    replacement: None,
                    scope: Vec::new(),
                    details: Vec::new(),
                };
                by_id.insert(id.clone(), (ChangeAction::Add, record));
                continue;
            };
            let new_props = {
                let lookup = Changing {
                    inner: StackLookup { stack: Some(stack), state: &world.cloudformation, region: &stack.region },
                    changing: &changing,
                };
                let ctx = Ctx {
                    template: t,
                    params: &params,
                    pseudo: &pseudo,
                    conditions: &prepared.conditions,
                    lookup: &lookup,
                };
                match def.and_then(|d| d.properties.as_ref()) {
                    None => Map::new(),
                    Some(n) => match ctx.eval(n).map_err(|e| e.message)? {
                        Some(Json::Object(m)) => m,
                        _ => Map::new(),
                    },
                }
            };
            let empty = Map::new();
            let old_props = old.properties.as_object().unwrap_or(&empty);
            let replacing = providers::provider(&p.resource_type).map_or(&[][..], |pr| pr.replacement_properties());
            let keys: BTreeSet<&String> = old_props.keys().chain(new_props.keys()).collect();
            let mut details = Vec::new();
            for k in keys {
                let (a, b) = (old_props.get(k), new_props.get(k));
                if a == b {
                    continue;
                }
                let raw = |tpl: Option<&crate::services::cloudformation::template::Template>| {
                    tpl.and_then(|t| t.resource(id))
                        .and_then(|d| d.properties.as_ref())
                        .and_then(|n| n.get(k))
                        .map(|n| n.to_json())
                };
                let (source, evaluation, causing) = match marked(b) {
                    Some(by) => ("ResourceReference", "Static", Some(by)),
                    None if a.is_some() && b.is_some() && raw(old_t.as_ref()) == raw(Some(t)) => {
                        ("ParameterReference", "Static", None)
                    }
                    None => ("DirectModification", "Static", None),
                };
                details.push(ChangeDetail {
                    attribute: "Properties".into(),
                    name: Some(k.clone()),
                    requires_recreation: if replacing.contains(&k.as_str()) { "Always" } else { "Never" }.into(),
                    evaluation: evaluation.into(),
                    change_source: source.into(),
                    causing_entity: causing,
                });
            }
            let mut scope = Vec::new();
            if !details.is_empty() {
                scope.push("Properties".to_string());
            }
            if injected_failure(def.and_then(|d| d.metadata.as_ref())) != old.inject_failure {
                scope.push("Metadata".into());
                details.push(ChangeDetail {
                    attribute: "Metadata".into(),
                    name: None,
                    requires_recreation: "Never".into(),
                    evaluation: "Static".into(),
                    change_source: "DirectModification".into(),
                    causing_entity: None,
                });
            }
            if details.is_empty() {
                continue;
            }
            let replace = details.iter().any(|d| d.requires_recreation == "Always");
            if replace {
                changing.insert(id.clone());
            }
            let record = ResourceChangeRecord {
                action: "Modify".into(),
                logical_id: id.clone(),
                physical_id: old.physical_id.clone(),
                resource_type: p.resource_type.clone(),
                replacement: Some(if replace { "True" } else { "False" }.into()),
                scope,
                details,
            };
            by_id.insert(id.clone(), (if replace { ChangeAction::Replace } else { ChangeAction::Modify }, record));
        }
    }
    let mut out: Vec<(ChangeAction, ResourceChangeRecord)> =
        prepared.plan.resources.iter().filter_map(|p| by_id.remove(&p.logical_id)).collect();
    for r in &stack.resources {
        if prepared.plan.resources.iter().all(|p| p.logical_id != r.logical_id) {
            out.push((
                ChangeAction::Remove,
                ResourceChangeRecord {
                    action: "Remove".into(),
                    logical_id: r.logical_id.clone(),
                    physical_id: r.physical_id.clone(),
                    resource_type: r.resource_type.clone(),
                    replacement: None,
                    scope: Vec::new(),
                    details: Vec::new(),
                },
            ));
        }
    }
    Ok(out)
}
