//! Resource providers: how CloudFormation creates and deletes each resource type it simulates.
//! A provider works on the other services only through `World::call`, so what a stack creates is
//! the same thing a learner sees on that service's page, and every step lands in the trail.
//!
//! A failure is returned as the text CloudFormation shows in the resource's
//! `ResourceStatusReason`.

pub mod autoscaling;
#[cfg(feature = "cloudwatch")]
pub mod cloudwatch;
pub mod ec2;
pub mod ec2_network;
pub mod elb;
pub mod elbv2;
pub mod iam;
pub(crate) mod instance_update;
#[cfg(feature = "kms")]
pub mod kms;
pub mod lambda;
pub mod launch_template;
#[cfg(feature = "rds")]
pub mod rds;
pub mod s3;
pub mod sns;
pub mod sqs;
pub mod wait;

pub use super::drift::Observed;
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// Who asks for a resource: the stack and the resource's place in it.
#[derive(Clone, Debug)]
pub struct ProvisionCx<'a> {
    pub stack_name: &'a str,
    pub stack_id: &'a str,
    pub logical_id: &'a str,
    pub region: &'a str,
    /// Stack tags, which CloudFormation propagates to resources that take tags.
    pub stack_tags: &'a [(String, String)],
    /// On delete: the properties the resource was made with (a key's PendingWindowInDays).
    pub properties: Option<&'a Json>,
    /// On delete: the resource's DeletionPolicy is Snapshot (a DB instance takes a final snapshot).
    pub snapshot: bool,
}

/// What creating a resource gave.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub physical_id: String,
    /// The `Ref` value.
    pub ref_value: String,
    /// `Fn::GetAtt` values.
    pub attributes: BTreeMap<String, String>,
}

pub trait Provider: Sync {
    fn type_name(&self) -> &'static str;
    /// Property names the type accepts.
    fn properties(&self) -> &'static [&'static str];
    /// `Fn::GetAtt` attribute names.
    fn attributes(&self) -> &'static [&'static str];
    /// How long creation takes on the simulated clock.
    fn create_time(&self) -> SimDuration;
    /// How long creating a resource with these properties takes (a Multi-AZ DB instance takes
    /// longer than a single-AZ one); the type's `create_time` unless it depends on them.
    fn create_time_of(&self, _props: &Map<String, Json>) -> SimDuration {
        self.create_time()
    }
    /// Whether the physical resource has reached the state CloudFormation waits for (a DB
    /// instance `available`); CloudFormation checks again a second later until it has.
    fn ready(&self, _world: &World, _physical_id: &str) -> bool {
        true
    }
    fn delete_time(&self) -> SimDuration;
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String>;
    /// Properties whose change needs a new physical resource (Replacement: True).
    fn replacement_properties(&self) -> &'static [&'static str] {
        &[]
    }
    /// The property that names the resource, if a template may choose the name.
    fn name_property(&self) -> Option<&'static str> {
        None
    }
    /// How long an in-place update takes on the simulated clock.
    fn update_time(&self) -> SimDuration {
        self.create_time()
    }
    /// How long updating this live resource to `props` takes, for types where it depends on
    /// what changes (an instance that must restart).
    fn update_time_for(&self, _world: &World, _physical_id: &str, _props: &Map<String, Json>) -> SimDuration {
        self.update_time()
    }
    /// Changes the resource in place to `props` (no replacement property changed): applies the
    /// configuration the create path applies, and clears what the new properties leave out.
    fn update(
        &self,
        _world: &mut World,
        cx: &ProvisionCx<'_>,
        _physical_id: &str,
        _props: &Map<String, Json>,
    ) -> Result<Created, String> {
        Err(format!("Resource {} of type {} cannot be updated in place", cx.logical_id, self.type_name()))
    }
    /// Deletes the resource. A resource that is already gone counts as deleted.
    fn delete(&self, world: &mut World, cx: &ProvisionCx<'_>, physical_id: &str) -> Result<(), String>;
    /// The live resource's properties as drift detection reads them (by template name). Types
    /// whose service a learner cannot change answer `NotSupported` and are `NOT_CHECKED`.
    fn observe(&self, _world: &World, _physical_id: &str) -> Observed {
        Observed::NotSupported
    }
}

static PROVIDERS: &[&dyn Provider] = &[
    &s3::Bucket,
    &s3::BucketPolicy,
    &sqs::Queue,
    &sqs::QueuePolicy,
    &sns::Topic,
    &sns::Subscription,
    &sns::TopicPolicy,
    &lambda::Function,
    &lambda::EventSourceMapping,
    &lambda::Permission,
    &ec2::Vpc,
    &ec2::Subnet,
    &ec2::InternetGateway,
    &ec2::VpcGatewayAttachment,
    &ec2::RouteTable,
    &ec2::Route,
    &ec2::SubnetRouteTableAssociation,
    &ec2::SecurityGroup,
    &ec2::Instance,
    &ec2::Eip,
    &ec2::KeyPair,
    &wait::WaitConditionHandle,
    &wait::WaitCondition,
    &ec2_network::NatGateway,
    &ec2_network::NetworkAcl,
    &ec2_network::NetworkAclEntry,
    &ec2_network::SubnetNetworkAclAssociation,
    &ec2_network::EipAssociation,
    &launch_template::LaunchTemplate,
    &elb::LoadBalancer,
    &elbv2::LoadBalancer,
    &elbv2::TargetGroup,
    &elbv2::Listener,
    &iam::Role,
    &iam::Policy,
    &iam::InstanceProfile,
    &autoscaling::LaunchConfiguration,
    &autoscaling::AutoScalingGroup,
    &autoscaling::ScalingPolicy,
    #[cfg(feature = "kms")]
    &kms::Key,
    #[cfg(feature = "kms")]
    &kms::Alias,
    #[cfg(feature = "rds")]
    &rds::DbSubnetGroup,
    #[cfg(feature = "rds")]
    &rds::DbInstance,
    #[cfg(feature = "cloudwatch")]
    &cloudwatch::Alarm,
];

