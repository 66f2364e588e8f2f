//! The Parameters section: declarations, and the values a stack gets (given, or the Default),
//! checked against AllowedValues, AllowedPattern, Min/MaxLength and Min/MaxValue with AWS's
//! messages.

use super::{is_alphanumeric, Node, Pos, TemplateError, MAX_NAME_LEN, MAX_PARAMETERS, V};
use crate::error::ApiError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    String,
    Number,
    NumberList,
    CommaDelimitedList,
}

impl ParamType {
    pub fn is_list(self) -> bool {
        matches!(self, ParamType::NumberList | ParamType::CommaDelimitedList)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamDef {
    pub name: String,
    pub pos: Pos,
    pub param_type: ParamType,
    pub default: Option<String>,
    pub allowed_values: Vec<String>,
    pub allowed_pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_value: Option<f64>,
    pub max_value: Option<f64>,
    pub no_echo: bool,
    pub description: Option<String>,
    pub constraint_description: Option<String>,
    /// For AWS-specific parameter types (`AWS::EC2::KeyPair::KeyName`, or the element type of
    /// `List<AWS::EC2::Subnet::Id>`): the type whose values must exist in the account.
    pub aws_type: Option<String>,
}

/// The AWS-specific parameter types: values are checked against the account when a stack is
/// created.
pub const AWS_TYPES: &[&str] = &[
    "AWS::EC2::AvailabilityZone::Name",
    "AWS::EC2::Image::Id",
    "AWS::EC2::Instance::Id",
    "AWS::EC2::KeyPair::KeyName",
    "AWS::EC2::SecurityGroup::GroupName",
    "AWS::EC2::SecurityGroup::Id",
    "AWS::EC2::Subnet::Id",
    "AWS::EC2::Volume::Id",
    "AWS::EC2::VPC::Id",
    "AWS::Route53::HostedZone::Id",
];

/// A parameter's value: one string, or a list for the list types.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Str(String),
    List(Vec<String>),
}

impl ParamValue {
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            ParamValue::Str(s) => serde_json::Value::String(s.clone()),
            ParamValue::List(l) => serde_json::Value::Array(l.iter().cloned().map(serde_json::Value::String).collect()),
        }
    }
}

const PARAM_PROPERTIES: &[&str] = &[
    "Type",
    "Default",
    "AllowedValues",
    "AllowedPattern",
    "MinLength",
    "MaxLength",
    "MinValue",
    "MaxValue",
    "NoEcho",
    "Description",
    "ConstraintDescription",
];

pub const MAX_VALUE_BYTES: usize = 4096;

fn scalar_text(n: &Node) -> Option<String> {
    match &n.v {
        V::Str(s) => Some(s.clone()),
        _ => None,
    }
}

