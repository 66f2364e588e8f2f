//! The dependency graph: which resources a stack creates (their Condition holds), what each
//! waits for (Ref, Fn::GetAtt, Fn::Sub and DependsOn), refusal of cycles and unresolved
//! references with AWS's messages, and the waves of resources that can be created together.

use super::intrinsics::{check, Refs, Scope, PSEUDO_PARAMETERS};
use super::{conditions, Pos, Template, TemplateError};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, PartialEq)]
pub struct PlannedResource {
    pub logical_id: String,
    pub resource_type: String,
    /// Logical ids this resource waits for, in template order.
    pub deps: Vec<String>,
    /// 0 for resources that wait for nothing; otherwise one more than the deepest dependency.
    pub wave: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub conditions: BTreeMap<String, bool>,
    /// The resources the stack creates, in template order.
    pub resources: Vec<PlannedResource>,
    /// Logical ids by wave: everything in a wave can be created at the same time.
    pub waves: Vec<Vec<String>>,
    /// The outputs whose Condition holds, in template order.
    pub outputs: Vec<String>,
}

impl Plan {
    pub fn resource(&self, id: &str) -> Option<&PlannedResource> {
        self.resources.iter().find(|r| r.logical_id == id)
    }
}

/// The GetAtt attributes a resource type has; `None` for a type nobody simulates.
pub type AttributeCatalog<'a> = &'a dyn Fn(&str) -> Option<&'static [&'static str]>;

struct Unresolved {
    names: Vec<String>,
    pos: Option<Pos>,
}

impl Unresolved {
    fn add(&mut self, name: &str, pos: Pos) {
        if !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_string());
        }
        self.pos.get_or_insert(pos);
    }
    fn error(self, block: &str) -> Result<(), TemplateError> {
        if self.names.is_empty() {
            return Ok(());
        }
        Err(TemplateError::format(
            format!(
                "Unresolved resource dependencies [{}] in the {block} block of the template",
                self.names.join(", ")
            ),
            self.pos,
        ))
    }
}

/// Plans the stack. With `conditions` (values known), resources whose Condition is false are
/// left out and Fn::If follows the chosen branch; without (ValidateTemplate), every resource and
/// both branches count.
pub fn plan(
    template: &Template,
    condition_values: Option<&BTreeMap<String, bool>>,
    catalog: AttributeCatalog<'_>,
) -> Result<Plan, TemplateError> {
    conditions::check_all(template)?;
    let condition_holds = |name: &str, pos: Pos| -> Result<bool, TemplateError> {
        if template.condition(name).is_none() {
            return Err(TemplateError::format(format!("Unresolved condition dependency {name}"), Some(pos)));
        }
        Ok(condition_values.is_none_or(|c| c.get(name).copied().unwrap_or(false)))
    };
    let mut active: Vec<usize> = Vec::new();
    for (i, r) in template.resources.iter().enumerate() {
        let on = match &r.condition {
            None => true,
            Some((c, pos)) => condition_holds(c, *pos)?,
        };
        if on {
            active.push(i);
        }
    }
    let index: HashMap<&str, usize> =
        active.iter().enumerate().map(|(n, &i)| (template.resources[i].logical_id.as_str(), n)).collect();
    let is_param = |name: &str| template.parameter(name).is_some() || PSEUDO_PARAMETERS.contains(&name);

    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); active.len()];
    let mut unresolved = Unresolved { names: Vec::new(), pos: None };
    for (n, &i) in active.iter().enumerate() {
        let r = &template.resources[i];
        let mut refs = Refs::default();
        if let Some(p) = &r.properties {
            check(p, Scope::Resources, condition_values, &mut refs)?;
        }
        let mut add_dep = |target: usize| {
            if !deps[n].contains(&target) {
                deps[n].push(target);
            }
        };
        for (name, pos) in &refs.names {
            if is_param(name) {
                continue;
            }
            match index.get(name.as_str()) {
                Some(&t) => add_dep(t),
                None => unresolved.add(name, *pos),
            }
        }
        for (id, attr, pos) in &refs.attributes {
            let Some(def) = template.resource(id) else {
                return Err(TemplateError::at(
                    format!("Template error: instance of Fn::GetAtt references undefined resource {id}"),
                    *pos,
                ));
            };
            check_attribute(catalog, id, &def.resource_type, attr, *pos)?;
            match index.get(id.as_str()) {
                Some(&t) => add_dep(t),
                None => unresolved.add(id, *pos),
            }
        }
        for (name, pos) in &r.depends_on {
            match index.get(name.as_str()) {
                Some(&t) => add_dep(t),
                None => unresolved.add(name, *pos),
            }
        }
        check_refs_extra(template, &refs)?;
        crate::sort::sort(&mut deps[n]);
    }
    unresolved.error("Resources")?;

    let mut outputs = Vec::new();
    let mut unresolved = Unresolved { names: Vec::new(), pos: None };
    for o in &template.outputs {
        if let Some((c, pos)) = &o.condition {
            if !condition_holds(c, *pos)? {
                continue;
            }
        }
        let mut refs = Refs::default();
        check(&o.value, Scope::Outputs, condition_values, &mut refs)?;
        if let Some(e) = &o.export_name {
            check(e, Scope::Outputs, condition_values, &mut refs)?;
        }
        for (name, pos) in &refs.names {
            if !is_param(name) && !index.contains_key(name.as_str()) {
                unresolved.add(name, *pos);
            }
        }
        for (id, attr, pos) in &refs.attributes {
            let Some(def) = template.resource(id) else {
                return Err(TemplateError::at(
                    format!("Template error: instance of Fn::GetAtt references undefined resource {id}"),
                    *pos,
                ));
            };
            check_attribute(catalog, id, &def.resource_type, attr, *pos)?;
            if !index.contains_key(id.as_str()) {
                unresolved.add(id, *pos);
            }
        }
        check_refs_extra(template, &refs)?;
        outputs.push(o.logical_id.clone());
    }
    unresolved.error("Outputs")?;

    let order = topological(&deps).map_err(|cycle| {
        let names: Vec<&str> = cycle.iter().map(|&n| template.resources[active[n]].logical_id.as_str()).collect();
        let pos = cycle.first().map(|&n| template.resources[active[n]].pos);
        TemplateError::new(format!("Circular dependency between resources: [{}]", names.join(", ")), pos)
    })?;
    let mut wave = vec![0usize; active.len()];
    for &n in &order {
        wave[n] = deps[n].iter().map(|&d| wave[d] + 1).max().unwrap_or(0);
    }
    let depth = wave.iter().copied().max().map_or(0, |m| m + 1);
    let mut waves: Vec<Vec<String>> = vec![Vec::new(); depth];
    let resources: Vec<PlannedResource> = active
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let r = &template.resources[i];
            waves[wave[n]].push(r.logical_id.clone());
            PlannedResource {
                logical_id: r.logical_id.clone(),
                resource_type: r.resource_type.clone(),
                deps: deps[n].iter().map(|&d| template.resources[active[d]].logical_id.clone()).collect(),
                wave: wave[n],
            }
        })
        .collect();
    Ok(Plan { conditions: condition_values.cloned().unwrap_or_default(), resources, waves, outputs })
}