/// A service's error as CloudFormation shows it in the resource's status reason
/// (`Service` is the service's name in AWS's handler messages: `Ec2`, `Iam`, `Kms`).
pub(crate) fn handler_reason(service: &str, e: &crate::error::ApiError) -> String {
    format!(
        "Resource handler returned message: \"{} (Service: {service}, Status Code: {}, Error Code: {})\"",
        e.message, e.status, e.code
    )
}

/// A provider's reading of a live resource, from (name, value) pairs.
pub(crate) fn observed(pairs: &[(&str, Json)]) -> Map<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

pub fn provider(resource_type: &str) -> Option<&'static dyn Provider> {
    PROVIDERS.iter().copied().find(|p| p.type_name() == resource_type)
}

/// Every resource type Nimbus Lab can create.
pub fn supported_types() -> Vec<&'static str> {
    PROVIDERS.iter().map(|p| p.type_name()).collect()
}

pub fn attributes_of(resource_type: &str) -> Option<&'static [&'static str]> {
    provider(resource_type).map(|p| p.attributes())
}

/// IAM types: CreateStack needs CAPABILITY_IAM (or CAPABILITY_NAMED_IAM when the template names
/// them) for these, and the property that names each.
pub const IAM_TYPES: &[(&str, Option<&str>)] = &[
    ("AWS::IAM::AccessKey", None),
    ("AWS::IAM::Group", Some("GroupName")),
    ("AWS::IAM::InstanceProfile", Some("InstanceProfileName")),
    ("AWS::IAM::ManagedPolicy", Some("ManagedPolicyName")),
    ("AWS::IAM::Policy", None),
    ("AWS::IAM::Role", Some("RoleName")),
    ("AWS::IAM::User", Some("UserName")),
    ("AWS::IAM::UserToGroupAddition", None),
];

/// Checks the property names against the type's schema, as CloudFormation's handlers do.
pub fn check_properties(logical_id: &str, allowed: &[&str], props: &Map<String, Json>) -> Result<(), String> {
    let extra: Vec<&str> = props.keys().map(String::as_str).filter(|k| !allowed.contains(k)).collect();
    if extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "Properties validation failed for resource {logical_id} with message: #: extraneous key [{}] is not permitted",
        extra.join(", ")
    ))
}

/// A template value read as text (numbers and booleans are text in templates).
pub fn text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn flag(v: Option<&Json>) -> Option<bool> {
    v.and_then(text).map(|s| s.eq_ignore_ascii_case("true"))
}

/// `[{Key, Value}]` tags plus the stack's tags (the resource's own win).
pub fn tags(
    logical_id: &str,
    v: Option<&Json>,
    stack_tags: &[(String, String)],
) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    if let Some(v) = v {
        let Some(list) = v.as_array() else {
            return Err(format!(
                "Properties validation failed for resource {logical_id} with message: #/Tags: expected type: JSONArray, found: {}",
                kind(v)
            ));
        };
        for t in list {
            let (Some(k), Some(val)) = (t.get("Key").and_then(text), t.get("Value").and_then(text)) else {
                return Err(format!(
                    "Properties validation failed for resource {logical_id} with message: #/Tags: required key [Key] or [Value] not found"
                ));
            };
            out.push((k, val));
        }
    }
    for (k, v) in stack_tags {
        if !out.iter().any(|(ok, _)| ok == k) {
            out.push((k.clone(), v.clone()));
        }
    }
    Ok(out)
}

pub fn kind(v: &Json) -> &'static str {
    match v {
        Json::Null => "Null",
        Json::Bool(_) => "Boolean",
        Json::Number(_) => "Number",
        Json::String(_) => "String",
        Json::Array(_) => "JSONArray",
        Json::Object(_) => "JSONObject",
    }
}

/// `<stack>-<logicalid>-<random>`, shortened to fit `max` as CloudFormation does.
pub fn generated_name(world: &mut World, stack: &str, logical_id: &str, max: usize, lower: bool) -> String {
    let suffix =
        if lower { crate::ids::lower_alnum(world.rng(), 12) } else { crate::ids::upper_alnum(world.rng(), 13) };
    let room = max.saturating_sub(suffix.len() + 2);
    let mut stack_part: String = stack.to_string();
    let mut logical_part: String = logical_id.to_string();
    while stack_part.len() + logical_part.len() > room {
        if stack_part.len() >= logical_part.len() {
            stack_part.pop();
        } else {
            logical_part.pop();
        }
    }
    let name = format!("{stack_part}-{logical_part}-{suffix}");
    if lower {
        name.to_ascii_lowercase()
    } else {
        name
    }
}