pub(crate) fn read_definitions(node: &Node) -> Result<Vec<ParamDef>, TemplateError> {
    let Some(entries) = node.as_map() else {
        return Err(TemplateError::format("Every Parameters member must be an object", Some(node.pos)));
    };
    if entries.len() > MAX_PARAMETERS {
        return Err(TemplateError::format(
            format!("Parameter count {} is greater than max value {MAX_PARAMETERS}", entries.len()),
            Some(node.pos),
        ));
    }
    let mut out = Vec::new();
    for (key, body) in entries {
        let name = &key.name;
        if !is_alphanumeric(name) || name.len() > MAX_NAME_LEN {
            return Err(TemplateError::format(format!("Parameter name {name} is non alphanumeric."), Some(key.pos)));
        }
        let Some(props) = body.as_map() else {
            return Err(TemplateError::format(
                format!("[/Parameters/{name}] Every Parameters object must contain a Type member."),
                Some(body.pos),
            ));
        };
        if let Some((bad, _)) = props.iter().find(|(k, _)| !PARAM_PROPERTIES.contains(&k.name.as_str())) {
            return Err(TemplateError::format(
                format!("Invalid template parameter property '{}'", bad.name),
                Some(bad.pos),
            ));
        }
        let type_node = body.get("Type").ok_or_else(|| {
            TemplateError::format(
                format!("[/Parameters/{name}] Every Parameters object must contain a Type member."),
                Some(key.pos),
            )
        })?;
        let mut aws_type = None;
        let param_type = match type_node.as_str() {
            Some(t) if AWS_TYPES.contains(&t) => {
                aws_type = Some(t.to_string());
                ParamType::String
            }
            Some(t)
                if t.strip_prefix("List<")
                    .and_then(|r| r.strip_suffix('>'))
                    .is_some_and(|e| AWS_TYPES.contains(&e)) =>
            {
                aws_type = Some(t[5..t.len() - 1].to_string());
                ParamType::CommaDelimitedList
            }
            Some("AWS::SSM::Parameter::Name") => {
                aws_type = Some("AWS::SSM::Parameter::Name".into());
                ParamType::String
            }
            Some(t) if ssm_value_type(t).is_some() => {
                aws_type = Some(t.to_string());
                if ssm_value_type(t) == Some(true) {
                    ParamType::CommaDelimitedList
                } else {
                    ParamType::String
                }
            }
            Some("String") => ParamType::String,
            Some("Number") => ParamType::Number,
            Some("List<Number>") => ParamType::NumberList,
            Some("CommaDelimitedList") => ParamType::CommaDelimitedList,
            Some(other) => {
                return Err(TemplateError::format(format!("Unrecognized parameter type: {other}"), Some(type_node.pos)))
            }
            None => {
                return Err(TemplateError::format(
                    format!("[/Parameters/{name}] Every Parameters object must contain a Type member."),
                    Some(type_node.pos),
                ))
            }
        };
        let text = |field: &str| -> Result<Option<String>, TemplateError> {
            match body.get(field) {
                None => Ok(None),
                Some(n) => scalar_text(n).map(Some).ok_or_else(|| {
                    TemplateError::format(format!("[/Parameters/{name}/{field}] must be a string"), Some(n.pos))
                }),
            }
        };
        let whole = |field: &str| -> Result<Option<usize>, TemplateError> {
            match text(field)? {
                None => Ok(None),
                Some(s) => s.trim().parse::<usize>().map(Some).map_err(|_| {
                    TemplateError::format(
                        format!("Parameter '{name}' {field} must be a non-negative integer"),
                        body.get(field).map(|n| n.pos),
                    )
                }),
            }
        };
        let number = |field: &str| -> Result<Option<f64>, TemplateError> {
            match text(field)? {
                None => Ok(None),
                Some(s) => s.trim().parse::<f64>().map(Some).map_err(|_| {
                    TemplateError::format(
                        format!("Parameter '{name}' {field} must be a number"),
                        body.get(field).map(|n| n.pos),
                    )
                }),
            }
        };
        let allowed_values = match body.get("AllowedValues") {
            None => Vec::new(),
            Some(n) => match &n.v {
                V::List(l) if l.iter().all(|x| x.as_str().is_some()) => {
                    l.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()
                }
                _ => {
                    return Err(TemplateError::format(
                        format!("[/Parameters/{name}/AllowedValues] AllowedValues must be a list of strings"),
                        Some(n.pos),
                    ))
                }
            },
        };
        let allowed_pattern = text("AllowedPattern")?;
        if let Some(p) = &allowed_pattern {
            if regex_lite::Regex::new(p).is_err() {
                return Err(TemplateError::format(
                    format!("Parameter '{name}' AllowedPattern {p} is not a valid regular expression"),
                    body.get("AllowedPattern").map(|n| n.pos),
                ));
            }
        }
        let no_echo = match text("NoEcho")? {
            None => false,
            Some(s) => s.eq_ignore_ascii_case("true"),
        };
        let def = ParamDef {
            name: name.clone(),
            pos: key.pos,
            param_type,
            default: text("Default")?,
            allowed_values,
            allowed_pattern,
            min_length: whole("MinLength")?,
            max_length: whole("MaxLength")?,
            min_value: number("MinValue")?,
            max_value: number("MaxValue")?,
            no_echo,
            description: text("Description")?,
            constraint_description: text("ConstraintDescription")?,
            aws_type,
        };
        out.push(def);
    }
    Ok(out)
}

/// `AWS::SSM::Parameter::Value<T>`: `Some(true)` when T is a list type, `Some(false)` for a
/// single value, `None` when `text` is not such a type.
fn ssm_value_type(text: &str) -> Option<bool> {
    let inner = text.strip_prefix("AWS::SSM::Parameter::Value<")?.strip_suffix('>')?;
    match inner {
        "String" => Some(false),
        "List<String>" | "CommaDelimitedList" => Some(true),
        t if AWS_TYPES.contains(&t) => Some(false),
        t => t.strip_prefix("List<").and_then(|r| r.strip_suffix('>')).filter(|e| AWS_TYPES.contains(e)).map(|_| true),
    }
}

