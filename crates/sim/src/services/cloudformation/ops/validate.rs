//! ValidateTemplate, and the checks CreateStack runs before anything is created: size, syntax,
//! sections, capabilities, resource types, parameter values, conditions, references and cycles.

use super::*;
use crate::services::cloudformation::jobs::StackLookup;
use crate::services::cloudformation::providers::{self, IAM_TYPES};
use crate::services::cloudformation::template::intrinsics::{NoResources, Pseudo};
use crate::services::cloudformation::template::{self, conditions, params, ParamValue, Plan, Template, V};
use crate::world::{CallContext, World};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValidateTemplateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_body: Option<String>,
    #[serde(default, rename = "TemplateURL", skip_serializing_if = "Option::is_none")]
    pub template_url: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TemplateParameter {
    pub parameter_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_value: Option<String>,
    pub no_echo: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValidateTemplateOutput {
    pub parameters: Vec<TemplateParameter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities_reason: Option<String>,
    pub declared_transforms: Vec<String>,
}

/// The template body a call passes, within the 51,200-byte limit.
pub(crate) fn body_of<'a>(cx: &mut CallContext, body: Option<&'a str>, url: Option<&str>) -> Result<&'a str, ApiError> {
    match (body, url) {
        (Some(_), Some(_)) => {
            cx.why("a call passes the template one way: TemplateBody or TemplateURL");
            Err(validation("You cannot specify both Template URL and Template Body."))
        }
        (None, None) => {
            cx.why("neither TemplateBody nor TemplateURL was given");
            Err(validation("Either Template URL or Template Body must be specified."))
        }
        (None, Some(_)) => {
            cx.why("Nimbus Lab reads templates from TemplateBody only");
            Err(validation(
                "TemplateURL is not simulated by Nimbus Lab: pass the template itself as TemplateBody (up to 51,200 bytes).",
            ))
        }
        (Some(b), None) if b.len() > template::MAX_BODY_BYTES => {
            cx.why(format!(
                "the template is {} bytes; a TemplateBody may be at most {} bytes (larger ones go to S3 and are passed \
                 as TemplateURL, up to 1 MB)",
                b.len(),
                template::MAX_BODY_BYTES
            ));
            Err(validation(format!(
                "1 validation error detected: Value '{}' at 'templateBody' failed to satisfy constraint: Member must have \
                 length less than or equal to {}",
                crate::trail::summarize(b, 60),
                template::MAX_BODY_BYTES
            )))
        }
        (Some(b), None) => Ok(b),
    }
}

fn template_error(cx: &mut CallContext, e: template::TemplateError) -> ApiError {
    cx.why(e.located());
    e.to_api()
}

/// The capabilities a template's IAM resources need, and why.
pub fn required_capabilities(t: &Template) -> (Vec<String>, Option<String>) {
    let mut iam: Vec<&str> = Vec::new();
    let mut named = false;
    for r in &t.resources {
        if let Some((ty, name_prop)) = IAM_TYPES.iter().find(|(ty, _)| *ty == r.resource_type) {
            if !iam.contains(ty) {
                iam.push(ty);
            }
            if let (Some(prop), Some(props)) = (name_prop, &r.properties) {
                named |= props.get(prop).is_some_and(|v| v.v != V::Null);
            }
        }
    }
    if iam.is_empty() {
        return (Vec::new(), None);
    }
    let cap = if named { "CAPABILITY_NAMED_IAM" } else { "CAPABILITY_IAM" };
    (vec![cap.to_string()], Some(format!("The following resource(s) require capabilities: [{}]", iam.join(", "))))
}

/// Every type in the template that Nimbus Lab cannot create, in template order.
pub fn unrecognized_types(t: &Template) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in &t.resources {
        if providers::provider(&r.resource_type).is_none() && !out.contains(&r.resource_type) {
            out.push(r.resource_type.clone());
        }
    }
    out
}

fn refuse_types(cx: &mut CallContext, t: &Template) -> Result<(), ApiError> {
    let unknown = unrecognized_types(t);
    if unknown.is_empty() {
        return Ok(());
    }
    let pos = t.resources.iter().find(|r| r.resource_type == unknown[0]).map(|r| r.type_pos);
    cx.why(format!(
        "Nimbus Lab creates these types: {}{}",
        providers::supported_types().join(", "),
        pos.map(|p| format!(" (first unrecognized type at {p})")).unwrap_or_default()
    ));
    Err(validation(format!("Template format error: Unrecognized resource types: [{}]", unknown.join(", "))))
}

