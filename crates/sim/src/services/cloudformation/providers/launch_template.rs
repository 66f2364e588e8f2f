//! `AWS::EC2::LaunchTemplate`, made with EC2's launch template calls. Changing its
//! LaunchTemplateData adds a version (the template stays); a new name replaces it.

use super::ec2::{call, created, required, tag_specs_of};
use super::{check_properties, generated_name, kind, Created, Provider, ProvisionCx};
use crate::services::ec2::{self, Ec2Request, Ec2Response};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{Map, Value as Json};

pub struct LaunchTemplate;

fn template_data(id: &str, props: &Map<String, Json>) -> Result<ec2::LaunchTemplateData, String> {
    let v = props.get("LaunchTemplateData").ok_or_else(|| {
        format!("Properties validation failed for resource {id} with message: #: required key [LaunchTemplateData] not found")
    })?;
    if !v.is_object() {
        return Err(format!(
            "Properties validation failed for resource {id} with message: #/LaunchTemplateData: expected type: JSONObject, found: {}",
            kind(v)
        ));
    }
    serde_json::from_value(v.clone())
        .map_err(|e| format!("Properties validation failed for resource {id} with message: #/LaunchTemplateData: {e}"))
}

/// The `launch-template` entries of TagSpecifications, the stack's tags and CloudFormation's.
fn template_tags(cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Vec<ec2::TagSpecification>, String> {
    let own = props
        .get("TagSpecifications")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .find(|s| s.get("ResourceType").and_then(Json::as_str) == Some("launch-template"));
    tag_specs_of(cx, own.and_then(|s| s.get("Tags")), "launch-template")
}

fn template_created(world: &World, template_id: &str) -> Created {
    let (default, latest) =
        world.ec2.launch_templates.get(template_id).map_or((0, 0), |t| (t.default_version, t.latest_version()));
    created(
        template_id,
        &[
            ("DefaultVersionNumber", default.to_string()),
            ("LatestVersionNumber", latest.to_string()),
            ("LaunchTemplateId", template_id.to_string()),
        ],
    )
}

impl Provider for LaunchTemplate {
    fn type_name(&self) -> &'static str {
        "AWS::EC2::LaunchTemplate"
    }
    fn properties(&self) -> &'static [&'static str] {
        &["LaunchTemplateName", "LaunchTemplateData", "TagSpecifications", "VersionDescription"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["DefaultVersionNumber", "LatestVersionNumber", "LaunchTemplateId"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(5)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(3)
    }
    fn replacement_properties(&self) -> &'static [&'static str] {
        &["LaunchTemplateName"]
    }
    fn name_property(&self) -> Option<&'static str> {
        Some("LaunchTemplateName")
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        let id = cx.logical_id;
        check_properties(id, self.properties(), props)?;
        let data = template_data(id, props)?;
        let name = match props.get("LaunchTemplateName") {
            Some(_) => required(id, props, "LaunchTemplateName")?,
            None => generated_name(world, cx.stack_name, id, 128, false),
        };
        let out = call(
            world,
            cx.region,
            Ec2Request::CreateLaunchTemplate(ec2::CreateLaunchTemplateRequest {
                launch_template_name: name,
                version_description: props.get("VersionDescription").and_then(super::text),
                launch_template_data: data,
                tag_specifications: template_tags(cx, props)?,
            }),
        )?;
        let Ec2Response::CreateLaunchTemplate(out) = out else { return Err("unexpected response".into()) };
        Ok(template_created(world, &out.launch_template.launch_template_id))
    }
    /// New launch data is a new version; the default version stays where it was (templates
    /// that want the newest use `LatestVersionNumber`).
    fn update(
        &self,
        world: &mut World,
        cx: &ProvisionCx<'_>,
        physical_id: &str,
        props: &Map<String, Json>,
    ) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        let data = template_data(cx.logical_id, props)?;
        let latest =
            world.ec2.launch_templates.get(physical_id).and_then(|t| t.versions.last()).map(|v| v.data.clone());
        if latest.as_ref() != Some(&data) {
            call(
                world,
                cx.region,
                Ec2Request::CreateLaunchTemplateVersion(ec2::CreateLaunchTemplateVersionRequest {
                    launch_template_id: Some(physical_id.into()),
                    version_description: props.get("VersionDescription").and_then(super::text),
                    launch_template_data: data,
                    ..Default::default()
                }),
            )?;
        }
        let specs = template_tags(cx, props)?;
        if let Some(t) = world.ec2.launch_templates.get_mut(physical_id) {
            t.tags = specs[0].tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
        }
        Ok(template_created(world, physical_id))
    }
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String> {
        let request =
            ec2::LaunchTemplateRef { launch_template_id: Some(physical_id.into()), launch_template_name: None };
        match call(world, cx.region, Ec2Request::DeleteLaunchTemplate(request)) {
            Err(r) if !r.contains("NotFound") => Err(r),
            _ => Ok(()),
        }
    }
}
