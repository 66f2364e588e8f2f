//! Intrinsic functions and pseudo parameters: a static check (shapes, and what each value
//! refers to, which gives the dependency graph) and the evaluation that turns a template value
//! into the JSON a resource provider reads. `AWS::NoValue` evaluates to nothing, and the
//! containers drop it.

use super::params::ParamValue;
use super::{Key, Node, Pos, Template, TemplateError, V};
use base64::Engine;
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

const SUPPORTED: &str = "[Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, \
Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, \
Fn::EachMemberIn, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr]";

/// Where a value sits: the functions allowed differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Resources,
    Outputs,
    Conditions,
}

impl Scope {
    pub fn block(self) -> &'static str {
        match self {
            Scope::Resources => "Resources",
            Scope::Outputs => "Outputs",
            Scope::Conditions => "Conditions",
        }
    }
}

/// What a value refers to, found without evaluating it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refs {
    /// `Ref` targets and `${Name}` variables of Fn::Sub.
    pub names: Vec<(String, Pos)>,
    /// `Fn::GetAtt` (and `${Id.Attr}`) targets.
    pub attributes: Vec<(String, String, Pos)>,
    /// Condition names used by `Fn::If` and `Condition`.
    pub conditions: Vec<(String, Pos)>,
    /// Names Fn::ImportValue arguments refer to (they may not be resources).
    pub import_names: Vec<(String, Pos)>,
    /// Mapping names Fn::FindInMap names literally.
    pub mappings: Vec<(String, Pos)>,
}

fn is_function_name(name: &str, scope: Scope) -> bool {
    name == "Ref" || name.starts_with("Fn::") || (scope == Scope::Conditions && name == "Condition")
}

fn err(message: impl Into<String>, pos: Pos) -> TemplateError {
    TemplateError::at(message, pos)
}

fn unsupported(name: &str, pos: Pos) -> TemplateError {
    TemplateError::format(
        format!("Encountered unsupported function: {name} Supported functions are: {SUPPORTED}"),
        Some(pos),
    )
}

/// A `${…}` piece of an Fn::Sub string.
#[derive(Clone, Debug, PartialEq)]
pub enum SubPart {
    Text(String),
    Var(String),
}

/// Splits an Fn::Sub string into text and variables; `${!Name}` is the literal `${Name}`.
pub fn sub_parts(s: &str) -> Vec<SubPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let inner = &after[..end];
                if let Some(lit) = inner.strip_prefix('!') {
                    text.push_str("${");
                    text.push_str(lit);
                    text.push('}');
                } else {
                    if !text.is_empty() {
                        parts.push(SubPart::Text(std::mem::take(&mut text)));
                    }
                    parts.push(SubPart::Var(inner.trim().to_string()));
                }
                rest = &after[end + 1..];
            }
            None => {
                text.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(SubPart::Text(text));
    }
    parts
}

fn list_of(arg: &Node, n: usize) -> Option<&[Node]> {
    arg.as_list().filter(|l| l.len() == n)
}

fn is_call(node: &Node, scope: Scope) -> bool {
    node.single_key().is_some_and(|(k, _)| is_function_name(&k.name, scope))
}

/// Checks the shapes of every function in `node` and records what it refers to. With
/// `conditions`, Fn::If follows only the branch its condition picks (as CloudFormation does).
pub fn check(
    node: &Node,
    scope: Scope,
    conditions: Option<&BTreeMap<String, bool>>,
    out: &mut Refs,
) -> Result<(), TemplateError> {
    match &node.v {
        V::Null | V::Str(_) => Ok(()),
        V::List(l) => l.iter().try_for_each(|x| check(x, scope, conditions, out)),
        V::Map(m) => match node.single_key() {
            Some((k, arg)) if is_function_name(&k.name, scope) => check_call(k, arg, scope, conditions, out),
            _ => m.iter().try_for_each(|(_, v)| check(v, scope, conditions, out)),
        },
    }
}

