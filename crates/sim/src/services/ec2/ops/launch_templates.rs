//! Launch templates: named, numbered versions of launch parameters (kept as data; RunInstances
//! does not read them yet), one default version and the latest.

use super::instances::IamInstanceProfileSpecification;
use super::*;
use crate::world::CallContext;

/// The launch parameters Nimbus Lab keeps (AWS's RequestLaunchTemplateData has many more).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<IamInstanceProfileSpecification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateView {
    pub create_time: String,
    pub created_by: String,
    pub default_version_number: i64,
    pub latest_version_number: i64,
    pub launch_template_id: String,
    pub launch_template_name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateVersionView {
    pub create_time: String,
    pub created_by: String,
    pub default_version: bool,
    pub launch_template_data: LaunchTemplateData,
    pub launch_template_id: String,
    pub launch_template_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    pub version_number: i64,
}

fn created_by() -> String {
    format!("arn:aws:iam::{ACCOUNT_ID}:root")
}

fn template_view(t: &LaunchTemplate) -> LaunchTemplateView {
    LaunchTemplateView {
        create_time: t.create_time.iso8601(),
        created_by: created_by(),
        default_version_number: t.default_version,
        latest_version_number: t.latest_version(),
        launch_template_id: t.launch_template_id.clone(),
        launch_template_name: t.launch_template_name.clone(),
        tags: tags_out(&t.tags),
    }
}

fn version_view(t: &LaunchTemplate, v: &LaunchTemplateVersion) -> LaunchTemplateVersionView {
    LaunchTemplateVersionView {
        create_time: v.create_time.iso8601(),
        created_by: created_by(),
        default_version: v.version_number == t.default_version,
        launch_template_data: v.data.clone(),
        launch_template_id: t.launch_template_id.clone(),
        launch_template_name: t.launch_template_name.clone(),
        version_description: v.description.clone(),
        version_number: v.version_number,
    }
}

/// `LaunchTemplateId` or `LaunchTemplateName`: how the calls name a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_name: Option<String>,
}

fn id_not_found(id: &str) -> ApiError {
    ApiError::bad_request(
        "InvalidLaunchTemplateId.NotFound",
        format!("The specified launch template, with template ID {id}, does not exist."),
    )
}

fn name_not_found(name: &str) -> ApiError {
    ApiError::bad_request(
        "InvalidLaunchTemplateName.NotFoundException",
        format!("The specified launch template, with template name {name}, does not exist."),
    )
}