pub fn validate_template(
    world: &mut World,
    cx: &mut CallContext,
    input: ValidateTemplateRequest,
) -> Result<ValidateTemplateOutput, ApiError> {
    let _ = world;
    let body = body_of(cx, input.template_body.as_deref(), input.template_url.as_deref())?;
    let t = template::read(body).map_err(|e| template_error(cx, e))?;
    refuse_types(cx, &t)?;
    template::plan(&t, None, &providers::attributes_of).map_err(|e| template_error(cx, e))?;
    let (capabilities, capabilities_reason) = required_capabilities(&t);
    cx.why(format!(
        "the template is well-formed: {} resource(s), {} parameter(s), {} output(s)",
        t.resources.len(),
        t.parameters.len(),
        t.outputs.len()
    ));
    Ok(ValidateTemplateOutput {
        parameters: t
            .parameters
            .iter()
            .map(|p| TemplateParameter {
                parameter_key: p.name.clone(),
                default_value: p.default.clone(),
                no_echo: p.no_echo,
                description: p.description.clone(),
            })
            .collect(),
        description: t.description.clone(),
        capabilities,
        capabilities_reason,
        declared_transforms: Vec::new(),
    })
}

/// A template checked for one stack: its parameter values, conditions, plan and imports.
pub(crate) struct Prepared {
    pub template: Arc<Template>,
    pub params: Vec<(String, ParamValue)>,
    pub conditions: BTreeMap<String, bool>,
    pub plan: Plan,
    pub imports: Vec<String>,
    /// `AWS::SSM::Parameter::Value<…>` parameters: (key, Parameter Store name, value).
    pub ssm: Vec<(String, String, String)>,
}

pub(crate) fn prepare(
    world: &World,
    cx: &mut CallContext,
    body: &str,
    given: &[Parameter],
    capabilities: &[String],
    pseudo: &Pseudo,
) -> Result<Prepared, ApiError> {
    let t = template::read(body).map_err(|e| template_error(cx, e))?;
    let (needed, reason) = required_capabilities(&t);
    if let Some(cap) = needed.first() {
        let ok = capabilities.iter().any(|c| c == cap)
            || (cap == "CAPABILITY_IAM" && capabilities.iter().any(|c| c == "CAPABILITY_NAMED_IAM"));
        if !ok {
            cx.why(reason.unwrap_or_default());
            return Err(ApiError::bad_request(
                "InsufficientCapabilitiesException",
                format!("Requires capabilities : [{cap}]"),
            ));
        }
    }
    refuse_types(cx, &t)?;
    let given_values: Vec<params::GivenValue<'_>> = given
        .iter()
        .map(|p| params::GivenValue {
            key: &p.parameter_key,
            value: p.parameter_value.as_deref(),
            use_previous: p.use_previous_value.unwrap_or(false),
        })
        .collect();
    let mut values = params::resolve(&t.parameters, &given_values).inspect_err(|e| cx.why(e.message.clone()))?;
    let ssm = resolve_ssm(world, cx, &pseudo.region, &t, &mut values)?;
    let map: BTreeMap<String, ParamValue> = values.iter().cloned().collect();
    let lookup = StackLookup { stack: None, state: &world.cloudformation, region: &pseudo.region };
    conditions::check_all(&t).map_err(|e| template_error(cx, e))?;
    let conds = conditions::evaluate(&t, &map, pseudo, &NoResources).map_err(|e| template_error(cx, e))?;
    let plan = template::plan(&t, Some(&conds), &providers::attributes_of).map_err(|e| template_error(cx, e))?;
    // Fn::ImportValue cannot depend on resources, so every import resolves now.
    let ctx = template::intrinsics::Ctx { template: &t, params: &map, pseudo, conditions: &conds, lookup: &lookup };
    let mut imports = Vec::new();
    for r in &plan.resources {
        if let Some(p) = t.resource(&r.logical_id).and_then(|d| d.properties.as_ref()) {
            collect_imports(&ctx, p, &mut imports).map_err(|e| template_error(cx, e))?;
        }
    }
    for o in &t.outputs {
        if plan.outputs.contains(&o.logical_id) {
            collect_imports(&ctx, &o.value, &mut imports).map_err(|e| template_error(cx, e))?;
        }
    }
    Ok(Prepared { template: Arc::new(t), params: values, conditions: conds, plan, imports, ssm })
}

