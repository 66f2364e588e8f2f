//! CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
//! UpdateFunctionConfiguration, DeleteFunction, Invoke, AddPermission and RemovePermission.

use super::super::jobs::LambdaJob;
use crate::bytes::Bytes;
use crate::error::ApiError;
use crate::services::lambda::model::*;
use crate::services::Job;
use crate::time::SimTime;
use crate::world::{CallContext, World, ACCOUNT_ID};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The output of calls that answer nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EmptyOutput {}

pub(crate) fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("InvalidParameterValueException", message)
}

pub(crate) fn not_found(arn: &str) -> ApiError {
    ApiError::not_found("ResourceNotFoundException", format!("Function not found: {arn}"))
}

fn constraint(value: impl std::fmt::Display, field: &str, rule: &str) -> ApiError {
    ApiError::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: {rule}"
    ))
}

/// The function ARN a FunctionName (name, ARN or partial ARN, with an optional `$LATEST`
/// qualifier) stands for.
pub fn resolve(region: &str, name: &str) -> String {
    let name = name.strip_suffix(":$LATEST").unwrap_or(name);
    if name.starts_with("arn:aws:lambda:") {
        name.to_string()
    } else if let Some(rest) = name.strip_prefix(&format!("{ACCOUNT_ID}:function:")) {
        function_arn(region, rest)
    } else {
        function_arn(region, name)
    }
}

