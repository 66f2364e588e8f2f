//! `AWS::Lambda::Function`, `AWS::Lambda::EventSourceMapping` and `AWS::Lambda::Permission`,
//! made with Lambda's own operations. A function's `Ref` is its name and `Fn::GetAtt` gives Arn;
//! creation completes once the function is Active. A mapping's `Ref` is its UUID. A permission
//! is recorded in the function's resource policy.

use super::{
    check_properties, flag, generated_name, handler_reason, kind, observed, tags, text, Created, Observed, Provider,
    ProvisionCx,
};
use crate::bytes::Bytes;
use crate::services::lambda::{self, LambdaRequest, LambdaResponse};
use crate::services::{Request, Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{json, Map, Value as Json};
use std::collections::BTreeMap;

pub struct Function;
pub struct EventSourceMapping;
pub struct Permission;

fn call(world: &mut World, region: &str, r: LambdaRequest) -> Result<LambdaResponse, String> {
    #[allow(unreachable_patterns)]
    match world.call_in(region, Request::Lambda(r)) {
        Ok(Response::Lambda(out)) => Ok(out),
        Ok(_) => Err("unexpected response".into()),
        Err(e) => Err(handler_reason("Lambda", &e)),
    }
}

fn missing(id: &str, key: &str) -> String {
    format!("Properties validation failed for resource {id} with message: #: required key [{key}] not found")
}

fn number(v: Option<&Json>) -> Option<i64> {
    v.and_then(text).and_then(|t| t.trim().parse().ok())
}

fn environment(id: &str, props: &Map<String, Json>) -> Result<Option<lambda::Environment>, String> {
    let Some(env) = props.get("Environment") else { return Ok(None) };
    let vars = env.get("Variables").and_then(Json::as_object).ok_or_else(|| {
        format!("Properties validation failed for resource {id} with message: #/Environment: expected type: JSONObject, found: {}", kind(env))
    })?;
    Ok(Some(lambda::Environment {
        variables: vars.iter().map(|(k, v)| (k.clone(), text(v).unwrap_or_default())).collect(),
    }))
}

fn function_created(world: &World, region: &str, name: &str) -> Created {
    let arn = lambda::function_arn(region, name);
    let _ = world;
    let mut attributes = BTreeMap::new();
    attributes.insert("Arn".into(), arn);
    Created { physical_id: name.into(), ref_value: name.into(), attributes }
}

impl Provider for Function {
    fn type_name(&self) -> &'static str {
        "AWS::Lambda::Function"
    }
    fn properties(&self) -> &'static [&'static str] {
        &[
            "FunctionName",
            "Runtime",
            "Role",
            "Handler",
            "Code",
            "Description",
            "Timeout",
            "MemorySize",
            "Environment",
            "Architectures",
            "PackageType",
            "Tags",
        ]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Arn"]
    }
    /// CloudFormation waits until the function is Active.
    fn create_time(&self) -> SimDuration {
        SimDuration(lambda::CREATE_TIME.0 + 1000)
    }
    fn update_time(&self) -> SimDuration {
        SimDuration(lambda::UPDATE_TIME.0 + 1000)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["FunctionName", "PackageType"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("FunctionName")
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let name = match props.get("FunctionName").and_then(text) {
            Some(n) => n,
            None => generated_name(world, cx.stack_name, id, 64, false),
        };
        let code = props.get("Code").ok_or_else(|| missing(id, "Code"))?;
        let code = lambda::FunctionCode {
            zip_file: code.get("ZipFile").and_then(text).map(|t| Bytes(t.into_bytes())),
            s3_bucket: code.get("S3Bucket").and_then(text),
            s3_key: code.get("S3Key").and_then(text),
            s3_object_version: code.get("S3ObjectVersion").and_then(text),
            image_uri: code.get("ImageUri").and_then(text),
        };
        let architectures = props
            .get("Architectures")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default();
        let request = lambda::CreateFunctionRequest {
            function_name: name.clone(),
            runtime: props.get("Runtime").and_then(text),
            role: props.get("Role").and_then(text).ok_or_else(|| missing(id, "Role"))?,
            handler: props.get("Handler").and_then(text),
            code,
            description: props.get("Description").and_then(text),
            timeout: number(props.get("Timeout")),
            memory_size: number(props.get("MemorySize")),
            publish: None,
            environment: environment(id, props)?,
            package_type: props.get("PackageType").and_then(text),
            architectures,
            tags: tags(id, props.get("Tags"), cx.stack_tags)?.into_iter().collect(),
        };
        call(world, cx.region, LambdaRequest::CreateFunction(request))?;
        Ok(function_created(world, cx.region, &name))
    }

    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let request = lambda::UpdateFunctionConfigurationRequest {
            function_name: physical_id.into(),
            role: props.get("Role").and_then(text),
            handler: props.get("Handler").and_then(text),
            description: Some(props.get("Description").and_then(text).unwrap_or_default()),
            timeout: Some(number(props.get("Timeout")).unwrap_or(3)),
            memory_size: Some(number(props.get("MemorySize")).unwrap_or(128)),
            environment: Some(environment(cx.logical_id, props)?.unwrap_or_default()),
            runtime: props.get("Runtime").and_then(text),
        };
        call(world, cx.region, LambdaRequest::UpdateFunctionConfiguration(request))?;
        Ok(function_created(world, cx.region, physical_id))
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(
            world,
            cx.region,
            LambdaRequest::DeleteFunction(lambda::FunctionNameRequest { function_name: physical_id.into() }),
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("ResourceNotFoundException") => Ok(()),
            Err(r) => Err(r),
        }
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let found = world.lambda.functions.values().find(|f| f.name == physical_id);
        let Some(f) = found else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("Runtime", json!(f.runtime)),
            ("Handler", json!(f.handler)),
            ("Role", json!(f.role)),
            ("Timeout", json!(f.timeout)),
            ("MemorySize", json!(f.memory_size)),
            ("Description", json!(f.description)),
        ]))
    }
}

