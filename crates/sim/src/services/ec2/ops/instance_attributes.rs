//! ModifyInstanceAttribute: the instance type and user data change only while the instance is
//! stopped (EC2 reads them at boot); security groups change on a running instance at once.

use super::instances::{instance_in, valid_instance_type};
use super::security::group_in;
use super::*;
use crate::world::CallContext;

/// `{"Value": "t3.small"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeValue {
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyInstanceAttributeRequest {
    pub instance_id: String,
    /// The older form: `--attribute instanceType --value t3.small`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<AttributeValue>,
    /// Base64, as RunInstances takes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<AttributeValue>,
    /// Security group ids; they replace the instance's groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// What one call changes. EC2 takes one attribute a call.
enum Change {
    InstanceType(String),
    UserData(String),
    Groups(Vec<String>),
}

impl Change {
    fn name(&self) -> &'static str {
        match self {
            Change::InstanceType(_) => "instanceType",
            Change::UserData(_) => "userData",
            Change::Groups(_) => "groupSet",
        }
    }
}

fn change_of(input: &ModifyInstanceAttributeRequest, cx: &mut CallContext) -> Result<Change, ApiError> {
    let mut changes = Vec::new();
    if let Some(v) = &input.instance_type {
        changes.push(Change::InstanceType(v.value.clone()));
    }
    if let Some(v) = &input.user_data {
        changes.push(Change::UserData(v.value.clone()));
    }
    if !input.groups.is_empty() {
        changes.push(Change::Groups(input.groups.clone()));
    }
    match (input.attribute.as_deref(), input.value.clone()) {
        (None, None) => {}
        (Some("instanceType"), Some(v)) => changes.push(Change::InstanceType(v)),
        (Some("userData"), Some(v)) => changes.push(Change::UserData(v)),
        (Some(a @ ("instanceType" | "userData")), None) => {
            cx.why(format!("--attribute {a} needs --value"));
            return Err(missing("Value"));
        }
        (Some("groupSet"), _) => {
            cx.why("security groups are given with --groups sg-…");
            return Err(missing("Groups"));
        }
        (Some(other), _) => {
            cx.why(format!("Nimbus Lab changes instanceType, userData and groupSet; not '{other}'"));
            return Err(invalid_parameter(format!("Value ({other}) for parameter attribute is invalid.")));
        }
        (None, Some(_)) => {
            cx.why("--value needs --attribute to say what it changes");
            return Err(missing("Attribute"));
        }
    }
    if changes.len() > 1 {
        let names: Vec<&str> = changes.iter().map(Change::name).collect();
        cx.why("ModifyInstanceAttribute changes one attribute a call");
        return Err(ApiError::bad_request(
            "InvalidParameterCombination",
            format!("Fields for multiple attribute types specified: {}", names.join(", ")),
        ));
    }
    changes.pop().ok_or_else(|| {
        cx.why("nothing to change: give --instance-type, --user-data or --groups");
        ApiError::bad_request("InvalidParameterCombination", "No attributes specified.")
    })
}

pub fn modify_instance_attribute(
    world: &mut World,
    cx: &mut CallContext,
    input: ModifyInstanceAttributeRequest,
) -> Result<EmptyOutput, ApiError> {
    let instance = instance_in(world, cx, &input.instance_id)?.clone();
    let id = instance.instance_id.clone();
    let change = change_of(&input, cx)?;
    if matches!(instance.state, InstanceStateName::ShuttingDown | InstanceStateName::Terminated) {
        cx.why(format!("{id} is {}", instance.state));
        return Err(ApiError::bad_request(
            "IncorrectInstanceState",
            format!("The instance '{id}' is not in a state from which it can be modified."),
        ));
    }
    let needs_stop = matches!(change, Change::InstanceType(_) | Change::UserData(_));
    if needs_stop && instance.state != InstanceStateName::Stopped {
        cx.why(format!(
            "{id} is {}: its type and user data are read at boot, so EC2 changes them only while it is stopped",
            instance.state
        ));
        return Err(ApiError::bad_request(
            "IncorrectInstanceState",
            format!("The instance '{id}' is not in the 'stopped' state."),
        ));
    }
    let why = match change {
        Change::InstanceType(t) => {
            if !valid_instance_type(&t) {
                cx.why(format!("'{t}' is not an instance type (family.size, like t3.micro)"));
                return Err(invalid_parameter(format!("Invalid value '{t}' for InstanceType.")));
            }
            let before = instance.instance_type.clone();
            world.ec2.instances.get_mut(&id).expect("found above").instance_type = t.clone();
            format!("{id} is now {t} (was {before}); it runs as {t} from its next start")
        }
        Change::UserData(u) => {
            world.ec2.instances.get_mut(&id).expect("found above").user_data = Some(u);
            format!(
                "{id} has new user data; cloud-init runs user data on the first boot only, so a restart does not run it"
            )
        }
        Change::Groups(ids) => {
            for g in &ids {
                let group = group_in(world, cx, Some(g), None)?;
                if group.vpc_id != instance.vpc_id {
                    cx.why(format!("{g} is in {}, the instance in {}", group.vpc_id, instance.vpc_id));
                    return Err(invalid_parameter(format!(
                        "Security group {g} and instance {id} belong to different networks."
                    )));
                }
            }
            let mut unique = ids.clone();
            unique.dedup();
            world.ec2.instances.get_mut(&id).expect("found above").security_group_ids = unique;
            format!("{id} now has security groups {} (no restart needed)", ids.join(", "))
        }
    };
    cx.why(why);
    Ok(EmptyOutput {})
}
