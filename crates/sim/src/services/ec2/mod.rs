//! Amazon EC2 and its VPC networking: VPCs, subnets, internet gateways, route tables, security
//! groups, key pairs, instances on the simulated clock, Elastic IPs, NAT gateways, network ACLs
//! and launch templates. Every Region starts
//! with its default VPC (shared with CloudHSM through `services::vpc`), shown here with a
//! default subnet per Availability Zone, its default security group, main route table and
//! internet gateway.
//!
//! `cidr.rs` reads CIDR blocks; `ops/` has one function per operation; `jobs.rs` moves
//! instances through their states as time passes.

pub mod cidr;
pub mod jobs;
pub mod model;
#[cfg(test)]
mod network_tests;
pub mod ops;
pub mod reach;
#[cfg(test)]
mod tests;

pub use jobs::Ec2Job;
pub use model::*;
pub use ops::*;

pub(crate) use jobs::run as run_job;
pub(crate) use ops::ensure_defaults;

service_api! {
    request Ec2Request, response Ec2Response;
    CreateVpc(CreateVpcRequest) -> CreateVpcOutput = ops::create_vpc;
    DescribeVpcs(DescribeVpcsRequest) -> DescribeVpcsOutput = ops::describe_vpcs;
    DeleteVpc(DeleteVpcRequest) -> EmptyOutput = ops::delete_vpc;
    CreateSubnet(CreateSubnetRequest) -> CreateSubnetOutput = ops::create_subnet;
    DescribeSubnets(DescribeSubnetsRequest) -> DescribeSubnetsOutput = ops::describe_subnets;
    DeleteSubnet(DeleteSubnetRequest) -> EmptyOutput = ops::delete_subnet;
    ModifySubnetAttribute(ModifySubnetAttributeRequest) -> EmptyOutput = ops::modify_subnet_attribute;
    CreateInternetGateway(CreateInternetGatewayRequest) -> CreateInternetGatewayOutput = ops::create_internet_gateway;
    DescribeInternetGateways(DescribeInternetGatewaysRequest) -> DescribeInternetGatewaysOutput = ops::describe_internet_gateways;
    AttachInternetGateway(AttachInternetGatewayRequest) -> EmptyOutput = ops::attach_internet_gateway;
    DetachInternetGateway(DetachInternetGatewayRequest) -> EmptyOutput = ops::detach_internet_gateway;
    DeleteInternetGateway(DeleteInternetGatewayRequest) -> EmptyOutput = ops::delete_internet_gateway;
    CreateRouteTable(CreateRouteTableRequest) -> CreateRouteTableOutput = ops::create_route_table;
    DescribeRouteTables(DescribeRouteTablesRequest) -> DescribeRouteTablesOutput = ops::describe_route_tables;
    DeleteRouteTable(DeleteRouteTableRequest) -> EmptyOutput = ops::delete_route_table;
    CreateRoute(CreateRouteRequest) -> ReturnOutput = ops::create_route;
    DeleteRoute(DeleteRouteRequest) -> EmptyOutput = ops::delete_route;
    AssociateRouteTable(AssociateRouteTableRequest) -> AssociateRouteTableOutput = ops::associate_route_table;
    DisassociateRouteTable(DisassociateRouteTableRequest) -> EmptyOutput = ops::disassociate_route_table;
    CreateSecurityGroup(CreateSecurityGroupRequest) -> CreateSecurityGroupOutput = ops::create_security_group;
    DescribeSecurityGroups(DescribeSecurityGroupsRequest) -> DescribeSecurityGroupsOutput = ops::describe_security_groups;
    DeleteSecurityGroup(DeleteSecurityGroupRequest) -> DeleteSecurityGroupOutput = ops::delete_security_group;
    AuthorizeSecurityGroupIngress(AuthorizeSecurityGroupRequest) -> AuthorizeSecurityGroupOutput = ops::authorize_security_group_ingress;
    AuthorizeSecurityGroupEgress(AuthorizeSecurityGroupRequest) -> AuthorizeSecurityGroupOutput = ops::authorize_security_group_egress;
    CreateKeyPair(CreateKeyPairRequest) -> CreateKeyPairOutput = ops::create_key_pair;
    DescribeKeyPairs(DescribeKeyPairsRequest) -> DescribeKeyPairsOutput = ops::describe_key_pairs;
    DeleteKeyPair(DeleteKeyPairRequest) -> DeleteKeyPairOutput = ops::delete_key_pair;
    RunInstances(RunInstancesRequest) -> Reservation = ops::run_instances;
    DescribeInstances(DescribeInstancesRequest) -> DescribeInstancesOutput = ops::describe_instances;
    StopInstances(InstanceIdsRequest) -> StopInstancesOutput = ops::stop_instances;
    StartInstances(InstanceIdsRequest) -> StartInstancesOutput = ops::start_instances;
    TerminateInstances(InstanceIdsRequest) -> TerminateInstancesOutput = ops::terminate_instances;
    ModifyInstanceAttribute(ModifyInstanceAttributeRequest) -> EmptyOutput = ops::modify_instance_attribute;
    AllocateAddress(AllocateAddressRequest) -> AllocateAddressOutput = ops::allocate_address;
    AssociateAddress(AssociateAddressRequest) -> AssociateAddressOutput = ops::associate_address;
    DisassociateAddress(DisassociateAddressRequest) -> EmptyOutput = ops::disassociate_address;
    ReleaseAddress(ReleaseAddressRequest) -> EmptyOutput = ops::release_address;
    DescribeAddresses(DescribeAddressesRequest) -> DescribeAddressesOutput = ops::describe_addresses;
    CreateNatGateway(CreateNatGatewayRequest) -> CreateNatGatewayOutput = ops::create_nat_gateway;
    DescribeNatGateways(DescribeNatGatewaysRequest) -> DescribeNatGatewaysOutput = ops::describe_nat_gateways;
    DeleteNatGateway(DeleteNatGatewayRequest) -> DeleteNatGatewayOutput = ops::delete_nat_gateway;
    CreateNetworkAcl(CreateNetworkAclRequest) -> CreateNetworkAclOutput = ops::create_network_acl;
    DescribeNetworkAcls(DescribeNetworkAclsRequest) -> DescribeNetworkAclsOutput = ops::describe_network_acls;
    DeleteNetworkAcl(DeleteNetworkAclRequest) -> EmptyOutput = ops::delete_network_acl;
    CreateNetworkAclEntry(NetworkAclEntryRequest) -> EmptyOutput = ops::create_network_acl_entry;
    ReplaceNetworkAclEntry(NetworkAclEntryRequest) -> EmptyOutput = ops::replace_network_acl_entry;
    DeleteNetworkAclEntry(DeleteNetworkAclEntryRequest) -> EmptyOutput = ops::delete_network_acl_entry;
    ReplaceNetworkAclAssociation(ReplaceNetworkAclAssociationRequest) -> ReplaceNetworkAclAssociationOutput = ops::replace_network_acl_association;
    CreateLaunchTemplate(CreateLaunchTemplateRequest) -> CreateLaunchTemplateOutput = ops::create_launch_template;
    DescribeLaunchTemplates(DescribeLaunchTemplatesRequest) -> DescribeLaunchTemplatesOutput = ops::describe_launch_templates;
    DeleteLaunchTemplate(LaunchTemplateRef) -> DeleteLaunchTemplateOutput = ops::delete_launch_template;
    CreateLaunchTemplateVersion(CreateLaunchTemplateVersionRequest) -> CreateLaunchTemplateVersionOutput = ops::create_launch_template_version;
    DescribeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest) -> DescribeLaunchTemplateVersionsOutput = ops::describe_launch_template_versions;
    DescribeAvailabilityZones(DescribeAvailabilityZonesRequest) -> DescribeAvailabilityZonesOutput = ops::describe_availability_zones;
}