/// One value a caller passed (CreateStack's `Parameters`).
#[derive(Clone, Debug, PartialEq)]
pub struct GivenValue<'a> {
    pub key: &'a str,
    pub value: Option<&'a str>,
    pub use_previous: bool,
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationError", message)
}

/// Every declared parameter with its value: the given one, else its Default. Errors are the
/// ValidationErrors CreateStack answers with.
pub fn resolve(defs: &[ParamDef], given: &[GivenValue<'_>]) -> Result<Vec<(String, ParamValue)>, ApiError> {
    if defs.is_empty() && !given.is_empty() {
        return Err(validation("Parameter values specified for a template which does not require them."));
    }
    let unknown: Vec<&str> = given.iter().map(|g| g.key).filter(|k| !defs.iter().any(|d| d.name == *k)).collect();
    if !unknown.is_empty() {
        return Err(validation(format!("Parameters: [{}] do not exist in the template", unknown.join(", "))));
    }
    for g in given {
        if g.use_previous && g.value.is_some_and(|v| !v.is_empty()) {
            return Err(validation(format!(
                "Invalid input for parameter key {}. Cannot specify usePreviousValue as true and non empty value for a parameter",
                g.key
            )));
        }
    }
    let mut missing = Vec::new();
    let mut out = Vec::new();
    for d in defs {
        let given_value = given.iter().rev().find(|g| g.key == d.name).and_then(|g| g.value);
        let Some(raw) = given_value.or(d.default.as_deref()) else {
            missing.push(d.name.as_str());
            continue;
        };
        out.push((d.name.clone(), check_value(d, raw)?));
    }
    if !missing.is_empty() {
        return Err(validation(format!("Parameters: [{}] must have values", missing.join(", "))));
    }
    Ok(out)
}

/// Checks one value against its declaration's constraints.
pub fn check_value(d: &ParamDef, raw: &str) -> Result<ParamValue, ApiError> {
    let name = &d.name;
    if raw.len() > MAX_VALUE_BYTES {
        return Err(validation(format!("Parameter '{name}' value must be no more than {MAX_VALUE_BYTES} bytes")));
    }
    let fail = |text: String| -> ApiError {
        match &d.constraint_description {
            Some(desc) => validation(format!("Parameter '{name}' failed to satisfy constraint: {desc}")),
            None => validation(text),
        }
    };
    let items: Vec<&str> = if d.param_type.is_list() {
        if raw.is_empty() {
            Vec::new()
        } else {
            raw.split(',').collect()
        }
    } else {
        vec![raw]
    };
    for item in &items {
        if matches!(d.param_type, ParamType::Number | ParamType::NumberList) {
            let Ok(n) = item.trim().parse::<f64>() else {
                return Err(validation(format!("Parameter '{name}' must be a number.")));
            };
            if let Some(min) = d.min_value {
                if n < min {
                    return Err(fail(format!("Parameter '{name}' must be a number not less than {}", show(min))));
                }
            }
            if let Some(max) = d.max_value {
                if n > max {
                    return Err(fail(format!("Parameter '{name}' must be a number not greater than {}", show(max))));
                }
            }
        }
        if !d.allowed_values.is_empty() && !d.allowed_values.iter().any(|a| a == item) {
            return Err(fail(format!("Parameter '{name}' must be one of AllowedValues")));
        }
        if matches!(d.param_type, ParamType::String | ParamType::CommaDelimitedList) {
            let len = item.chars().count();
            if let Some(min) = d.min_length {
                if len < min {
                    return Err(fail(format!("Parameter '{name}' must contain at least {min} characters")));
                }
            }
            if let Some(max) = d.max_length {
                if len > max {
                    return Err(fail(format!("Parameter '{name}' must contain at most {max} characters")));
                }
            }
            if let Some(p) = &d.allowed_pattern {
                if !matches_whole(p, item) {
                    return Err(validation(match &d.constraint_description {
                        Some(desc) => format!("Malformed input-Parameter {name} {desc}"),
                        None => format!("Malformed input-Parameter {name} must match pattern {p}"),
                    }));
                }
            }
        }
    }
    Ok(if d.param_type.is_list() {
        ParamValue::List(items.into_iter().map(str::to_string).collect())
    } else {
        ParamValue::Str(raw.to_string())
    })
}

fn show(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// AllowedPattern must match the entire value.
fn matches_whole(pattern: &str, value: &str) -> bool {
    match regex_lite::Regex::new(&format!("^(?:{pattern})$")) {
        Ok(re) => re.is_match(value),
        Err(_) => false,
    }
}