/// Replaces the values of `AWS::SSM::Parameter::Value<…>` parameters (Parameter Store names)
/// with what Parameter Store holds; (key, name, value) of each.
fn resolve_ssm(
    world: &World,
    cx: &mut CallContext,
    region: &str,
    t: &Template,
    values: &mut [(String, ParamValue)],
) -> Result<Vec<(String, String, String)>, ApiError> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for d in &t.parameters {
        if !d.aws_type.as_deref().is_some_and(|ty| ty.starts_with("AWS::SSM::Parameter::Value<")) {
            continue;
        }
        let Some((_, v)) = values.iter_mut().find(|(k, _)| k == &d.name) else { continue };
        let name = match v {
            ParamValue::Str(s) => s.clone(),
            ParamValue::List(l) => l.join(","),
        };
        match world.ssm.find(region, &name) {
            None => missing.push(name),
            Some(p) => {
                *v = if d.param_type.is_list() {
                    ParamValue::List(p.value.split(',').map(str::to_string).collect())
                } else {
                    ParamValue::Str(p.value.clone())
                };
                out.push((d.name.clone(), name, p.value));
            }
        }
    }
    if !missing.is_empty() {
        cx.why(format!("Parameter Store in {region} has no parameter {}", missing.join(", ")));
        return Err(validation(format!(
            "Unable to fetch parameters [{}] from parameter store for this account.",
            missing.join(",")
        )));
    }
    Ok(out)
}

/// The first value of an AWS-specific parameter (`AWS::EC2::KeyPair::KeyName`,
/// `List<AWS::EC2::Subnet::Id>`…) that names nothing in the account, as CloudFormation reports
/// it.
pub(crate) fn missing_parameter_value(
    world: &mut World,
    region: &str,
    t: &Template,
    values: &[(String, ParamValue)],
) -> Option<String> {
    crate::services::ec2::ensure_defaults(world, region);
    for d in &t.parameters {
        let Some(ty) = &d.aws_type else { continue };
        let Some((_, v)) = values.iter().find(|(k, _)| k == &d.name) else { continue };
        let items = match v {
            ParamValue::Str(s) => vec![s.clone()],
            ParamValue::List(l) => l.clone(),
        };
        for item in items {
            if providers::ec2::parameter_exists(world, region, ty, &item) == Some(false) {
                return Some(format!(
                    "Parameter validation failed: parameter value {item} for parameter name {} does not exist",
                    d.name
                ));
            }
        }
    }
    None
}

/// Evaluates every Fn::ImportValue under `node` (on the branches its Fn::If picks).
fn collect_imports(
    ctx: &template::intrinsics::Ctx<'_>,
    node: &template::Node,
    out: &mut Vec<String>,
) -> Result<(), template::TemplateError> {
    match &node.v {
        V::List(l) => l.iter().try_for_each(|x| collect_imports(ctx, x, out)),
        V::Map(m) => match node.single_key() {
            Some((k, arg)) if k.name == "Fn::ImportValue" => {
                ctx.eval(node)?;
                let name = ctx.eval(arg)?.as_ref().and_then(providers::text).unwrap_or_default();
                if !out.contains(&name) {
                    out.push(name);
                }
                Ok(())
            }
            Some((k, arg)) if k.name == "Fn::If" => {
                let l = arg.as_list().unwrap_or_default();
                let holds = l.first().and_then(|c| c.as_str()).and_then(|c| ctx.conditions.get(c)).copied();
                match (holds, l.get(1), l.get(2)) {
                    (Some(true), Some(a), _) => collect_imports(ctx, a, out),
                    (Some(false), _, Some(b)) => collect_imports(ctx, b, out),
                    _ => Ok(()),
                }
            }
            _ => m.iter().try_for_each(|(_, v)| collect_imports(ctx, v, out)),
        },
        _ => Ok(()),
    }
}