fn check_call(
    k: &Key,
    arg: &Node,
    scope: Scope,
    conditions: Option<&BTreeMap<String, bool>>,
    out: &mut Refs,
) -> Result<(), TemplateError> {
    let pos = k.pos;
    let name = k.name.as_str();
    let value_fn = |n: &Node, out: &mut Refs| -> Result<(), TemplateError> { check(n, scope, conditions, out) };
    match name {
        "Ref" => match arg.as_str() {
            Some(target) if !target.is_empty() => {
                out.names.push((target.to_string(), arg.pos));
                Ok(())
            }
            _ => Err(TemplateError::format("Every Ref object must have a single String value.", Some(pos))),
        },
        "Fn::GetAtt" => {
            let bad = || {
                err("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute", pos)
            };
            if scope == Scope::Conditions {
                return Err(conditions_reference(arg, pos));
            }
            let (id, attr) = match &arg.v {
                V::Str(s) => s.split_once('.').ok_or_else(bad)?,
                V::List(l) if l.len() == 2 => {
                    let id = l[0].as_str().filter(|s| !s.is_empty()).ok_or_else(bad)?;
                    match &l[1].v {
                        V::Str(a) if !a.is_empty() => (id, a.as_str()),
                        V::Map(_) if is_call(&l[1], scope) => {
                            value_fn(&l[1], out)?;
                            out.attributes.push((id.to_string(), String::new(), arg.pos));
                            return Ok(());
                        }
                        _ => return Err(bad()),
                    }
                }
                _ => return Err(bad()),
            };
            if id.is_empty() || attr.is_empty() {
                return Err(bad());
            }
            out.attributes.push((id.to_string(), attr.to_string(), arg.pos));
            Ok(())
        }
        "Fn::Sub" => {
            let bad = || {
                err(
                    "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a \
                     string as first argument, and an optional second argument to specify a mapping of values to replace \
                     in the string",
                    pos,
                )
            };
            let (text, vars) = match &arg.v {
                V::Str(s) => (s.as_str(), None),
                V::List(l) if l.len() == 2 => {
                    let s = l[0].as_str().ok_or_else(bad)?;
                    let vars = l[1].as_map().ok_or_else(bad)?;
                    (s, Some(vars))
                }
                _ => return Err(bad()),
            };
            if let Some(vars) = vars {
                for (_, v) in vars {
                    value_fn(v, out)?;
                }
            }
            for part in sub_parts(text) {
                let SubPart::Var(var) = part else { continue };
                if vars.is_some_and(|vs| vs.iter().any(|(k, _)| k.name == var)) {
                    continue;
                }
                if var.is_empty() {
                    return Err(bad());
                }
                match var.split_once('.') {
                    Some((id, attr)) if !id.starts_with("AWS::") => {
                        if scope == Scope::Conditions {
                            return Err(conditions_reference(arg, pos));
                        }
                        out.attributes.push((id.to_string(), attr.to_string(), arg.pos))
                    }
                    _ => out.names.push((var, arg.pos)),
                }
            }
            Ok(())
        }
        "Fn::Join" => {
            let bad = || {
                err("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.", pos)
            };
            let l = list_of(arg, 2).ok_or_else(bad)?;
            if l[0].as_str().is_none() {
                return Err(bad());
            }
            match &l[1].v {
                V::List(items) => items.iter().try_for_each(|x| value_fn(x, out)),
                V::Map(_) if is_call(&l[1], scope) => value_fn(&l[1], out),
                _ => Err(bad()),
            }
        }
        "Fn::Select" => {
            let bad = || {
                err("Template error: Fn::Select requires a list argument with two elements: an integer index and a list", pos)
            };
            let l = list_of(arg, 2).ok_or_else(bad)?;
            match &l[0].v {
                V::Str(s) if s.trim().parse::<i64>().is_ok() => {}
                V::Str(_) => return Err(err("Template error: Fn::Select requires an integer index", l[0].pos)),
                V::Map(_) if is_call(&l[0], scope) => value_fn(&l[0], out)?,
                _ => return Err(bad()),
            }
            match &l[1].v {
                V::List(items) => items.iter().try_for_each(|x| value_fn(x, out)),
                V::Map(_) if is_call(&l[1], scope) => value_fn(&l[1], out),
                _ => Err(bad()),
            }
        }
        "Fn::Split" => {
            let bad = || {
                err("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.", pos)
            };
            let l = list_of(arg, 2).ok_or_else(bad)?;
            if l[0].as_str().is_none_or(str::is_empty) {
                return Err(bad());
            }
            match &l[1].v {
                V::Str(_) => Ok(()),
                V::Map(_) if is_call(&l[1], scope) => value_fn(&l[1], out),
                _ => Err(bad()),
            }
        }
        "Fn::FindInMap" => {
            let bad = || {
                err("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value", pos)
            };
            let l = list_of(arg, 3).ok_or_else(bad)?;
            for x in l {
                match &x.v {
                    V::Str(_) => {}
                    V::Map(_) if is_call(x, scope) => value_fn(x, out)?,
                    _ => return Err(bad()),
                }
            }
            if let Some(map) = l[0].as_str() {
                out.mappings.push((map.to_string(), l[0].pos));
            }
            Ok(())
        }
        "Fn::If" => {
            let bad = || err("Template error: Fn::If requires a list argument with three elements", pos);
            let l = list_of(arg, 3).ok_or_else(bad)?;
            let cond = l[0].as_str().ok_or_else(bad)?;
            out.conditions.push((cond.to_string(), l[0].pos));
            match conditions.and_then(|c| c.get(cond)) {
                Some(true) => value_fn(&l[1], out),
                Some(false) => value_fn(&l[2], out),
                None => {
                    value_fn(&l[1], out)?;
                    value_fn(&l[2], out)
                }
            }
        }
        "Fn::Base64" => value_fn(arg, out),
        "Fn::GetAZs" => match &arg.v {
            V::Str(_) | V::Null => Ok(()),
            V::Map(_) if is_call(arg, scope) => value_fn(arg, out),
            _ => Err(err(
                "Template error: Fn::GetAZs requires a string (a region name, or '' for the stack's region)",
                pos,
            )),
        },
        "Fn::ImportValue" => {
            if scope == Scope::Conditions {
                return Err(unsupported(name, pos));
            }
            let mut inner = Refs::default();
            match &arg.v {
                V::Str(_) => {}
                V::Map(_) if is_call(arg, scope) => check(arg, scope, conditions, &mut inner)?,
                _ => return Err(err("Template error: Fn::ImportValue requires the name of an export", pos)),
            }
            if !inner.attributes.is_empty() {
                return Err(import_depends(pos));
            }
            out.import_names.extend(inner.names);
            out.conditions.extend(inner.conditions);
            Ok(())
        }
        "Fn::Cidr" => {
            let bad = || {
                err("Template error: every Fn::Cidr object requires three parameters: an IP block, a count of subnets and the number of subnet bits", pos)
            };
            let l = list_of(arg, 3).ok_or_else(bad)?;
            for x in l {
                match &x.v {
                    V::Str(_) => {}
                    V::Map(_) if is_call(x, scope) => value_fn(x, out)?,
                    _ => return Err(bad()),
                }
            }
            Ok(())
        }
        "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition" if scope != Scope::Conditions => {
            Err(TemplateError::format(
                format!("{name} can only be used in the Conditions block of the template"),
                Some(pos),
            ))
        }
        "Fn::Equals" => {
            let l = list_of(arg, 2).ok_or_else(|| {
                err("Template error: every Fn::Equals object requires a list of 2 string parameters.", pos)
            })?;
            l.iter().try_for_each(|x| value_fn(x, out))
        }
        "Fn::And" | "Fn::Or" => {
            let l = arg.as_list().filter(|l| (2..=10).contains(&l.len())).ok_or_else(|| {
                err(format!("Template error: every {name} object requires a list of at least 2 and at most 10 boolean parameters."), pos)
            })?;
            l.iter().try_for_each(|x| check_condition_operand(x, out, conditions))
        }
        "Fn::Not" => {
            let l = list_of(arg, 1).ok_or_else(|| {
                err("Template error: every Fn::Not object requires a list of one boolean parameter.", pos)
            })?;
            check_condition_operand(&l[0], out, conditions)
        }
        "Condition" => match arg.as_str() {
            Some(c) => {
                out.conditions.push((c.to_string(), arg.pos));
                Ok(())
            }
            None => Err(err("Template error: every Condition object requires the name of a condition", pos)),
        },
        _ => Err(unsupported(name, pos)),
    }
}

