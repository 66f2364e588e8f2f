//! The Conditions section: checked (conditions may refer to parameters, mappings and other
//! conditions, never to resources) and evaluated once per stack from its parameter values.

use super::intrinsics::{check, Ctx, Lookup, Pseudo, Refs, Scope, PSEUDO_PARAMETERS};
use super::{ParamValue, Pos, Template, TemplateError};
use std::collections::BTreeMap;

/// Checks every condition's functions and references.
pub fn check_all(template: &Template) -> Result<(), TemplateError> {
    for (key, node) in &template.conditions {
        let mut refs = Refs::default();
        check(node, Scope::Conditions, None, &mut refs)?;
        let mut bad: Vec<&str> = Vec::new();
        for (name, _) in &refs.names {
            if template.parameter(name).is_none()
                && !PSEUDO_PARAMETERS.contains(&name.as_str())
                && !bad.contains(&name.as_str())
            {
                bad.push(name);
            }
        }
        if !bad.is_empty() {
            let pos = refs.names.iter().find(|(n, _)| n == bad[0]).map(|(_, p)| *p);
            return Err(TemplateError::format(
                format!(
                    "Unresolved dependencies [{}]. Cannot reference resources in the Conditions block of the template",
                    bad.join(", ")
                ),
                pos,
            ));
        }
        for (map, pos) in &refs.mappings {
            if template.mapping(map).is_none() {
                return Err(TemplateError::at(
                    format!(
                        "Template error: Mapping named '{map}' is not present in the 'Mappings' section of template."
                    ),
                    *pos,
                ));
            }
        }
        for (c, pos) in &refs.conditions {
            if template.condition(c).is_none() {
                return Err(TemplateError::format(
                    format!("Unresolved condition dependency {c} in condition {}", key.name),
                    Some(*pos),
                ));
            }
        }
        if node.single_key().is_none_or(|(k, _)| {
            !matches!(k.name.as_str(), "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition")
        }) {
            return Err(TemplateError::format(
                format!("Condition {} must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", key.name),
                Some(node.pos),
            ));
        }
    }
    Ok(())
}

/// Every condition's value for these parameter values. A condition that refers back to itself
/// through others is refused.
pub fn evaluate(
    template: &Template,
    params: &BTreeMap<String, ParamValue>,
    pseudo: &Pseudo,
    lookup: &dyn Lookup,
) -> Result<BTreeMap<String, bool>, TemplateError> {
    let mut done: BTreeMap<String, bool> = BTreeMap::new();
    for (key, _) in &template.conditions {
        let mut visiting = Vec::new();
        eval_one(template, params, pseudo, lookup, &key.name, key.pos, &mut done, &mut visiting)?;
    }
    Ok(done)
}

#[allow(clippy::too_many_arguments)]
fn eval_one(
    template: &Template,
    params: &BTreeMap<String, ParamValue>,
    pseudo: &Pseudo,
    lookup: &dyn Lookup,
    name: &str,
    pos: Pos,
    done: &mut BTreeMap<String, bool>,
    visiting: &mut Vec<String>,
) -> Result<bool, TemplateError> {
    if let Some(v) = done.get(name) {
        return Ok(*v);
    }
    if visiting.iter().any(|v| v == name) {
        visiting.push(name.to_string());
        return Err(TemplateError::format(
            format!("Circular dependency between conditions: [{}]", visiting.join(", ")),
            Some(pos),
        ));
    }
    let Some(node) = template.condition(name) else {
        return Err(TemplateError::format(format!("Unresolved condition dependency {name}"), Some(pos)));
    };
    visiting.push(name.to_string());
    let empty = BTreeMap::new();
    let ctx = Ctx { template, params, pseudo, conditions: &empty, lookup };
    let value = {
        let mut resolve = |other: &str, at: Pos| -> Result<bool, TemplateError> {
            eval_one(template, params, pseudo, lookup, other, at, done, visiting)
        };
        ctx.condition(node, &mut resolve)?
    };
    visiting.pop();
    done.insert(name.to_string(), value);
    Ok(value)
}