impl Provider for EventSourceMapping {
    fn type_name(&self) -> &'static str {
        "AWS::Lambda::EventSourceMapping"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["EventSourceArn", "FunctionName", "BatchSize", "Enabled", "MaximumBatchingWindowInSeconds"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id", "EventSourceMappingArn"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration(lambda::MAPPING_CREATE_TIME.0 + 1000)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(2)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["EventSourceArn"]
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let request = lambda::CreateEventSourceMappingRequest {
            event_source_arn: props
                .get("EventSourceArn")
                .and_then(text)
                .ok_or_else(|| missing(id, "EventSourceArn"))?,
            function_name: props.get("FunctionName").and_then(text).ok_or_else(|| missing(id, "FunctionName"))?,
            enabled: flag(props.get("Enabled")),
            batch_size: number(props.get("BatchSize")),
            maximum_batching_window_in_seconds: number(props.get("MaximumBatchingWindowInSeconds")),
        };
        let LambdaResponse::CreateEventSourceMapping(out) =
            call(world, cx.region, LambdaRequest::CreateEventSourceMapping(request))?
        else {
            return Err("unexpected response".into());
        };
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), out.uuid.clone());
        attributes.insert(
            "EventSourceMappingArn".into(),
            format!("arn:aws:lambda:{}:{}:event-source-mapping:{}", cx.region, crate::world::ACCOUNT_ID, out.uuid),
        );
        Ok(Created { physical_id: out.uuid.clone(), ref_value: out.uuid, attributes })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        match call(
            world,
            cx.region,
            LambdaRequest::DeleteEventSourceMapping(lambda::UuidRequest { uuid: physical_id.into() }),
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("ResourceNotFoundException") => Ok(()),
            Err(r) => Err(r),
        }
    }

    fn observe(&self, world: &World, physical_id: &str) -> Observed {
        let Some(m) = world.lambda.mappings.get(physical_id) else { return Observed::Deleted };
        Observed::Properties(observed(&[
            ("EventSourceArn", json!(m.event_source_arn)),
            ("BatchSize", json!(m.batch_size)),
        ]))
    }
}

impl Provider for Permission {
    fn type_name(&self) -> &'static str {
        "AWS::Lambda::Permission"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["FunctionName", "Action", "Principal", "SourceArn", "SourceAccount"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &[]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["FunctionName", "Action", "Principal", "SourceArn", "SourceAccount"]
    }

    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let statement_id = generated_name(world, cx.stack_name, id, 100, false);
        let request = lambda::AddPermissionRequest {
            function_name: props.get("FunctionName").and_then(text).ok_or_else(|| missing(id, "FunctionName"))?,
            statement_id: statement_id.clone(),
            action: props.get("Action").and_then(text).ok_or_else(|| missing(id, "Action"))?,
            principal: props.get("Principal").and_then(text).ok_or_else(|| missing(id, "Principal"))?,
            source_arn: props.get("SourceArn").and_then(text),
            source_account: props.get("SourceAccount").and_then(text),
        };
        call(world, cx.region, LambdaRequest::AddPermission(request))?;
        Ok(Created { physical_id: statement_id.clone(), ref_value: statement_id, attributes: BTreeMap::new() })
    }

    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let Some(function) = cx.properties.and_then(|p| p.get("FunctionName")).and_then(text) else { return Ok(()) };
        match call(
            world,
            cx.region,
            LambdaRequest::RemovePermission(lambda::RemovePermissionRequest {
                function_name: function,
                statement_id: physical_id.into(),
            }),
        ) {
            Ok(_) => Ok(()),
            Err(r) if r.contains("ResourceNotFoundException") => Ok(()),
            Err(r) => Err(r),
        }
    }
}