fn check_condition_operand(
    x: &Node,
    out: &mut Refs,
    conditions: Option<&BTreeMap<String, bool>>,
) -> Result<(), TemplateError> {
    match x.single_key() {
        Some((k, _)) if matches!(k.name.as_str(), "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" | "Condition") => {
            check(x, Scope::Conditions, conditions, out)
        }
        _ => Err(err(
            "Template error: condition functions take conditions: Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
            x.pos,
        )),
    }
}

fn conditions_reference(arg: &Node, pos: Pos) -> TemplateError {
    let id = match &arg.v {
        V::Str(s) => s.split('.').next().unwrap_or_default().to_string(),
        V::List(l) => l.first().and_then(Node::as_str).unwrap_or_default().to_string(),
        _ => String::new(),
    };
    TemplateError::format(
        format!("Unresolved dependencies [{id}]. Cannot reference resources in the Conditions block of the template"),
        Some(pos),
    )
}

fn import_depends(pos: Pos) -> TemplateError {
    err(
        "Template error: the attribute in Fn::ImportValue must not depend on any resources, imported values, or Fn::GetAZs",
        pos,
    )
}

// ----------------------------------------------------------------------------- evaluation

/// The values pseudo parameters take in one stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Pseudo {
    pub account_id: String,
    pub region: String,
    pub stack_id: String,
    pub stack_name: String,
    pub notification_arns: Vec<String>,
}

