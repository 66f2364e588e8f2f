//! RunInstances and the instance lifecycle: pending → running, stopping → stopped,
//! shutting-down → terminated, each on the simulated clock (see `jobs.rs`).

use super::security::group_in;
use super::*;
use crate::services::ec2::cidr::show_ipv4;
use crate::services::ec2::jobs::Ec2Job;
use crate::time::SimTime;
use crate::world::CallContext;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfileSpecification {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RunInstancesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// The AWS CLI sends 1 for both when they are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_data: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<IamInstanceProfileSpecification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceState {
    pub code: i64,
    pub name: String,
}

impl InstanceState {
    pub fn of(s: InstanceStateName) -> Self {
        InstanceState { code: s.code(), name: s.as_str().to_string() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Placement {
    pub availability_zone: String,
    pub group_name: String,
    pub tenancy: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    pub state: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_name: String,
    pub group_id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IamInstanceProfile {
    pub arn: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceView {
    pub ami_launch_index: i64,
    pub image_id: String,
    pub instance_id: String,
    pub instance_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    pub launch_time: SimTime,
    pub monitoring: Monitoring,
    pub placement: Placement,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub public_dns_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<String>,
    pub state: InstanceState,
    pub state_transition_reason: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub architecture: String,
    pub client_token: String,
    pub ebs_optimized: bool,
    pub ena_support: bool,
    pub hypervisor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iam_instance_profile: Option<IamInstanceProfile>,
    pub root_device_name: String,
    pub root_device_type: String,
    pub security_groups: Vec<GroupIdentifier>,
    pub source_dest_check: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    pub virtualization_type: String,
    pub platform_details: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation {
    pub groups: Vec<GroupIdentifier>,
    pub instances: Vec<InstanceView>,
    pub owner_id: String,
    pub reservation_id: String,
}

fn dns_suffix(region: &str, public: bool) -> String {
    match (region, public) {
        ("us-east-1", true) => "compute-1.amazonaws.com".into(),
        ("us-east-1", false) => "ec2.internal".into(),
        (r, true) => format!("{r}.compute.amazonaws.com"),
        (r, false) => format!("{r}.compute.internal"),
    }
}

pub(crate) fn instance_view(world: &World, i: &Instance) -> InstanceView {
    let dns = |ip: &str, public: bool| {
        format!("{}-{}.{}", if public { "ec2" } else { "ip" }, ip.replace('.', "-"), dns_suffix(&i.region, public))
    };
    let hostnames = world.ec2.vpcs.get(&i.vpc_id).is_some_and(|v| v.enable_dns_hostnames);
    let terminated = i.state == InstanceStateName::Terminated;
    InstanceView {
        ami_launch_index: i.ami_launch_index,
        image_id: i.image_id.clone(),
        instance_id: i.instance_id.clone(),
        instance_type: i.instance_type.clone(),
        key_name: i.key_name.clone(),
        launch_time: i.launch_time,
        monitoring: Monitoring { state: "disabled".into() },
        placement: Placement {
            availability_zone: i.availability_zone.clone(),
            group_name: String::new(),
            tenancy: "default".into(),
        },
        private_dns_name: if terminated { String::new() } else { dns(&i.private_ip, false) },
        private_ip_address: i.private_ip.clone(),
        public_dns_name: match &i.public_ip {
            Some(ip) if hostnames => dns(ip, true),
            _ => String::new(),
        },
        public_ip_address: i.public_ip.clone(),
        state: InstanceState::of(i.state),
        state_transition_reason: i.state_transition_reason.clone(),
        subnet_id: i.subnet_id.clone(),
        vpc_id: i.vpc_id.clone(),
        architecture: if i.instance_type.contains("g.") { "arm64".into() } else { "x86_64".into() },
        client_token: String::new(),
        ebs_optimized: false,
        ena_support: true,
        hypervisor: "xen".into(),
        iam_instance_profile: i.iam_instance_profile.clone().map(|arn| IamInstanceProfile { arn }),
        root_device_name: "/dev/xvda".into(),
        root_device_type: "ebs".into(),
        security_groups: groups(world, &i.security_group_ids),
        source_dest_check: true,
        tags: tags_out(&i.tags),
        virtualization_type: "hvm".into(),
        platform_details: "Linux/UNIX".into(),
    }
}

fn groups(world: &World, ids: &[String]) -> Vec<GroupIdentifier> {
    ids.iter()
        .map(|id| GroupIdentifier {
            group_name: world.ec2.security_groups.get(id).map(|g| g.group_name.clone()).unwrap_or_default(),
            group_id: id.clone(),
        })
        .collect()
}

/// A public IPv4 address from Amazon's pool (documentation-looking but routable-shaped).
pub(crate) fn public_ip(world: &mut World) -> String {
    use rand::RngExt;
    let rng = world.rng();
    let first = [3u32, 18, 34, 44, 52, 54][rng.random_range(0..6usize)];
    let addr = (first << 24) | (rng.random_range(0..0x00FF_FFFEu32) + 1);
    show_ipv4(addr)
}

pub(super) fn valid_instance_type(t: &str) -> bool {
    let Some((family, size)) = t.split_once('.') else { return false };
    !family.is_empty()
        && family.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && family.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !size.is_empty()
        && size.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

#[cfg_attr(not(feature = "iam"), allow(unused_variables))]
fn instance_profile_arn(
    world: &World,
    cx: &mut CallContext,
    spec: &IamInstanceProfileSpecification,
) -> Result<String, ApiError> {
    let name = spec
        .name
        .clone()
        .or_else(|| spec.arn.as_ref().and_then(|a| a.rsplit('/').next().map(str::to_string)))
        .unwrap_or_default();
    #[cfg(feature = "iam")]
    {
        match world.iam.instance_profiles.get(&name) {
            Some(p) => Ok(p.arn.clone()),
            None => {
                cx.why(format!("no IAM instance profile named '{name}'"));
                Err(invalid_parameter(format!(
                    "Value ({name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"
                )))
            }
        }
    }
    #[cfg(not(feature = "iam"))]
    Ok(format!("arn:aws:iam::{ACCOUNT_ID}:instance-profile/{name}"))
}

pub fn run_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: RunInstancesRequest,
) -> Result<Reservation, ApiError> {
    let region = cx.region.clone();
    let Some(image_id) = input.image_id.clone() else {
        cx.why("RunInstances needs an AMI (--image-id), or a launch template (not simulated)");
        return Err(missing("ImageId"));
    };
    if !well_formed(&image_id, "ami") {
        cx.why("an AMI id is ami- followed by 8 or 17 hex digits");
        return Err(malformed("InvalidAMIID.Malformed", &image_id, "ami"));
    }
    let instance_type = input.instance_type.clone().unwrap_or_else(|| "m1.small".into());
    if !valid_instance_type(&instance_type) {
        cx.why(format!("'{instance_type}' is not an instance type (family.size, like t3.micro)"));
        return Err(invalid_parameter(format!("Invalid value '{instance_type}' for InstanceType.")));
    }
    let min = input.min_count.unwrap_or(1);
    let max = input.max_count.unwrap_or(min.max(1));
    if min < 1 || max < min {
        cx.why("MinCount is at least 1 and MaxCount at least MinCount");
        return Err(invalid_parameter(format!(
            "Value ({min}) for parameter minCount is invalid. Expected a value between 1 and {max}."
        )));
    }
    if max > 20 {
        cx.why("Nimbus Lab launches up to 20 instances a call (the old default On-Demand instance limit)");
        return Err(ApiError::bad_request(
            "InstanceLimitExceeded",
            format!("You have requested more instances ({max}) than your current instance limit of 20 allows for the specified instance type."),
        ));
    }
    if let Some(k) = &input.key_name {
        if world.ec2.key_pair_named(&region, k).is_none() {
            cx.why(format!("no key pair named '{k}' in {region}"));
            return Err(ApiError::bad_request("InvalidKeyPair.NotFound", format!("The key pair '{k}' does not exist")));
        }
    }
    let subnet = match &input.subnet_id {
        Some(id) => super::network::subnet_in(world, cx, id)?.clone(),
        None => {
            let Some(v) = world.ec2.default_vpc(&region).map(|v| v.vpc_id.clone()) else {
                cx.why("no subnet was given and the Region has no default VPC");
                return Err(ApiError::bad_request(
                    "VPCIdNotSpecified",
                    "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.",
                ));
            };
            let mut subnets: Vec<&Subnet> =
                world.ec2.subnets.values().filter(|s| s.vpc_id == v && s.default_for_az).collect();
            crate::sort::sort_by(&mut subnets, |a, b| a.availability_zone.cmp(&b.availability_zone));
            match subnets.first() {
                Some(s) => (*s).clone(),
                None => return Err(ApiError::bad_request("MissingInput", "No subnets found for the default VPC")),
            }
        }
    };
    let mut group_ids = Vec::new();
    for id in &input.security_group_ids {
        group_ids.push(group_in(world, cx, Some(id), None)?.clone());
    }
    for name in &input.security_groups {
        let g =
            world.ec2.security_groups.values().find(|g| g.vpc_id == subnet.vpc_id && &g.group_name == name).cloned();
        match g {
            Some(g) => group_ids.push(g),
            None => {
                cx.why(format!("no group named '{name}' in {}", subnet.vpc_id));
                return Err(ApiError::bad_request(
                    "InvalidGroup.NotFound",
                    format!("The security group '{name}' does not exist in VPC '{}'", subnet.vpc_id),
                ));
            }
        }
    }
    if let Some(g) = group_ids.iter().find(|g| g.vpc_id != subnet.vpc_id) {
        cx.why(format!("{} is in {}, the subnet in {}", g.group_id, g.vpc_id, subnet.vpc_id));
        return Err(ApiError::bad_request(
            "InvalidParameter",
            format!("Security group {} and subnet {} belong to different networks.", g.group_id, subnet.subnet_id),
        ));
    }
    if group_ids.is_empty() {
        if let Some(d) =
            world.ec2.security_groups.values().find(|g| g.vpc_id == subnet.vpc_id && g.group_name == "default")
        {
            group_ids.push(d.clone());
        }
    }
    let profile = match &input.iam_instance_profile {
        Some(spec) => Some(instance_profile_arn(world, cx, spec)?),
        None => None,
    };
    let fixed_ip = match &input.private_ip_address {
        None => None,
        Some(ip) => {
            let addr = super::super::cidr::parse_ipv4(ip).filter(|a| subnet.cidr.contains_addr(*a));
            let taken = world.ec2.live_instances().any(|i| &i.private_ip == ip);
            match addr {
                Some(_) if max > 1 => {
                    return Err(invalid_parameter(
                        "Cannot specify a private IP address when launching more than one instance",
                    ))
                }
                Some(_) if taken => {
                    return Err(ApiError::bad_request("InvalidIPAddress.InUse", format!("Address {ip} is in use.")))
                }
                Some(a) => Some(a),
                None => {
                    cx.why(format!("{ip} is not inside {} ({})", subnet.subnet_id, subnet.cidr));
                    return Err(invalid_parameter(format!(
                        "Address {ip} does not fall within the subnet's address range"
                    )));
                }
            }
        }
    };
    let free = subnet.cidr.usable() as i64
        - world.ec2.live_instances().filter(|i| i.subnet_id == subnet.subnet_id).count() as i64;
    if free < max {
        cx.why(format!("{} has {free} free address(es)", subnet.subnet_id));
        return Err(ApiError::bad_request(
            "InsufficientFreeAddressesInSubnet",
            format!(
                "There are not enough free addresses in subnet '{}' to satisfy the requested number of instances.",
                subnet.subnet_id
            ),
        ));
    }
    if input.dry_run == Some(true) {
        cx.why("DryRun: every check passed; nothing was launched");
        return Err(ApiError::new("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set."));
    }
    let reservation_id = new_id(world, "r");
    let tags = tags_for(&input.tag_specifications, "instance");
    let now = world.now();
    let mut views = Vec::new();
    for n in 0..max {
        let private_ip = match fixed_ip {
            Some(a) => show_ipv4(a),
            None => next_private_ip(world, &subnet.subnet_id),
        };
        let public = subnet.map_public_ip_on_launch.then(|| public_ip(world));
        let id = new_id(world, "i");
        let inst = Instance {
            instance_id: id.clone(),
            region: region.clone(),
            reservation_id: reservation_id.clone(),
            ami_launch_index: n,
            image_id: image_id.clone(),
            instance_type: instance_type.clone(),
            key_name: input.key_name.clone(),
            subnet_id: subnet.subnet_id.clone(),
            vpc_id: subnet.vpc_id.clone(),
            availability_zone: subnet.availability_zone.clone(),
            private_ip,
            public_ip: public,
            security_group_ids: group_ids.iter().map(|g| g.group_id.clone()).collect(),
            state: InstanceStateName::Pending,
            state_transition_reason: String::new(),
            launch_time: now,
            iam_instance_profile: profile.clone(),
            user_data: input.user_data.clone(),
            tags: tags.clone(),
            epoch: 1,
            boots: 0,
            user_data_ran: false,
        };
        world.ec2.instances.insert(id.clone(), inst);
        world.ec2.launch_order.push(id.clone());
        world.schedule(
            PENDING_TIME,
            crate::services::Job::Ec2(Ec2Job::StateReached { instance_id: id.clone(), epoch: 1 }),
        );
        cx.touch(id.clone());
        views.push(instance_view(world, &world.ec2.instances[&id]));
    }
    cx.why(format!(
        "{max} instance(s) launched in {} ({}): pending now, running in {PENDING_TIME}{}",
        subnet.subnet_id,
        subnet.availability_zone,
        if subnet.map_public_ip_on_launch {
            "; the subnet maps public IPv4 addresses on launch"
        } else {
            "; no public IPv4 address (the subnet does not map them)"
        }
    ));
    Ok(Reservation { groups: Vec::new(), instances: views, owner_id: ACCOUNT_ID.into(), reservation_id })
}

/// The next free private address of a subnet.
pub(crate) fn next_private_ip(world: &mut World, subnet_id: &str) -> String {
    let taken: Vec<String> =
        world.ec2.live_instances().filter(|i| i.subnet_id == subnet_id).map(|i| i.private_ip.clone()).collect();
    let Some(s) = world.ec2.subnets.get_mut(subnet_id) else { return String::new() };
    for _ in 0..s.cidr.size() {
        let n = s.next_host;
        s.next_host = s.next_host.wrapping_add(1);
        match s.cidr.host(n) {
            Some(a) if !taken.contains(&show_ipv4(a)) => return show_ipv4(a),
            Some(_) => continue,
            None => s.next_host = 0,
        }
    }
    String::new()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesRequest {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<Filter>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesOutput {
    pub reservations: Vec<Reservation>,
}

pub(super) fn instance_in<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w Instance, ApiError> {
    cx.touch(id.to_string());
    if !well_formed(id, "i") {
        cx.why("an instance id is i- followed by 8 or 17 hex digits");
        return Err(malformed("InvalidInstanceID.Malformed", id, "i"));
    }
    world.ec2.instances.get(id).filter(|i| i.region == cx.region).ok_or_else(|| {
        cx.why(format!("no instance '{id}' in {} (terminated instances disappear after about an hour)", cx.region));
        ApiError::bad_request("InvalidInstanceID.NotFound", format!("The instance ID '{id}' does not exist"))
    })
}

pub fn describe_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeInstancesRequest,
) -> Result<DescribeInstancesOutput, ApiError> {
    for id in &input.instance_ids {
        instance_in(world, cx, id)?;
    }
    let mut reservations: Vec<Reservation> = Vec::new();
    for id in &world.ec2.launch_order {
        let Some(i) = world.ec2.instances.get(id).filter(|i| i.region == cx.region) else { continue };
        if !input.instance_ids.is_empty() && !input.instance_ids.contains(&i.instance_id) {
            continue;
        }
        let ok = passes(&input.filters, &i.tags, |name| match name {
            "instance-id" => one(&i.instance_id),
            "instance-state-name" => one(i.state.as_str()),
            "instance-state-code" => one(i.state.code().to_string()),
            "instance-type" => one(&i.instance_type),
            "image-id" => one(&i.image_id),
            "vpc-id" => one(&i.vpc_id),
            "subnet-id" => one(&i.subnet_id),
            "availability-zone" => one(&i.availability_zone),
            "key-name" => Some(i.key_name.iter().cloned().collect()),
            "private-ip-address" => one(&i.private_ip),
            "ip-address" => Some(i.public_ip.iter().cloned().collect()),
            "reservation-id" => one(&i.reservation_id),
            "instance.group-id" | "group-id" => Some(i.security_group_ids.clone()),
            _ => None,
        })?;
        if !ok {
            continue;
        }
        let view = instance_view(world, i);
        match reservations.iter_mut().find(|r| r.reservation_id == i.reservation_id) {
            Some(r) => r.instances.push(view),
            None => reservations.push(Reservation {
                groups: Vec::new(),
                instances: vec![view],
                owner_id: ACCOUNT_ID.into(),
                reservation_id: i.reservation_id.clone(),
            }),
        }
    }
    let count: usize = reservations.iter().map(|r| r.instances.len()).sum();
    cx.why(format!("{count} instance(s) in {} reservation(s) in {}", reservations.len(), cx.region));
    Ok(DescribeInstancesOutput { reservations })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceIdsRequest {
    pub instance_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateChange {
    pub current_state: InstanceState,
    pub instance_id: String,
    pub previous_state: InstanceState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopInstancesOutput {
    pub stopping_instances: Vec<InstanceStateChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInstancesOutput {
    pub starting_instances: Vec<InstanceStateChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstancesOutput {
    pub terminating_instances: Vec<InstanceStateChange>,
}

#[derive(Clone, Copy, PartialEq)]
enum Action {
    Stop,
    Start,
    Terminate,
}

fn change_states(
    world: &mut World,
    cx: &mut CallContext,
    ids: &[String],
    action: Action,
) -> Result<Vec<InstanceStateChange>, ApiError> {
    use InstanceStateName as S;
    if ids.is_empty() {
        return Err(missing("InstanceIds"));
    }
    // Every instance is checked before any changes, as EC2 does.
    for id in ids {
        let i = instance_in(world, cx, id)?;
        let ok = match action {
            Action::Stop => matches!(i.state, S::Running | S::Stopping | S::Stopped),
            Action::Start => matches!(i.state, S::Stopped | S::Pending | S::Running),
            Action::Terminate => true,
        };
        if !ok {
            let verb = match action {
                Action::Stop => "stopped",
                Action::Start => "started",
                Action::Terminate => "terminated",
            };
            cx.why(format!("{id} is {}; it cannot be {verb} from there", i.state));
            return Err(ApiError::bad_request(
                "IncorrectInstanceState",
                format!("The instance '{id}' is not in a state from which it can be {verb}."),
            ));
        }
    }
    let now = world.now();
    let mut out = Vec::new();
    for id in ids {
        let before = world.ec2.instances[id].state;
        let next = match (action, before) {
            (Action::Stop, S::Running) => Some((S::Stopping, STOPPING_TIME)),
            (Action::Start, S::Stopped) => Some((S::Pending, PENDING_TIME)),
            (Action::Terminate, S::Terminated | S::ShuttingDown) => None,
            (Action::Terminate, _) => Some((S::ShuttingDown, SHUTTING_DOWN_TIME)),
            _ => None,
        };
        if let Some((state, after)) = next {
            let new_ip = (action == Action::Start
                && world
                    .ec2
                    .subnets
                    .get(&world.ec2.instances[id].subnet_id)
                    .is_some_and(|s| s.map_public_ip_on_launch))
            .then(|| public_ip(world));
            let has_eip = world.ec2.addresses.values().any(|a| a.instance_id.as_ref() == Some(id));
            let i = world.ec2.instances.get_mut(id).expect("checked above");
            i.state = state;
            i.epoch += 1;
            let epoch = i.epoch;
            match action {
                Action::Stop => {
                    i.state_transition_reason =
                        format!("User initiated ({})", now.iso8601().replace('T', " ").replace("+00:00", " GMT"))
                }
                Action::Terminate => {
                    i.state_transition_reason =
                        format!("User initiated ({})", now.iso8601().replace('T', " ").replace("+00:00", " GMT"))
                }
                Action::Start => {
                    i.state_transition_reason = String::new();
                    if !has_eip {
                        i.public_ip = new_ip;
                    }
                }
            }
            world.schedule(after, crate::services::Job::Ec2(Ec2Job::StateReached { instance_id: id.clone(), epoch }));
        }
        let current = world.ec2.instances[id].state;
        out.push(InstanceStateChange {
            current_state: InstanceState::of(current),
            instance_id: id.clone(),
            previous_state: InstanceState::of(before),
        });
    }
    let summary: Vec<String> = out
        .iter()
        .map(|c| format!("{} {} -> {}", c.instance_id, c.previous_state.name, c.current_state.name))
        .collect();
    cx.why(summary.join("; "));
    Ok(out)
}

pub fn stop_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceIdsRequest,
) -> Result<StopInstancesOutput, ApiError> {
    change_states(world, cx, &input.instance_ids, Action::Stop)
        .map(|stopping_instances| StopInstancesOutput { stopping_instances })
}

pub fn start_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceIdsRequest,
) -> Result<StartInstancesOutput, ApiError> {
    change_states(world, cx, &input.instance_ids, Action::Start)
        .map(|starting_instances| StartInstancesOutput { starting_instances })
}

pub fn terminate_instances(
    world: &mut World,
    cx: &mut CallContext,
    input: InstanceIdsRequest,
) -> Result<TerminateInstancesOutput, ApiError> {
    change_states(world, cx, &input.instance_ids, Action::Terminate)
        .map(|terminating_instances| TerminateInstancesOutput { terminating_instances })
}