fn template_in(world: &World, cx: &mut CallContext, r: &LaunchTemplateRef) -> Result<String, ApiError> {
    let region = cx.region.clone();
    let found = match (&r.launch_template_id, &r.launch_template_name) {
        (Some(id), None) => {
            cx.touch(id.clone());
            world.ec2.launch_templates.get(id).filter(|t| t.region == region).ok_or_else(|| id_not_found(id))
        }
        (None, Some(name)) => world
            .ec2
            .launch_templates
            .values()
            .find(|t| t.region == region && &t.launch_template_name == name)
            .ok_or_else(|| name_not_found(name)),
        _ => {
            cx.why("name the template by --launch-template-id or --launch-template-name, not both");
            return Err(ApiError::bad_request(
                "InvalidParameterCombination",
                "Exactly one of LaunchTemplateId or LaunchTemplateName must be specified.",
            ));
        }
    };
    match found {
        Ok(t) => Ok(t.launch_template_id.clone()),
        Err(e) => {
            cx.why(format!("no such launch template in {region}"));
            Err(e)
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateRequest {
    pub launch_template_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    #[serde(default)]
    pub launch_template_data: LaunchTemplateData,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateOutput {
    pub launch_template: LaunchTemplateView,
}

fn valid_name(name: &str) -> bool {
    (3..=128).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || "().-/_".contains(c))
}

pub fn create_launch_template(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateLaunchTemplateRequest,
) -> Result<CreateLaunchTemplateOutput, ApiError> {
    let name = input.launch_template_name.clone();
    if !valid_name(&name) {
        cx.why("a launch template name is 3 to 128 letters, digits and ( ) . - / _");
        return Err(invalid_parameter(format!(
            "1 validation error detected: Value '{name}' at 'launchTemplateName' failed to satisfy constraint: \
             Member must satisfy regular expression pattern: [a-zA-Z0-9\\(\\)\\.\\-/_]+"
        )));
    }
    if world.ec2.launch_templates.values().any(|t| t.region == cx.region && t.launch_template_name == name) {
        cx.why(format!("a launch template named '{name}' exists in {}; names are unique per Region", cx.region));
        return Err(ApiError::bad_request(
            "InvalidLaunchTemplateName.AlreadyExistsException",
            "Launch template name already in use.",
        ));
    }
    let id = new_id(world, "lt");
    let now = world.now();
    let t = LaunchTemplate {
        launch_template_id: id.clone(),
        region: cx.region.clone(),
        launch_template_name: name.clone(),
        create_time: now,
        default_version: 1,
        versions: vec![LaunchTemplateVersion {
            version_number: 1,
            description: input.version_description,
            data: input.launch_template_data,
            create_time: now,
        }],
        tags: tags_for(&input.tag_specifications, "launch-template"),
    };
    let view = template_view(&t);
    world.ec2.launch_templates.insert(id.clone(), t);
    cx.touch(id.clone());
    cx.why(format!("launch template {name} ({id}) created with version 1, the default"));
    Ok(CreateLaunchTemplateOutput { launch_template: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_template_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_template_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplatesOutput {
    pub launch_templates: Vec<LaunchTemplateView>,
}

pub fn describe_launch_templates(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLaunchTemplatesRequest,
) -> Result<DescribeLaunchTemplatesOutput, ApiError> {
    for id in &input.launch_template_ids {
        template_in(
            world,
            cx,
            &LaunchTemplateRef { launch_template_id: Some(id.clone()), launch_template_name: None },
        )?;
    }
    for name in &input.launch_template_names {
        template_in(
            world,
            cx,
            &LaunchTemplateRef { launch_template_id: None, launch_template_name: Some(name.clone()) },
        )?;
    }
    let mut out = Vec::new();
    for t in world.ec2.launch_templates.values().filter(|t| t.region == cx.region) {
        let by_id = input.launch_template_ids.contains(&t.launch_template_id);
        let by_name = input.launch_template_names.contains(&t.launch_template_name);
        if !(input.launch_template_ids.is_empty() && input.launch_template_names.is_empty() || by_id || by_name) {
            continue;
        }
        let ok = passes(&input.filters, &t.tags, |name| match name {
            "launch-template-name" => one(&t.launch_template_name),
            "create-time" => one(t.create_time.iso8601()),
            _ => None,
        })?;
        if ok {
            out.push(template_view(t));
        }
    }
    cx.why(format!("{} launch template(s) in {}", out.len(), cx.region));
    Ok(DescribeLaunchTemplatesOutput { launch_templates: out })
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteLaunchTemplateOutput {
    pub launch_template: LaunchTemplateView,
}

pub fn delete_launch_template(
    world: &mut World,
    cx: &mut CallContext,
    input: LaunchTemplateRef,
) -> Result<DeleteLaunchTemplateOutput, ApiError> {
    let id = template_in(world, cx, &input)?;
    let t = world.ec2.launch_templates.remove(&id).expect("found above");
    cx.why(format!("launch template {} deleted with its {} version(s)", t.launch_template_name, t.versions.len()));
    Ok(DeleteLaunchTemplateOutput { launch_template: template_view(&t) })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateVersionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_name: Option<String>,
    /// The version whose parameters the new one starts from; LaunchTemplateData overrides them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_description: Option<String>,
    #[serde(default)]
    pub launch_template_data: LaunchTemplateData,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchTemplateVersionOutput {
    pub launch_template_version: LaunchTemplateVersionView,
}

/// `1`, `$Latest` or `$Default` as a version number of the template.
fn version_number(t: &LaunchTemplate, text: &str) -> Result<i64, ApiError> {
    let n = match text {
        "$Latest" => Some(t.latest_version()),
        "$Default" => Some(t.default_version),
        n => n.parse::<i64>().ok(),
    };
    n.filter(|n| t.versions.iter().any(|v| v.version_number == *n)).ok_or_else(|| {
        ApiError::bad_request(
            "InvalidLaunchTemplateId.VersionNotFound",
            format!("Could not find launch template version {text} for launch template {}.", t.launch_template_id),
        )
    })
}

/// The source version's parameters with the ones the request sets laid over them.
fn merged(source: &LaunchTemplateData, over: LaunchTemplateData) -> LaunchTemplateData {
    let mut base = serde_json::to_value(source).unwrap_or_default();
    if let (Some(b), serde_json::Value::Object(o)) =
        (base.as_object_mut(), serde_json::to_value(over).unwrap_or_default())
    {
        b.extend(o);
    }
    serde_json::from_value(base).unwrap_or_default()
}

pub fn create_launch_template_version(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateLaunchTemplateVersionRequest,
) -> Result<CreateLaunchTemplateVersionOutput, ApiError> {
    let r = LaunchTemplateRef {
        launch_template_id: input.launch_template_id.clone(),
        launch_template_name: input.launch_template_name.clone(),
    };
    let id = template_in(world, cx, &r)?;
    let now = world.now();
    let t = world.ec2.launch_templates.get(&id).expect("found above").clone();
    let data = match &input.source_version {
        Some(v) => {
            let n = version_number(&t, v)?;
            let source = t.versions.iter().find(|x| x.version_number == n).map(|x| x.data.clone()).unwrap_or_default();
            merged(&source, input.launch_template_data)
        }
        None => input.launch_template_data,
    };
    let number = t.latest_version() + 1;
    let version = LaunchTemplateVersion {
        version_number: number,
        description: input.version_description,
        data,
        create_time: now,
    };
    let Some(t) = world.ec2.launch_templates.get_mut(&id) else { return Err(id_not_found(&id)) };
    t.versions.push(version);
    let view = version_view(t, t.versions.last().expect("just pushed"));
    cx.why(format!(
        "{} version {number} created; the default stays version {} until changed",
        t.launch_template_name, t.default_version
    ));
    Ok(CreateLaunchTemplateVersionOutput { launch_template_version: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersionsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_template_name: Option<String>,
    /// Version numbers, `$Latest` or `$Default`; all versions when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchTemplateVersionsOutput {
    pub launch_template_versions: Vec<LaunchTemplateVersionView>,
}

pub fn describe_launch_template_versions(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLaunchTemplateVersionsRequest,
) -> Result<DescribeLaunchTemplateVersionsOutput, ApiError> {
    let r = LaunchTemplateRef {
        launch_template_id: input.launch_template_id.clone(),
        launch_template_name: input.launch_template_name.clone(),
    };
    let id = template_in(world, cx, &r)?;
    let t = &world.ec2.launch_templates[&id];
    let wanted: Vec<i64> = input.versions.iter().map(|v| version_number(t, v)).collect::<Result<_, _>>()?;
    // EC2 lists the newest version first.
    let out: Vec<LaunchTemplateVersionView> = t
        .versions
        .iter()
        .rev()
        .filter(|v| wanted.is_empty() || wanted.contains(&v.version_number))
        .map(|v| version_view(t, v))
        .collect();
    cx.why(format!("{} version(s) of {}", out.len(), t.launch_template_name));
    Ok(DescribeLaunchTemplateVersionsOutput { launch_template_versions: out })
}
