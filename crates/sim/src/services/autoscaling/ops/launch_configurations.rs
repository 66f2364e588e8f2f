//! Launch configurations: what a group's instances are launched with (an AMI, an instance type,
//! security groups, user data). They cannot be changed, only replaced, and cannot be deleted
//! while a group uses them.

use super::*;
use crate::time::SimTime;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateLaunchConfigurationRequest {
    pub launch_configuration_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associate_public_ip_address: Option<bool>,
    /// Copies another group's instance (not simulated; refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceMonitoring {
    pub enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchConfigurationView {
    pub launch_configuration_name: String,
    #[serde(rename = "LaunchConfigurationARN")]
    pub launch_configuration_arn: String,
    pub image_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    pub security_groups: Vec<String>,
    pub classic_link_vpc_security_groups: Vec<String>,
    pub user_data: String,
    pub instance_type: String,
    pub kernel_id: String,
    pub ramdisk_id: String,
    pub block_device_mappings: Vec<serde_json::Value>,
    pub instance_monitoring: InstanceMonitoring,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<String>,
    pub created_time: SimTime,
    pub ebs_optimized: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associate_public_ip_address: Option<bool>,
}

pub(crate) fn lc_view(lc: &LaunchConfig) -> LaunchConfigurationView {
    LaunchConfigurationView {
        launch_configuration_name: lc.name.clone(),
        launch_configuration_arn: lc.arn.clone(),
        image_id: lc.image_id.clone(),
        key_name: lc.key_name.clone(),
        security_groups: lc.security_groups.clone(),
        classic_link_vpc_security_groups: Vec::new(),
        user_data: lc.user_data.clone().unwrap_or_default(),
        instance_type: lc.instance_type.clone(),
        kernel_id: String::new(),
        ramdisk_id: String::new(),
        block_device_mappings: Vec::new(),
        instance_monitoring: InstanceMonitoring { enabled: true },
        iam_instance_profile: lc.iam_instance_profile.clone(),
        created_time: lc.created,
        ebs_optimized: false,
        associate_public_ip_address: lc.associate_public_ip_address,
    }
}

pub fn create_launch_configuration(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateLaunchConfigurationRequest,
) -> Result<EmptyOutput, ApiError> {
    let name = input.launch_configuration_name.clone();
    check_name(cx, "launchConfigurationName", &name)?;
    cx.touch(name.clone());
    let key = (cx.region.clone(), name.clone());
    if world.autoscaling.launch_configurations.contains_key(&key) {
        cx.why(format!("a launch configuration named '{name}' already exists in {}", cx.region));
        return Err(already_exists(format!(
            "Launch Configuration by this name already exists - A launch configuration already exists with the name {name}"
        )));
    }
    if input.instance_id.is_some() {
        cx.why("creating a launch configuration from a running instance is not simulated; give --image-id and --instance-type");
        return Err(validation(
            "Nimbus Lab does not simulate InstanceId for CreateLaunchConfiguration; specify ImageId and InstanceType",
        ));
    }
    let Some(image_id) = input.image_id.clone() else {
        cx.why("a launch configuration needs an AMI (--image-id)");
        return Err(validation("Valid requests must contain either the InstanceID parameter or both the ImageId and InstanceType parameters."));
    };
    let Some(instance_type) = input.instance_type.clone() else {
        cx.why("a launch configuration needs an instance type (--instance-type)");
        return Err(validation("Valid requests must contain either the InstanceID parameter or both the ImageId and InstanceType parameters."));
    };
    if !crate::services::ec2::ops::well_formed(&image_id, "ami") {
        cx.why("an AMI id is ami- followed by 8 or 17 hex digits");
        return Err(validation(format!("Invalid image id: {image_id}")));
    }
    let uuid = crate::ids::uuid(world.rng());
    let lc = LaunchConfig {
        name: name.clone(),
        arn: arn(&cx.region, &format!("launchConfiguration:{uuid}:launchConfigurationName/{name}")),
        region: cx.region.clone(),
        image_id,
        instance_type,
        key_name: input.key_name,
        security_groups: input.security_groups,
        user_data: input.user_data,
        iam_instance_profile: input.iam_instance_profile,
        associate_public_ip_address: input.associate_public_ip_address,
        created: world.now(),
    };
    world.autoscaling.launch_configurations.insert(key, lc);
    cx.why(format!(
        "launch configuration {name} created; groups launch instances from it (it cannot be changed, only replaced)"
    ));
    Ok(EmptyOutput {})
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchConfigurationsRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub launch_configuration_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchConfigurationsOutput {
    pub launch_configurations: Vec<LaunchConfigurationView>,
}

pub fn describe_launch_configurations(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeLaunchConfigurationsRequest,
) -> Result<DescribeLaunchConfigurationsOutput, ApiError> {
    let out: Vec<LaunchConfigurationView> = world
        .autoscaling
        .launch_configurations
        .values()
        .filter(|lc| lc.region == cx.region)
        .filter(|lc| input.launch_configuration_names.is_empty() || input.launch_configuration_names.contains(&lc.name))
        .map(lc_view)
        .collect();
    cx.why(format!("{} launch configuration(s) in {}", out.len(), cx.region));
    Ok(DescribeLaunchConfigurationsOutput { launch_configurations: out })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchConfigurationNameRequest {
    pub launch_configuration_name: String,
}

pub fn delete_launch_configuration(
    world: &mut World,
    cx: &mut CallContext,
    input: LaunchConfigurationNameRequest,
) -> Result<EmptyOutput, ApiError> {
    let name = input.launch_configuration_name;
    cx.touch(name.clone());
    let key = (cx.region.clone(), name.clone());
    if !world.autoscaling.launch_configurations.contains_key(&key) {
        cx.why(format!("no launch configuration named '{name}' in {}", cx.region));
        return Err(validation(format!("Launch configuration name not found - Launch configuration {name} not found")));
    }
    // Only the group's own setting counts: instances launched from an older configuration
    // do not hold it.
    let user = world
        .autoscaling
        .groups
        .values()
        .find(|g| g.region == cx.region && g.source == LaunchSource::Configuration(name.clone()));
    if let Some(g) = user {
        cx.why(format!("group {} still uses {name}", g.name));
        return Err(in_use(format!(
            "Cannot delete launch configuration {name} because it is attached to AutoScalingGroup {}",
            g.name
        )));
    }
    world.autoscaling.launch_configurations.remove(&key);
    cx.why(format!("launch configuration {name} deleted"));
    Ok(EmptyOutput {})
}