impl Pseudo {
    pub fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }
    pub fn url_suffix(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        }
    }
    /// `None` for AWS::NoValue; an error for a name that is no pseudo parameter.
    fn value(&self, name: &str) -> Option<Option<Json>> {
        Some(match name {
            "AWS::AccountId" => Some(Json::String(self.account_id.clone())),
            "AWS::Region" => Some(Json::String(self.region.clone())),
            "AWS::StackId" => Some(Json::String(self.stack_id.clone())),
            "AWS::StackName" => Some(Json::String(self.stack_name.clone())),
            "AWS::Partition" => Some(Json::String(self.partition().into())),
            "AWS::URLSuffix" => Some(Json::String(self.url_suffix().into())),
            "AWS::NotificationARNs" => {
                Some(Json::Array(self.notification_arns.iter().cloned().map(Json::String).collect()))
            }
            "AWS::NoValue" => None,
            _ => return None,
        })
    }
}

/// What a stack knows about its own resources and the account's exports while it runs.
pub trait Lookup {
    /// The `Ref` value of a resource that has been created.
    fn ref_value(&self, logical_id: &str) -> Option<String>;
    /// An `Fn::GetAtt` value of a created resource.
    fn attribute(&self, logical_id: &str, attribute: &str) -> Option<String>;
    /// The value of an export of another stack in the region.
    fn export(&self, name: &str) -> Option<String>;
}

/// Nothing created yet and no exports (ValidateTemplate, conditions).
pub struct NoResources;

impl Lookup for NoResources {
    fn ref_value(&self, _: &str) -> Option<String> {
        None
    }
    fn attribute(&self, _: &str, _: &str) -> Option<String> {
        None
    }
    fn export(&self, _: &str) -> Option<String> {
        None
    }
}

pub struct Ctx<'a> {
    pub template: &'a Template,
    pub params: &'a BTreeMap<String, ParamValue>,
    pub pseudo: &'a Pseudo,
    pub conditions: &'a BTreeMap<String, bool>,
    pub lookup: &'a dyn Lookup,
}