fn check_attribute(
    catalog: AttributeCatalog<'_>,
    id: &str,
    resource_type: &str,
    attr: &str,
    pos: Pos,
) -> Result<(), TemplateError> {
    if attr.is_empty() {
        return Ok(()); // named by a function; checked when evaluated
    }
    match catalog(resource_type) {
        Some(attrs) if !attrs.contains(&attr) => Err(TemplateError::at(
            format!("Template error: resource {id} does not support attribute type {attr} in Fn::GetAtt"),
            pos,
        )),
        _ => Ok(()),
    }
}

/// Fn::If conditions must exist, and Fn::ImportValue may not depend on resources.
fn check_refs_extra(template: &Template, refs: &Refs) -> Result<(), TemplateError> {
    for (c, pos) in &refs.conditions {
        if template.condition(c).is_none() {
            return Err(TemplateError::at(
                format!("Template error: unresolved condition dependency {c} in Fn::If"),
                *pos,
            ));
        }
    }
    for (map, pos) in &refs.mappings {
        if template.mapping(map).is_none() {
            return Err(TemplateError::at(
                format!("Template error: Mapping named '{map}' is not present in the 'Mappings' section of template."),
                *pos,
            ));
        }
    }
    for (name, pos) in &refs.import_names {
        if template.resource(name).is_some() {
            return Err(TemplateError::at(
                "Template error: the attribute in Fn::ImportValue must not depend on any resources, imported values, or Fn::GetAZs",
                *pos,
            ));
        }
    }
    Ok(())
}

/// Kahn's algorithm over "n waits for deps[n]". On a cycle, the nodes on cycles (and between
/// them), in template order.
fn topological(deps: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = deps.len();
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[d].push(i);
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut ready: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    ready.reverse();
    while let Some(i) = ready.pop() {
        order.push(i);
        for &j in &dependents[i] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.push(j);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Left: nodes on cycles and nodes that wait for them. Trim the ones nothing left waits for.
    let mut left: Vec<bool> = waiting.iter().map(|&w| w > 0).collect();
    loop {
        let mut changed = false;
        for i in 0..n {
            if left[i] && !dependents[i].iter().any(|&j| left[j]) {
                left[i] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Err((0..n).filter(|&i| left[i]).collect())
}
