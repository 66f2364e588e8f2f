//! PutParameter, GetParameter, GetParameters, GetParametersByPath and DeleteParameter.

use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::services::ssm::model::*;
use crate::time::SimTime;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

const MAX_VALUE: usize = 4096;

fn not_found() -> ApiError {
    // Parameter Store answers ParameterNotFound with an empty message.
    ApiError::bad_request("ParameterNotFound", "")
}

fn validation(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("ValidationException", message)
}

fn arn(region: &str, name: &str) -> String {
    let account = if name.starts_with("/aws/") { "" } else { ACCOUNT_ID };
    format!("arn:aws:ssm:{region}:{account}:parameter/{}", name.trim_start_matches('/'))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParameterView {
    pub name: String,
    #[serde(rename = "Type")]
    pub parameter_type: String,
    pub value: String,
    pub version: i64,
    pub last_modified_date: SimTime,
    #[serde(rename = "ARN")]
    pub arn: String,
    pub data_type: String,
}

/// A SecureString shows its encrypted form unless WithDecryption (Nimbus Lab's stand-in
/// ciphertext: the value under a marker, base64).
fn view(region: &str, p: &Parameter, decrypt: bool) -> ParameterView {
    let value = if p.parameter_type == "SecureString" && !decrypt {
        Bytes(format!("nimbus-kms:alias/aws/ssm:{}", p.value).into_bytes()).to_base64()
    } else {
        p.value.clone()
    };
    ParameterView {
        name: p.name.clone(),
        parameter_type: p.parameter_type.clone(),
        value,
        version: p.version,
        last_modified_date: p.last_modified,
        arn: arn(region, &p.name),
        data_type: p.data_type.clone(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutParameterRequest {
    pub name: String,
    pub value: String,
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub parameter_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overwrite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PutParameterOutput {
    pub version: i64,
    pub tier: String,
}

pub fn put_parameter(
    world: &mut World,
    cx: &mut CallContext,
    input: PutParameterRequest,
) -> Result<PutParameterOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.name.clone();
    cx.touch(arn(&region, &name));
    let bare = name.trim_start_matches('/').to_ascii_lowercase();
    if bare.starts_with("aws") || bare.starts_with("ssm") {
        cx.why("names starting with aws or ssm belong to AWS");
        return Err(validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive)."));
    }
    let ok_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-/".contains(c));
    if name.is_empty() || name.len() > 2048 || !ok_chars || (name.contains('/') && !name.starts_with('/')) {
        cx.why("a name has letters, digits and _.-/; a hierarchy starts with /");
        return Err(validation(format!(
            "Parameter name: {name} must be a fully qualified name (start with /) when it has a hierarchy, and use only \
             a-zA-Z0-9_.-/"
        )));
    }
    if input.value.is_empty() || input.value.len() > MAX_VALUE {
        cx.why(format!("a Standard parameter's value is 1 to {MAX_VALUE} characters"));
        return Err(validation(format!(
            "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less \
             than or equal to {MAX_VALUE}"
        )));
    }
    let existing = world.ssm.parameters.get(&region).and_then(|m| m.get(&name)).cloned();
    let parameter_type = match (&input.parameter_type, &existing) {
        (Some(t), _) => t.clone(),
        (None, Some(e)) => e.parameter_type.clone(),
        (None, None) => {
            return Err(validation("A parameter type is required when you create a parameter."));
        }
    };
    if !["String", "StringList", "SecureString"].contains(&parameter_type.as_str()) {
        return Err(validation(format!(
            "1 validation error detected: Value '{parameter_type}' at 'type' failed to satisfy constraint: Member must \
             satisfy enum value set: [SecureString, StringList, String]"
        )));
    }
    let data_type = input.data_type.clone().unwrap_or_else(|| "text".into());
    if data_type == "aws:ec2:image" && !is_ami_id(&input.value) {
        return Err(validation(format!("Parameter value, {}, is not in the expected format (ami-...).", input.value)));
    }
    if existing.is_some() && input.overwrite != Some(true) {
        cx.why(format!(
            "{name} exists (version {}); pass --overwrite to change it",
            existing.as_ref().map_or(0, |e| e.version)
        ));
        return Err(ApiError::bad_request(
            "ParameterAlreadyExists",
            "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
        ));
    }
    let version = existing.as_ref().map_or(1, |e| e.version + 1);
    let p = Parameter {
        name: name.clone(),
        parameter_type,
        value: input.value,
        version,
        last_modified: world.now(),
        description: input.description.or(existing.and_then(|e| e.description)),
        data_type,
    };
    world.ssm.parameters.entry(region).or_default().insert(name.clone(), p);
    cx.why(format!("{name} is at version {version}"));
    Ok(PutParameterOutput { version, tier: "Standard".into() })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParameterRequest {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParameterOutput {
    pub parameter: ParameterView,
}

pub fn get_parameter(
    world: &mut World,
    cx: &mut CallContext,
    input: GetParameterRequest,
) -> Result<GetParameterOutput, ApiError> {
    let region = cx.region.clone();
    cx.touch(arn(&region, &input.name));
    match world.ssm.find(&region, &input.name) {
        Some(p) => {
            cx.why(if p.name.starts_with("/aws/service/") {
                format!("{} is a public parameter AWS publishes in every Region (Nimbus Lab's AMI id)", p.name)
            } else {
                format!("{} version {}", p.name, p.version)
            });
            Ok(GetParameterOutput { parameter: view(&region, &p, input.with_decryption == Some(true)) })
        }
        None => {
            cx.why(format!("no parameter named {} in {region}", input.name));
            Err(not_found())
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersRequest {
    pub names: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersOutput {
    pub parameters: Vec<ParameterView>,
    pub invalid_parameters: Vec<String>,
}

pub fn get_parameters(
    world: &mut World,
    cx: &mut CallContext,
    input: GetParametersRequest,
) -> Result<GetParametersOutput, ApiError> {
    let region = cx.region.clone();
    let mut parameters = Vec::new();
    let mut invalid_parameters = Vec::new();
    for name in &input.names {
        match world.ssm.find(&region, name) {
            Some(p) => parameters.push(view(&region, &p, input.with_decryption == Some(true))),
            None => invalid_parameters.push(name.clone()),
        }
    }
    cx.why(format!("{} found, {} not found (listed in InvalidParameters)", parameters.len(), invalid_parameters.len()));
    Ok(GetParametersOutput { parameters, invalid_parameters })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersByPathRequest {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recursive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_decryption: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetParametersByPathOutput {
    pub parameters: Vec<ParameterView>,
}

pub fn get_parameters_by_path(
    world: &mut World,
    cx: &mut CallContext,
    input: GetParametersByPathRequest,
) -> Result<GetParametersByPathOutput, ApiError> {
    let region = cx.region.clone();
    if !input.path.starts_with('/') {
        return Err(validation(format!("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". ({})", input.path)));
    }
    let prefix = if input.path.ends_with('/') { input.path.clone() } else { format!("{}/", input.path) };
    let recursive = input.recursive == Some(true);
    let mut all: Vec<Parameter> =
        world.ssm.parameters.get(&region).map(|m| m.values().cloned().collect()).unwrap_or_default();
    all.extend(PUBLIC_AMI_PARAMETERS.iter().filter_map(|n| public_parameter(&region, n)));
    let parameters: Vec<ParameterView> = all
        .iter()
        .filter(|p| p.name.starts_with(&prefix) && (recursive || !p.name[prefix.len()..].contains('/')))
        .map(|p| view(&region, p, input.with_decryption == Some(true)))
        .collect();
    cx.why(format!(
        "{} parameter(s) under {prefix}{}",
        parameters.len(),
        if recursive { " (recursive)" } else { " (one level; --recursive for more)" }
    ));
    Ok(GetParametersByPathOutput { parameters })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteParameterRequest {
    pub name: String,
}

pub fn delete_parameter(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteParameterRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    cx.touch(arn(&region, &input.name));
    match world.ssm.parameters.get_mut(&region).and_then(|m| m.remove(&input.name)) {
        Some(_) => {
            cx.why(format!("{} deleted with every version", input.name));
            Ok(EmptyOutput {})
        }
        None => {
            cx.why(format!("no parameter named {} in {region}", input.name));
            Err(not_found())
        }
    }
}