fn text_of(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Ctx<'_> {
    /// The value of `node`; `None` when it is AWS::NoValue.
    pub fn eval(&self, node: &Node) -> Result<Option<Json>, TemplateError> {
        self.eval_in(node, Scope::Resources)
    }

    fn eval_in(&self, node: &Node, scope: Scope) -> Result<Option<Json>, TemplateError> {
        Ok(Some(match &node.v {
            V::Null => Json::Null,
            V::Str(s) => Json::String(s.clone()),
            V::List(l) => {
                let mut out = Vec::with_capacity(l.len());
                for x in l {
                    if let Some(v) = self.eval_in(x, scope)? {
                        out.push(v);
                    }
                }
                Json::Array(out)
            }
            V::Map(m) => {
                if let Some((k, arg)) = node.single_key() {
                    if is_function_name(&k.name, scope) {
                        return self.call(k, arg, scope);
                    }
                }
                let mut out = serde_json::Map::new();
                for (k, v) in m {
                    if let Some(v) = self.eval_in(v, scope)? {
                        out.insert(k.name.clone(), v);
                    }
                }
                Json::Object(out)
            }
        }))
    }

    /// A value that must be a string (numbers and booleans count as their text).
    fn string(&self, node: &Node, scope: Scope, what: &str, pos: Pos) -> Result<String, TemplateError> {
        match self.eval_in(node, scope)? {
            Some(v) => text_of(&v).ok_or_else(|| err(format!("Template error: {what} must be a string"), pos)),
            None => Err(err(format!("Template error: {what} must be a string"), pos)),
        }
    }

    fn list(&self, node: &Node, scope: Scope, what: &str, pos: Pos) -> Result<Vec<Json>, TemplateError> {
        match self.eval_in(node, scope)? {
            Some(Json::Array(a)) => Ok(a),
            _ => Err(err(format!("Template error: {what} must be a list"), pos)),
        }
    }

    fn reference(&self, target: &str, pos: Pos) -> Result<Option<Json>, TemplateError> {
        if let Some(v) = self.params.get(target) {
            return Ok(Some(v.to_json()));
        }
        if let Some(v) = self.pseudo.value(target) {
            return Ok(v);
        }
        if let Some(v) = self.lookup.ref_value(target) {
            return Ok(Some(Json::String(v)));
        }
        Err(TemplateError::format(
            format!("Unresolved resource dependencies [{target}] in the Resources block of the template"),
            Some(pos),
        ))
    }

    fn get_att(&self, id: &str, attr: &str, pos: Pos) -> Result<Json, TemplateError> {
        let Some(def) = self.template.resource(id) else {
            return Err(err(format!("Template error: instance of Fn::GetAtt references undefined resource {id}"), pos));
        };
        self.lookup.attribute(id, attr).map(Json::String).ok_or_else(|| {
            err(format!("Template error: resource {id} does not support attribute type {attr} in Fn::GetAtt"), def.pos)
        })
    }

    fn call(&self, k: &Key, arg: &Node, scope: Scope) -> Result<Option<Json>, TemplateError> {
        let pos = k.pos;
        let s = |j: String| Ok(Some(Json::String(j)));
        match k.name.as_str() {
            "Ref" => {
                let target = arg.as_str().ok_or_else(|| {
                    TemplateError::format("Every Ref object must have a single String value.", Some(pos))
                })?;
                self.reference(target, arg.pos)
            }
            "Fn::GetAtt" => {
                let (id, attr) = match &arg.v {
                    V::Str(t) => match t.split_once('.') {
                        Some((a, b)) => (a.to_string(), b.to_string()),
                        None => (t.clone(), String::new()),
                    },
                    V::List(l) if l.len() == 2 => (
                        l[0].as_str().unwrap_or_default().to_string(),
                        self.string(&l[1], scope, "the Fn::GetAtt attribute name", l[1].pos)?,
                    ),
                    _ => (String::new(), String::new()),
                };
                if id.is_empty() || attr.is_empty() {
                    return Err(err("Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute", pos));
                }
                Ok(Some(self.get_att(&id, &attr, arg.pos)?))
            }
            "Fn::Sub" => {
                let (text, vars) = match &arg.v {
                    V::Str(t) => (t.as_str(), None),
                    V::List(l) if l.len() == 2 => (l[0].as_str().unwrap_or_default(), l[1].as_map()),
                    _ => ("", None),
                };
                let mut out = String::new();
                for part in sub_parts(text) {
                    match part {
                        SubPart::Text(t) => out.push_str(&t),
                        SubPart::Var(var) => {
                            let local = vars.and_then(|vs| vs.iter().find(|(k, _)| k.name == var));
                            let value = match local {
                                Some((_, v)) => self.string(v, scope, &format!("Fn::Sub variable {var}"), v.pos)?,
                                None => match var.split_once('.') {
                                    Some((id, attr)) if !id.starts_with("AWS::") => {
                                        let v = self.get_att(id, attr, arg.pos)?;
                                        text_of(&v).unwrap_or_default()
                                    }
                                    _ => match self.reference(&var, arg.pos)? {
                                        Some(v) => text_of(&v).ok_or_else(|| {
                                            err(format!("Template error: variable {var} in Fn::Sub expression does not resolve to a string"), arg.pos)
                                        })?,
                                        None => String::new(),
                                    },
                                },
                            };
                            out.push_str(&value);
                        }
                    }
                }
                s(out)
            }
            "Fn::Join" => {
                let l = list_of(arg, 2).unwrap_or_default();
                let (Some(delim), Some(items)) = (l.first().and_then(Node::as_str), l.get(1)) else {
                    return Err(err("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.", pos));
                };
                let values = self.list(items, scope, "the second Fn::Join parameter", items.pos)?;
                let mut parts = Vec::with_capacity(values.len());
                for v in &values {
                    parts.push(text_of(v).ok_or_else(|| {
                        err("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.", pos)
                    })?);
                }
                s(parts.join(delim))
            }
            "Fn::Select" => {
                let l = list_of(arg, 2).ok_or_else(|| {
                    err("Template error: Fn::Select requires a list argument with two elements: an integer index and a list", pos)
                })?;
                let index_text = self.string(&l[0], scope, "the Fn::Select index", l[0].pos)?;
                let index: i64 = index_text
                    .trim()
                    .parse()
                    .map_err(|_| err("Template error: Fn::Select requires an integer index", l[0].pos))?;
                let items = self.list(&l[1], scope, "the second Fn::Select parameter", l[1].pos)?;
                if index < 0 || index as usize >= items.len() {
                    return Err(err(
                        format!("Template error: Fn::Select cannot select nonexistent value at index {index}"),
                        pos,
                    ));
                }
                Ok(Some(items[index as usize].clone()))
            }
            "Fn::Split" => {
                let l = list_of(arg, 2).unwrap_or_default();
                let (Some(delim), Some(source)) = (l.first().and_then(Node::as_str), l.get(1)) else {
                    return Err(err("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.", pos));
                };
                if delim.is_empty() {
                    return Err(err("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.", pos));
                }
                let text = self.string(source, scope, "the string Fn::Split splits", source.pos)?;
                Ok(Some(Json::Array(text.split(delim).map(|p| Json::String(p.to_string())).collect())))
            }
            "Fn::FindInMap" => {
                let l = list_of(arg, 3).ok_or_else(|| {
                    err("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value", pos)
                })?;
                let map = self.string(&l[0], scope, "the Fn::FindInMap map name", l[0].pos)?;
                let top = self.string(&l[1], scope, "the Fn::FindInMap key", l[1].pos)?;
                let second = self.string(&l[2], scope, "the Fn::FindInMap attribute", l[2].pos)?;
                let Some(mapping) = self.template.mapping(&map) else {
                    return Err(err(format!("Template error: Mapping named '{map}' is not present in the 'Mappings' section of template."), l[0].pos));
                };
                match mapping.get(&top).and_then(|t| t.get(&second)) {
                    Some(v) => Ok(Some(v.to_json())),
                    None => Err(err(format!("Template error: Unable to get mapping for {map}::{top}::{second}"), pos)),
                }
            }
            "Fn::If" => {
                let l = list_of(arg, 3)
                    .ok_or_else(|| err("Template error: Fn::If requires a list argument with three elements", pos))?;
                let name = l[0].as_str().unwrap_or_default();
                match self.conditions.get(name) {
                    Some(true) => self.eval_in(&l[1], scope),
                    Some(false) => self.eval_in(&l[2], scope),
                    None => {
                        Err(err(format!("Template error: unresolved condition dependency {name} in Fn::If"), l[0].pos))
                    }
                }
            }
            "Fn::Base64" => {
                let text = self.string(arg, scope, "the Fn::Base64 value", arg.pos)?;
                s(base64::engine::general_purpose::STANDARD.encode(text.as_bytes()))
            }
            "Fn::GetAZs" => {
                let region = match &arg.v {
                    V::Null => String::new(),
                    _ => self.string(arg, scope, "the Fn::GetAZs region", arg.pos)?,
                };
                let region = if region.is_empty() { self.pseudo.region.clone() } else { region };
                let azs = crate::regions::find(&region).map(|r| r.availability_zones()).unwrap_or_default();
                Ok(Some(Json::Array(azs.into_iter().map(Json::String).collect())))
            }
            "Fn::ImportValue" => {
                let name = self.string(arg, scope, "the Fn::ImportValue export name", arg.pos)?;
                match self.lookup.export(&name) {
                    Some(v) => s(v),
                    None => Err(err(format!("No export named {name} found."), pos)),
                }
            }
            "Fn::Cidr" => {
                let bad = || {
                    err("Template error: every Fn::Cidr object requires three parameters: an IP block, a count of subnets and the number of subnet bits", pos)
                };
                let l = list_of(arg, 3).ok_or_else(bad)?;
                let block = self.string(&l[0], scope, "the Fn::Cidr IP block", l[0].pos)?;
                let count = self.string(&l[1], scope, "the Fn::Cidr count", l[1].pos)?;
                let bits = self.string(&l[2], scope, "the Fn::Cidr subnet bits", l[2].pos)?;
                let cidrs = cidr(&block, &count, &bits).map_err(|m| err(format!("Template error: {m}"), pos))?;
                Ok(Some(Json::Array(cidrs.into_iter().map(Json::String).collect())))
            }
            other => Err(unsupported(other, pos)),
        }
    }

    /// Evaluates a condition expression (Fn::Equals / And / Or / Not / Condition).
    pub fn condition(
        &self,
        node: &Node,
        resolve: &mut dyn FnMut(&str, Pos) -> Result<bool, TemplateError>,
    ) -> Result<bool, TemplateError> {
        let Some((k, arg)) = node.single_key() else {
            return Err(err(
                "Template error: a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition",
                node.pos,
            ));
        };
        let pos = k.pos;
        match k.name.as_str() {
            "Fn::Equals" => {
                let l = list_of(arg, 2).ok_or_else(|| {
                    err("Template error: every Fn::Equals object requires a list of 2 string parameters.", pos)
                })?;
                let a = self.eval_in(&l[0], Scope::Conditions)?;
                let b = self.eval_in(&l[1], Scope::Conditions)?;
                Ok(normalise(a) == normalise(b))
            }
            "Fn::And" | "Fn::Or" => {
                let l = arg.as_list().unwrap_or_default();
                let mut values = Vec::with_capacity(l.len());
                for x in l {
                    values.push(self.condition(x, resolve)?);
                }
                Ok(if k.name == "Fn::And" { values.iter().all(|v| *v) } else { values.iter().any(|v| *v) })
            }
            "Fn::Not" => {
                let l = list_of(arg, 1).ok_or_else(|| {
                    err("Template error: every Fn::Not object requires a list of one boolean parameter.", pos)
                })?;
                Ok(!self.condition(&l[0], resolve)?)
            }
            "Condition" => resolve(arg.as_str().unwrap_or_default(), arg.pos),
            other => Err(err(format!("Template error: {other} is not a condition function"), pos)),
        }
    }
}

