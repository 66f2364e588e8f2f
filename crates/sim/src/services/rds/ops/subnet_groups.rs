//! CreateDBSubnetGroup, DescribeDBSubnetGroups and DeleteDBSubnetGroup. A group's subnets are
//! EC2 subnets of one VPC covering at least two Availability Zones.

use super::*;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateDBSubnetGroupRequest {
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: String,
    #[serde(rename = "DBSubnetGroupDescription")]
    pub db_subnet_group_description: String,
    #[serde(rename = "SubnetIds")]
    pub subnet_ids: Vec<String>,
    #[serde(rename = "Tags", default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZoneView {
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetView {
    pub subnet_identifier: String,
    pub subnet_availability_zone: AvailabilityZoneView,
    pub subnet_status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DBSubnetGroupView {
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: String,
    #[serde(rename = "DBSubnetGroupDescription")]
    pub db_subnet_group_description: String,
    #[serde(rename = "VpcId")]
    pub vpc_id: String,
    #[serde(rename = "SubnetGroupStatus")]
    pub subnet_group_status: String,
    #[serde(rename = "Subnets")]
    pub subnets: Vec<SubnetView>,
    #[serde(rename = "DBSubnetGroupArn")]
    pub db_subnet_group_arn: String,
}

pub(crate) fn group_view(g: &DbSubnetGroup) -> DBSubnetGroupView {
    DBSubnetGroupView {
        db_subnet_group_name: g.name.clone(),
        db_subnet_group_description: g.description.clone(),
        vpc_id: g.vpc_id.clone(),
        subnet_group_status: "Complete".into(),
        subnets: g
            .subnets
            .iter()
            .map(|(s, az)| SubnetView {
                subnet_identifier: s.clone(),
                subnet_availability_zone: AvailabilityZoneView { name: az.clone() },
                subnet_status: "Active".into(),
            })
            .collect(),
        db_subnet_group_arn: arn(&g.region, "subgrp", &g.name),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateDBSubnetGroupOutput {
    #[serde(rename = "DBSubnetGroup")]
    pub db_subnet_group: DBSubnetGroupView,
}

pub(crate) fn group_not_found(cx: &mut CallContext, name: &str) -> ApiError {
    cx.why(format!("no DB subnet group '{name}' in {}", cx.region));
    ApiError::not_found("DBSubnetGroupNotFoundFault", format!("DBSubnetGroup '{name}' not found."))
}

pub fn create_db_subnet_group(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateDBSubnetGroupRequest,
) -> Result<CreateDBSubnetGroupOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.db_subnet_group_name.to_ascii_lowercase();
    cx.touch(arn(&region, "subgrp", &name));
    let name_ok = (1..=255).contains(&name.len())
        && name != "default"
        && name.chars().all(|c| c.is_ascii_alphanumeric() || " ._-".contains(c));
    if !name_ok {
        cx.why("a DB subnet group name has up to 255 letters, digits, spaces, periods, underscores and hyphens, and is not 'default'");
        return Err(invalid_value(format!("The parameter DBSubnetGroupName is not a valid identifier: {name}")));
    }
    if input.db_subnet_group_description.is_empty() {
        return Err(invalid_value("The parameter DBSubnetGroupDescription must be provided and must not be blank."));
    }
    if world.rds.subnet_groups.contains_key(&key(&region, &name)) {
        cx.why(format!("'{name}' is taken in {region}"));
        return Err(ApiError::bad_request(
            "DBSubnetGroupAlreadyExists",
            format!("The DB subnet group '{name}' already exists."),
        ));
    }
    crate::services::ec2::ensure_defaults(world, &region);
    let mut subnets: Vec<(String, String)> = Vec::new();
    let mut vpc: Option<String> = None;
    for id in &input.subnet_ids {
        let Some(s) = world.ec2.subnets.get(id).filter(|s| s.region == region) else {
            cx.why(format!("no subnet '{id}' in {region}"));
            return Err(ApiError::bad_request("InvalidSubnet", format!("Some input subnets in :[{id}] are invalid.")));
        };
        if vpc.as_ref().is_some_and(|v| v != &s.vpc_id) {
            cx.why("every subnet of a DB subnet group is in the same VPC");
            return Err(ApiError::bad_request(
                "InvalidSubnet",
                "The requested subnet is invalid, or multiple subnets were requested that are not all in a common VPC.",
            ));
        }
        vpc = Some(s.vpc_id.clone());
        if !subnets.iter().any(|(x, _)| x == id) {
            subnets.push((id.clone(), s.availability_zone.clone()));
        }
    }
    let mut zones: Vec<String> = subnets.iter().map(|(_, az)| az.clone()).collect();
    zones.sort_unstable();
    zones.dedup();
    if zones.len() < 2 {
        cx.why(format!(
            "the subnets cover {} Availability Zone(s); RDS needs two so a Multi-AZ standby always has a place",
            zones.len()
        ));
        return Err(ApiError::bad_request(
            "DBSubnetGroupDoesNotCoverEnoughAZs",
            "The DB subnet group doesn't meet Availability Zone (AZ) coverage requirement. Current AZ coverage: "
                .to_string()
                + &zones.join(", ")
                + ". Add subnets to cover at least 2 AZs.",
        ));
    }
    let group = DbSubnetGroup {
        name: name.clone(),
        region: region.clone(),
        description: input.db_subnet_group_description,
        vpc_id: vpc.unwrap_or_default(),
        subnets,
        tags: tags_in(&input.tags),
    };
    let view = group_view(&group);
    cx.why(format!("DB subnet group {name} spans {} in {}", zones.join(", "), group.vpc_id));
    world.rds.subnet_groups.insert(key(&region, &name), group);
    Ok(CreateDBSubnetGroupOutput { db_subnet_group: view })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBSubnetGroupsRequest {
    #[serde(rename = "DBSubnetGroupName", default, skip_serializing_if = "Option::is_none")]
    pub db_subnet_group_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DescribeDBSubnetGroupsOutput {
    #[serde(rename = "DBSubnetGroups")]
    pub db_subnet_groups: Vec<DBSubnetGroupView>,
}

pub fn describe_db_subnet_groups(
    world: &mut World,
    cx: &mut CallContext,
    input: DescribeDBSubnetGroupsRequest,
) -> Result<DescribeDBSubnetGroupsOutput, ApiError> {
    let region = cx.region.clone();
    let groups: Vec<DBSubnetGroupView> = world
        .rds
        .subnet_groups
        .values()
        .filter(|g| g.region == region)
        .filter(|g| input.db_subnet_group_name.as_ref().is_none_or(|n| n.eq_ignore_ascii_case(&g.name)))
        .map(group_view)
        .collect();
    if let (Some(name), true) = (&input.db_subnet_group_name, groups.is_empty()) {
        return Err(group_not_found(cx, name));
    }
    cx.why(format!("{} DB subnet group(s) in {region}", groups.len()));
    Ok(DescribeDBSubnetGroupsOutput { db_subnet_groups: groups })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeleteDBSubnetGroupRequest {
    #[serde(rename = "DBSubnetGroupName")]
    pub db_subnet_group_name: String,
}

pub fn delete_db_subnet_group(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteDBSubnetGroupRequest,
) -> Result<EmptyOutput, ApiError> {
    let region = cx.region.clone();
    let name = input.db_subnet_group_name.to_ascii_lowercase();
    cx.touch(arn(&region, "subgrp", &name));
    if !world.rds.subnet_groups.contains_key(&key(&region, &name)) {
        return Err(group_not_found(cx, &name));
    }
    if let Some(i) = world.rds.instances.values().find(|i| i.region == region && i.subnet_group == name) {
        cx.why(format!("DB instance {} still uses {name}", i.id));
        return Err(ApiError::bad_request(
            "InvalidDBSubnetGroupStateFault",
            format!(
                "Cannot delete the subnet group '{name}' because at least one database instance: {} is still using it.",
                i.id
            ),
        ));
    }
    world.rds.subnet_groups.remove(&key(&region, &name));
    cx.why(format!("DB subnet group {name} deleted"));
    Ok(EmptyOutput {})
}
