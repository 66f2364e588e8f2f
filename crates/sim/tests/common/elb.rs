//! Load balancer test helpers: a VPC with two subnets in two Availability Zones and running
//! instances in it, made through the terminal; ELBv2 and Classic ELB calls.
// Each test file uses only some of these.
#![allow(dead_code)]

use super::ec2::Term;
use nimbus_sim::services::elb::{ElbRequest, ElbResponse};
use nimbus_sim::services::elbv2::{Elbv2Request, Elbv2Response};
use nimbus_sim::{ApiError, Request, Response, World};

pub const AMI: &str = "ami-0abcdef1234567890";

#[allow(unreachable_patterns)]
pub fn v2(w: &mut World, r: Elbv2Request) -> Result<Elbv2Response, ApiError> {
    w.call(Request::Elbv2(r)).map(|resp| match resp {
        Response::Elbv2(r) => r,
        other => panic!("not an ELBv2 response: {other:?}"),
    })
}

#[allow(unreachable_patterns)]
pub fn classic(w: &mut World, r: ElbRequest) -> Result<ElbResponse, ApiError> {
    w.call(Request::Elb(r)).map(|resp| match resp {
        Response::Elb(r) => r,
        other => panic!("not a Classic ELB response: {other:?}"),
    })
}

/// A VPC (10.0.0.0/16) with subnets in us-east-1a and us-east-1b and a security group:
/// (vpc, [subnet a, subnet b], group).
pub struct Net {
    pub vpc: String,
    pub subnets: [String; 2],
    pub group: String,
}

pub fn network(t: &mut Term) -> Net {
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId");
    let a = t.text(&format!(
        "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId"
    ));
    let b = t.text(&format!(
        "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b --query Subnet.SubnetId"
    ));
    let group = t.text(&format!(
        "aws ec2 create-security-group --group-name web --description web --vpc-id {vpc} --query GroupId"
    ));
    Net { vpc, subnets: [a, b], group }
}

/// Launches one instance in `subnet`; its id.
pub fn instance(t: &mut Term, subnet: &str) -> String {
    t.text(&format!("aws ec2 run-instances --image-id {AMI} --instance-type t3.micro --subnet-id {subnet} --query Instances[0].InstanceId"))
}