/// Scalars compare as text (`1` equals `"1"`), as CloudFormation's Fn::Equals does.
fn normalise(v: Option<Json>) -> Option<Json> {
    v.map(|v| match v {
        Json::Number(n) => Json::String(n.to_string()),
        Json::Bool(b) => Json::String(b.to_string()),
        other => other,
    })
}

/// Fn::Cidr: the first `count` subnets with `bits` host bits inside an IPv4 block.
pub fn cidr(block: &str, count: &str, bits: &str) -> Result<Vec<String>, String> {
    let (addr, prefix) = block.split_once('/').ok_or_else(|| format!("Fn::Cidr: '{block}' is not a CIDR block"))?;
    let octets: Vec<u32> = addr.split('.').filter_map(|o| o.parse::<u8>().ok().map(u32::from)).collect();
    if octets.len() != 4 || addr.split('.').count() != 4 {
        return Err(format!("Fn::Cidr: '{block}' is not an IPv4 CIDR block (IPv6 blocks are not simulated)"));
    }
    let prefix: u32 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= 32)
        .ok_or_else(|| format!("Fn::Cidr: '{block}' has an invalid prefix length"))?;
    let count: u32 = count
        .trim()
        .parse()
        .ok()
        .filter(|c| (1..=256).contains(c))
        .ok_or("Fn::Cidr count must be between 1 and 256")?;
    let bits: u32 = bits
        .trim()
        .parse()
        .ok()
        .filter(|b| (1..=32).contains(b))
        .ok_or("Fn::Cidr cidrBits must be between 1 and 32")?;
    let new_prefix = 32 - bits;
    if new_prefix < prefix {
        return Err(format!("Fn::Cidr: {bits} subnet bits do not fit in {block}"));
    }
    let available: u64 = 1u64 << (new_prefix - prefix);
    if u64::from(count) > available {
        return Err(format!("Fn::Cidr: {block} holds only {available} subnets of /{new_prefix}, not {count}"));
    }
    let base = octets.iter().fold(0u64, |acc, o| (acc << 8) | u64::from(*o));
    let mask = if prefix == 0 { 0 } else { (!0u64 << (32 - prefix)) & 0xFFFF_FFFF };
    let base = base & mask;
    Ok((0..u64::from(count))
        .map(|i| {
            let a = base + (i << bits);
            format!("{}.{}.{}.{}/{}", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255, new_prefix)
        })
        .collect())
}