pub(crate) fn function<'a>(
    world: &'a mut World,
    cx: &mut CallContext,
    name: &str,
) -> Result<&'a mut Function, ApiError> {
    let arn = resolve(&cx.region, name);
    cx.touch(arn.clone());
    match world.lambda.functions.get_mut(&arn) {
        Some(f) => Ok(f),
        None => {
            cx.why(format!("no function {name} in {}", cx.region));
            Err(not_found(&arn))
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionCode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip_file: Option<Bytes>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_object_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_uri: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Environment {
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateFunctionRequest {
    pub function_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    pub code: FunctionCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_type: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub architectures: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnvironmentResponse {
    pub variables: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionConfiguration {
    pub function_name: String,
    pub function_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    pub code_size: i64,
    pub description: String,
    pub timeout: i64,
    pub memory_size: i64,
    pub last_modified: String,
    pub code_sha256: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<EnvironmentResponse>,
    pub revision_id: String,
    pub package_type: String,
    pub architectures: Vec<String>,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_reason_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_status_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_status_reason_code: Option<String>,
}

/// Lambda's timestamp format: `2026-01-01T00:00:00.000+0000`.
fn lambda_time(t: SimTime) -> String {
    let iso = t.iso8601();
    format!("{}+0000", iso.trim_end_matches('Z'))
}

pub fn configuration(f: &Function) -> FunctionConfiguration {
    let pending = f.state == "Pending";
    let updating = f.last_update_status.as_deref() == Some("InProgress");
    FunctionConfiguration {
        function_name: f.name.clone(),
        function_arn: f.arn.clone(),
        runtime: f.runtime.clone(),
        role: f.role.clone(),
        handler: f.handler.clone(),
        code_size: f.code_size,
        description: f.description.clone(),
        timeout: f.timeout,
        memory_size: f.memory_size,
        last_modified: lambda_time(f.last_modified),
        code_sha256: f.code_sha256.clone(),
        version: "$LATEST".into(),
        environment: (!f.environment.is_empty()).then(|| EnvironmentResponse { variables: f.environment.clone() }),
        revision_id: f.revision_id.clone(),
        package_type: "Zip".into(),
        architectures: f.architectures.clone(),
        state: f.state.clone(),
        state_reason: pending.then(|| "The function is being created.".into()),
        state_reason_code: pending.then(|| "Creating".into()),
        last_update_status: f.last_update_status.clone(),
        last_update_status_reason: updating.then(|| "The function is being updated.".into()),
        last_update_status_reason_code: updating.then(|| "InProgress".into()),
    }
}

fn check_sizes(memory: Option<i64>, timeout: Option<i64>) -> Result<(), ApiError> {
    if let Some(m) = memory {
        if m < 128 {
            return Err(constraint(m, "memorySize", "Member must have value greater than or equal to 128"));
        }
        if m > 10_240 {
            return Err(constraint(m, "memorySize", "Member must have value less than or equal to 10240"));
        }
    }
    if let Some(t) = timeout {
        if t < 1 {
            return Err(constraint(t, "timeout", "Member must have value greater than or equal to 1"));
        }
        if t > 900 {
            return Err(constraint(t, "timeout", "Member must have value less than or equal to 900"));
        }
    }
    Ok(())
}

fn check_runtime(runtime: &str) -> Result<(), ApiError> {
    if RUNTIMES.contains(&runtime) {
        return Ok(());
    }
    Err(constraint(runtime, "runtime", &format!("Member must satisfy enum value set: [{}]", RUNTIMES.join(", "))))
}

/// The role must be an IAM role of the account (Lambda assumes it to run the function).
fn check_role(world: &World, role: &str) -> Result<(), ApiError> {
    let shaped = role.starts_with(&format!("arn:aws:iam::{ACCOUNT_ID}:role/")) || role.starts_with("arn:aws:iam::");
    if !shaped || !role.contains(":role/") {
        return Err(constraint(
            role,
            "role",
            "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
        ));
    }
    if !world.iam.roles.values().any(|r| r.arn == role) {
        return Err(invalid("The role defined for the function cannot be assumed by Lambda."));
    }
    Ok(())
}

fn revision(world: &mut World) -> String {
    crate::ids::uuid(world.rng())
}

pub fn create_function(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateFunctionRequest,
) -> Result<FunctionConfiguration, ApiError> {
    let region = cx.region.clone();
    let name = input.function_name.clone();
    let name_ok =
        !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        cx.why("a function name is 1 to 64 letters, digits, hyphens and underscores");
        return Err(constraint(&name, "functionName", "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"));
    }
    let arn = function_arn(&region, &name);
    cx.touch(arn.clone());
    if input.package_type.as_deref().is_some_and(|p| p == "Image") || input.code.image_uri.is_some() {
        cx.why("container image functions are not simulated");
        return Err(invalid(
            "Nimbus Lab simulates Zip functions only; container images (PackageType Image) are not simulated.",
        ));
    }
    let (Some(runtime), Some(handler)) = (input.runtime.clone(), input.handler.clone()) else {
        cx.why("a .zip function names its runtime and handler");
        return Err(invalid(
            "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
        ));
    };
    check_runtime(&runtime).inspect_err(|e| cx.why(e.message.clone()))?;
    check_sizes(input.memory_size, input.timeout).inspect_err(|e| cx.why(e.message.clone()))?;
    check_role(world, &input.role).inspect_err(|_| cx.why(format!("{} is not a role of this account", input.role)))?;
    let (code, source) = match (&input.code.zip_file, &input.code.s3_bucket, &input.code.s3_key) {
        (Some(zip), None, None) => (zip.0.clone(), "ZipFile".to_string()),
        (None, Some(bucket), Some(key)) => {
            let object = world.s3.buckets.get(bucket).and_then(|b| b.current(key));
            match object {
                Some(o) => (o.body.0.clone(), format!("s3://{bucket}/{key}")),
                None => {
                    cx.why(format!("s3://{bucket}/{key} does not exist"));
                    let code = if world.s3.buckets.contains_key(bucket) { "NoSuchKey" } else { "NoSuchBucket" };
                    return Err(invalid(format!(
                        "Error occurred while GetObject. S3 Error Code: {code}. S3 Error Message: The specified {} does not exist",
                        if code == "NoSuchKey" { "key" } else { "bucket" }
                    )));
                }
            }
        }
        _ => {
            cx.why("the code is either a ZipFile or an S3Bucket and S3Key");
            return Err(invalid("Please provide a source for function code."));
        }
    };
    if world.lambda.functions.contains_key(&arn) {
        cx.why(format!("{name} exists in {region}"));
        return Err(ApiError::conflict("ResourceConflictException", format!("Function already exist: {name}")));
    }
    for a in &input.architectures {
        if a != "x86_64" && a != "arm64" {
            return Err(constraint(a, "architectures", "Member must satisfy enum value set: [x86_64, arm64]"));
        }
    }
    let sha = Bytes(Sha256::digest(&code).to_vec()).to_base64();
    let revision_id = revision(world);
    let f = Function {
        name: name.clone(),
        arn: arn.clone(),
        region,
        runtime: Some(runtime),
        role: input.role,
        handler: Some(handler),
        description: input.description.unwrap_or_default(),
        timeout: input.timeout.unwrap_or(3),
        memory_size: input.memory_size.unwrap_or(128),
        environment: input.environment.map(|e| e.variables).unwrap_or_default(),
        code_size: code.len() as i64,
        code_sha256: sha,
        code_source: source,
        architectures: if input.architectures.is_empty() { vec!["x86_64".into()] } else { input.architectures },
        state: "Pending".into(),
        last_update_status: None,
        last_modified: world.now(),
        revision_id,
        tags: input.tags,
        permissions: BTreeMap::new(),
        invocation_count: 0,
        invocations: Vec::new(),
        epoch: 1,
    };
    let out = configuration(&f);
    world.lambda.functions.insert(arn.clone(), f);
    world.schedule(CREATE_TIME, Job::Lambda(LambdaJob::FunctionSettled { function_arn: arn, epoch: 1 }));
    cx.why(format!("{name} is Pending while Lambda prepares it; it is Active in about {}s", CREATE_TIME.as_seconds()));
    Ok(out)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionNameRequest {
    pub function_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionCodeLocation {
    pub repository_type: String,
    pub location: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetFunctionOutput {
    pub configuration: FunctionConfiguration,
    pub code: FunctionCodeLocation,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

pub fn get_function(
    world: &mut World,
    cx: &mut CallContext,
    input: FunctionNameRequest,
) -> Result<GetFunctionOutput, ApiError> {
    let f = function(world, cx, &input.function_name)?;
    cx.why(format!("{} is {}", f.name, f.state));
    Ok(GetFunctionOutput {
        configuration: configuration(f),
        code: FunctionCodeLocation {
            repository_type: "S3".into(),
            location: format!(
                "https://awslambda-{}-tasks.s3.{}.amazonaws.com/snapshots/{ACCOUNT_ID}/{}-{}",
                f.region, f.region, f.name, f.revision_id
            ),
        },
        tags: f.tags.clone(),
    })
}

pub fn get_function_configuration(
    world: &mut World,
    cx: &mut CallContext,
    input: FunctionNameRequest,
) -> Result<FunctionConfiguration, ApiError> {
    let f = function(world, cx, &input.function_name)?;
    cx.why(format!("{} is {}", f.name, f.state));
    Ok(configuration(f))
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFunctionsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListFunctionsOutput {
    pub functions: Vec<FunctionConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

pub fn list_functions(
    world: &mut World,
    cx: &mut CallContext,
    input: ListFunctionsRequest,
) -> Result<ListFunctionsOutput, ApiError> {
    let max = input.max_items.unwrap_or(50);
    if !(1..=10_000).contains(&max) {
        return Err(constraint(max, "maxItems", "Member must have value greater than or equal to 1"));
    }
    let start = match &input.marker {
        Some(m) => m.parse::<usize>().map_err(|_| invalid("Invalid marker"))?,
        None => 0,
    };
    let all: Vec<&Function> = world.lambda.functions.values().filter(|f| f.region == cx.region).collect();
    let functions: Vec<FunctionConfiguration> =
        all.iter().skip(start).take(max as usize).map(|f| configuration(f)).collect();
    let next_marker = (start + (max as usize) < all.len()).then(|| (start + max as usize).to_string());
    cx.why(format!("{} function(s) in {}", all.len(), cx.region));
    Ok(ListFunctionsOutput { functions, next_marker })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateFunctionConfigurationRequest {
    pub function_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<String>,
}

fn busy(f: &Function) -> Option<ApiError> {
    if f.state == "Pending" {
        return Some(ApiError::conflict(
            "ResourceConflictException",
            format!(
                "The operation cannot be performed at this time. The function is currently in the following state: {}",
                f.state
            ),
        ));
    }
    if f.last_update_status.as_deref() == Some("InProgress") {
        return Some(ApiError::conflict(
            "ResourceConflictException",
            format!("The operation cannot be performed at this time. An update is in progress for resource: {}", f.arn),
        ));
    }
    None
}

pub fn update_function_configuration(
    world: &mut World,
    cx: &mut CallContext,
    input: UpdateFunctionConfigurationRequest,
) -> Result<FunctionConfiguration, ApiError> {
    check_sizes(input.memory_size, input.timeout)?;
    if let Some(r) = &input.runtime {
        check_runtime(r)?;
    }
    if let Some(role) = &input.role {
        check_role(world, role)?;
    }
    let revision_id = revision(world);
    let now = world.now();
    let f = function(world, cx, &input.function_name)?;
    if let Some(e) = busy(f) {
        cx.why(format!("{} is {}; wait until it is Active and its last update Successful", f.name, f.state));
        return Err(e);
    }
    if let Some(r) = input.role {
        f.role = r;
    }
    if let Some(h) = input.handler {
        f.handler = Some(h);
    }
    if let Some(d) = input.description {
        f.description = d;
    }
    if let Some(t) = input.timeout {
        f.timeout = t;
    }
    if let Some(m) = input.memory_size {
        f.memory_size = m;
    }
    if let Some(e) = input.environment {
        f.environment = e.variables;
    }
    if let Some(r) = input.runtime {
        f.runtime = Some(r);
    }
    f.last_update_status = Some("InProgress".into());
    f.last_modified = now;
    f.revision_id = revision_id;
    f.epoch += 1;
    let (arn, epoch) = (f.arn.clone(), f.epoch);
    let out = configuration(f);
    cx.why(format!(
        "{} is being updated (LastUpdateStatus InProgress for about {}s)",
        out.function_name,
        UPDATE_TIME.as_seconds()
    ));
    world.schedule(UPDATE_TIME, Job::Lambda(LambdaJob::FunctionSettled { function_arn: arn, epoch }));
    Ok(out)
}

pub fn delete_function(
    world: &mut World,
    cx: &mut CallContext,
    input: FunctionNameRequest,
) -> Result<EmptyOutput, ApiError> {
    let arn = function(world, cx, &input.function_name)?.arn.clone();
    world.lambda.functions.remove(&arn);
    let left = world.lambda.mappings.values().filter(|m| m.function_arn == arn).count();
    cx.why(if left > 0 {
        format!("function deleted; its {left} event source mapping(s) stay until you delete them")
    } else {
        "function deleted".to_string()
    });
    Ok(EmptyOutput {})
}

/// Records an invocation of the function at `arn` (Invoke, SNS deliveries, event source
/// mappings). Fails if the function does not exist or is not Active.
pub(crate) fn record_invocation(
    world: &mut World,
    arn: &str,
    invocation_type: &str,
    payload: &str,
    source: &str,
) -> Result<String, ApiError> {
    let request_id = crate::ids::uuid(world.rng());
    let now = world.now();
    let f = world.lambda.functions.get_mut(arn).ok_or_else(|| not_found(arn))?;
    if f.state == "Pending" {
        return Err(busy(f).unwrap_or_else(|| not_found(arn)));
    }
    f.invocation_count += 1;
    f.invocations.push(Invocation {
        request_id: request_id.clone(),
        time: now,
        source: source.into(),
        invocation_type: invocation_type.into(),
        payload: payload.chars().take(4096).collect(),
    });
    if f.invocations.len() > KEPT_INVOCATIONS {
        f.invocations.remove(0);
    }
    Ok(request_id)
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvokeRequest {
    pub function_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invocation_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_type: Option<String>,
    /// The event, as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InvokeOutput {
    pub status_code: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executed_version: Option<String>,
    /// What the function returned: Nimbus Lab does not run code, so this says so (JSON text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

pub fn invoke(world: &mut World, cx: &mut CallContext, input: InvokeRequest) -> Result<InvokeOutput, ApiError> {
    let kind = input.invocation_type.clone().unwrap_or_else(|| "RequestResponse".into());
    if !["RequestResponse", "Event", "DryRun"].contains(&kind.as_str()) {
        return Err(constraint(
            &kind,
            "invocationType",
            "Member must satisfy enum value set: [Event, RequestResponse, DryRun]",
        ));
    }
    let payload = input.payload.clone().unwrap_or_else(|| "{}".into());
    if serde_json::from_str::<serde_json::Value>(&payload).is_err() {
        cx.why("the payload is not JSON");
        return Err(ApiError::bad_request(
            "InvalidRequestContentException",
            "Could not parse request body into json: Unexpected character",
        ));
    }
    let f = function(world, cx, &input.function_name)?;
    if let Some(e) = busy(f).filter(|_| f.state == "Pending") {
        cx.why(format!("{} is still Pending; a function can be invoked once it is Active", f.name));
        return Err(e);
    }
    let (arn, name) = (f.arn.clone(), f.name.clone());
    if kind == "DryRun" {
        cx.why(format!("DryRun: the caller may invoke {name}; nothing ran"));
        return Ok(InvokeOutput { status_code: 204, executed_version: None, payload: None });
    }
    let request_id = record_invocation(world, &arn, &kind, &payload, "cli")?;
    cx.why(format!("{name} invoked ({kind}); Nimbus Lab records the event and does not run the code"));
    if kind == "Event" {
        return Ok(InvokeOutput { status_code: 202, executed_version: None, payload: None });
    }
    let answer = serde_json::json!({
        "simulated": true,
        "requestId": request_id,
        "message": "Nimbus Lab does not run function code: this invocation was recorded and no handler ran.",
    });
    Ok(InvokeOutput { status_code: 200, executed_version: Some("$LATEST".into()), payload: Some(answer.to_string()) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddPermissionRequest {
    pub function_name: String,
    pub statement_id: String,
    pub action: String,
    pub principal: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_account: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddPermissionOutput {
    pub statement: String,
}

pub fn add_permission(
    world: &mut World,
    cx: &mut CallContext,
    input: AddPermissionRequest,
) -> Result<AddPermissionOutput, ApiError> {
    let f = function(world, cx, &input.function_name)?;
    if f.permissions.contains_key(&input.statement_id) {
        return Err(ApiError::conflict(
            "ResourceConflictException",
            format!("The statement id ({}) provided already exists. Please provide a new statement id, or remove the existing statement.", input.statement_id),
        ));
    }
    let principal = if input.principal.contains('.') {
        serde_json::json!({"Service": input.principal})
    } else {
        serde_json::json!({"AWS": input.principal})
    };
    let mut statement = serde_json::json!({
        "Sid": input.statement_id,
        "Effect": "Allow",
        "Principal": principal,
        "Action": input.action,
        "Resource": f.arn,
    });
    if let Some(s) = &input.source_arn {
        statement["Condition"] = serde_json::json!({"ArnLike": {"AWS:SourceArn": s}});
    }
    let text = statement.to_string();
    f.permissions.insert(input.statement_id.clone(), text.clone());
    cx.why(format!("{} may now call {} on {}", input.principal, input.action, f.name));
    Ok(AddPermissionOutput { statement: text })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RemovePermissionRequest {
    pub function_name: String,
    pub statement_id: String,
}

pub fn remove_permission(
    world: &mut World,
    cx: &mut CallContext,
    input: RemovePermissionRequest,
) -> Result<EmptyOutput, ApiError> {
    let f = function(world, cx, &input.function_name)?;
    if f.permissions.remove(&input.statement_id).is_none() {
        return Err(ApiError::not_found(
            "ResourceNotFoundException",
            format!("Statement {} is not found in resource policy.", input.statement_id),
        ));
    }
    cx.why(format!("statement {} removed from {}", input.statement_id, f.name));
    Ok(EmptyOutput {})
}
